"""``catalogue serve``: a live preview that follows every edit, reloads open tabs and shows problems."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ..conftest import MakeProject


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def _wait_for(condition: object, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_serve_rebuilds_on_record_change_and_keeps_last_good_site(make_project: MakeProject) -> None:
    project: Path = make_project()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/thu-tuc/dang-ky-tam-tru/"
    server = subprocess.Popen(
        # Without PDFs: a PDF worker would hold the output pipe open after the server is terminated.
        [sys.executable, "-m", "generator", "serve", "--no-pdf", "--project", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert _wait_for(lambda: "Đăng ký tạm trú" in _get(url)), "the site was not served"
        record = project / "procedures" / "dang-ky-tam-tru.yaml"
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("title: Đăng ký tạm trú", "title: Đăng ký tạm trú mới"), encoding="utf-8")
        assert _wait_for(lambda: "Đăng ký tạm trú mới" in _get(url)), "the site was not rebuilt"
        record.write_text(text.replace("amount: 7000", "amount: bảy nghìn"), encoding="utf-8")
        time.sleep(3)
        assert "Đăng ký tạm trú mới" in _get(url), "a broken record must leave the last good site"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert "channels[0].fees[0].amount" in output
    assert "Traceback" not in output


@pytest.mark.slow
def test_open_tab_reloads_itself_and_shows_the_problems_of_a_bad_edit(
    make_project: MakeProject, browser: Browser
) -> None:
    from playwright.sync_api import expect

    project: Path = make_project()
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    url = f"{base}thu-tuc/dang-ky-tam-tru/"
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--no-pdf", "--project", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    record = project / "procedures" / "dang-ky-tam-tru.yaml"
    text = record.read_text(encoding="utf-8")
    page = browser.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        assert _wait_for(lambda: "Đăng ký tạm trú" in _get(url), 120), "the preview was not served"
        page.goto(url)
        heading = page.locator("h1")
        expect(heading).to_have_text("Đăng ký tạm trú")
        page.evaluate("window.notReloaded = true")

        record.write_text(text.replace("title: Đăng ký tạm trú", "title: Đăng ký tạm trú mới"), encoding="utf-8")
        expect(heading).to_have_text("Đăng ký tạm trú mới", timeout=60_000)
        assert page.evaluate("window.notReloaded") is None, "the tab must have reloaded by itself"

        record.write_text(text.replace("amount: 7000", "amount: bảy nghìn"), encoding="utf-8")
        overlay = page.locator(".catalogue-preview-problems")
        expect(overlay).to_be_visible(timeout=60_000)
        expect(overlay).to_contain_text("Bản ghi đang có lỗi")
        expect(overlay).to_contain_text("dang-ky-tam-tru.yaml:")
        expect(overlay).to_contain_text('channels[0].fees[0].amount: expected a whole number of đồng, got "bảy nghìn"')
        expect(heading).to_have_text("Đăng ký tạm trú mới")  # the last good page stays under the problems

        record.write_text(text.replace("title: Đăng ký tạm trú", "title: Đăng ký tạm trú đã sửa"), encoding="utf-8")
        expect(heading).to_have_text("Đăng ký tạm trú đã sửa", timeout=60_000)
        expect(overlay).to_have_count(0)
    finally:
        page.close()
        server.terminate()
        output, _ = server.communicate(timeout=10)
    assert not blocked, blocked
    assert "Traceback" not in output
