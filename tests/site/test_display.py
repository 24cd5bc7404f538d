"""The text size and contrast controls, measured in Chromium: in the header of every page on every width,
one row, laid out from the first paint, showing their state, their borders seen in every display mode,
and larger text that leaves the reader where they were reading."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

PROCEDURE = "thu-tuc/dang-ky-thuong-tru/"
PAGES = [PROCEDURE, "", "bieu-mau/CT01/dien-truc-tuyen/", "su-kien/sinh-con/"]
VIEWPORTS = {320: 640, 390: 800, 1280: 900}


def _context(browser: Browser, width: int, *, scheme: str = "light", storage: str = "") -> BrowserContext:
    # No service worker: it would answer requests the tests' routes must see.
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORTS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        service_workers="block",
    )
    if storage:
        context.add_init_script(storage)
    return context


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = _context(browser, 390)
    yield context.new_page()
    context.close()


def _boxes(page: Page) -> list[dict[str, float]]:
    boxes: list[dict[str, float]] = page.locator("[data-tt-display] button").evaluate_all(
        "buttons => buttons.map(b => { const r = b.getBoundingClientRect(); return {top: r.top, bottom: r.bottom,"
        " left: r.left, right: r.right}; })"
    )
    return boxes


@pytest.mark.parametrize("size", ["0", "4"], ids=["100% text", "200% text"])
@pytest.mark.parametrize("width", VIEWPORTS)
def test_controls_are_one_row_in_the_header_on_every_width(
    browser: Browser, base_url: str, width: int, size: str
) -> None:
    context = _context(browser, width, storage=f"localStorage.setItem('tt-size', '{size}');")
    page = context.new_page()
    try:
        for url in PAGES:
            page.goto(base_url + url)
            page.evaluate("document.fonts.ready.then(() => true)")
            assert page.locator("header.md-header [data-tt-display]").count() == 1, url
            assert page.locator("footer [data-tt-display]").count() == 0, url
            header = page.locator(".md-header").bounding_box()
            assert header and header["height"] <= 48.5, f"{url}: the header is {header} (one row of 48 px)"
            boxes = _boxes(page)
            assert len(boxes) == 4
            tops = [box["top"] for box in boxes]
            assert max(tops) - min(tops) < 1, f"{url} at {width} px: one row ({tops})"
            assert all(header["y"] <= box["top"] and box["bottom"] <= header["y"] + header["height"] for box in boxes)
            assert all(box["left"] >= 0 and box["right"] <= width for box in boxes), boxes
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{url} at {width} px scrolls sideways: {widths}"
            if url == PROCEDURE:
                # Only the sample's notice that its contacts are examples (extra.catalogue.example) may stand
                # between the header and the title.
                notice = page.locator(".tt-example-notice")
                above = notice.bounding_box()["height"] if notice.count() else 0  # type: ignore[index]
                heading = page.locator("h1").bounding_box()
                assert heading and heading["y"] - above < 200, "nothing between the header and the title"
            # Still at hand far down the page, where the reader presses them.
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            assert [box["top"] for box in _boxes(page)] == tops, f"{url}: the controls stay in view"
    finally:
        context.close()


@pytest.mark.parametrize("width", VIEWPORTS)
def test_controls_take_their_place_before_their_script_runs(browser: Browser, base_url: str, width: int) -> None:
    """The first script in the page's head lays them out; display.js, arriving later, moves nothing.

    The text fonts are held back in both views: they are "optional" (used only when they are there for
    the first paint), and a routed page bypasses the browser's cache, so either view could draw the words
    in either font; the fallback font's widths are the same in both.
    """
    where = {}
    for script in ("runs", "has not arrived"):
        context = _context(browser, width)
        page = context.new_page()
        page.route("**/*.woff2", lambda route: route.abort())
        if script == "has not arrived":
            page.route("**/display.js", lambda route: route.abort())
        page.goto(base_url + PROCEDURE)
        header, heading = page.locator(".md-header__inner").bounding_box(), page.locator("h1").bounding_box()
        where[script] = (_boxes(page), header, heading)
        context.close()
    assert where["runs"] == where["has not arrived"]


def test_controls_stand_still_when_pressed(phone: Page, base_url: str) -> None:
    """The header keeps its size at every text size: the button under the finger is still there to press again."""
    phone.goto(base_url + PROCEDURE)
    larger = phone.get_by_role("button", name="Tăng cỡ chữ")
    where = larger.bounding_box()
    assert where
    for _ in range(4):
        larger.click()
        now = larger.bounding_box()
        assert now and all(abs(now[k] - where[k]) < 1 for k in ("x", "y", "width", "height")), (now, where)
    assert phone.locator(".md-header").bounding_box()["height"] <= 48.5  # type: ignore[index]


def _level(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.querySelector('[data-tt-level]'), '::before').content"))


def _background(page: Page, name: str) -> str:
    return str(page.get_by_role("button", name=name).evaluate("b => getComputedStyle(b).backgroundColor"))


def test_controls_show_their_state(phone: Page, base_url: str) -> None:
    phone.goto(base_url + PROCEDURE)
    default = phone.get_by_role("button", name="Cỡ chữ mặc định")
    contrast = phone.get_by_role("button", name="Tăng tương phản")
    expect(default).to_have_attribute("aria-pressed", "true")
    expect(contrast).to_have_attribute("aria-pressed", "false")
    pressed, unpressed = _background(phone, "Cỡ chữ mặc định"), _background(phone, "Tăng tương phản")
    assert pressed != unpressed, "a pressed button looks pressed"
    assert _level(phone) == '"100%"'
    expect(phone.get_by_role("button", name="Giảm cỡ chữ")).to_have_attribute("aria-disabled", "true")

    phone.get_by_role("button", name="Tăng cỡ chữ").click()
    expect(default).to_have_attribute("aria-pressed", "false")
    assert _background(phone, "Cỡ chữ mặc định") == unpressed
    assert _level(phone) == '"125%"', "the size is written where the reader sees it"
    contrast.click()
    expect(contrast).to_have_attribute("aria-pressed", "true")
    assert _background(phone, "Tăng tương phản") != _background(phone, "Cỡ chữ mặc định")

    # The next page shows the same state from its first paint, before its scripts run.
    phone.route("**/display.js", lambda route: route.abort())
    phone.goto(base_url + "linh-vuc/")
    assert _level(phone) == '"125%"'
    assert _background(phone, "Tăng tương phản") != _background(phone, "Cỡ chữ mặc định")


def test_each_size_is_said_as_the_texts_say_it(phone: Page, base_url: str) -> None:
    """Screen readers hear the size after each press, in the words of vi.yaml (theme.size_status), and the
    steps stop at 100% and 200%, whatever the page (display-controls.html writes what each step says)."""
    phone.goto(base_url + PROCEDURE)
    status = phone.locator("[data-tt-status]")
    expect(status).to_have_attribute("aria-label", "Cỡ chữ 100%")
    larger = phone.get_by_role("button", name="Tăng cỡ chữ")
    for size in (125, 150, 175, 200):
        larger.click()
        expect(status).to_have_text(f"Cỡ chữ {size}%")
    expect(larger).to_have_attribute("aria-disabled", "true")
    larger.dispatch_event("click")  # Playwright does not press a button that says it is disabled
    assert _level(phone) == '"200%"'
    expect(status).to_have_text("Cỡ chữ 200%")
    phone.get_by_role("button", name="Giảm cỡ chữ").click()
    expect(status).to_have_text("Cỡ chữ 175%")
    phone.get_by_role("button", name="Cỡ chữ mặc định").click()
    expect(status).to_have_text("Cỡ chữ 100%")


def _luminance(color: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", color)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


MODES = {
    "light": ("light", "", 3),
    "dark": ("dark", "", 3),
    "high contrast": ("light", "localStorage.setItem('tt-contrast', 'high');", 7),
    "high contrast dark": ("dark", "localStorage.setItem('tt-contrast', 'high');", 7),
}


@pytest.mark.parametrize("mode", MODES)
def test_control_borders_stand_out_from_the_header(browser: Browser, base_url: str, mode: str) -> None:
    scheme, storage, needed = MODES[mode]
    context = _context(browser, 390, scheme=scheme, storage=storage)
    page = context.new_page()
    try:
        page.goto(base_url + PROCEDURE)
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        borders = page.locator("[data-tt-display] button").evaluate_all(
            "buttons => buttons.map(b => [getComputedStyle(b).borderTopColor, getComputedStyle(b).borderTopWidth])"
        )
        for color, width in borders:
            assert float(width.removesuffix("px")) >= 1
            assert _ratio(color, header) >= needed, f"{mode}: border {color} on {header}"
    finally:
        context.close()


TOP = """selector => {
  const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return document.querySelector(selector).getBoundingClientRect().top - line;
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_larger_text_keeps_the_reader_where_they_were(browser: Browser, base_url: str, width: int) -> None:
    context = _context(browser, width)
    page = context.new_page()
    try:
        page.goto(base_url + PROCEDURE)
        page.evaluate("document.fonts.ready.then(() => true)")
        larger = page.get_by_role("button", name="Tăng cỡ chữ")
        smaller = page.get_by_role("button", name="Giảm cỡ chữ")
        # A paper of the checklist, a heading halfway down, another further down.
        for target in ("label[for=hs-1-2]", "#trinh-tu", "#dieu-kien"):
            page.evaluate(
                """selector => { const line = document.querySelector('.md-header').getBoundingClientRect().bottom;
                window.scrollBy({top: document.querySelector(selector).getBoundingClientRect().top - line,
                behavior: 'instant'}); }""",
                target,
            )
            start = page.evaluate(TOP, target)
            assert abs(start) < 1, "the reader reads it, just below the header"
            for button in (larger, larger, larger, larger, smaller, smaller, smaller, smaller):
                button.click()
                where = page.evaluate(TOP, target)
                assert abs(where - start) <= 4, f"{target}: {where:.1f} px from the header line, {start:.1f} before"
    finally:
        context.close()


def test_without_scripts_the_header_keeps_its_title_and_shows_no_control(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + PROCEDURE)
        expect(page.locator("[data-tt-display]")).to_be_hidden()
        expect(page.locator(".md-header__title")).to_be_visible()
        assert page.locator(".md-header").bounding_box()["height"] <= 48.5  # type: ignore[index]
    finally:
        context.close()
