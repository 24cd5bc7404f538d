"""Form files made from a form's fields: the printable PDF, the fillable PDF and the Word file."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from generator import urls
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.records import Form, FormField
from generator.model.texts import Texts
from generator.paper.forms import column_widths, pdf_jobs, rows, title_parts
from generator.paper.word import word_form
from generator.pdf.jobs import PrintProfile, RenderedPdf
from generator.pdf.pool import render_pdfs

from ..conftest import BASE, ROOT

# Every kind of field, as editors write them.
FORM = """\
id: CT01
title: Tờ khai thay đổi thông tin cư trú
source: Thông tư 66/2023/TT-BCA
fields:
  - {type: text, id: kinh_gui, label: Kính gửi, required: true}
  - {type: text, id: ho_ten, label: "1. Họ, chữ đệm và tên", required: true}
  - {type: date, id: ngay_sinh, label: "2. Ngày, tháng, năm sinh", required: true}
  - {type: choice, id: gioi_tinh, label: "3. Giới tính", options: [Nam, Nữ], required: true}
  - {type: digits, id: so_dinh_danh, label: "4. Số định danh cá nhân", length: 12, required: true}
  - {type: section, label: Nội dung đề nghị}
  - {type: textarea, id: noi_dung_de_nghi, label: "5. Nội dung đề nghị", lines: 4, required: true}
  - {type: checkbox, id: cung_thay_doi, label: "6. Có thành viên trong hộ cùng thay đổi"}
  - type: table
    id: thanh_vien
    label: "7. Những thành viên trong hộ gia đình cùng thay đổi"
    columns: [TT, "Họ, chữ đệm và tên", "Ngày, tháng, năm sinh", Giới tính, Số định danh cá nhân,
              Mối quan hệ với chủ hộ]
    rows: 3
  - {type: signature, label: Ý kiến của chủ hộ}
  - {type: signature, label: Người kê khai}
