"""Where to go, in Chromium: the commune police list filters as the citizen types and stays whole without scripts;
the sample says on every page that its contact details are an example."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

COMMUNES = "co-quan/cong-an-cap-xa/"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_typing_without_diacritics_keeps_the_matching_commune(page: Page, base_url: str) -> None:
    page.goto(base_url + COMMUNES)
    items = page.locator("[data-tt-filter-list] > li")
    total = items.count()
    assert total >= 5
    box = page.get_by_label("Tìm theo tên xã, phường, đặc khu")
    box.fill("cam thanh")
    expect(page.locator("[data-tt-filter-list] > li:visible")).to_have_count(1)
    expect(page.locator("[data-tt-filter-list] > li:visible h3")).to_have_text("Công an phường Cẩm Thành")
    expect(page.locator("#tt-filter-status")).to_have_text("Có 1 đơn vị phù hợp.")
    phone = page.locator("[data-tt-filter-list] > li:visible a[href^='tel:']")
    expect(phone).to_have_attribute("href", "tel:02550000201")
    box.fill("khong co xa nay")
    expect(page.locator("[data-tt-filter-list] > li:visible")).to_have_count(0)
    expect(page.locator("#tt-filter-status")).to_contain_text("Không có đơn vị nào phù hợp")
    box.fill("")
    expect(page.locator("[data-tt-filter-list] > li:visible")).to_have_count(total)


def test_without_scripts_the_whole_list_shows_and_the_box_stays_hidden(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + COMMUNES)
    assert page.locator("[data-tt-filter]").is_hidden()
    assert page.locator("[data-tt-filter-list] > li:visible").count() >= 5
    context.close()


def test_a_commune_procedure_leads_to_the_list(page: Page, base_url: str) -> None:
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
    where = page.locator("section[aria-labelledby=noi-nop]")
    expect(where).to_contain_text("Công an xã, phường hoặc đặc khu nơi bạn cư trú")
    where.get_by_role("link", name="Tìm Công an xã, phường, đặc khu của bạn").click()
    expect(page).to_have_url(base_url + COMMUNES + "#danh-sach")
    expect(page.locator("#danh-sach")).to_be_in_viewport()


@pytest.mark.parametrize("url", ["", "thu-tuc/dang-ky-thuong-tru/", "lien-he/", "404.html"])
def test_every_page_of_the_sample_says_its_contacts_are_an_example(page: Page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    expect(page.locator(".tt-example-notice")).to_contain_text("là ví dụ, chưa được xác nhận")
    footer = page.locator(".tt-footer")
    expect(footer.locator("a[href^='tel:']")).to_have_attribute("href", "tel:02550000100")
    expect(footer.locator("a[href^='mailto:']")).to_have_attribute("href", "mailto:hoidap@congan-quangngai.example")
