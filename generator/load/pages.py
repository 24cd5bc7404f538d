"""Read the editors' hand-written pages (``pages/``): Markdown with a few settings values, and files beside them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.model.catalogue import Catalogue
from generator.problems import CatalogueError, Problem
from generator.project import OUTSIDE, PAGES_DIR

MARKDOWN_SAFE: dict[str, Any] = {"comment_start_string": "{##", "comment_end_string": "##}"}
"""Jinja options for Markdown: its heading ids (``## Title {#id}``) look like Jinja comments; move those."""


@dataclass(frozen=True)
class Page:
    """One file of ``pages/``, as the docs tree holds it."""

    source: str
    """Where the editor wrote it: ``pages/lien-he.md``."""
    path: str
    """Its path in the docs tree: ``lien-he.md``."""
    content: str | Path
    """Markdown with the settings values filled in, or a file to copy as it is."""

    @property
    def url(self) -> str | None:
        """The address a Markdown page is published at (``lien-he/``); None for a file copied as it is."""
        if not self.path.endswith(".md"):
            return None
        stem = self.path.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("/index") + "/"


def read_pages(catalogue: Catalogue) -> list[Page]:
    """Every hand-written page; raises :class:`CatalogueError` naming each page that cannot be published."""
    problems: list[Problem] = []
    pages = list(_pages(catalogue, problems))
    if problems:
        raise CatalogueError(problems)
    return pages


def _pages(catalogue: Catalogue, problems: list[Problem]) -> Iterator[Page]:
    folder = catalogue.project / PAGES_DIR
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             **MARKDOWN_SAFE)  # fmt: skip
    context = {"agency": catalogue.settings.agency, "portal": catalogue.settings.portal}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        display = f"{PAGES_DIR}/{name}"
        if not path.resolve().is_relative_to(catalogue.project):
            problems.append(Problem(display, 0, 0, "", OUTSIDE))
            continue
        if path.suffix != ".md":
            yield Page(display, name, path)
            continue
        try:
            yield Page(display, name, env.from_string(path.read_text(encoding="utf-8")).render(context))
        except jinja2.TemplateSyntaxError as error:
            problems.append(Problem(display, error.lineno, 1, "", f"template error: {error.message}"))
        except jinja2.UndefinedError as error:
            problems.append(Problem(display, 0, 0, "", f"{error.message}; known: agency.*, portal.*"))
        except UnicodeDecodeError:
            problems.append(Problem(display, 0, 0, "", "is not UTF-8; save the file as UTF-8"))
