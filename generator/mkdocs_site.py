"""The one place that talks to MkDocs: render a docs tree to HTML with the project's mkdocs.yml.

Nothing here touches MkDocs plugin internals; the docs tree plus mkdocs.yml is
all it needs, so a successor that reads mkdocs.yml can replace this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .problems import CatalogueError, Problem

log = logging.getLogger(__name__)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so they reach the editor as problems."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_html(project: Path, docs_dir: Path, site_dir: Path) -> None:
    """Run ``mkdocs build`` of *docs_dir* into *site_dir*; warnings fail the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    mkdocs_log = logging.getLogger("mkdocs")
    collect = _Collect()
    mkdocs_log.addHandler(collect)
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    mkdocs_log.propagate = False
    try:
        config = load_config(
            config_file=str(project / "mkdocs.yml"), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        messages = collect.messages or [str(error)]
        raise CatalogueError([Problem("mkdocs.yml", 0, 0, "", f"MkDocs: {m}") for m in messages]) from None
    finally:
        mkdocs_log.removeHandler(collect)
        mkdocs_log.setLevel(level)
    log.debug("MkDocs rendered %s", site_dir)
