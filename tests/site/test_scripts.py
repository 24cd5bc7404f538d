"""The scripts' shared module (common.js) in Chromium: the folders the build hands in are the ones search
follows, and the cards the scripts draw are the cards the pages draw."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page, expect

from generator import urls
from generator.build import BuildOptions

from ..browser import serve
from ..conftest import Builder, MakeProject

DONE = """(() => {
  const said = document.getElementById("tt-search-status").textContent;
  return said && !said.startsWith("Đang");
})()"""
"""Whether the search page shows its results (it says "Đang tìm…" while it looks)."""

CARD = """(card) => ({
  parts: Array.from(card.children, (child) => child.tagName + "." + child.className),
  title: [card.querySelector(".tt-card__title").href, card.querySelector(".tt-card__title").textContent],
  facts: Array.from(card.querySelector(".tt-card__meta").children,
                    (fact) => [fact.tagName, fact.className, fact.textContent]),
})"""
"""A card as a reader meets it: its parts in order, its linked title, and its line of facts."""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def _results(page: Page, address: str) -> None:
    page.goto(address)
    for _ in range(400):
        if page.evaluate(DONE):
            return
        page.wait_for_timeout(25)
    raise AssertionError(f"no results on {address}")


def test_search_follows_the_folders_the_build_hands_in(
    page: Page, make_project: MakeProject, build_project: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving the procedures and the search index in generator/urls.py moves where search reads and links."""
    moved = {urls.PROCEDURES: "thu-tuc-hanh-chinh/", urls.SEARCH_INDEX: "chi-muc-tim-kiem/"}
    monkeypatch.setattr(urls, "PROCEDURES", moved[urls.PROCEDURES])
    monkeypatch.setattr(urls, "SEARCH_INDEX", moved[urls.SEARCH_INDEX])
    monkeypatch.setattr(urls, "GENERATED_SECTIONS", tuple(moved.get(s, s) for s in urls.GENERATED_SECTIONS))
    project = make_project()
    build_project(project, options=BuildOptions(pdfs=False))
    site = project / "site"
    assert (site / "chi-muc-tim-kiem" / "manifest.json").is_file() and not (site / "search").exists()

    html = (site / urls.page_file(urls.SEARCH)).read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="tt-urls">(.*?)</script>', html)
    assert block and json.loads(block.group(1)) == {
        "procedures": urls.relative(urls.SEARCH, "thu-tuc-hanh-chinh/"),
        "index": urls.relative(urls.SEARCH, "chi-muc-tim-kiem/"),
    }
    with serve(site) as base:
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url.removeprefix(base)))
        _results(page, base + urls.SEARCH + "?q=tam+tru")
        link = page.locator("#tt-results .tt-card__title").first
        assert link.get_attribute("href") == base + "thu-tuc-hanh-chinh/dang-ky-tam-tru/"
        assert any(path.startswith("chi-muc-tim-kiem/t.") for path in asked), asked
        assert not any(path.startswith(("search/", "thu-tuc/")) for path in asked), asked
        link.click()
        expect(page.locator("h1")).to_have_text("Đăng ký tạm trú")
        assert page.url == base + "thu-tuc-hanh-chinh/dang-ky-tam-tru/"


def test_a_search_result_is_the_card_the_lists_show(page: Page, base_url: str) -> None:
    """TT.card draws what card() in templates/web/_macros.html writes, plus why it matched and its field."""
    page.goto(base_url + urls.letter("C"))
    listed = page.locator(".tt-card", has=page.locator("a[href$='/cap-ho-chieu-pho-thong-o-trong-nuoc/']"))
    written = listed.evaluate(CARD)
    _results(page, base_url + urls.SEARCH + "?q=c%E1%BA%A5p+h%E1%BB%99+chi%E1%BA%BFu")
    found = page.locator("#tt-results > li").first.evaluate(CARD)
    assert written["parts"] == ["A.tt-card__title", "SPAN.tt-card__meta"]
    assert found["parts"] == ["A.tt-card__title", "SPAN.tt-card__meta", "SPAN.tt-card__field"]
    assert (
        found["title"]
        == written["title"]
        == [
            urljoin(base_url, "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/"),
            "Cấp hộ chiếu phổ thông ở trong nước",
        ]
    )
    assert found["facts"] == written["facts"]
    assert [fact[2] for fact in found["facts"]] == [
        "Mã thủ tục 1.001456",
        "8 ngày làm việc",
        "160.000 – 400.000 đồng",
        "Nộp trực tuyến một phần",
    ]


def test_a_saved_procedure_is_a_card_too(browser: Browser, sample_site: Path) -> None:
    """The offline page lists what was saved as cards: the title linked, the code and the day it was saved."""
    with serve(sample_site) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            page = context.new_page()
            page.goto(base + "thu-tuc/dang-ky-tam-tru/")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)
            box = page.locator("[data-tt-offline-save]")
            box.get_by_role("button", name="Lưu để xem khi không có mạng").click()
            expect(box.get_by_role("status")).to_contain_text("Đã lưu", timeout=20_000)
            page.goto(base + urls.OFFLINE)
            saved = page.locator("[data-tt-offline-list] > li")
            expect(saved).to_have_count(1, timeout=20_000)
            card = saved.evaluate(CARD)
        finally:
            context.close()
    assert card["parts"] == ["A.tt-card__title", "SPAN.tt-card__meta", "SPAN.tt-offline-actions"]
    assert card["title"] == [base + "thu-tuc/dang-ky-tam-tru/", "Đăng ký tạm trú"]
    assert card["facts"][0] == ["SPAN", "", "Mã thủ tục 1.004194"]
    assert re.fullmatch(r"Lưu ngày \d{1,2}/\d{1,2}/20\d\d", card["facts"][1][2]), card["facts"]
