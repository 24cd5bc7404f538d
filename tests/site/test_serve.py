"""``catalogue serve`` in Chromium: an open tab reloads itself after an edit and shows the problems of a bad one
(the server alone: tests/cli/test_serve.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from ..cli.test_serve import get, serving, wait_for
from ..conftest import Builder, MakeProject


def test_open_tab_reloads_itself_and_shows_the_problems_of_a_bad_edit(
    make_project: MakeProject, build_project: Builder, browser: Browser
) -> None:
    project: Path = make_project()
    record = project / "procedures" / "dang-ky-tam-tru.yaml"
    text = record.read_text(encoding="utf-8")
    page = browser.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    with serving(project, build_project) as (base, server):
        url = f"{base}thu-tuc/dang-ky-tam-tru/"
        assert wait_for(lambda: "Đăng ký tạm trú" in get(url), 120), "the preview was not served"
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
    page.close()
    output, _ = server.communicate(timeout=10)
    assert not blocked, blocked
    assert "Traceback" not in output


def test_the_site_s_offline_worker_never_keeps_the_tab_from_following_edits(
    make_project: MakeProject, build_project: Builder, browser: Browser
) -> None:
    """The published site's service worker would take over the tab after the first reload and hold it on the page
    from before the next edit; the preview answers ``/sw.js`` with a worker that removes itself."""
    project: Path = make_project()
    record = project / "procedures" / "dang-ky-tam-tru.yaml"
    text = record.read_text(encoding="utf-8")
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    with serving(project, build_project) as (base, server):
        url = f"{base}thu-tuc/dang-ky-tam-tru/"
        assert wait_for(lambda: "Đăng ký tạm trú" in get(url), 120), "the preview was not served"
        assert "registration.unregister" in get(f"{base}sw.js")
        page.goto(url)
        heading = page.locator("h1")
        for number in range(1, 4):
            title = f"Đăng ký tạm trú (lần sửa {number})"
            record.write_text(text.replace("title: Đăng ký tạm trú", f"title: {title}"), encoding="utf-8")
            expect(heading).to_have_text(title, timeout=60_000)
    context.close()
    server.communicate(timeout=10)
