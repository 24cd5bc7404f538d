"""Markup typed into every text field of a record, in Chromium: no script runs, no dialog opens, on the
pages or in search results (the same catalogue read as HTML: tests/load/test_hostile.py)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Dialog, expect

from ..browser import serve


def test_markup_in_every_text_field_runs_nothing_in_a_browser(browser: Browser, twin_sites: tuple[Path, Path]) -> None:
    site = twin_sites[1]
    field = next(p.parent.name for p in (site / "linh-vuc").glob("*/index.html"))
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    with serve(site) as base:
        for url in ("thu-tuc/dang-ky-tam-tru/", "bieu-mau/CT01/", f"linh-vuc/{field}/", "tim-kiem/?q=đăng+ký"):
            page.goto(base + url)
            page.mouse.move(10, 10)
            page.locator("a").last.hover()
            assert page.evaluate("window.xss") is None, url
        expect(page.locator("#tt-results a").first).to_contain_text("<script>window.xss=1</script>")
        assert page.evaluate("window.xss") is None
    context.close()
    assert dialogs == []
