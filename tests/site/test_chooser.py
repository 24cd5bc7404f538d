"""The case chooser in Chromium, as a citizen uses it: with JavaScript the page keeps only the chosen case
in place and the address holds the answers; without it, each answer opens a page of its own (or, where an answer
changes only the papers shown, that case's papers on the page). Either way the
chosen case's papers, fee and time limit alone; printed, every case; no WCAG violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

PASSPORT = "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/"
LOST = "Hộ chiếu cũ bị mất"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _phone(browser: Browser, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript, service_workers="block"
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _phone(browser, True)


@pytest.fixture
def phone_without_js(browser: Browser) -> Iterator[Page]:
    yield from _phone(browser, False)


def _visible_cases(page: Page) -> list[str]:
    return [group.locator("h3").inner_text() for group in page.locator(".tt-docgroup").all() if group.is_visible()]


def _shows_the_lost_case_only(page: Page) -> None:
    """The papers, fee and time limit of a lost passport, and nothing of the other cases."""
    expect(page.locator(".tt-doclist").get_by_text("Đơn trình báo mất hộ chiếu phổ thông")).to_be_visible()
    for label in page.locator(".tt-doclist label").all():
        if label.is_visible():
            assert "khai sinh" not in label.inner_text()
    fee = page.locator('[data-tt-fact="fee"] dd').inner_text()
    assert "400.000 đồng" in fee and "200.000" not in fee and "160.000" not in fee
    assert "8 ngày làm việc" in page.locator('[data-tt-fact="time"] dd').inner_text()
    rows = [row.inner_text() for row in page.locator(".tt-fees tbody tr").all() if row.is_visible()]
    assert len(rows) == 1 and rows[0].startswith("Cấp lại hộ chiếu do bị hỏng hoặc bị mất")


def _axe_clean(page: Page) -> None:
    violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}}).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def test_with_javascript_an_answer_keeps_only_its_case_and_the_address_holds_it(phone: Page, base_url: str) -> None:
    phone.goto(base_url + PASSPORT, wait_until="networkidle")
    assert len(_visible_cases(phone)) == 5
    expect(phone.locator("fieldset").first.locator("legend")).to_have_text(
        "Bạn làm hộ chiếu lần đầu, làm lại hay bị mất?"
    )
    expect(phone.locator("fieldset").nth(1)).to_be_hidden()
    phone.get_by_label(LOST).check()
    expect(phone).to_have_url(base_url + PASSPORT + "?cau-1=ho-chieu-cu-bi-mat")
    assert _visible_cases(phone) == [LOST]
    _shows_the_lost_case_only(phone)
    assert not any(go.is_visible() for go in phone.locator(".tt-go").all())  # changed in place: no button
    expect(phone.locator("[data-tt-chooser-result]")).to_contain_text("Trường hợp của bạn: " + LOST)
    expect(phone.locator("fieldset").nth(1)).to_be_hidden()  # one case left: nothing more to ask
    _axe_clean(phone)


def test_a_second_question_follows_while_two_cases_are_left(phone: Page, base_url: str) -> None:
    phone.goto(base_url + PASSPORT, wait_until="networkidle")
    phone.get_by_label("Làm lần đầu").check()
    expect(phone.locator("fieldset").nth(1)).to_be_visible()
    expect(phone.locator("fieldset").nth(1).locator("legend")).to_have_text(
        "Người cần làm hộ chiếu đã đủ 14 tuổi chưa?"
    )
    assert len(_visible_cases(phone)) == 2
    phone.get_by_label("Chưa đủ 14 tuổi").check()
    expect(phone).to_have_url(base_url + PASSPORT + "?cau-1=lam-lan-dau&cau-2=chua-du-14-tuoi")
    assert _visible_cases(phone) == ["Cấp hộ chiếu cho người chưa đủ 14 tuổi"]
    expect(phone.locator(".tt-doclist").get_by_text("Bản sao giấy khai sinh hoặc trích lục khai sinh")).to_be_visible()
    assert phone.locator('[data-tt-fact="fee"] dd').inner_text().startswith("200.000 đồng khi nộp trực tiếp")
    # Changing the first answer forgets the second: its question is not asked any more.
    phone.get_by_label("Hộ chiếu cũ bị hỏng").check()
    expect(phone).to_have_url(base_url + PASSPORT + "?cau-1=ho-chieu-cu-bi-hong")
    assert _visible_cases(phone) == ["Đã có hộ chiếu, đề nghị cấp lại do bị hỏng"]


def test_a_shared_address_opens_the_chosen_case(phone: Page, base_url: str) -> None:
    phone.goto(base_url + PASSPORT + "?cau-1=ho-chieu-cu-bi-mat", wait_until="networkidle")
    expect(phone.get_by_label(LOST)).to_be_checked()
    expect(phone.locator("[data-tt-chooser-result]")).to_be_visible()
    assert _visible_cases(phone) == [LOST]
    _shows_the_lost_case_only(phone)


def test_every_case_is_one_tap_away_and_prints(phone: Page, base_url: str) -> None:
    phone.goto(base_url + PASSPORT + "?cau-1=ho-chieu-cu-bi-mat", wait_until="networkidle")
    phone.emulate_media(media="print")
    assert len(_visible_cases(phone)) == 5  # print shows every case, whatever was chosen
    fee = phone.locator('[data-tt-fact="fee"] dd').inner_text()
    assert "200.000 – 400.000 đồng" in fee and fee.count("400.000") == 1
    expect(phone.locator(".tt-chooser")).to_be_hidden()
    assert all(row.is_visible() for row in phone.locator(".tt-fees tbody tr").all())
    phone.emulate_media(media="screen")
    phone.get_by_role("link", name="Xem tất cả các trường hợp").click()
    expect(phone).to_have_url(base_url + PASSPORT)
    assert len(_visible_cases(phone)) == 5
    expect(phone.get_by_label(LOST)).not_to_be_checked()
    expect(phone.locator("[data-tt-chooser-result]")).to_be_hidden()


def test_without_javascript_an_answer_opens_its_own_page(phone_without_js: Page, base_url: str) -> None:
    page = phone_without_js
    page.goto(base_url + PASSPORT)
    go = page.locator(".tt-go")
    expect(go.first).to_be_hidden()
    page.get_by_label(LOST).check()
    expect(go.filter(has_text="Xem giấy tờ của tôi").locator("visible=true")).to_have_count(1)
    go.locator("visible=true").click()
    expect(page).to_have_url(base_url + PASSPORT + "truong-hop/ho-chieu-cu-bi-mat/?cau-1=ho-chieu-cu-bi-mat")
    assert _visible_cases(page) == [LOST]
    _shows_the_lost_case_only(page)
    page.get_by_role("link", name="Thay đổi câu trả lời").click()
    expect(page).to_have_url(base_url + PASSPORT + "#chon")
    assert len(_visible_cases(page)) == 5


def test_without_javascript_a_case_asked_by_its_name_opens_its_papers_on_the_page(
    phone_without_js: Page, base_url: str
) -> None:
    """A record with several cases and no questions of its own: its answers change only the papers shown, so the
    answer leads to that case's papers on the page itself, opened, with its heading in sight."""
    page = phone_without_js
    page.goto(base_url + "thu-tuc/dang-ky-thuong-tru/")
    groups = page.locator("details.tt-docgroup")
    case = groups.nth(2).locator("h3").inner_text()
    page.get_by_label(case).check()
    page.locator(".tt-go").locator("visible=true").click()
    expect(page).to_have_url(base_url + "thu-tuc/dang-ky-thuong-tru/#truong-hop-3")
    opened = [group.locator("h3").inner_text() for group in groups.all() if group.get_attribute("open") is not None]
    assert opened == [case]
    expect(groups.nth(2).locator("h3")).to_be_in_viewport()


