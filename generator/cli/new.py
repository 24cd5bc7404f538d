"""``catalogue new``: a commented record skeleton an editor fills in."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from generator.load.texts import load_texts
from generator.model.scalars import FORM_ID_PATTERN, SLUG_MAX, SLUG_PATTERN
from generator.problems import CatalogueError, Problem
from generator.project import FORMS_DIR, JOURNEYS_DIR, PROCEDURES_DIR, TEMPLATES_DIR
from generator.text.vietnamese import nfc, slugify


def write_skeleton(project: Path, kind: str, name: str, folder: str = "") -> Path:
    """Write a new record file and return its path; never overwrite one.

    The skeletons are texts of the site's texts file (``skeleton.procedure``, ``skeleton.form``,
    ``skeleton.journey``).
    """
    skeleton = load_texts(project / TEMPLATES_DIR).skeleton
    name = nfc(name.strip())
    if kind == "procedure":
        slug = slugify(name, SLUG_MAX)
        path = project / PROCEDURES_DIR / _folder(project, folder) / f"{slug}.yaml"
        text = skeleton.procedure.format(title=_quoted(name), today=date.today().isoformat())
    elif kind == "journey":
        path = project / JOURNEYS_DIR / f"{slugify(name, SLUG_MAX)}.yaml"
        text = skeleton.journey.format(title=_quoted(name), today=date.today().isoformat())
    else:
        if not re.match(FORM_ID_PATTERN, name):
            raise CatalogueError([Problem(name, 0, 0, "", "a form id is letters and digits, like CT01")])
        path = project / FORMS_DIR / f"{name}.yaml"
        text = skeleton.form.format(id=name)
    if path.exists():
        raise CatalogueError([Problem(str(path), 0, 0, "", "already exists; edit it or choose another name")])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _folder(project: Path, folder: str) -> str:
    """*folder* as a sub-folder of ``procedures/``: slugs joined by ``/``, never leading out of it."""
    parts = [part for part in folder.replace("\\", "/").split("/") if part not in ("", ".")]
    if folder.startswith(("/", "\\", "~")) or any(not re.fullmatch(SLUG_PATTERN, part) for part in parts):
        message = f"must be a sub-folder of {PROCEDURES_DIR}/ named with lowercase ASCII words joined by -, like cu-tru"
        raise CatalogueError([Problem(f"--folder {folder}", 0, 0, "", message)])
    inside = project.resolve() / PROCEDURES_DIR
    if not (inside / "/".join(parts)).resolve().is_relative_to(inside.resolve()):
        message = f"leads out of {PROCEDURES_DIR}/ through a symbolic link"
        raise CatalogueError([Problem(f"--folder {folder}", 0, 0, "", message)])
    return "/".join(parts)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
