"""``catalogue serve``: a live preview that follows every edit and keeps the last good site through a bad one
(an open tab reloading itself, in Chromium: tests/site/test_serve.py)."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.cli.preview import Preview
from generator.cli.serve import start_server

from ..conftest import Builder, MakeProject
from ..hostile import project_from_base


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def wait_for(condition: object, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@contextmanager
def serving(project: Path, build_project: Builder) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``catalogue serve`` on *project* without PDFs (a PDF worker would hold the output pipe open after the server
    is terminated), in a process of its own: its address and the process."""
    port = free_port()
    server = subprocess.Popen(
        build_project.command("serve", "--no-pdf", "--project", str(project), "--port", str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()


def test_serve_rebuilds_on_record_change_and_keeps_last_good_site(
    make_project: MakeProject, build_project: Builder
) -> None:
    project: Path = make_project()
    with serving(project, build_project) as (base, server):
        url = f"{base}thu-tuc/dang-ky-tam-tru/"
        assert wait_for(lambda: "Đăng ký tạm trú" in get(url)), "the site was not served"
        record = project / "procedures" / "dang-ky-tam-tru.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: Đăng ký tạm trú", "title: Đăng ký tạm trú mới"), encoding="utf-8")
        assert wait_for(lambda: "Đăng ký tạm trú mới" in get(url)), "the site was not rebuilt"
        record.write_text(text.replace("amount: 7000", "amount: bảy nghìn"), encoding="utf-8")
        time.sleep(3)
        assert "Đăng ký tạm trú mới" in get(url), "a broken record must leave the last good site"
    output, _ = server.communicate(timeout=10)
    assert "channels[0].fees[0].amount" in output
    assert "Traceback" not in output


def _request(port: int, path: str, host: str) -> tuple[int, dict[str, str], bytes]:
    """A GET with the Host header *host* (a browser visiting an attacker's name rebound to 127.0.0.1 sends it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def preview_server(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> Iterator[tuple[Preview, int]]:
    """The preview of a small catalogue with a page whose text quotes a policy element, served in this process."""
    project = project_from_base(tmp_path_factory.mktemp("preview"))
    (project / "pages").mkdir()
    (project / "pages" / "chinh-sach.md").write_text(
        "# Chính sách\n\nMột trang có thể chứa chữ "
        '&lt;meta http-equiv="Content-Security-Policy" content="script-src *"&gt; mà không có chính sách đó.\n',
        encoding="utf-8",
    )
    preview = build_project.preview(project, pdfs=False)
    assert preview.rebuild() is not None, preview.state.problems
    server = start_server(preview, 0)
    try:
        yield preview, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_the_preview_answers_only_its_own_address(preview_server: tuple[Preview, int]) -> None:
    _, port = preview_server
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert _request(port, "/", host)[0] == 200, host
    for host in (
        "evil.example",
        f"evil.example:{port}",
        "127.0.0.1",
        f"127.0.0.1:{port + 1}",
        f"localhost.evil:{port}",
    ):
        status, _, body = _request(port, "/", host)
        assert status == 421, host
        assert b"Trang" not in body and b"<html" not in body
    assert _request(port, "/_preview/events", "evil.example")[0] == 421


def test_every_response_of_the_preview_is_safe_on_its_own(preview_server: tuple[Preview, int]) -> None:
    preview, port = preview_server
    host = f"127.0.0.1:{port}"
    files = sorted(p.relative_to(preview.site).as_posix() for p in preview.site.rglob("*") if p.is_file())
    assert any(f.endswith(".svg") for f in files) or any(f.endswith(".css") for f in files)
    for name in files:
        status, headers, _ = _request(port, "/" + name, host)
        assert status == 200, name
        assert headers["x-content-type-options"] == "nosniff", name
        page = name.endswith(".html") or name == "sw.js"
        expected = (
            "frame-ancestors 'none'; object-src 'none'; base-uri 'self'" if page else "default-src 'none'; sandbox"
        )
        assert headers["content-security-policy"] == expected, name


def test_the_preview_secures_what_it_rendered_not_what_a_page_says(preview_server: tuple[Preview, int]) -> None:
    """A page that quotes a policy element in its text still gets the site's policy, first in its head."""
    _, port = preview_server
    status, _, body = _request(port, "/chinh-sach/", f"127.0.0.1:{port}")
    html = body.decode("utf-8")
    head = html[: html.index("</head>")]
    assert status == 200
    assert head.count('http-equiv="Content-Security-Policy"') == 1
    assert "default-src 'self'; script-src 'self'" in head
    assert "script-src *" in html[html.index("</head>") :]  # the quoted text, shown as text


def test_no_rebuild_error_stops_the_preview(
    preview_server: tuple[Preview, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug anywhere in a pass (here the engine raising something no one foresaw) is shown, not fatal."""
    preview, port = preview_server
    version = preview.state.version

    def broken(*args: object, **kwargs: object) -> None:
        raise IsADirectoryError(21, "Is a directory", "bieu-mau/index.html")

    with monkeypatch.context() as patch:
        patch.setattr(preview.pipeline, "html", broken)
        assert preview.rebuild() is None
    assert preview.state.version == version
    [problem] = preview.state.problems
    assert "IsADirectoryError" in str(problem) and "the last good pages are shown" in str(problem)
    assert _request(port, "/", f"127.0.0.1:{port}")[0] == 200  # still serving the last good pages
    assert preview.rebuild() is not None  # and the next pass, a full one, works
    assert preview.state.problems == [] and preview.state.version == version + 1
