"""The one place that talks to MkDocs: render a docs tree to HTML with the project's mkdocs.yml.

Nothing here touches MkDocs plugin internals; the docs tree plus mkdocs.yml is
all it needs, so a successor that reads mkdocs.yml can replace this module.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import external_links
from .catalogue import PAGES_DIR
from .problems import CatalogueError, Problem

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
    path = f"{PAGES_DIR}/{page.group(1)}" if page else "mkdocs.yml"
    return Problem(path, 0, 0, "", message)


def render_html(project: Path, docs_dir: Path, site_dir: Path, strings: dict[str, Any], *, updated: date) -> list[Path]:
    """Run ``mkdocs build`` of *docs_dir* into *site_dir*; warnings fail the build.

    The theme overrides read the site's texts from ``config.extra.t`` (*strings*).
    *updated* is the date the catalogue was last updated: MkDocs writes it as
    every page's ``lastmod`` in the sitemap (and the sitemap's gzip time),
    instead of the day of the build, so building the same catalogue on another
    day gives the same site. ``SOURCE_DATE_EPOCH`` in the environment wins.
    Returns the theme's template folders, the project's overrides first.
    """
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
        config["extra"]["t"] = strings
        own_host = urlsplit(config.site_url or "").hostname or ""
        config.markdown_extensions.append(external_links.__name__)
        config.mdx_configs[external_links.__name__] = {"note": strings["site"]["external"], "own_host": own_host}
        config.plugins.on_startup(command="build", dirty=False)
        try:
            with _source_date(updated):
                build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        raise CatalogueError([_problem(m) for m in collect.messages or [str(error)]]) from None
    finally:
        mkdocs_log.removeHandler(collect)
        mkdocs_log.setLevel(level)
    log.debug("MkDocs rendered %s", site_dir)
    return [Path(folder) for folder in config.theme.dirs]


@contextmanager
def _source_date(day: date) -> Iterator[None]:
    """MkDocs's build date (reproducible-builds.org's ``SOURCE_DATE_EPOCH``) set to *day*, unless already set."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(day, time(), UTC).timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
