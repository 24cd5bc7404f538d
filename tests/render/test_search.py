"""Search as Vietnamese people type: a table of queries and the procedure that must come first.

Runs the site's own search script in Chromium against the built sample site.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from generator.load.catalogue import load_catalogue
from generator.render.search import code_terms, postings, words
from generator.text.vietnamese import canonical_tones, fold_diacritics

from ..browser import serve
from ..conftest import ROOT

NFD = unicodedata.normalize("NFD", "Đăng ký tạm trú")

CASES = [
    # (query, title that must come first, why)
    ("đăng ký thường trú", "Đăng ký thường trú", "with diacritics"),
    ("dang ky thuong tru", "Đăng ký thường trú", "without diacritics, d for đ"),
    ("DANG KY THUONG TRU", "Đăng ký thường trú", "upper case"),
    (NFD, "Đăng ký tạm trú", "decomposed Unicode (NFD)"),
    ("xoá đăng ký thường trú", "Xóa đăng ký thường trú", "old tone placement (xoá)"),
    ("xóa đăng ký thường trú", "Xóa đăng ký thường trú", "new tone placement (xóa)"),
    ("hộ khẩu", "Đăng ký thường trú", "old word for residence registration (keyword)"),
    ("CCCD", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên", "keyword counts as the title"),
    ("căn cước", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên", "title and keyword beat keyword alone"),
    ("1.004222", "Đăng ký thường trú", "a procedure code"),
    ("1004222", "Đăng ký thường trú", "a code's digits alone"),
    ("004222", "Đăng ký thường trú", "the code's six digits"),
    ("ho chieu", "Cấp hộ chiếu phổ thông ở trong nước", "title outranks body"),
    ("tam vang", "Khai báo tạm vắng", "short query without accents"),
    ("giấy phép lái", "Cấp lại giấy phép lái xe", "whole words only when submitted"),
]

TYPED = [
    ("giấy phép lá", "Cấp lại giấy phép lái xe", "the last word as typed so far"),
    ("khai bao tam van", "Khai báo tạm vắng", "the last word as typed so far, no accents"),
]


@pytest.fixture(scope="module")
def page(sample_site: Path, browser: Browser) -> Iterator[Page]:
    with serve(sample_site) as base:
        page = _page(browser)
        page.goto(base + "tim-kiem/")
        yield page


def _page(browser: Browser) -> Page:
    return browser.new_context(viewport={"width": 390, "height": 844}).new_page()


def _search(page: Page, query: str, *, typing: bool = False) -> list[str]:
    """Results of *query* submitted whole (as from a link), or typed into the box."""
    if typing:
        page.goto(page.url.split("?")[0])
        page.locator("#tt-search-q").press_sequentially(query)
        _wait_until(page, f"new URL(location.href).searchParams.get('q') === {json.dumps(query)}")
    else:
        page.goto(page.url.split("?")[0] + "?q=" + quote(query))
    _wait_until(
        page,
        "(() => { const s = document.getElementById('tt-search-status').textContent;"
        " return s && !s.startsWith('Đang'); })()",
    )
    return [a.inner_text() for a in page.locator("#tt-results a").all()]


def _wait_until(page: Page, expression: str, timeout: float = 10) -> None:
    """Poll *expression* from here: Playwright's wait_for_function evaluates strings in the page,
    which the site's Content Security Policy (no 'unsafe-eval') forbids."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(25)


@pytest.mark.parametrize(("query", "first", "why"), CASES, ids=[c[2] for c in CASES])
def test_query_finds_the_right_procedure_first(page: Page, query: str, first: str, why: str) -> None:
    results = _search(page, query)
    assert results, f"{why}: nothing found for {query!r}"
    assert results[0] == first, f"{why}: {query!r} gave {results[:3]}"


@pytest.mark.parametrize(("query", "first", "why"), TYPED, ids=[c[2] for c in TYPED])
def test_results_follow_the_typing(page: Page, query: str, first: str, why: str) -> None:
    results = _search(page, query, typing=True)
    assert results and results[0] == first, f"{why}: {query!r} gave {results[:3]}"


@pytest.mark.parametrize(("query", "spelling"), [("mã", "mã"), ("mà", "mà"), ("đang", "đang"), ("đăng", "đăng")])
def test_exact_spelling_ranks_first_when_the_query_has_diacritics(page: Page, query: str, spelling: str) -> None:
    catalogue = load_catalogue(ROOT)
    index = postings(catalogue.procedures)
    exact = {catalogue.procedures[n].title for n in index[fold_diacritics(query)][canonical_tones(spelling)]}
    results = _search(page, query)
    assert set(results) == set(_search(page, fold_diacritics(query))), "accents never hide a procedure"
    assert set(results[: len(exact)]) == exact
    assert len(results) > len(exact), "the other spellings follow"


def test_results_show_code_field_and_highlighted_words(page: Page) -> None:
    _search(page, "tam vang")
    first = page.locator("#tt-results li").first
    assert first.locator("mark").all_inner_texts() == ["tạm", "vắng"]
    assert "Mã thủ tục 1.003677" in first.inner_text()
    assert "Đăng ký, quản lý cư trú" in first.inner_text()


def test_the_number_of_results_is_announced(page: Page) -> None:
    _search(page, "ho chieu")
    status = page.locator("#tt-search-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith("Tìm thấy ")


def test_nothing_found_says_what_to_try(page: Page) -> None:
    assert _search(page, "xyzxyz") == []
    assert "Không tìm thấy" in page.locator("#tt-search-status").inner_text()


def test_search_works_with_the_keyboard_alone(page: Page) -> None:
    page.goto(page.url.split("?")[0])
    page.keyboard.type("khai bao tam vang")
    page.keyboard.press("Enter")
    page.wait_for_selector("#tt-results a")
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the first result
    assert page.evaluate("document.activeElement.textContent") == "Khai báo tạm vắng"
    page.keyboard.press("Enter")
    page.wait_for_url("**/thu-tuc/khai-bao-tam-vang/")


def test_only_the_site_itself_is_asked(sample_site: Path, browser: Browser) -> None:
    with serve(sample_site) as base:
        page = _page(browser)
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.goto(base + "tim-kiem/?q=ho+chieu")
        page.wait_for_selector("#tt-results a")
        assert hosts == {urlsplit(base).netloc}


def test_python_and_browser_split_words_alike() -> None:
    assert list(words("Cấp lại (1.004222) hộ-chiếu")) == ["1.004222", "cấp", "lại", "hộ", "chiếu"]
    assert code_terms("1.004222") == ["1004222", "004222"]
    assert canonical_tones("hoá") == canonical_tones("hóa") != canonical_tones("hoa")


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample built with tiny shards, as a large catalogue splits them."""
    from generator.build import build
    from generator.render import search

    site = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_BYTES", 300)
        build(ROOT, site_dir=site)
    yield site


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky thuon", "Đăng ký thường trú"),
        ("ho chie", "Cấp hộ chiếu phổ thông ở trong nước"),
        ("xoa dang k", "Xóa đăng ký tạm trú"),
        ("khai bao tam v", "Khai báo tạm vắng"),
    ],
)
def test_words_being_typed_find_what_they_lead_to(browser: Browser, split_site: Path, query: str, first: str) -> None:
    manifest = json.loads((split_site / "search" / "manifest.json").read_text(encoding="utf-8"))
    assert any(len(key) >= 4 for key in manifest["shards"]), "the shards should be split for this test"
    with serve(split_site) as base:
        page = _page(browser)
        page.goto(base + "tim-kiem/")
        results = _search(page, query, typing=True)
        page.context.close()
    assert results and results[0] == first, results[:3]
