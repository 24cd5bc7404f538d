"""The editor's entrance (``/quan-tri/``) in Chromium, as someone who lands there sees it before signing in:
plain Vietnamese, no product's name or logo, nothing asked of another host, the sign-in screen one click on."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from generator.editor.files import sveltia_package

from ..conftest import ROOT
from ..editor.test_files import DEVELOPER_WORDS

pytestmark = pytest.mark.skipif(sveltia_package(ROOT) is None, reason="npm ci installs Sveltia CMS")

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VISIBLE_TEXT = """() => {
  // What a person sees or hears: not text hidden from screen readers and drawn off the screen (Sveltia CMS
  // keeps such an element to load its fonts), not text with no box.
  const shown = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest('[aria-hidden="true"], script, style, noscript, template')) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right < 0 || box.bottom < 0) continue;
    shown.push(walker.currentNode.textContent.trim());
  }
  return shown.filter(Boolean).join("\\n");
}"""
VISIBLE_IMAGES = "() => [...document.images].filter((i) => i.offsetWidth > 0 && i.offsetHeight > 0).map((i) => i.src)"


def _open(browser: Browser, base_url: str, width: int) -> tuple[Page, list[str], list[str]]:
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    blocked: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base_url + "quan-tri/", wait_until="networkidle")
    return page, requests, blocked


@pytest.mark.parametrize("width", [320, 1280])
def test_the_entrance_is_plain_vietnamese_and_asks_nothing_of_another_host(
    browser: Browser, base_url: str, width: int
) -> None:
    page, requests, blocked = _open(browser, base_url, width)
    try:
        expect(page.get_by_role("heading", level=1)).to_have_text("Trang soạn thảo nội dung")
        for heading in ("Ai được đăng nhập", "Cách đăng nhập", "Hướng dẫn soạn thảo"):
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
        expect(page.get_by_role("link", name="Về trang chủ")).to_have_attribute("href", "../")
        text = page.evaluate(VISIBLE_TEXT)
        assert not [word for word in DEVELOPER_WORDS if word.lower() in text.lower()], text
        assert page.evaluate(VISIBLE_IMAGES) == [], "no logo but the office's words"
        assert all(url.startswith(base_url) for url in requests), requests
        assert not [url for url in requests if url.endswith("sveltia-cms.js")], "the editor loads on signing in"
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
        violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}}).response["violations"]
        assert not violations, [f"{v['id']}: {v['help']}" for v in violations]
        assert not blocked, blocked
    finally:
        page.context.close()


def test_signing_in_opens_the_editor_s_sign_in_without_its_product_s_name(browser: Browser, base_url: str) -> None:
    page, _, _ = _open(browser, base_url, 390)
    try:
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
        expect(page.get_by_role("button", name="Đăng nhập bằng mã truy cập")).to_be_visible(timeout=60_000)
        expect(page.get_by_role("heading", name="Trang soạn thảo nội dung")).to_be_hidden()
        text = page.evaluate(VISIBLE_TEXT)
        assert "Quản trị nội dung – Thủ tục hành chính" in text, "the office's title"
        assert "Sveltia" not in text, text
        assert page.evaluate(VISIBLE_IMAGES) == [], "no product logo on the sign-in screen"
    finally:
        page.context.close()


def test_an_address_inside_the_editor_opens_the_editor_at_once(browser: Browser, base_url: str) -> None:
    """A link an editor kept (``#/collections/…``) goes to the editor, not back to the entrance."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(base_url + "quan-tri/#/collections/procedures")
        expect(page.get_by_role("button", name="Đăng nhập bằng mã truy cập")).to_be_visible(timeout=60_000)
        expect(page.locator("#loi-vao")).to_be_hidden()
    finally:
        context.close()
