"""Read the site's texts (``templates/strings/<language>.yaml``) with the strict reader, into :class:`Texts`."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from generator.load.validation import validate
from generator.load.yamlsource import Source, load
from generator.model.schema import json_schemas
from generator.model.texts import Texts
from generator.problems import CatalogueError, Problem, display_path

TEXTS_DIR = "strings"


def load_texts(templates: Path, language: str = "vi") -> Texts:
    """The site's texts; raises :class:`CatalogueError` naming the file, line and key of each problem."""
    path = templates / TEXTS_DIR / f"{language}.yaml"
    display = display_path(path, templates.parent)
    try:
        source = load(path, display)
    except OSError as error:
        raise CatalogueError([Problem(display, 0, 0, "", f"cannot be read: {error.strerror}")]) from None
    texts, problems = validate(Texts, source)
    if texts is not None:
        problems += help_problems(texts, source)
    if texts is None or problems:
        raise CatalogueError(problems)
    return texts


@cache
def help_keys() -> tuple[str, ...]:
    """``Class.key`` of every key of every record part: each needs its help text."""
    keys = []
    for schema in json_schemas().values():
        parts = {schema["title"]: schema, **schema.get("$defs", {})}
        keys += [f"{name}.{key}" for name, part in parts.items() for key in part.get("properties", {})]
    return tuple(sorted(set(keys)))


def help_problems(texts: Texts, source: Source) -> list[Problem]:
    """Keys of the model without help in the texts file, and help for keys the model does not have."""
    wanted, given = set(help_keys()), set(texts.editor.help)
    missing = [
        source.problem(("editor", "help"), f"{key}: missing; write the help the editor shows under this key")
        for key in sorted(wanted - given)
    ]
    unknown = [
        source.problem(("editor", "help", key), "the record model has no such key; remove it")
        for key in sorted(given - wanted)
    ]
    return missing + unknown
