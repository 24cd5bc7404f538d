"""Every published file that is not a page, opened on its own in Chromium: nothing in it runs.

An SVG, a text file, a PDF opened directly is a document of the site's origin,
where readers keep their saved drafts and editors sign in. The catalogue here
holds what an attacker with an editor's account could still get published (an
SVG with a link, a PDF whose JavaScript is cleaned, text and CSV full of markup,
an official Word file), and every file of the built site but its pages is opened
twice: through the headers the documented web server sends
(:func:`generator.publish.response_headers`) and from a server that sends none
(a plain static host), where the files must be safe by themselves.
"""

from __future__ import annotations

from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Error

from generator.build import BuildOptions, build
from generator.publish import is_page, response_headers

from .. import payloads
from ..browser import serve
from ..conftest import BASE

RAN = "window.top.document.title = 'ran'; alert('ran')"
FILES: dict[str, str | bytes | None] = {
    "pages/anh/so-do.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><a href="https://dichvucong.gov.vn/">'
    '<rect width="10" height="10" fill="#0a5"/></a><text x="1" y="8">&lt;script&gt;</text></svg>',
    "pages/tai-lieu/huong-dan.pdf": payloads.pdf(javascript=f"app.alert('ran'); {RAN}"),
    "pages/tai-lieu/ghi-chu.txt": f'<html><body><script>{RAN}</script><img src=x onerror="{RAN}"></body></html>\n',
    "pages/tai-lieu/danh-sach.csv": f'Họ tên,Ghi chú\n"<svg onload=""{RAN}"">",<script>{RAN}</script>\n',
    "pages/tai-lieu/gioi-thieu.md": "# Tài liệu\n\n[Sơ đồ](../anh/so-do.svg), [ghi chú](ghi-chu.txt), "
    "[danh sách](danh-sach.csv), [hướng dẫn](huong-dan.pdf)\n",
    "forms/CT01.yaml": (BASE / "forms" / "CT01.yaml").read_text(encoding="utf-8") + "file: CT01.docx\n",
    "forms/CT01.docx": payloads.docx("<script>alert(1)</script>", link="https://dichvucong.gov.vn/"),
}


class _Headers(SimpleHTTPRequestHandler):
    """Sends the headers of the documented web server."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in response_headers(self.path.split("?")[0].lstrip("/"), https=False).items():
            self.send_header(name, value)
        super().end_headers()


class _Bare(SimpleHTTPRequestHandler):
    """Sends no header of its own choosing: a plain static host."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ..hostile import project_from_base

    project = project_from_base(tmp_path_factory.mktemp("uploaded"))
    for name, content in FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else str(content).encode("utf-8"))
    build(project, options=BuildOptions(pdfs=False))
    return project / "site"


@pytest.mark.parametrize("handler", [_Headers, _Bare], ids=["documented-headers", "no-headers"])
def test_no_published_file_but_a_page_runs_anything(
    browser: Browser, site: Path, handler: type[SimpleHTTPRequestHandler]
) -> None:
    files = sorted(
        name
        for p in site.rglob("*")
        if p.is_file() and not is_page(name := p.relative_to(site).as_posix()) and not name.startswith("quan-tri/")
    )
    assert {"anh/so-do.svg", "tai-lieu/ghi-chu.txt", "tai-lieu/danh-sach.csv", "tai-lieu/huong-dan.pdf"} <= set(files)
    assert "bieu-mau/CT01/CT01.docx" in files
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    opened = 0
    try:
        with serve(site, handler) as base:
            for name in files:
                try:
                    page.goto(base + name, wait_until="load")
                except Error as error:  # a file the browser downloads instead of showing (.docx, .woff2)
                    assert "Download is starting" in str(error) or "net::ERR_ABORTED" in str(error), name
                    continue
                opened += 1
                page.wait_for_timeout(50)
                assert page.evaluate("document.title") != "ran", name
    finally:
        context.close()
    assert dialogs == []
    assert opened > 20  # the site's styles, scripts, search index, open data, images and the files above