def test_without_javascript_two_questions_take_two_pages(phone_without_js: Page, base_url: str) -> None:
    page = phone_without_js
    page.goto(base_url + PASSPORT)
    page.get_by_label("Làm lần đầu").check()
    page.locator(".tt-go").locator("visible=true").click()
    expect(page).to_have_url(base_url + PASSPORT + "truong-hop/lam-lan-dau/?cau-1=lam-lan-dau")
    assert len(_visible_cases(page)) == 2
    page.get_by_label("Đã đủ 14 tuổi").check()
    page.locator(".tt-go").locator("visible=true").click()
    expect(page).to_have_url(
        base_url + PASSPORT + "truong-hop/lam-lan-dau/da-du-14-tuoi/?cau-1=lam-lan-dau&cau-2=da-du-14-tuoi"
    )
    assert _visible_cases(page) == ["Cấp hộ chiếu lần đầu (người từ đủ 14 tuổi)"]
    fee = page.locator('[data-tt-fact="fee"] dd').inner_text()
    assert fee == "200.000 đồng khi nộp trực tiếp; 160.000 đồng khi nộp trực tuyến"


@pytest.mark.parametrize("url", ["truong-hop/ho-chieu-cu-bi-mat/", "truong-hop/lam-lan-dau/"])
def test_the_pages_of_answers_have_no_wcag_violations(phone: Page, base_url: str, url: str) -> None:
    phone.goto(base_url + PASSPORT + url, wait_until="networkidle")
    _axe_clean(phone)


def test_the_chooser_before_answering_has_no_wcag_violations(phone: Page, base_url: str) -> None:
    phone.goto(base_url + PASSPORT, wait_until="networkidle")
    _axe_clean(phone)
