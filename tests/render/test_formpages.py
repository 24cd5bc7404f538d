"""A form's page in the built site: its four shapes, the official file, and nothing empty."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from generator.build import build

from ..conftest import MakeProject, docx_bytes


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
    assert len(cells) == 4 * 6  # item 11, a table of 4 blank rows and 6 columns
    for control in set(controls) - cells:
        assert f'<label for="{control}"' in article, control
    assert 'aria-label="Họ, chữ đệm và tên, dòng 1"' in article  # a cell is named by its column and row
    assert 'autocomplete="name"' in article and 'autocomplete="bday"' in article  # WCAG 1.3.5


@pytest.mark.slow
def test_form_with_only_an_official_file_offers_that_file_alone(make_project: MakeProject) -> None:
    payload = docx_bytes("official template")
    form = "id: CT03\ntitle: Phiếu khai báo tạm vắng\nsource: Thông tư 66/2023/TT-BCA\nfile: CT03.docx\n"
    project = make_project({"forms/CT03.yaml": form, "forms/CT03.docx": payload})
    build(project)
    folder = project / "site" / "bieu-mau" / "CT03"
    assert sorted(p.name for p in folder.iterdir()) == ["CT03.docx", "index.html"]
    assert (folder / "CT03.docx").read_bytes() == payload
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert _links(html) == {"CT03.docx": "Mẫu chính thức (DOCX, 1 KB)"}
    assert "Nội dung cần khai" not in _article(html) and "Điền trực tuyến" not in _article(html)


@pytest.mark.slow
def test_form_with_fields_and_an_official_file_offers_both(make_project: MakeProject) -> None:
    payload = b"%PDF-1.4 official\n"
    form = (
        "id: CT01\ntitle: Tờ khai thay đổi thông tin cư trú\nfile: CT01.pdf\nfields:\n"
        '  - {type: text, id: ho_ten, label: "1. Họ, chữ đệm và tên", required: true}\n'
    )
    project = make_project({"forms/CT01.yaml": form, "forms/CT01.pdf": payload})
    build(project)
    folder = project / "site" / "bieu-mau" / "CT01"
    assert (folder / "CT01.pdf").read_bytes() == payload
    links = _links((folder / "index.html").read_text(encoding="utf-8"))
    assert links["CT01.pdf"] == "Mẫu chính thức (PDF, 1 KB)"
    assert {"CT01-mau-in.pdf", "CT01-dien-tren-may.pdf", "CT01-mau-word.docx", "dien-truc-tuyen/"} <= set(links)
