"""A form's page in the built site: its four shapes, the official file, and nothing empty."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from .. import payloads
from ..conftest import Builder, MakeProject, docx_bytes
from ..printed import MM, pages_text, print_faults, signatures_alone


def _article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def _links(html: str) -> dict[str, str]:
    """Link text by href in the page's article (less the line to report a mistake by e-mail, on every page)."""
    found = re.findall(r'<a [^>]*?href="([^"]+)"[^>]*>(.*?)</a>', _article(html), re.S)
    return {href: re.sub(r"<[^>]+>", "", text).strip() for href, text in found if not href.startswith("mailto:")}


def test_form_page_offers_each_shape_with_its_format_and_size(sample_site: Path) -> None:
    folder = sample_site / "bieu-mau" / "CT01"
    links = _links((folder / "index.html").read_text(encoding="utf-8"))
    assert links["dien-truc-tuyen/"] == "Điền trực tuyến rồi in"
    for name, label in (
        ("CT01-mau-in.pdf", "Mẫu để in, viết tay (PDF, {} KB)"),
        ("CT01-dien-tren-may.pdf", "Mẫu điền trên máy tính rồi in (PDF có ô điền, {} KB)"),
        ("CT01-mau-word.docx", "Mẫu Word để soạn thảo (DOCX, {} KB)"),
    ):
        size = (folder / name).stat().st_size
        assert links[name] == label.format(max(1, round(size / 1024))), name
    assert (folder / "CT01-mau-in.pdf").read_bytes().startswith(b"%PDF-")


