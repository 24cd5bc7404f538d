"""What a citizen reads first, measured in Chromium: coming in person is said on a phone's first screen and
above the online button; a journey's choice is one step; the sentences made from a record agree with it
(in the printed guides too: tests/paper/test_guides.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

SCREEN = 800
ID_CARD = "thu-tuc/cap-the-can-cuoc-cho-cong-dan-tu-du-14-tuoi-tro-len/"
E_ID = "thu-tuc/cap-tai-khoan-dinh-danh-dien-tu-muc-do-2/"
CRIMINAL_RECORD = "thu-tuc/cap-phieu-ly-lich-tu-phap/"

TOPS = """() => {
  const top = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const box = element.getBoundingClientRect();
    return {top: box.top + window.scrollY, bottom: box.bottom + window.scrollY};
  };
  return {
    visit: top('[data-tt-fact="in-person"] dd'),
    firstReason: top('[data-tt-fact="in-person"] dd li') || top('[data-tt-fact="in-person"] dd'),
    button: top('a.tt-primary'),
  };
}"""


@pytest.fixture(params=[(390, SCREEN), (320, SCREEN)], ids=["390x800", "320x800"])
def phone(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", [ID_CARD, E_ID])
def test_coming_in_person_is_on_the_first_screen_and_above_the_online_button(
    phone: Page, base_url: str, url: str
) -> None:
    phone.goto(base_url + url)
    phone.evaluate("document.fonts.ready.then(() => true)")
    found = phone.evaluate(TOPS)
    assert found["visit"] is not None, found
    assert found["firstReason"]["bottom"] <= SCREEN, f"the first thing to come for is below the first screen: {found}"
    if phone.viewport_size and phone.viewport_size["width"] >= 390:
        assert found["visit"]["bottom"] <= SCREEN, f"the whole fact fits the first screen at 390 px: {found}"
    if found["button"] is not None:
        assert found["visit"]["bottom"] < found["button"]["top"], found
    fact = phone.locator('[data-tt-fact="in-person"]')
    expect(fact.locator("dt")).to_have_text("Phải đến trực tiếp")
    expect(fact).to_contain_text("vân tay")
    expect(fact).to_be_in_viewport()


def test_the_online_button_never_hides_the_trip(phone: Page, base_url: str) -> None:
    phone.goto(base_url + ID_CARD)
    button = phone.locator("a.tt-primary")
    expect(button).to_have_count(1)
    expect(button).to_contain_text("rồi đến trực tiếp")
    said = phone.locator(".tt-action .tt-visit")
    expect(said).to_contain_text("Nộp trực tuyến không thay được việc đến trực tiếp")
    assert said.bounding_box()["y"] < button.bounding_box()["y"]  # type: ignore[index]
    expect(phone.locator(".tt-action")).not_to_contain_text("có thể vẫn phải đến cơ quan")


def test_no_list_of_optional_papers_is_introduced_as_required(phone: Page, base_url: str) -> None:
    phone.goto(base_url + ID_CARD)
    lead = phone.locator("#tt-checklist > p").first
    expect(lead).to_contain_text("Không có giấy tờ bắt buộc.")
    expect(lead).not_to_contain_text("Chuẩn bị đủ")
    expect(phone.locator(".tt-doclist .tt-doc__count")).to_contain_text("Không bắt buộc")


def test_the_criminal_record_page_does_not_say_no_visit_beside_handing_it_in(phone: Page, base_url: str) -> None:
    phone.goto(base_url + CRIMINAL_RECORD)
    action = phone.locator(".tt-action")
    expect(action).to_contain_text("Nộp trực tiếp tại Phòng Hồ sơ nghiệp vụ")
    expect(action).to_contain_text("không cần đến cơ quan")
    expect(action).not_to_contain_text("không phải đến cơ quan")


def test_a_choice_is_one_numbered_step_with_its_options(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "su-kien/chuyen-noi-o/")
    steps = phone.locator("ol.tt-journey > li")
    expect(steps).to_have_count(2)
    first = steps.nth(0)
    expect(first.get_by_role("heading", level=3)).to_have_text("Bước 1 Một trong các thủ tục sau")
    options = first.locator(".tt-journey__option")
    expect(options).to_have_count(2)
    expect(options.nth(0).get_by_role("heading", level=4)).to_have_text("Đăng ký tạm trú")
    expect(options.nth(1)).to_contain_text("hoặc")
    expect(options.nth(1).get_by_role("heading", level=4)).to_have_text("Đăng ký thường trú")
    expect(steps.nth(1).get_by_role("heading", level=3)).to_have_text("Bước 2 Xác nhận thông tin về cư trú")
    options.nth(1).get_by_role("link", name="Đăng ký thường trú").click()
    part = phone.locator(".tt-part-of__journey").filter(has_text="Chuyển đến nơi ở mới")
    expect(part).to_contain_text("bước 1/2, chỉ cần làm một trong 2 thủ tục")
    expect(part).to_contain_text("Thay vào đó có thể chọn: Đăng ký tạm trú")