"""
COLUMNS = (
    "TT",
    "Họ, chữ đệm và tên",
    "Ngày, tháng, năm sinh",
    "Giới tính",
    "Số định danh cá nhân",
    "Mối quan hệ với chủ hộ",
)
CELLS = {f"thanh_vien_{row}_{column}" for row in (1, 2, 3) for column in range(1, 7)}
IDS = {"kinh_gui", "ho_ten", "ngay_sinh", "gioi_tinh", "so_dinh_danh", "noi_dung_de_nghi", "cung_thay_doi"} | CELLS
NATIONAL_TITLE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("forms") / "project"
    shutil.copytree(BASE, folder)
    shutil.copytree(ROOT / "templates", folder / "templates")
    (folder / "forms" / "CT01.yaml").write_text(FORM, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def catalogue(project: Path) -> Catalogue:
    return load_catalogue(project)


@pytest.fixture(scope="module")
def strings() -> Texts:
    return load_texts(ROOT / "templates")


@pytest.fixture(scope="module")
def pdfs(project: Path, catalogue: Catalogue, strings: Texts) -> dict[str, RenderedPdf]:
    return render_pdfs(project, pdf_jobs(catalogue, strings), PrintProfile(), workers=1)


def _reader(pdfs: dict[str, RenderedPdf], url: str) -> PdfReader:
    return PdfReader(pdfs[url].file)


def test_every_form_with_fields_gets_a_printable_and_a_fillable_pdf(catalogue: Catalogue, strings: Texts) -> None:
    jobs = {job.path: job for job in pdf_jobs(catalogue, strings)}
    form = catalogue.forms_by_id["CT01"]
    assert set(jobs) == {"bieu-mau/CT01/CT01-mau-in.pdf", "bieu-mau/CT01/CT01-dien-tren-may.pdf"}
    assert not jobs[urls.form_printable(form)].forms
    assert jobs[urls.form_fillable(form)].forms


def test_fillable_pdf_has_exactly_the_forms_fields_named_and_typed(pdfs: dict[str, RenderedPdf]) -> None:
    fields = _reader(pdfs, "bieu-mau/CT01/CT01-dien-tren-may.pdf").get_fields() or {}
    assert set(fields) == IDS
    kinds = {name: (field.get("/FT"), field.get("/Ff", 0)) for name, field in fields.items()}
    assert kinds["ho_ten"] == ("/Tx", 0)
    assert kinds["ngay_sinh"] == ("/Tx", 0)
    assert kinds["so_dinh_danh"] == ("/Tx", 0)
    assert kinds["noi_dung_de_nghi"] == ("/Tx", 1 << 12)  # multiline
    assert kinds["gioi_tinh"] == ("/Btn", (1 << 14) + (1 << 15))  # tick boxes: one of them (radio)
    assert kinds["cung_thay_doi"][0] == "/Btn"
    assert list(fields["gioi_tinh"]["/Opt"]) == ["Nam", "Nữ"]
    # The accessible name screen readers announce is the printed label, without its colon; each tick
    # box of a choice says its question and its option; each cell of a table its column and row.
    assert fields["ho_ten"]["/TU"] == "1. Họ, chữ đệm và tên"
    assert fields["gioi_tinh"]["/TU"] == "3. Giới tính"
    boxes = [kid.get_object()["/Contents"] for kid in fields["gioi_tinh"]["/Kids"]]
    assert boxes == ["3. Giới tính: Nam", "3. Giới tính: Nữ"]
    root: Any = _reader(pdfs, "bieu-mau/CT01/CT01-dien-tren-may.pdf").trailer["/Root"]
    form_fields = root["/AcroForm"]["/Fields"]
    unnamed = [field for field in form_fields if "/T" not in field.get_object()]
    assert not unnamed, "the tick boxes are listed under their group only, never as fields without a name"
    assert fields["thanh_vien_2_3"]["/TU"] == "Ngày, tháng, năm sinh, dòng 2"
    assert kinds["thanh_vien_1_1"] == ("/Tx", 0)
    assert fields["cung_thay_doi"]["/TU"] == "6. Có thành viên trong hộ cùng thay đổi"
    # Fields hold their font whole; the cut of Liberation Serif keeps the PDF small.
    fillable = pdfs["bieu-mau/CT01/CT01-dien-tren-may.pdf"]
    fonts = subprocess.run(["pdffonts", str(fillable.file)], capture_output=True, text=True, check=True).stdout
    assert "Form-Serif" in fonts and fillable.size < 100_000
    page = _reader(pdfs, "bieu-mau/CT01/CT01-dien-tren-may.pdf").pages[0]
    widgets = {a.get_object().get("/T"): a.get_object() for a in page.annotations or ()}
    assert widgets["so_dinh_danh"]["/MaxLen"] == 12


def test_printable_pdf_is_an_a4_form_with_embedded_fonts_and_the_national_title(
    pdfs: dict[str, RenderedPdf],
) -> None:
    pdf = pdfs["bieu-mau/CT01/CT01-mau-in.pdf"]
    reader = PdfReader(pdf.file)
    assert not reader.get_fields()
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]
    fonts = subprocess.run(["pdffonts", str(pdf.file)], capture_output=True, text=True, check=True).stdout
    families = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert families and all("Liberation-Serif" in name for name in families)
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # embedded
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf.file), "-"], capture_output=True, text=True, check=True
    ).stdout
    for part in (
        *NATIONAL_TITLE,
        "Mẫu CT01",
        "Ban hành kèm theo Thông tư 66/2023/TT-BCA",
        "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ",
        "Kính gửi:",
        "1. Họ, chữ đệm và tên:",
        "Nam",
        "Nữ",
        "NGƯỜI KÊ KHAI",
        "Ý KIẾN CỦA CHỦ HỘ",
        "(Ký, ghi rõ họ tên)",
        "ngày …… tháng …… năm",
    ):
        assert part in text, part
    # The national title is centred above the title; the symbol sits to its right.
    table = text.split("7. Những thành viên trong hộ gia đình cùng thay đổi:")[1]
    heads = " ".join(table.split()[:20])  # the table's headings, side by side (on two lines each)
    assert all(column.split()[0] in heads for column in COLUMNS), heads
    lines = text.splitlines()
    nation = next(line for line in lines if NATIONAL_TITLE[0] in line)
    symbol = next(line for line in lines if "Mẫu CT01" in line)
    assert symbol.index("Mẫu CT01") > nation.index(NATIONAL_TITLE[0]) + len(NATIONAL_TITLE[0])


def test_forms_stay_a4_when_the_print_profile_is_a5(project: Path, catalogue: Catalogue, strings: Texts) -> None:
    jobs = [job for job in pdf_jobs(catalogue, strings) if job.path.endswith("mau-in.pdf")]
    pdfs = render_pdfs(project, jobs, PrintProfile(paper="A5", bleed=True), workers=1)
    page = PdfReader(pdfs[jobs[0].path].file).pages[0]
    assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]


def test_the_same_form_gives_the_same_jobs_so_its_pdfs_come_from_the_cache(
    catalogue: Catalogue, strings: Texts
) -> None:
    assert pdf_jobs(catalogue, strings) == pdf_jobs(catalogue, strings)


def test_word_file_opens_and_holds_every_label_in_times_new_roman_on_a4(catalogue: Catalogue, strings: Texts) -> None:
    form = catalogue.forms_by_id["CT01"]
    data = word_form(form, strings, "Công an tỉnh Kon Tum")
    assert data == word_form(form, strings, "Công an tỉnh Kon Tum")  # reproducible
    document = docx.Document(io.BytesIO(data))
    cells = [p.text for t in document.tables for c in t.rows[0].cells for p in c.paragraphs]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    for item in form.fields or ():
        assert item.label.upper() in text if item.type == "signature" else item.label in text
    for part in (*NATIONAL_TITLE, "Mẫu CT01", "TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ", "□ Nam", "(Ký, ghi rõ họ tên)"):
        assert part in text, part
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 13)
    assert document.core_properties.title == form.title
    digits = next(t for t in document.tables if "4. Số định danh cá nhân" in t.rows[0].cells[0].text)
    assert len(digits.rows[0].cells) == 1 + 12
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    assert tuple(c.text for c in grid.rows[0].cells) == COLUMNS
    assert len(grid.rows) == 1 + 3 and all(not c.text for row in grid.rows[1:] for c in row.cells)
    assert grid.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # a heading row


def test_signatures_side_by_side_form_one_row() -> None:
    fields = [
        FormField(type="text", id="ho_ten", label="Họ và tên"),
        FormField(type="signature", label="Ý kiến của chủ hộ"),
        FormField(type="signature", label="Người kê khai"),
    ]
    laid_out = rows(fields)
    assert [row.field for row in laid_out[:1]] == fields[:1]
    assert laid_out[1].signatures == tuple(fields[1:])
    assert len(laid_out) == 2


def test_a_bracketed_note_ending_the_title_goes_on_its_own_line() -> None:
    assert title_parts("Tờ khai thay đổi thông tin cư trú (dùng cho người Việt Nam định cư ở nước ngoài)") == (
        "Tờ khai thay đổi thông tin cư trú",
        "(Dùng cho người Việt Nam định cư ở nước ngoài)",
    )
    assert title_parts("Tờ khai căn cước") == ("Tờ khai căn cước", "")
    assert title_parts("(Ghi chú)") == ("(Ghi chú)", "")


def test_a_title_longer_than_words_properties_allow_still_makes_a_word_file(
    catalogue: Catalogue, strings: Texts
) -> None:
    """Word keeps at most 255 characters in a document property; the document keeps the whole title."""
    form = catalogue.forms_by_id["CT01"]
    long = form.model_copy(update={"title": "Tờ khai thay đổi thông tin cư trú " * 12})
    document = docx.Document(io.BytesIO(word_form(long, strings, "Công an tỉnh Kon Tum")))
    title = document.core_properties.title
    assert len(title) <= 255 and title.endswith("…") and long.title.startswith(title[:-1])
    assert long.title.strip().upper() in "\n".join(p.text for p in document.paragraphs).replace("\n", " ")


def test_a_table_needs_columns_and_only_a_table_has_them() -> None:
    table = FormField(type="table", id="thanh_vien", label="Thành viên")
    assert [message for _, message in table.rule_problems()] == [
        "missing; a table lists the headings of its columns, e.g. [Họ và tên, Ngày sinh]"
    ]
    text = FormField(type="text", id="ho_ten", label="Họ và tên", columns=("Họ",), rows="2")
    assert {place for place, _ in text.rule_problems()} == {("columns",), ("rows",)}
    wide = FormField(type="table", id="x", label="X", columns=tuple("ABCDEFGHI"), rows="0")
    assert [message for _, message in wide.rule_problems()] == [
        "a printed table holds at most 8 columns on A4",
        "must be between 1 and 30",
    ]


# A table whose columns say what goes in them (CT01's item 11, as forms/CT01.yaml writes it).
MEMBERS = FormField(
    type="table",
    id="thanh_vien",
    label="11. Những thành viên trong hộ gia đình cùng thay đổi",
    columns=(
        {"label": "TT", "type": "number"},
        {"label": "Họ, chữ đệm và tên", "width": "25"},
        {"label": "Ngày, tháng, năm sinh", "type": "date"},
        {"label": "Giới tính", "type": "choice", "options": ["Nam", "Nữ"]},
        {"label": "Số định danh cá nhân", "type": "digits", "length": "12"},
        {"label": "Mối quan hệ với chủ hộ", "width": "10"},
    ),
)


def test_a_column_is_a_heading_or_says_what_goes_in_it() -> None:
    plain = FormField(type="table", id="thanh_vien", label="Thành viên", columns=("Họ và tên", "Ngày sinh"))
    assert [(c.label, c.type) for c in plain.columns or ()] == [("Họ và tên", "text"), ("Ngày sinh", "text")]
    assert [(c.label, c.type) for c in MEMBERS.columns or ()] == [
        ("TT", "number"),
        ("Họ, chữ đệm và tên", "text"),
        ("Ngày, tháng, năm sinh", "date"),
        ("Giới tính", "choice"),
        ("Số định danh cá nhân", "digits"),
        ("Mối quan hệ với chủ hộ", "text"),
    ]
    assert not list(MEMBERS.rule_problems())
    assert not [problem for column in MEMBERS.columns or () for problem in column.rule_problems()]


def test_columns_are_as_wide_as_what_goes_in_them() -> None:
    shares = dict(zip(COLUMNS, column_widths(MEMBERS), strict=True))
    assert sum(shares.values()) == pytest.approx(100, abs=0.05)
    assert max(shares, key=shares.__getitem__) == "Họ, chữ đệm và tên"
    assert min(shares, key=shares.__getitem__) == "TT"
    mm = {column: share * 1.7 for column, share in shares.items()}  # of the 170 mm an A4 form's text takes
    assert mm["Họ, chữ đệm và tên"] > 50 and mm["TT"] < 10  # a full name on one line; a row's number
    assert mm["Số định danh cá nhân"] > mm["Ngày, tháng, năm sinh"]  # 12 digits, then dd/mm/yyyy
    assert mm["Giới tính"] > 25  # □ Nam  □ Nữ side by side


def test_a_narrow_column_is_never_narrower_than_its_headings_longest_word() -> None:
    table = FormField(
        type="table",
        id="x",
        label="Phương tiện",
        columns=({"label": "Biển kiểm soát", "width": "2"}, {"label": "Ghi chú", "width": "60"}),
    )
    narrow, _ = column_widths(table)
    chars = (len("kiểm soát") / 2 + 2) / (len("kiểm soát") / 2 + 2 + 60 + 2)  # "kiểm", bold, with its room
    assert narrow / 100 >= chars * 0.99


def test_plain_headings_keep_their_width_from_the_heading() -> None:
    old = FormField(type="table", id="x", label="X", columns=COLUMNS)
    shares = dict(zip(COLUMNS, column_widths(old), strict=True))
    assert shares["TT"] < shares["Giới tính"] < shares["Mối quan hệ với chủ hộ"]


def test_word_table_numbers_its_rows_and_ticks_its_choices(strings: Texts) -> None:
    form = Form(id="CT01", title="Tờ khai thay đổi thông tin cư trú", fields=(MEMBERS,))
    document = docx.Document(io.BytesIO(word_form(form, strings, "Công an tỉnh Kon Tum")))
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "TT")
    assert [row.cells[0].text for row in grid.rows[1:]] == ["1", "2", "3", "4"]
    assert {row.cells[3].text for row in grid.rows[1:]} == {"□ Nam  □ Nữ"}
    assert all(not row.cells[1].text for row in grid.rows[1:])
    widths = [column.width for column in grid.columns]
    assert widths[1] == max(widths) and widths[0] == min(widths)


def test_pdfs_number_the_rows_tick_the_choices_and_give_each_cell_its_field(
    project: Path, catalogue: Catalogue, strings: Texts
) -> None:
    form = Form(id="CT01", title="Tờ khai thay đổi thông tin cư trú", fields=(MEMBERS,))
    typed = dataclasses.replace(catalogue, forms=(form,))
    jobs = pdf_jobs(typed, strings)
    printable, fillable = (jobs[0], jobs[1]) if not jobs[0].forms else (jobs[1], jobs[0])
    assert '<td class="cell--number">3</td>' in printable.html
    assert printable.html.count('<span class="tick"></span>Nam') == 4
    pdfs = render_pdfs(project, [fillable], PrintProfile(), workers=1)
    fields = PdfReader(pdfs[fillable.path].file).get_fields() or {}
    assert not any(name.endswith("_1") for name in fields), "the order column is printed, not filled in"
    sex = fields["thanh_vien_2_4"]
    assert sex["/FT"] == "/Btn" and list(sex["/Opt"]) == ["Nam", "Nữ"] and sex["/TU"] == "Giới tính, dòng 2"
    assert fields["thanh_vien_2_3"]["/TU"] == "Ngày, tháng, năm sinh, dòng 2"
