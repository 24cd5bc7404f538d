"""``catalogue serve``: a live preview that follows every edit and keeps the last good site through a bad one
(an open tab reloading itself, in Chromium: tests/site/test_serve.py)."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from ..conftest import Builder, MakeProject


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


def test_serve_rebuilds_on_record_change_and_keeps_last_good_site(
    make_project: MakeProject, build_project: Builder
) -> None:
    project: Path = make_project()
    port = free_port()
    url = f"http://127.0.0.1:{port}/thu-tuc/dang-ky-tam-tru/"
    server = subprocess.Popen(
        # Without PDFs: a PDF worker would hold the output pipe open after the server is terminated.
        build_project.command("serve", "--no-pdf", "--project", str(project), "--port", str(port)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(lambda: "Đăng ký tạm trú" in get(url)), "the site was not served"
        record = project / "procedures" / "dang-ky-tam-tru.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: Đăng ký tạm trú", "title: Đăng ký tạm trú mới"), encoding="utf-8")
        assert wait_for(lambda: "Đăng ký tạm trú mới" in get(url)), "the site was not rebuilt"
        record.write_text(text.replace("amount: 7000", "amount: bảy nghìn"), encoding="utf-8")
        time.sleep(3)
        assert "Đăng ký tạm trú mới" in get(url), "a broken record must leave the last good site"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "channels[0].fees[0].amount" in output
    assert "Traceback" not in output
