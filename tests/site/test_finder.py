"""The finder of communes by their name before 1 July 2025, in Chromium: on the commune police page as the
citizen types (and a list by old district without scripts), and in the site search. tests/web/test_finder.py
tries the matching itself on many names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

COMMUNES = "co-quan/cong-an-cap-xa/"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_an_old_name_shows_the_new_commune_and_its_police(page: Page, base_url: str) -> None:
    page.goto(base_url + COMMUNES)
    box = page.get_by_label("Tìm theo tên xã, phường, đặc khu")
    box.fill("thị trấn Plei Kần")
    found = page.locator("[data-tt-old-found] > li")
    expect(found).to_have_count(1)
    expect(found).to_have_text("Thị trấn Plei Kần (Huyện Ngọc Hồi, tỉnh Kon Tum cũ) nay thuộc Xã Bờ Y")
    police = page.locator("[data-tt-filter-list] > li:visible")
    expect(police).to_have_count(1)
    expect(police.locator("h3")).to_have_text("Công an xã Bờ Y")
    expect(police).to_contain_text("Xã Bờ Y, tỉnh Quảng Ngãi")
    expect(page.locator("#tt-filter-status")).to_have_text("Có 1 đơn vị phù hợp.")
    found.get_by_role("link", name="Xã Bờ Y").click()
    expect(page).to_have_url(base_url + COMMUNES + "#cong-an-xa-bo-y")
    expect(police).to_be_in_viewport()


@pytest.mark.parametrize(
    ("typed", "old", "police"),
    [
        ("phuong quang trung kon tum", ["Phường Quang Trung (Thành phố Kon Tum"], ["Công an phường Kon Tum"]),
        ("mang den", ["Thị trấn Măng Đen (Huyện Kon Plông"], ["Công an xã Măng Đen"]),
        ("đắk long đắk glei", ["Xã Đăk Long (Huyện Đắk Glei"], ["Công an xã Đăk Long"]),
        (
            "Đăk Long",
            ["Xã Đăk Long (Huyện Đắk Glei", "Xã Đăk Long (Huyện Đăk Hà"],
            ["Công an xã Đăk Long", "Công an xã Đăk Pxi"],
        ),
        ("tra bui", ["Xã Trà Bùi (Huyện Trà Bồng"], ["Công an xã Cà Đam", "Công an xã Tây Trà Bồng"]),
    ],
)
def test_old_names_typed_every_way(page: Page, base_url: str, typed: str, old: list[str], police: list[str]) -> None:
    page.goto(base_url + COMMUNES)
    page.get_by_label("Tìm theo tên xã, phường, đặc khu").fill(typed)
    found = page.locator("[data-tt-old-found] > li")
    expect(found).to_have_count(len(old))
    for item, name in zip(found.all(), old, strict=True):
        expect(item).to_contain_text(name)
    expect(page.locator("[data-tt-filter-list] > li:visible h3")).to_have_text(sorted(police))


def test_a_divided_commune_shows_each_new_unit_with_the_note(page: Page, base_url: str) -> None:
    page.goto(base_url + COMMUNES)
    page.get_by_label("Tìm theo tên xã, phường, đặc khu").fill("xã Trà Bùi")
    expect(page.locator("[data-tt-old-found] > li")).to_have_text(
        "Xã Trà Bùi (Huyện Trà Bồng, tỉnh Quảng Ngãi cũ) được chia cho 2 đơn vị; nơi bạn ở nay thuộc một trong các "
        "đơn vị: Xã Cà Đam (Nhập một phần); Xã Tây Trà Bồng (Nhập một phần)."
    )


def test_without_scripts_the_old_names_are_a_list_by_old_district(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + COMMUNES)
    old = page.locator("details#ten-cu")
    old.locator("summary").click()
    district = old.locator("h3", has_text="Huyện Ngọc Hồi, tỉnh Kon Tum cũ")
    expect(district).to_be_visible()
    item = old.locator("li", has_text="Thị trấn Plei Kần")
    expect(item).to_have_text("Thị trấn Plei Kần nay thuộc Xã Bờ Y")
    item.get_by_role("link", name="Xã Bờ Y").click()
    expect(page.locator("#cong-an-xa-bo-y")).to_be_in_viewport()
    expect(page.locator("#cong-an-xa-bo-y")).to_contain_text("0255 0000")
    context.close()


def test_the_site_search_says_where_an_old_commune_goes(page: Page, base_url: str) -> None:
    page.goto(base_url + "tim-kiem/?q=" + "phuong quang trung kon tum")
    box = page.locator("[data-tt-old-search]")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Phường Quang Trung (Thành phố Kon Tum, tỉnh Kon Tum cũ) nay thuộc Phường Kon Tum.")
    expect(box).to_contain_text("Nộp hồ sơ tại Công an phường Kon Tum, Phường Kon Tum, tỉnh Quảng Ngãi, 0255 0000 206")
    page.get_by_label("Nhập tên thủ tục, từ khóa hoặc mã thủ tục").fill("đăng ký tạm trú")
    expect(box).to_be_hidden()
    page.get_by_label("Nhập tên thủ tục, từ khóa hoặc mã thủ tục").fill("công an thị trấn Măng Đen ở đâu")
    expect(box).to_contain_text("Thị trấn Măng Đen (Huyện Kon Plông, tỉnh Kon Tum cũ) nay thuộc Xã Măng Đen.")
    box.get_by_role("link", name="Xã Măng Đen").click()
    expect(page).to_have_url(base_url + COMMUNES + "#cong-an-xa-mang-den")


@pytest.mark.parametrize("url", [COMMUNES, "tim-kiem/?q=thi+tran+plei+kan"])
def test_the_finder_with_an_old_name_passes_axe(page: Page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    if url == COMMUNES:
        page.locator("details#ten-cu summary").click()  # the list by old district, open
        _no_violations(page)
        page.get_by_label("Tìm theo tên xã, phường, đặc khu").fill("dak long")
        expect(page.locator("details#ten-cu")).to_be_hidden()  # the answer above the police takes its place
    else:
        expect(page.locator("[data-tt-old-search]")).to_be_visible()
    _no_violations(page)


def _no_violations(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.response["violations"], [v["id"] for v in results.response["violations"]]
