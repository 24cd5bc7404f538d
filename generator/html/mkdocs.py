"""The MkDocs engine (Material for MkDocs): the only module that imports MkDocs.

Nothing here touches MkDocs plugin internals: it loads the configuration the
build wrote (:func:`generator.html.config.write_config`) and runs ``mkdocs build``,
with one plugin of its own added to the loaded configuration (:func:`_let_go`),
which changes no output: it lets each page's text go once MkDocs no longer needs it.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from generator.html.config import source_date, write_config
from generator.model.texts import Texts
from generator.problems import CatalogueError, Problem
from generator.project import CONFIG_FILE, PAGES_DIR

log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so they reach the editor as problems."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _problem(message: str) -> Problem:
    """A MkDocs warning, attributed to the hand-written page it is about when it names one."""
    page = re.match(r"Doc file '([^']+)'", message)
    path = f"{PAGES_DIR}/{page.group(1)}" if page else CONFIG_FILE
    return Problem(path, 0, 0, "", message)


LET_GO = "catalogue-let-go"
"""The name of :func:`_let_go`'s plugin among MkDocs' plugins."""


def _let_go() -> Any:
    """A MkDocs plugin that lets each page's Markdown go once it is rendered, and its HTML once it is written.

    MkDocs renders every page before it writes any (the navigation needs them
    all), so every page's Markdown and HTML were held at once: at 2,000
    procedures, 110 MB of the build's peak (issue 29). The Markdown is not read
    again once the page is rendered (the title comes from the front matter or
    the render), so an empty text stands for it; the HTML is not read again
    once the page is written.
    """
    from mkdocs.plugins import BasePlugin

    class LetGo(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
            page.markdown = ""
            return html

        def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
            page.content = None
            return output

    return LetGo()


DIRTY_WARNING = "A 'dirty' build is being performed"
"""MkDocs' warning on every dirty build: expected in a preview, never a problem."""


class MkDocs:
    """``mkdocs build`` in this process; warnings fail the build."""

    def __init__(self, *, keep: bool = False) -> None:
        self.keep = keep
        """Keep MkDocs' configuration and compiled theme between renders (``catalogue serve``'s preview)."""
        self._kept: tuple[str, Any] | None = None

    def _config(self, path: Path) -> Any:
        """MkDocs' configuration; when kept, the last one (and its compiled theme) while the file is the same.

        MkDocs makes a new template environment for every build, compiling the
        theme's templates again (most of a one-page rebuild); the preview keeps
        one, with the list of the theme's files.
        """
        from mkdocs.config import load_config

        text = path.read_text(encoding="utf-8")
        if self.keep and self._kept is not None and self._kept[0] == text:
            return self._kept[1]
        # A dirty build warns that it is one; strict mode would count that, so the preview judges warnings here.
        config = load_config(config_file=str(path), strict=not self.keep)
        if self.keep:
            env = config.theme.get_env()
            templates = env.list_templates()

            def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
                return [t for t in templates if filter_func is None or filter_func(t)]

            env.list_templates = listed  # type: ignore[method-assign]
            config.theme.get_env = lambda: env  # type: ignore[method-assign]
            self._kept = (text, config)
        return config

    def render(
        self, project: Path, docs: Path, site: Path, texts: Texts, *, updated: date, dirty: bool = False
    ) -> list[Path]:
        """Render *docs* into *site*.

        *dirty* (``catalogue serve``'s preview only) keeps *site* and renders
        only the pages whose docs file is newer than their HTML, as
        ``mkdocs serve --dirty`` does; the published build never uses it.
        """
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort, ConfigurationError

        written = write_config(project, docs, site, texts)
        mkdocs_log = logging.getLogger("mkdocs")
        collect = _Collect()
        mkdocs_log.addHandler(collect)
        level = mkdocs_log.level
        mkdocs_log.setLevel(logging.WARNING)
        mkdocs_log.propagate = False
        try:
            config = self._config(written.path)
            if LET_GO not in config.plugins:  # a kept configuration has it already
                config.plugins[LET_GO] = _let_go()
            config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
            try:
                with source_date(updated):
                    build(config, dirty=dirty)
            finally:
                config.plugins.on_shutdown()
            warnings = [m for m in collect.messages if not m.startswith(DIRTY_WARNING)]
            if warnings:
                raise CatalogueError([_problem(m) for m in warnings])
        except (Abort, ConfigurationError) as error:
            raise CatalogueError([_problem(m) for m in collect.messages or [str(error)]]) from None
        finally:
            mkdocs_log.removeHandler(collect)
            mkdocs_log.setLevel(level)
        log.debug("MkDocs rendered %s", site)
        return [Path(folder) for folder in config.theme.dirs]
