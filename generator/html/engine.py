"""The one interface between the pipeline and what renders HTML from the docs tree.

The build writes a docs tree (one Markdown file per page, ``<address>/index.md``)
and an engine turns it into HTML with the project's ``mkdocs.yml``. Everything
an engine reads is in files: the project's settings, plus the few values the
build adds (the theme's texts, where the docs tree and the site are, the
extension that marks external links), written by :mod:`generator.html.config`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from generator.model.texts import Texts

ENGINES = ("mkdocs", "zensical")
"""What may render the HTML; ``catalogue build --engine``."""


class Engine(Protocol):
    """Renders the docs tree at *docs* into *site*; returns the theme's template folders, the project's first.

    *dirty*: *site* holds the last render, and only the pages whose docs file is newer than their HTML
    need rendering (an engine may render everything). Raises :class:`CatalogueError` when the engine
    reports a problem (a broken link in a hand-written page, say); a warning counts as a problem.
    """

    def render(
        self, project: Path, docs: Path, site: Path, texts: Texts, *, updated: date, dirty: bool = False
    ) -> list[Path]: ...


def engine_named(name: str, *, keep: bool = False) -> Engine:
    """The engine called *name* (one of :data:`ENGINES`).

    *keep*: the engine will render the same project again and again (the preview), and may keep what it compiled.
    """
    if name == "mkdocs":
        from generator.html.mkdocs import MkDocs

        return MkDocs(keep=keep)
    if name == "zensical":
        from generator.html.zensical import Zensical

        return Zensical()
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
