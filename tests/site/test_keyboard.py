"""Keyboard-only journeys: find a procedure by searching and by browsing, reach its portal link and PDF guide.

Only Tab, Enter and typing are used, and every element that takes focus must show it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from ..browser import serve

FOCUSED = r"""() => {
  const e = document.activeElement;
  // Material's palette switch is a hidden radio button whose label shows the focus.
  const shown = e.matches('input.md-option') ? e.nextElementSibling : e;
  const s = getComputedStyle(shown);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const text = (e.innerText || e.value || e.getAttribute('aria-label') || '').split(/\s+/).join(' ').trim();
  return {text: text, tag: e.tagName,
          id: e.id, href: e.getAttribute('href') || '', visible: visible};
}"""


@pytest.fixture
def page(browser: Browser, sample_site: Path) -> Iterator[Page]:
    with serve(sample_site) as base:
        # No service worker: Playwright's routes (which answer the PDF requests) do not see
        # requests a worker answers; the offline copy has its own tests (test_offline.py).
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base, service_workers="block")
        page = context.new_page()
        yield page
        context.close()


def _tab_to(page: Page, wanted: str, *, limit: int = 80) -> None:
    """Press Tab until an element whose text or id is *wanted* has focus; each stop must show focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "BODY":
            assert focused["visible"], f"focus is not visible on {focused}"
        if wanted in (focused["text"], focused["id"]):
            return
    raise AssertionError(f"{wanted!r} was not reached with Tab")


def test_find_a_procedure_by_searching(page: Page) -> None:
    page.goto("/")
    _tab_to(page, "tt-q")
    page.keyboard.type("dang ky thuong tru")
    page.keyboard.press("Enter")
    page.wait_for_selector("#tt-results a")
    _tab_to(page, "Đăng ký thường trú")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/dang-ky-thuong-tru/")
    _tab_to(page, "Mở Cổng Dịch vụ công quốc gia để nộp (mở trang khác)")
    assert "ma_thu_tuc=1.004222" in page.evaluate(FOCUSED)["href"]
    _open_pdf(page, "Tải hướng dẫn in (PDF, ", "thu-tuc/dang-ky-thuong-tru/huong-dan-dang-ky-thuong-tru.pdf")


def _open_pdf(page: Page, label: str, path: str) -> None:
    """Tab on to the link whose text starts with *label*, press Enter: the PDF comes.

    The real response is checked, then replaced by "204 No Content", which leaves
    the page where it is: headless Chromium's PDF viewer would keep the page busy.
    """
    served: list[tuple[int, str]] = []

    def check(route: Route) -> None:
        response = route.fetch()
        served.append((response.status, response.headers.get("content-type", "")))
        route.fulfill(status=204)

    page.route("**/*.pdf", check)
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"focus is not visible on {focused}"
        if focused["text"].startswith(label):
            break
    else:
        raise AssertionError(f"no link {label!r} reached with Tab")
    assert focused["href"].endswith(path.rsplit("/", 1)[-1])
    with page.expect_request(lambda r: r.url.endswith(path)):
        page.keyboard.press("Enter")
    for _ in range(100):  # the route handler runs while Playwright waits
        if served:
            break
        page.wait_for_timeout(100)
    assert served == [(200, "application/pdf")]
    page.unroute("**/*.pdf")


def test_find_a_procedure_by_browsing(page: Page) -> None:
    page.goto("/")
    _tab_to(page, "Đăng ký, quản lý cư trú")
    page.keyboard.press("Enter")
    page.wait_for_url("**/linh-vuc/dang-ky-quan-ly-cu-tru/")
    _tab_to(page, "Khai báo tạm vắng")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/khai-bao-tam-vang/")
    assert page.locator("h1").inner_text() == "Khai báo tạm vắng"
    _open_pdf(page, "Tải hướng dẫn in (PDF, ", "thu-tuc/khai-bao-tam-vang/huong-dan-khai-bao-tam-vang.pdf")


def test_reach_the_handbooks(page: Page) -> None:
    page.goto("/linh-vuc/dang-ky-quan-ly-cu-tru/")
    _open_pdf(
        page,
        "Sổ tay thủ tục lĩnh vực Đăng ký, quản lý cư trú (PDF, ",
        "linh-vuc/dang-ky-quan-ly-cu-tru/so-tay-dang-ky-quan-ly-cu-tru.pdf",
    )
    page.goto("/")
    _open_pdf(page, "Sổ tay tất cả thủ tục (PDF, ", "so-tay-thu-tuc-hanh-chinh.pdf")


def test_skip_link_comes_first_and_moves_to_the_content(page: Page) -> None:
    page.goto("/thu-tuc/dang-ky-thuong-tru/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["href"] == "#noi-dung", focused
    assert focused["visible"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Xem khoản thu và ai được miễn, giảm", "after the skip link, the content"
