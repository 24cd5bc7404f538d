"""``catalogue serve``: build, serve on localhost, rebuild whenever a source changes."""

from __future__ import annotations

import functools
import logging
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.build import build
from generator.problems import CatalogueError, report
from generator.project import SITE_DIR, SOURCES

log = logging.getLogger(__name__)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        log.debug(format, *args)


def _rebuild(project: Path) -> None:
    try:
        done = build(project)
        log.info("Rebuilt in %.1f s", done.seconds)
    except CatalogueError as error:
        report(error)
        log.warning("The site was not rebuilt; it shows the last good build.")


def serve(project: Path, port: int) -> None:
    """Serve ``site/`` on http://127.0.0.1:*port*/ until interrupted."""
    from watchfiles import watch

    project = project.resolve()
    _rebuild(project)
    handler = functools.partial(_Quiet, directory=str(project / SITE_DIR))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log.info("Serving on http://127.0.0.1:%d/ - edits to records, pages, templates or settings rebuild it.", port)
    paths = [project / name for name in SOURCES if (project / name).exists()]
    try:
        for changes in watch(*paths, debounce=300):
            log.info("Changed: %s", ", ".join(sorted({Path(p).name for _, p in changes})))
            _rebuild(project)
    finally:
        server.shutdown()
