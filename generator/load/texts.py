"""Read the site's texts (``templates/strings/<language>.yaml``) with the strict reader, into :class:`Texts`."""

from __future__ import annotations

from pathlib import Path

from generator.load.validation import validate
from generator.load.yamlsource import load
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
    if texts is None or problems:
        raise CatalogueError(problems)
    return texts
