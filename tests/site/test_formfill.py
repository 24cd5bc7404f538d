"""Filling a form in the browser and printing it, and the dossier checklist, in Chromium."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from ..printed import MM, pages_text, print_faults, signatures_alone, words
from .test_accessibility import TAGS

FILL = "bieu-mau/CT01/dien-truc-tuyen/"
PROCEDURE = "thu-tuc/dang-ky-thuong-tru/"
# Browsers block in window.print(); the tests count the calls instead and print with page.pdf().
COUNT_PRINTS = "window.print = function () { window.__prints = (window.__prints || 0) + 1; };"
ANSWERS = {
    "#f-kinh_gui": "Công an phường Quyết Thắng",
    "#f-ho_ten": "Nguyễn Thị Hằng",
    "#f-ngay_sinh": "05/09/1990",
    "#f-so_dinh_danh": "062190001234",
    "#f-so_dien_thoai": "0912345678",
    "#f-noi_dung_de_nghi": "Đăng ký thường trú vào hộ gia đình\nông Nguyễn Văn An",
    "#f-thanh_vien_cung_thay_doi_1_2": "Trần Thị Bích",  # item 11, a table: row 1, column 2
}


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(COUNT_PRINTS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def _sex(page: Page) -> Locator:
    """The applicant's own "Nữ" (item 3), not one of the table's."""
    return page.get_by_role("group", name="3. Giới tính").get_by_label("Nữ", exact=True)


def _fill(page: Page) -> None:
    for selector, value in ANSWERS.items():
        page.fill(selector, value)
    _sex(page).check()


def _prints(page: Page) -> int:
    return int(page.evaluate("window.__prints || 0"))


def _pdf_text(page: Page, tmp_path: Path) -> str:
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4")
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


FORM_SERIF = ("form-serif-400", "form-serif-700", "form-serif-400-italic")


def test_filled_form_prints_what_was_typed_and_nothing_is_sent(page: Page, base_url: str, tmp_path: Path) -> None:
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.method, request.url)))
    page.goto(base_url + FILL, wait_until="networkidle")
    loaded = len(requests)
    _fill(page)
    page.get_by_role("button", name="Kiểm tra và in").click()
    page.wait_for_function("window.__prints === 1")  # once the form's serif is loaded
    expect(page.locator("#tt-fill-status")).to_have_text("Đã kiểm tra xong. Đang mở hộp thoại in.")
    text = _pdf_text(page, tmp_path)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True)
    assert "FormSerif-Regular" in fonts.stdout, "the sheet prints in the project's serif, not the computer's"
    assert page.url == base_url + FILL  # the form went nowhere
    # Filling, checking and printing ask for nothing but the form's serif, fetched once the citizen starts
    # filling in (never with the page: a phone that only reads the form does not pay for it).
    later = [url.removeprefix(base_url) for _, url in requests[loaded:]]
    assert sorted(later) == sorted(f"assets/fonts/{name}.woff2" for name in FORM_SERIF), later
    assert all(method == "GET" and url.startswith(base_url) for method, url in requests), requests
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Mẫu CT01",
        "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        "Công an phường Quyết Thắng",
        "Nguyễn Thị Hằng",
        "05/09/1990",
        "0912345678",
        "ông Nguyễn Văn An",
        "NGƯỜI KÊ KHAI",
        "(Ký, ghi rõ họ tên)",
        "Trần Thị Bích",
        "Số định danh cá nhân",
        "Mối quan hệ với chủ hộ",
    ):
        assert part in text, part
    assert "062190001234" in text.replace(" ", "")  # one digit a box
    for screen_only in ("Kiểm tra và in", "Xóa dữ liệu đã nhập", "bắt buộc", "Ghi theo dạng ngày/tháng/năm"):
        assert screen_only not in text, screen_only
    page.emulate_media(media="print")  # the long answer keeps the paper form's 4 ruled lines of 7 mm
    lines = page.evaluate("getComputedStyle(document.querySelector('[data-for=f-noi_dung_de_nghi]')).minHeight")
    assert float(lines.removesuffix("px")) == pytest.approx(4 * 7 / 25.4 * 96, abs=1)


def test_mistakes_are_listed_announced_and_linked_and_nothing_prints(page: Page, base_url: str) -> None:
    page.goto(base_url + FILL)
    page.fill("#f-ngay_sinh", "31/02/1990")
    page.fill("#f-so_dinh_danh", "06219")
    page.get_by_role("button", name="Kiểm tra và in").click()
    assert _prints(page) == 0
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Cần sửa 6 mục trước khi in:")
    for message in (
        "Chưa điền mục “Kính gửi”.",
        "Chưa điền mục “Họ, chữ đệm và tên”.",
        "Chưa chọn mục “Giới tính”.",
        "Mục “Ngày, tháng, năm sinh”: ghi một ngày có thật",
        "Mục “Số định danh cá nhân”: ghi đủ 12 chữ số",
        "Chưa điền mục “Nội dung đề nghị”.",
    ):
        expect(summary).to_contain_text(message)
    name = page.locator("#f-ho_ten")
    expect(name).to_have_attribute("aria-invalid", "true")
    assert "f-ho_ten-error" in (name.get_attribute("aria-describedby") or "").split()
    expect(page.get_by_role("group", name="3. Giới tính (bắt buộc)")).to_have_attribute(
        "aria-describedby", "f-gioi_tinh-error"
    )
    summary.get_by_role("link", name="Chưa điền mục “Họ, chữ đệm và tên”.").click()
    expect(name).to_be_focused()
    name.fill("Nguyễn Thị Hằng")  # the field's own message goes as soon as it is right
    expect(page.locator("#f-ho_ten-error")).to_be_hidden()
    expect(name).not_to_have_attribute("aria-invalid", "true")


def test_a_draft_is_kept_only_when_asked_and_cleared_on_request(context: BrowserContext, base_url: str) -> None:
    page = context.new_page()
    page.goto(base_url + FILL)
    page.fill("#f-ho_ten", "Nguyễn Thị Hằng")
    page.reload()
    expect(page.locator("#f-ho_ten")).to_have_value("")
    assert page.evaluate("localStorage.getItem('tt-form-CT01')") is None
    remember = page.get_by_label("Ghi nhớ thông tin đã nhập trên máy này để lần sau điền tiếp")
    remember.check()
    _fill(page)
    page.reload()
    for selector, value in ANSWERS.items():
        expect(page.locator(selector)).to_have_value(value)
    expect(_sex(page)).to_be_checked()
    expect(remember).to_be_checked()
    expect(page.locator("#tt-fill-status")).to_have_text("Đã điền lại thông tin bạn nhập lần trước trên máy này.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa dữ liệu đã nhập").last.click()
    expect(page.locator("#f-ho_ten")).to_have_value("")
    expect(page.locator("#tt-fill-status")).to_have_text("Đã xóa mọi thông tin bạn đã nhập.")
    assert page.evaluate("localStorage.getItem('tt-form-CT01')") is None
    page.reload()
    expect(page.locator("#f-ho_ten")).to_have_value("")


def test_without_javascript_the_form_is_filled_and_still_sent_nowhere(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sent: list[str] = []  # navigations, or anything that could carry the answers
    page.goto(base_url + FILL)
    page.on("request", lambda r: sent.append(r.url) if r.is_navigation_request() or "?" in r.url else None)
    expect(page.get_by_role("button", name="Kiểm tra và in")).to_be_hidden()
    for selector, value in ANSWERS.items():
        page.fill(selector, value)
    _sex(page).check()
    page.locator("#f-ho_ten").press("Enter")  # implicit submission of a method="dialog" form
    page.wait_for_timeout(200)
    assert page.url == base_url + FILL and not sent
    expect(page.locator("#f-ho_ten")).to_have_value("Nguyễn Thị Hằng")
    context.close()


def test_fill_page_with_mistakes_shown_passes_axe(page: Page, base_url: str) -> None:
    page.goto(base_url + FILL)
    page.get_by_role("button", name="Kiểm tra và in").click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    assert not results.response["violations"], [v["id"] for v in results.response["violations"]]


def test_checklist_opens_the_chosen_case_and_prints_it_alone(page: Page, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + PROCEDURE)
    groups = page.locator(".tt-docgroup")
    assert groups.count() == 4
    # Under the case chooser every case starts closed (the first case is someone else's papers).
    expect(groups.nth(0)).not_to_have_attribute("open", "")
    expect(page.locator("label[for=hs-2-1]")).to_be_hidden()
    groups.nth(1).locator("summary").click()  # open the second
    groups.nth(1).get_by_text("Tờ khai thay đổi thông tin cư trú").click()  # the label ticks the box
    expect(page.locator("#hs-2-1")).to_be_checked()
    page.get_by_role("button", name="In danh sách giấy tờ").click()
    assert _prints(page) == 1
    page.evaluate("document.documentElement.classList.add('tt-print-checklist')")  # as while the dialog is open
    text = _pdf_text(page, tmp_path)
    case = groups.nth(1).locator("h3").inner_text()
    assert "Đăng ký thường trú" in text and case.split()[0] in text
    assert "Giấy tờ, tài liệu chứng minh quan hệ nhân thân" in text
    for elsewhere in (
        "Trình tự thực hiện",
        "Căn cứ pháp lý",
        "In danh sách giấy tờ",
        groups.nth(0).locator("h3").inner_text(),
    ):
        assert elsewhere not in text, elsewhere


def test_checklist_cases_open_and_tick_without_javascript(browser: Browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PROCEDURE)
    expect(page.locator(".tt-docgroup")).to_have_count(4)
    expect(page.locator("label[for=hs-1-1]")).to_be_hidden()  # every case closed under the chooser
    expect(page.get_by_role("button", name="In danh sách giấy tờ")).to_be_hidden()
    page.locator(".tt-docgroup").nth(0).locator("summary").click()
    expect(page.locator("label[for=hs-1-1]")).to_be_visible()
    page.locator(".tt-docgroup").nth(3).locator("summary").click()
    expect(page.locator("label[for=hs-4-1]")).to_be_visible()
    box = page.locator("#hs-1-1")
    page.locator("label[for=hs-1-1]").click()
    expect(box).to_be_checked()
    context.close()


def test_table_cells_are_named_by_column_and_row(page: Page, base_url: str) -> None:
    page.goto(base_url + FILL)
    cell = page.get_by_label("Ngày, tháng, năm sinh, dòng 2", exact=True)
    expect(cell).to_have_attribute("name", "thanh_vien_cung_thay_doi_2_3")
    group = page.get_by_role("group", name="11. Những thành viên trong hộ gia đình cùng thay đổi")
    expect(group.get_by_role("textbox")).to_have_count(4 * 4)  # name, date, number, relation
    expect(group.get_by_role("radiogroup")).to_have_count(4)  # sex, as tick boxes
    sex = group.get_by_role("radiogroup", name="Giới tính, dòng 3")
    expect(sex.get_by_role("radio")).to_have_count(2)
    expect(sex.get_by_label("Nam", exact=True)).to_have_attribute("name", "thanh_vien_cung_thay_doi_3_4")
    page.emulate_media(media="print")  # on screen each row is a card headed "Dòng 1"; on paper, numbered
    expect(group.get_by_role("rowheader")).to_have_text(["1", "2", "3", "4"])
    page.emulate_media(media="screen")
    number = page.get_by_label("Số định danh cá nhân, dòng 1", exact=True)
    expect(number).to_have_attribute("inputmode", "numeric")
    expect(number).to_have_attribute("maxlength", "12")


def test_on_a_phone_each_table_row_is_a_card_headed_by_its_number(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + FILL)
    row = page.locator(".tt-fill-table tbody tr").nth(1)
    heading = row.evaluate("tr => getComputedStyle(tr, '::before').content")
    assert heading == '"Dòng 2"'
    cell = row.locator("td.tt-cell--date")
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Ngày, tháng, năm sinh"'
    assert row.evaluate("tr => getComputedStyle(tr).display") == "block", "a card, not a row squeezed to 390 px"
    context.close()


# CT01 filled in as a family fills it: long names, 12-digit numbers, several members (item 11).
TABLE = "thanh_vien_cung_thay_doi"
FULL = {
    **ANSWERS,
    "#f-kinh_gui": "Công an phường Quyết Thắng, tỉnh Đồng Nai",
    "#f-ho_ten": "Nguyễn Thị Minh Khai",
    "#f-email": "minhkhai.nguyen@example.com",
    "#f-ho_ten_chu_ho": "Trần Minh Khang",
    "#f-quan_he_chu_ho": "Vợ",
    "#f-so_dinh_danh_chu_ho": "062188004321",
    "#f-noi_dung_de_nghi": "Đăng ký thường trú vào hộ gia đình ông Trần Minh Khang tại số 12 đường Hoa Sữa, "
    "phường Quyết Thắng, cùng hai con và mẹ.",
}
MEMBERS = (
    ("Trần Nguyễn Bảo Ngọc Anh", "30/11/2018", "Nữ", "062318002222", "Con ruột"),
    ("Trần Minh Khang Nguyên", "12/03/2015", "Nam", "062215001111", "Con ruột"),
    ("Nguyễn Thị Minh Khai", "01/01/1960", "Nữ", "062160003333", "Mẹ vợ"),
)
SCREEN_ONLY = (
    "Trang mẫu",
    "là ví dụ",
    "Mỗi dòng một người",
    "Ghi đủ dấu",
    "Kiểm tra và in",
    "Dòng 1",
    "bắt buộc",
    "Chủ hộ ghi rõ ý kiến",
    "Về trang mẫu CT01",
)


def _fill_in_full(page: Page) -> None:
    for selector, value in FULL.items():
        page.fill(selector, value)
    _sex(page).check()
    for row, (name, born, sex, number, relation) in enumerate(MEMBERS, 1):
        page.fill(f"#f-{TABLE}_{row}_2", name)
        page.fill(f"#f-{TABLE}_{row}_3", born)
        page.get_by_role("radiogroup", name=f"Giới tính, dòng {row}").get_by_label(sex, exact=True).check()
        page.fill(f"#f-{TABLE}_{row}_5", number)
        page.fill(f"#f-{TABLE}_{row}_6", relation)


def _print(page: Page, pdf: Path) -> list[str]:
    """Prints the page as the browser does on A4 (page.pdf) and reads it back: the text of each page."""
    page.pdf(path=str(pdf), format="A4")
    return pages_text(pdf)


def test_ct01_filled_in_full_prints_what_was_written_on_one_a4_page(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNT_PRINTS)
    page = context.new_page()
    page.goto(base_url + FILL)
    _fill_in_full(page)
    page.get_by_role("button", name="Kiểm tra và in").click()
    page.wait_for_function("window.__prints === 1")
    pdf = tmp_path / "CT01.pdf"
    pages = _print(page, pdf)
    assert len(pages) == 1, "CT01 is one page, officially"
    text = pages[0]
    for name, born, _, number, relation in MEMBERS:  # whole, each on its row, never cut at a cell's edge
        row = next(line for line in text.splitlines() if number in line)
        assert name in row and born in row and relation in row, row
    assert "NGƯỜI KÊ KHAI" in text and "Nguyễn Thị Minh Khai" in text
    for screen_words in SCREEN_ONLY:
        assert screen_words not in text, screen_words
    assert not print_faults(pdf)
    # The order column is numbered by itself, and a member's sex prints as a ticked box
    numbers = sorted((y0, w) for _, x0, y0, _, _, w in words(pdf) if x0 < 35 * MM and w in {"1", "2", "3", "4"})
    assert [w for _, w in numbers] == ["1", "2", "3", "4"]
    ticked = page.evaluate("""() => { document.documentElement.style.setProperty('color-scheme', 'light');
        return [...document.querySelectorAll('.tt-fill-table input[type=radio]:checked')].map(r => r.value); }""")
    assert ticked == [sex for _, _, sex, _, _ in MEMBERS]
    context.close()


@pytest.mark.parametrize("lines", [4, 6, 8])
def test_the_signatures_are_never_alone_on_a_page(browser: Browser, base_url: str, tmp_path: Path, lines: int) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + FILL)
    _fill_in_full(page)  # a longer request pushes the end of the form over a page
    page.fill(
        "#f-noi_dung_de_nghi", "\n".join(f"Đề nghị thứ {n}: đăng ký thường trú cho thành viên" for n in range(lines))
    )
    pages = _print(page, tmp_path / "CT01.pdf")
    assert not signatures_alone(pages), "the signatures go with what comes before them (the last rows of the table)"
    context.close()


def test_no_form_printed_from_the_browser_leaves_its_signatures_alone(
    page: Page, base_url: str, sample_site: Path, tmp_path: Path
) -> None:
    forms = sorted(folder.parent.name for folder in (sample_site / "bieu-mau").glob("*/dien-truc-tuyen"))
    assert len(forms) >= 9
    alone = {}
    for form in forms:
        page.goto(f"{base_url}bieu-mau/{form}/dien-truc-tuyen/")
        if pages := signatures_alone(_print(page, tmp_path / f"{form}.pdf")):
            alone[form] = pages
    assert not alone, alone


def test_mistakes_in_a_table_are_named_by_column_and_row(page: Page, base_url: str) -> None:
    page.goto(base_url + FILL)
    _fill(page)
    page.fill(f"#f-{TABLE}_2_3", "31/02/2019")
    page.fill(f"#f-{TABLE}_1_5", "06231800")
    page.get_by_role("button", name="Kiểm tra và in").click()
    assert _prints(page) == 0
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading")).to_have_text("Cần sửa 2 mục trước khi in:")
    date = "Mục “Ngày, tháng, năm sinh, dòng 2”: ghi một ngày có thật theo dạng ngày/tháng/năm, ví dụ 25/12/1990."
    digits = "Mục “Số định danh cá nhân, dòng 1”: ghi đủ 12 chữ số, không có dấu cách hay dấu chấm."
    expect(summary.get_by_role("listitem")).to_have_text([digits, date])
    cell = page.get_by_label("Ngày, tháng, năm sinh, dòng 2", exact=True)
    expect(cell).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Ngày, tháng, năm sinh, dòng 1", exact=True)).not_to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name=date).click()
    expect(cell).to_be_focused()
    cell.fill("28/02/2019")
    page.fill(f"#f-{TABLE}_1_5", "062318002222")
    expect(page.locator(f"#f-{TABLE}-error")).to_be_hidden()


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_each_row_of_a_table_is_a_card_whose_boxes_show_what_is_typed(
    browser: Browser, base_url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base_url + FILL)
    _fill_in_full(page)
    for row, (name, born, _, number, _) in enumerate(MEMBERS, 1):
        for column, value in ((2, name), (3, born), (5, number)):
            box = page.locator(f"#f-{TABLE}_{row}_{column}")
            shown = box.evaluate("b => b.scrollWidth <= b.clientWidth")
            assert shown, f"{value!r} is cut at {width} px"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()
