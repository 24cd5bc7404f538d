"""``catalogue serve``: a live preview on localhost that follows every edit.

The preview (:mod:`generator.cli.preview`) is rebuilt incrementally whenever a
source changes; every open tab reloads by itself when it is (a script the
server adds to each page listens to ``/_preview/events``), and after a bad edit
shows the problems over the last good page until they are fixed. PDFs are made
after the pages; a PDF asked for meanwhile waits for them. The published
``site/`` is ``catalogue build``'s alone.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import signal
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.cli.preview import Preview, State
from generator.load.texts import load_texts
from generator.problems import CatalogueError, report
from generator.project import SOURCES, TEMPLATES_DIR
from generator.publish import response_headers
from generator.web.offline import SERVICE_WORKER

log = logging.getLogger(__name__)

LIVE = Path(__file__).resolve().parent / "live"
EVENTS = "/_preview/events"
ASSETS = {
    "/_preview/live.js": ("live.js", "text/javascript"),
    "/_preview/live.css": ("live.css", "text/css"),
    # Not the site's offline worker, which would keep the tab on a page from before the edit (live/no-offline.js).
    f"/{SERVICE_WORKER}": ("no-offline.js", "text/javascript"),
}
PDF_WAIT = 300.0
"""Longest a request for a PDF waits for the PDFs being made, in seconds."""
KEEPALIVE = 15.0


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the preview folder; adds the live-reload script to pages; streams the preview's state."""

    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        log.debug(format, *args)

    def do_HEAD(self) -> None:
        if self._host_allowed():
            super().do_HEAD()

    def do_GET(self) -> None:
        if not self._host_allowed():
            return
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS:
            self._events()
        elif path in ASSETS:
            name, kind = ASSETS[path]
            self._send((LIVE / name).read_bytes(), kind)
        elif (page := self._page(path)) is not None:
            html = self.preview.served(page.read_text(encoding="utf-8"))
            if self._shown():
                html = with_hook(html, self.preview.state.version)
            self._send(html.encode("utf-8"), "text/html; charset=utf-8")
        else:
            if path.endswith(".pdf") and self.preview.pdf_pending():
                self.preview.wait_for_pdfs(PDF_WAIT)
            super().do_GET()

    def _host_allowed(self) -> bool:
        """Whether the request names this server by its own address; answers it with 421 if not.

        A web page an editor visits could otherwise point a name of its own at
        127.0.0.1 (DNS rebinding) and read the preview, drafts and all, as its own.
        """
        port = self.server.server_port  # type: ignore[attr-defined]  # an HTTPServer's
        host = (self.headers.get("Host") or "").strip().lower()
        if host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            return True
        body = f"This preview answers only http://127.0.0.1:{port}/ and http://localhost:{port}/\n".encode()
        self.send_response(HTTPStatus.MISDIRECTED_REQUEST)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False

    def end_headers(self) -> None:
        """Every response with the security headers of the published site (but HTTPS's): a file that is not a
        page runs nothing, whatever it holds."""
        path = unquote(urlsplit(self.path).path).lstrip("/")
        for name, value in response_headers(path, https=False).items():
            self.send_header(name, value)
        super().end_headers()

    def _page(self, path: str) -> Path | None:
        """The HTML file a request for *path* is answered with, if it is a page of the site.

        The editor (``/quan-tri/``) is not: reloading it after each save would lose the editor's place.
        """
        if path.startswith(f"/{urls.EDITOR}"):
            return None
        local = Path(self.translate_path(path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        return local if local.suffix == ".html" and local.is_file() else None

    def _shown(self) -> bool:
        """Whether the page asked for is shown in a tab, not fetched by a script (the service worker's checks)."""
        return self.headers.get("Sec-Fetch-Dest", "document") in ("document", "iframe", "frame")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the preview's state now, then at every change (and a keep-alive)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview, last = self.preview, None
        try:
            while True:
                with preview.changed:
                    if preview.state is last:
                        preview.changed.wait(KEEPALIVE)
                    state = preview.state
                message = ": keep-alive\n\n" if state is last else f"data: {_event(state, preview)}\n\n"
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
                last = state
        except (BrokenPipeError, ConnectionResetError):
            return


HOOK = (
    '<script src="/_preview/live.js" data-version="{version}" defer></script>'
    '<link rel="stylesheet" href="/_preview/live.css">'
)
"""What the preview adds to each page it shows: the live-reload script and its style."""


def with_hook(html: str, version: int) -> str:
    """*html* with the live-reload :data:`HOOK` at the end of its head."""
    tags = HOOK.format(version=version)
    at = html.find("</head>")
    return html[:at] + tags + html[at:] if at >= 0 else html + tags


def _event(state: State, preview: Preview) -> str:
    texts: dict[str, object] = {}
    with contextlib.suppress(CatalogueError):  # the texts themselves are broken: the problems say so
        texts = (preview.texts or load_texts(preview.project / TEMPLATES_DIR)).preview.model_dump()
    return json.dumps(
        {"version": state.version, "problems": [str(p) for p in state.problems], "texts": texts}, ensure_ascii=False
    )


class PreviewServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A tab that closes a connection mid-answer (a page left, a reload) is not an error: no traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def start_server(preview: Preview, port: int) -> ThreadingHTTPServer:
    """Serve *preview* on http://127.0.0.1:*port*/ (0: any free port) in a background thread."""
    preview.site.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(PreviewHandler, preview=preview, directory=str(preview.site))
    server = PreviewServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server


def _rebuild(preview: Preview, changed: list[Path]) -> None:
    preview.rebuild(changed)
    if preview.state.problems:
        report(CatalogueError(preview.state.problems))
        log.warning("The preview shows the last good pages, and the problems over them until they are fixed.")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(project: Path, port: int, *, pdfs: bool = True, engine: str = "mkdocs") -> None:
    """Serve the live preview of *project* on http://127.0.0.1:*port*/ until interrupted."""
    from watchfiles import watch

    # Stopped with SIGTERM as with Ctrl+C: the interpreter then ends the PDF worker processes too.
    signal.signal(signal.SIGTERM, _interrupt)

    preview = Preview(project, pdfs=pdfs, engine=engine)
    _rebuild(preview, [])
    server = start_server(preview, port)
    preview.start_pdfs()
    log.info("Serving on http://127.0.0.1:%d/ - open pages reload by themselves after each edit.", port)
    try:
        while True:
            paths = [preview.project / name for name in SOURCES if (preview.project / name).exists()]
            try:
                for changes in watch(*paths, debounce=100, step=20):
                    changed = sorted({Path(p) for _, p in changes})
                    log.info("Changed: %s", ", ".join(p.name for p in changed))
                    _rebuild(preview, changed)
            except Exception:  # watching failed (a folder removed and made again): watch again, keep serving
                log.exception("Watching the catalogue's files failed; watching them again")
                time.sleep(1)
    finally:
        preview.close()
        server.shutdown()
