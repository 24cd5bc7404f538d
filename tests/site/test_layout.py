"""Where things are, measured in Chromium: what a citizen came for on a phone's first screens, a readable
column with the largest text on a desktop, a procedure printed from the browser on about as many pages as
its PDF guide, with every case's papers and none of the on-screen controls, and a back-to-top button that
never covers a button or a field. (The display controls in the header: test_display.py.)"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from first_screen import positions

SCREEN = 800
PROCEDURES = [
    "thu-tuc/dang-ky-thuong-tru/",  # four cases of documents
    "thu-tuc/cap-phieu-ly-lich-tu-phap/",  # a long title and summary, three fees
    "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/",
    "thu-tuc/xac-nhan-thong-tin-ve-cu-tru/",
]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": SCREEN})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PROCEDURES)
def test_fee_and_time_on_the_first_screen_first_paper_and_portal_within_two(
    phone: Page, base_url: str, url: str
) -> None:
    phone.goto(base_url + url)
    phone.evaluate("document.fonts.ready.then(() => true)")
    found = positions(phone)
    assert found["fee"] is not None and found["fee"] < SCREEN, found
    assert found["time"] is not None and found["time"] < SCREEN, found
    assert found["first paper"] is not None and found["first paper"] < 2 * SCREEN, found
    assert found["portal link"] is not None and found["portal link"] < 2 * SCREEN, found
    assert found["primary button"] is not None and found["primary button"] < 3 * SCREEN, found


def test_the_largest_text_on_a_desktop_is_one_wide_column(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('tt-size', '4');")
    page = context.new_page()
    try:
        for url in ("thu-tuc/dang-ky-thuong-tru/", "", "su-kien/sinh-con/"):
            page.goto(base_url + url)
            width = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().width")
            assert width > 1000, f"{url}: the column is {width} px wide (216 px before)"
            nav = page.locator(".md-sidebar--primary a.md-nav__link").filter(has_text="Liên hệ")
            assert nav.is_visible(), "the site's navigation is still there, after the content"
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1]
    finally:
        context.close()


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


@pytest.mark.parametrize("slug", ["dang-ky-thuong-tru", "cap-phieu-ly-lich-tu-phap"])
def test_a_printed_page_is_about_as_long_as_its_pdf_guide(
    browser: Browser, base_url: str, sample_site: Path, slug: str
) -> None:
    guide = sample_site / "thu-tuc" / slug / f"huong-dan-{slug}.pdf"
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base_url + f"thu-tuc/{slug}/")
        printed = page.pdf(format="A4")
        text = subprocess.run(["pdftotext", "-", "-"], input=printed, capture_output=True, check=True).stdout.decode()
    finally:
        context.close()
    guide_pages = _pages(guide.read_bytes())
    assert _pages(printed) <= guide_pages + 1, f"printed {_pages(printed)} pages, the guide {guide_pages}"
    for part in ("Giấy tờ cần chuẩn bị", "Trình tự thực hiện", "Lệ phí: ai trả bao nhiêu", "Căn cứ pháp lý"):
        assert part in text, part
    assert "Báo thông tin chưa đúng" not in text and "Một phần của" not in text


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _printed(page: Page) -> str:
    pdf = page.pdf(format="A4")
    return _words(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode())


# What only works on screen, by the names the page gives it.
ON_SCREEN = """() => [
  ...[...document.querySelectorAll('[data-tt-display] button')].map(b => b.title),
  document.querySelector('[data-md-component=top]').textContent,
  ...[...document.querySelectorAll('.tt-offline-save :is(button, a)')].map(e => e.textContent),
  document.querySelector('.tt-report a').textContent,
  document.querySelector('[data-tt-checklist-print]').textContent,
].map(t => t.split(/\\s+/).join(' ').trim())"""


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no scripts"])
def test_a_printed_procedure_has_every_cases_papers_and_no_on_screen_control(
    browser: Browser, base_url: str, scripts: bool
) -> None:
    context = browser.new_context(java_script_enabled=scripts)
    page = context.new_page()
    try:
        page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
        closed = page.locator("details.tt-docgroup:not([open])")
        assert closed.count() == 4, "on screen, with the case chooser, every case is closed until answered"
        cases = [_words(t) for t in page.locator(".tt-docgroup summary").all_text_contents()]
        papers = [_words(t) for t in page.locator(".tt-doclist .tt-doc__name").all_text_contents()]
        controls = page.evaluate(ON_SCREEN) if scripts else []
        text = _printed(page)
        assert closed.count() == 4, "after printing, the cases are as the reader left them"
    finally:
        context.close()
    assert len(cases) == 4 and all(case in text for case in cases)
    missing = [paper for paper in papers if paper not in text]
    assert not missing, missing
    # The declaration form CT01 is a paper of every case: it prints once for each.
    assert text.count("Tờ khai thay đổi thông tin cư trú – Mẫu CT01") == 4, "the form, once in each case"
    shown = [words for words in controls if words and words in text]
    assert not shown, shown
    assert len(controls) == (10 if scripts else 0)
    for words in (
        "Giảm cỡ chữ",
        "Tăng tương phản",
        "Lên đầu trang",
        "Lưu để xem khi không có mạng",
        "Báo thông tin chưa đúng",
        "In danh sách giấy tờ",
    ):
        assert words not in text, words


def test_the_print_script_opens_every_case_and_closes_them_after(browser: Browser, base_url: str) -> None:
    """For browsers without ::details-content, the print stylesheet's way to open disclosures."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
        page.locator(".tt-docgroup summary").nth(0).click()  # the reader opens the first case and the third
        page.locator(".tt-docgroup summary").nth(2).click()
        opened = "[...document.querySelectorAll('details.tt-docgroup')].map(d => d.open)"
        assert page.evaluate(opened) == [True, False, True, False]
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate(opened) == [True, True, True, True]
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate(opened) == [True, False, True, False]
    finally:
        context.close()


COVERED = """() => {
  const top = document.querySelector('[data-md-component=top]');
  if (top.hidden) return null;
  const b = top.getBoundingClientRect();
  return [...document.querySelectorAll('.md-main :is(button, input, select, textarea, summary, .md-button)')]
    .filter(c => c !== top)
    .filter(c => { const r = c.getBoundingClientRect();
      return r.width && r.height && r.bottom > b.top && r.top < b.bottom && r.right > b.left && r.left < b.right; })
    .map(c => c.id || c.name || c.textContent.trim().slice(0, 40));
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("url", ["bieu-mau/CT01/dien-truc-tuyen/", "thu-tuc/dang-ky-thuong-tru/"])
def test_back_to_top_never_covers_a_button_or_a_field(browser: Browser, base_url: str, url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": SCREEN})
    page = context.new_page()
    try:
        page.goto(base_url + url)
        y = page.evaluate("() => { window.scrollTo(0, document.documentElement.scrollHeight); return window.scrollY; }")
        shown, covering = 0, []
        while y > 400:  # the reader scrolls back up, 37 px at a time: the button shows
            y -= 37
            page.evaluate("y => window.scrollTo(0, y)", y)
            page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            covered = page.evaluate(COVERED)
            if covered is not None:
                shown += 1
                covering += [(y, covered)] if covered else []
    finally:
        context.close()
    assert shown > 10, "the button shows while the reader scrolls up"
    assert covering == [], covering[:5]
