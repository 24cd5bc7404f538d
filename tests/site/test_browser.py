"""The built sample site in a real browser: it loads nothing from other hosts, keeps to its
Content Security Policy, and search and the display controls work."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from .test_accessibility import PAGES


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


# Every Content Security Policy violation, as the page reports it (the init script runs before the page's own).
_RECORD_VIOLATIONS = """
window.ttViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  var where = event.sourceFile + ":" + event.lineNumber;
  window.ttViolations.push(event.violatedDirective + " " + event.blockedURI + " " + where);
});
"""


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page that records every request's host and every console error, CSP violations included."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(_RECORD_VIOLATIONS)
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append("host " + urlsplit(request.url).netloc))
    page.on("console", lambda message: seen.append("console " + message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.append(f"error {error}"))
    yield page, seen
    context.close()


def test_every_kind_of_page_loads_only_from_this_site_and_breaks_no_policy(
    watched: tuple[Page, list[str]], base_url: str
) -> None:
    page, seen = watched
    here = "host " + urlsplit(base_url).netloc
    wrong = {}
    for kind, url in PAGES.items():
        seen.clear()
        # Fonts load before the load event; only search fetches after it (its index).
        page.goto(base_url + url, wait_until="networkidle" if "?q=" in url else "load")
        page.evaluate("document.fonts.ready.then(() => true)")
        problems = [event for event in seen if event != here]
        problems += page.evaluate("window.ttViolations")
        # The inline scripts the policy allows by hash did run: ours (text size) and Material's.
        if not page.evaluate("document.documentElement.classList.contains('tt-js') && typeof __md_get === 'function'"):
            problems.append("an inline script did not run")
        if page.locator('meta[http-equiv="Content-Security-Policy"]').count() != 1:
            problems.append("no policy")
        if problems:
            wrong[kind] = problems
    assert wrong == {}


def test_display_controls_and_search_work_within_the_policy(watched: tuple[Page, list[str]], base_url: str) -> None:
    page, seen = watched
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng tương phản").click()
    assert page.evaluate("document.documentElement.dataset.ttSize") == "1"
    assert page.evaluate("document.documentElement.dataset.ttContrast") == "high"
    page.get_by_role("search").get_by_label("Tìm thủ tục").fill("hộ chiếu")
    page.keyboard.press("Enter")
    expect(page.locator("#tt-results a").first).to_have_text("Cấp hộ chiếu phổ thông ở trong nước", timeout=10_000)
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    page.get_by_role("button", name="Tăng tương phản").click()
    assert page.evaluate("window.ttViolations") == []
    assert [event for event in seen if not event.startswith("host ")] == []


def test_fonts_are_self_hosted_and_used(page: Page, base_url: str) -> None:
    fonts: list[str] = []
    page.on("response", lambda response: fonts.append(response.url) if response.url.endswith(".woff2") else None)
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/", wait_until="networkidle")
    assert any("be-vietnam-pro-400" in url for url in fonts)
    family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "Be Vietnam Pro" in family


def test_home_search_box_finds_a_procedure(page: Page, base_url: str) -> None:
    page.goto(base_url)
    page.locator("#tt-q").fill("dang ky thuong tru")
    page.locator(".tt-hero").get_by_role("button", name="Tìm kiếm").click()
    result = page.locator("#tt-results a").first
    expect(result).to_have_text("Đăng ký thường trú", timeout=10_000)
    result.click()
    expect(page.locator("h1")).to_have_text("Đăng ký thường trú")


def test_header_search_is_on_every_page(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + "bieu-mau/CT01/")
    page.get_by_role("search").get_by_label("Tìm thủ tục").fill("hộ chiếu")
    page.keyboard.press("Enter")
    expect(page.locator("#tt-results a").first).to_have_text("Cấp hộ chiếu phổ thông ở trong nước", timeout=10_000)


def test_primary_action_leads_to_the_national_portal_and_says_so(page: Page, base_url: str) -> None:
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
    link = page.get_by_role("link", name="Mở Cổng Dịch vụ công quốc gia để nộp")
    expect(link).to_have_count(1)
    href = link.get_attribute("href") or ""
    assert urlsplit(href).hostname == "dichvucong.gov.vn"
    assert "1.004222" in href


def test_text_size_and_contrast_are_remembered_across_pages(page: Page, base_url: str) -> None:
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
    default = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    larger = page.get_by_role("button", name="Tăng cỡ chữ")
    for _ in range(4):  # 125, 150, 175, 200%
        larger.click()
    expect(larger).to_have_attribute("aria-disabled", "true")
    expect(page.get_by_role("status").filter(has_text="Cỡ chữ")).to_have_text("Cỡ chữ 200%")
    contrast = page.get_by_role("button", name="Tăng tương phản")
    contrast.click()
    expect(contrast).to_have_attribute("aria-pressed", "true")
    page.goto(base_url + "linh-vuc/")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 2 * default
    assert page.evaluate("document.documentElement.dataset.ttContrast") == "high"
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    page.get_by_role("button", name="Tăng tương phản").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == default


def test_controls_do_not_show_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
    assert not page.get_by_role("button", name="Tăng cỡ chữ").is_visible()
    assert page.locator("h1").inner_text() == "Đăng ký thường trú"
    context.close()
