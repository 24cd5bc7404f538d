"""Search as Vietnamese people type: a table of queries and the procedure that must come first.

Runs the site's own search script in Chromium against the built sample site.
"""

from __future__ import annotations

import json
import shutil
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from generator.load.catalogue import load_catalogue
from generator.text.vietnamese import canonical_tones, fold_diacritics
from generator.web.search import postings

from ..browser import serve
from ..conftest import ROOT, Builder

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
    ("lam ho chieu", "Cấp hộ chiếu phổ thông ở trong nước", "làm is cấp (synonym), hộ chiếu side by side"),
    ("bằng lái", "Cấp lại giấy phép lái xe", "colloquial name (synonym)"),
    ("sang tên xe", "Cấp chứng nhận đăng ký xe, biển số xe khi thay đổi chủ xe", "sang tên is thay đổi chủ xe"),
    ("cmnd", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên", "the old card's abbreviation"),
    ("dang ky tam tru online", "Đăng ký tạm trú", "an English word for trực tuyến"),
    ("dang ky tam tru xyzzy", "Đăng ký tạm trú", "a word found nowhere: the best partial matches"),
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


def test_result_cards_show_time_fee_and_online_service_like_cards_elsewhere(page: Page) -> None:
    _search(page, "ho chieu")
    first = page.locator("#tt-results li").first
    text = first.inner_text()
    assert "8 ngày làm việc" in text and "160.000 – 400.000 đồng" in text
    badge = first.locator(".tt-badge")
    assert badge.inner_text() == "Nộp trực tuyến một phần"
    assert "tt-badge--partial" in (badge.get_attribute("class") or "")


def test_when_no_procedure_has_every_word_the_closest_are_shown_and_it_is_said(page: Page) -> None:
    results = _search(page, "dang ky tam tru xyzzy")
    assert results[0] == "Đăng ký tạm trú"
    status = page.locator("#tt-search-status").inner_text()
    assert status.startswith("Không có thủ tục nào có đủ các từ bạn gõ.") and "“xyzzy”" in status


def test_a_snippet_says_why_a_result_matched_when_its_title_does_not(page: Page) -> None:
    _search(page, "nhập hộ khẩu")
    why = page.locator("#tt-results li").first.locator(".tt-card__why")
    why.wait_for()
    assert why.inner_text().startswith("Từ khóa: ")
    assert {"nhập", "hộ", "khẩu"} <= set(why.locator("mark").all_inner_texts())
    _search(page, "quyền sử dụng đất")
    why = page.locator("#tt-results li").first.locator(".tt-card__why")
    why.wait_for()
    assert "Giấy chứng nhận quyền sử dụng đất" in why.inner_text()
    _search(page, "đăng ký thường trú")
    page.wait_for_timeout(300)
    assert page.locator("#tt-results li").first.locator(".tt-card__why").is_hidden(), "the title says it all"


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


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> Iterator[Path]:
    """The sample built with tiny shards, as a large catalogue splits them."""
    from generator.web import search

    site = tmp_path_factory.mktemp("split") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_BYTES", 300)
        build_project(ROOT, site_dir=site)
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


WEAPONS = """\
code: "1.009999"
title: Cấp giấy phép sử dụng vũ khí, công cụ hỗ trợ cho lực lượng kiểm lâm
field: Quản lý vũ khí, vật liệu nổ và công cụ hỗ trợ
agency: Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Quảng Ngãi
levels: [tinh]
applicants: [Cơ quan kiểm lâm]
online: none
steps:
  - Cán bộ tiếp nhận đối chiếu hồ sơ với danh sách cán bộ được trang bị.
channels:
  - {method: in_person, time: {value: 5, unit: working_days}}
documents:
  - items: [{name: Văn bản đề nghị, originals: 1}]
results: [Giấy phép sử dụng]
legal_basis: [{number: 42/2024/QH15, title: "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ"}]
updated: 2026-11-01
"""


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> Iterator[Path]:
    """The sample as national data comes: no record has keywords; plus a record that shares syllables
    with "làm hộ chiếu" in other words and other tones (kiểm lâm, hỗ trợ, đối chiếu)."""
    from generator.build import BuildOptions

    project = tmp_path_factory.mktemp("plain")
    for name in ("procedures", "forms", "journeys", "pages", "communes", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for record in (project / "procedures").rglob("*.yaml"):
        lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
        record.write_text("".join(line for line in lines if not line.startswith("keywords:")), encoding="utf-8")
    (project / "procedures" / "vu-khi.yaml").write_text(WEAPONS, encoding="utf-8")
    build_project(project, options=BuildOptions(pdfs=False))
    yield project / "site"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("cccd", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên"),
        ("cmnd", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên"),
        ("hộ khẩu", "Đăng ký thường trú"),
        ("bang lai xe", "Cấp lại giấy phép lái xe"),
        ("sang tên xe", "Cấp chứng nhận đăng ký xe, biển số xe khi thay đổi chủ xe"),
        ("lam ho chieu", "Cấp hộ chiếu phổ thông ở trong nước"),
        ("làm căn cước", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên"),
    ],
)
def test_colloquial_words_find_records_without_keywords(
    browser: Browser, plain_site: Path, query: str, first: str
) -> None:
    assert "keywords" not in (plain_site.parent / "procedures" / "cu-tru" / "dang-ky-thuong-tru.yaml").read_text(
        encoding="utf-8"
    )
    with serve(plain_site) as base:
        page = _page(browser)
        page.goto(base + "tim-kiem/")
        results = _search(page, query)
        if query == "cmnd":  # the record never says it: the snippet names the synonym
            why = page.locator("#tt-results li").first.locator(".tt-card__why")
            why.wait_for()
            assert why.inner_text() == "“cmnd” là cách gọi khác của “căn cước”."
        page.context.close()
    assert results and results[0] == first, results[:3]
