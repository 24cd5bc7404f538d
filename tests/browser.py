"""Headless Chromium (Debian's, driven by Playwright) against a built site on localhost."""

from __future__ import annotations

import functools
import gzip
import io
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from playwright.sync_api import Browser, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is needed for browser tests: apt-get install chromium (./run test does this)")
    return path


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class GzipHandler(_Quiet):
    """Sends text files gzipped (level 6), as a production web server does; HTTP/1.1 with keep-alive."""

    protocol_version = "HTTP/1.1"
    COMPRESSED = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"})

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if not gzipped or path.suffix not in self.COMPRESSED or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


class RecordingHandler(GzipHandler):
    """A :class:`GzipHandler` that notes each response it sends in :attr:`sent`: its path and its bytes
    (headers and body, as sent). Make one with a list of its own with :func:`recording_handler`."""

    sent: ClassVar[list[tuple[str, int]]] = []
    lock = threading.Lock()

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-length":
            self._length = int(value)
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        headers = sum(len(line) for line in getattr(self, "_headers_buffer", [])) + 2
        super().end_headers()
        with self.lock:
            self.sent.append((self.path, headers + getattr(self, "_length", 0)))
        self._length = 0


def recording_handler(sent: list[tuple[str, int]]) -> type[RecordingHandler]:
    """A :class:`RecordingHandler` that notes the responses it sends in *sent*."""
    return type("Recording", (RecordingHandler,), {"sent": sent})


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that closes a connection mid-file (a page left, a service worker's fetch cancelled) is not
        an error of the site: no traceback in the test log. Anything else is printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(site: Path, handler: type[SimpleHTTPRequestHandler] = _Quiet) -> Iterator[str]:
    """Serve *site* on a free loopback port with *handler*; yields the base URL."""
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