def test_word_file_in_the_site_opens(sample_site: Path) -> None:
    document = docx.Document(str(sample_site / "bieu-mau" / "TK05" / "TK05-mau-word.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "ĐƠN TRÌNH BÁO MẤT HỘ CHIẾU PHỔ THÔNG" in text
    assert "8. Thời gian, địa điểm bị mất hộ chiếu:" in text


def test_fill_page_has_a_labelled_control_for_every_field_and_no_way_to_send_it(sample_site: Path) -> None:
    html = (sample_site / "bieu-mau" / "CT01" / "dien-truc-tuyen" / "index.html").read_text(encoding="utf-8")
    article = _article(html)
    form = re.search(r"<form [^>]*>", article)
    assert form and 'method="dialog"' in form.group(0) and "action=" not in form.group(0)
    assert "formaction" not in article and 'type="submit"' in article
    scripts = re.findall(r"<script\b[^>]*>", article)
    assert scripts and all("src=" in tag for tag in scripts)  # no inline script (Content Security Policy)
    controls = re.findall(r'<(?:input|textarea)[^>]* id="(f-[a-z_0-9-]+)"', article)
    assert {"f-ho_ten", "f-ngay_sinh", "f-gioi_tinh-1", "f-gioi_tinh-2", "f-so_dinh_danh", "f-noi_dung_de_nghi"} <= set(
        controls
    )
    cells = {c for c in controls if c.startswith("f-thanh_vien_cung_thay_doi_")}
    ticks = {c for c in cells if c.endswith(("-1", "-2"))}  # item 11's column of sex: Nam, Nữ in each row
    assert len(cells - ticks) == 4 * 4 and len(ticks) == 4 * 2  # 4 rows; the order column has no box
    for control in set(controls) - (cells - ticks):
        assert f'<label for="{control}"' in article, control
    assert 'aria-label="Họ, chữ đệm và tên, dòng 1"' in article  # a cell is named by its column and row
    assert 'role="radiogroup" aria-label="Giới tính, dòng 1"' in article
    assert 'autocomplete="name"' in article and 'autocomplete="bday"' in article  # WCAG 1.3.5


def test_form_with_only_an_official_file_offers_that_file_alone(
    make_project: MakeProject, build_project: Builder
) -> None:
    payload = docx_bytes("official template")
    form = "id: CT03\ntitle: Phiếu khai báo tạm vắng\nsource: Thông tư 66/2023/TT-BCA\nfile: CT03.docx\n"
    project = make_project({"forms/CT03.yaml": form, "forms/CT03.docx": payload})
    build_project(project)
    folder = project / "site" / "bieu-mau" / "CT03"
    assert sorted(p.name for p in folder.iterdir()) == ["CT03.docx", "index.html"]
    assert (folder / "CT03.docx").read_bytes() == payload
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert _links(html) == {"CT03.docx": "Mẫu chính thức (DOCX, 1 KB)"}
    assert "Nội dung cần khai" not in _article(html) and "Điền trực tuyến" not in _article(html)


def test_form_with_fields_and_an_official_file_offers_both(make_project: MakeProject, build_project: Builder) -> None:
    payload = payloads.pdf()
    form = (
        "id: CT01\ntitle: Tờ khai thay đổi thông tin cư trú\nfile: CT01.pdf\nfields:\n"
        '  - {type: text, id: ho_ten, label: "1. Họ, chữ đệm và tên", required: true}\n'
    )
    project = make_project({"forms/CT01.yaml": form, "forms/CT01.pdf": payload})
    build_project(project)
    folder = project / "site" / "bieu-mau" / "CT01"
    assert (folder / "CT01.pdf").read_bytes() == payload
    links = _links((folder / "index.html").read_text(encoding="utf-8"))
    assert links["CT01.pdf"] == "Mẫu chính thức (PDF, 1 KB)"
    assert {"CT01-mau-in.pdf", "CT01-dien-tren-may.pdf", "CT01-mau-word.docx", "dien-truc-tuyen/"} <= set(links)


CT01_PDFS = ("CT01-mau-in.pdf", "CT01-dien-tren-may.pdf")


@pytest.mark.parametrize("name", CT01_PDFS)
def test_ct01_prints_on_one_a4_page_with_nothing_run_over_and_no_screen_words(sample_site: Path, name: str) -> None:
    """The faults, read from the PDFs themselves: CT01 is one page officially, so is each PDF of it."""
    pdf = sample_site / "bieu-mau" / "CT01" / name
    pages = pages_text(pdf)
    assert len(pages) == 1, f"{name}: {len(pages)} pages"
    assert not print_faults(pdf)
    text = pages[0]
    for shown in ("Trang mẫu", "Bản mẫu", "là ví dụ", "Mỗi dòng một người", "Ghi đủ dấu", "Chủ hộ ghi rõ ý kiến"):
        assert shown not in text, shown  # the sample notice and the hints are for the screen
    table = text[text.index("11. Những thành viên") : text.index("NGƯỜI KÊ KHAI")]
    assert table.count("Nam") == 4 and table.count("Nữ") == 4  # a member's sex: tick boxes in each row
    rows = [line.split()[0] for line in table.splitlines()[1:] if line.strip()[:1].isdigit()]
    assert rows == ["1", "2", "3", "4"]  # the order column, numbered by itself


def test_ct01_table_columns_are_as_wide_as_what_goes_in_them(sample_site: Path) -> None:
    """Read from the fillable PDF, whose cells of row 1 are fields as wide as their columns."""
    page = PdfReader(sample_site / "bieu-mau" / "CT01" / "CT01-dien-tren-may.pdf").pages[0]
    width: dict[str, float] = {}
    for annotation in page.annotations or ():
        widget = annotation.get_object()
        field = str(widget.get("/T", ""))
        if field.startswith("thanh_vien_cung_thay_doi_1_"):
            x0, _, x1, _ = (float(v) for v in widget["/Rect"])
            width[field.rsplit("_", 1)[1]] = (x1 - x0) / MM
    name, born, number, relation = width["2"], width["3"], width["5"], width["6"]
    assert name > 50, "a full name (Nguyễn Thị Minh Khai, Trần Nguyễn Bảo Ngọc Anh) fits on one line"
    assert name == max(width.values())
    assert born > 20 and number > 25  # dd/mm/yyyy and 12 digits written by hand
    assert relation > 20
    assert sum(width.values()) < 170 - 9 - 20, "the order column and the tick boxes take the rest"


def test_no_form_pdf_leaves_its_signatures_alone_on_a_page(sample_site: Path) -> None:
    pdfs = sorted((sample_site / "bieu-mau").glob("*/*.pdf"))
    assert len(pdfs) >= 2 * 9
    alone = {pdf.name: pages for pdf in pdfs if (pages := signatures_alone(pages_text(pdf)))}
    assert not alone, alone
