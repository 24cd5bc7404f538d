"""The other shapes (saved HTML, the portal's JSON, the Excel list), the agency table, and the YAML written."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.load.yamlsource import parse
from generator.model.settings import National
from generator.national.agencies import Unmapped, assign
from generator.national.emit import dump
from generator.national.excel import read_list, zip_problem
from generator.national.html import from_html
from generator.national.mapping import from_page
from generator.national.sources import read_sources
from generator.problems import CatalogueError

from ..conftest import MakeProject
from .conftest import NATIONAL


def test_a_saved_page_is_read_by_its_tables_and_its_scripts_are_left_out() -> None:
    page, active = from_html((NATIONAL / "html" / "9.000004.html").read_text(encoding="utf-8"))
    assert active == {}  # the page's own scripts, before the procedure and after it, are not in any section
    assert page.own_code == "9.000004"
    mapped = from_page(page, "9.000004.html", date(2026, 12, 1))
    assert mapped.data["channels"][1] == {
        "method": "online",
        "time": {"value": "3", "unit": "working_days"},
        "fees": [{"name": "Phí, lệ phí", "amount": "25000", "note": "Giảm 50% khi nộp trực tuyến"}],
    }
    assert mapped.data["legal_basis"][1] == {"number": "17/2024/TT-BCA", "title": "Thông tư quy định về mẫu con dấu"}
    assert mapped.data["results"] == ["Giấy xác nhận đăng ký mẫu con dấu"]
    assert all("window" not in str(value) and "submitDossier" not in str(value) for value in mapped.data.values())


@pytest.mark.parametrize(
    "inside",
    [
        '<p onclick="steal()">Bước 2: nộp.</p>',
        '<p><a href=" javascript:steal()">Bước 2</a>: nộp.</p>',
        "<iframe src='https://example.invalid'></iframe><p>Bước 2: nộp.</p>",
    ],
)
def test_code_inside_a_section_is_found(inside: str) -> None:
    page = (NATIONAL / "html" / "9.000004.html").read_text(encoding="utf-8")
    _, active = from_html(page.replace("<p>Bước 2: Cán bộ kiểm tra hồ sơ, nhận con dấu cần cấp lại giấy.</p>", inside))
    assert list(active) == ["trinh_tu_thuc_hien"]


def test_the_portal_json_keeps_its_names_fees_and_cases() -> None:
    found = read_sources([NATIONAL / "portal" / "9.000005.json"], Path.cwd())
    (item,) = found.read
    assert item.page.updated_at == "2026-11-30"  # updatedAt 1795996800000 is 07:00 that day in Vietnam
    mapped = from_page(item.page, item.source, date(2026, 12, 1))
    assert mapped.data["channels"][0]["fees"] == [
        {"name": "Lệ phí đăng ký cư trú", "amount": "15000", "note": "Miễn cho trẻ em, người cao tuổi."}
    ]
    assert mapped.data["documents"][0]["items"][1] == {
        "name": "Giấy tờ chứng minh chỗ ở hợp pháp",
        "copies": "1",
        "required": "false",
    }
    assert mapped.data["requirements"] == ["Có chỗ ở hợp pháp.", "Được chủ hộ đồng ý khi tạm trú vào hộ đã có."]
    assert mapped.agencies[0] == ("Công an cấp Xã",)


def _workbook(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nDANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    agencies = "Công an tỉnh\nCục Cảnh sát quản lý hành chính về trật tự xã hội"
    sheet.append(["9.000001", "Cấp giấy chứng nhận đủ điều kiện", "Bộ Công an", agencies, "Quản lý ngành, nghề"])
    sheet.append(["9.000777", "Thủ tục chưa có trong danh mục (thủ tục thử)", "Bộ Công an", "Công an cấp xã", ""])
    sheet.append([9.0001, "Mã số ghi thành số", "", "", ""])
    book.save(path)


def test_the_excel_list_is_the_offices_checklist(tmp_path: Path) -> None:
    _workbook(tmp_path / "danh-sach.xlsx")
    listed, problems = read_list(tmp_path / "danh-sach.xlsx", "danh-sach.xlsx")
    assert [(item.code, item.agencies) for item in listed] == [
        ("9.000001", ("Công an tỉnh", "Cục Cảnh sát quản lý hành chính về trật tự xã hội")),
        ("9.000777", ("Công an cấp xã",)),
    ]
    assert [str(problem) for problem in problems] == [
        "danh-sach.xlsx:5:1: Mã số: '9.0001' is not a procedure code (write it as text, like 1.004222)"
    ]


def test_the_checklist_says_what_the_list_has_and_the_catalogue_lacks(
    make_project: MakeProject, tmp_path: Path
) -> None:
    from generator.national.importer import Options, run

    from .conftest import TABLE

    project = make_project()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").rstrip("\n") + "\n" + TABLE.strip("\n") + "\n")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "9.000001.json").write_bytes((NATIONAL / "page-sections" / "9.000001.json").read_bytes())
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    sheet.append(["9.000001", "Cấp giấy chứng nhận", "", "", ""])
    sheet.append(["9.000777", "Thủ tục chưa có (thủ tục thử)", "", "", ""])
    book.save(folder / "danh-sach.xlsx")
    report = run(project, [folder], Options(today=date(2026, 12, 1)))
    assert report.missing == [("9.000777", "Thủ tục chưa có (thủ tục thử)")]
    assert report.extra == [("1.004194", "Đăng ký tạm trú")]
    page = (project / "national" / "xem-lai.md").read_text(encoding="utf-8")
    assert "## Có trong danh sách Excel nhưng chưa có thủ tục\n\n- 9.000777 Thủ tục chưa có (thủ tục thử)" in page


def test_an_xlsx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "list.xlsx").write_text("Mã số;Tên\n", encoding="utf-8")
    assert (
        zip_problem(tmp_path / "list.xlsx")
        == "is not an Excel .xlsx file (it is not a zip archive); save the list as .xlsx"
    )


def test_agency_names_compare_without_case_spacing_or_unicode_form() -> None:
    page = read_sources([NATIONAL / "page-sections" / "9.000001.json"], Path.cwd()).read[0].page
    mapped = from_page(page, "9.000001.json", date(2026, 12, 1))
    name = unicodedata.normalize("NFD", "CỤC  Cảnh sát quản lý hành chính về trật tự xã hội")
    table = National.model_validate({"agencies": {name: "Phòng QLHC"}})
    unmapped = Unmapped()
    assign(mapped, table, unmapped)
    assert not unmapped
    assert mapped.data["agency"] == "Phòng QLHC"  # the first name the table maps, though second on the page


def test_what_is_written_reads_back_exactly() -> None:
    data = {
        "code": "1.000080",
        "title": "no",
        "field": "- Hộ tịch: khai sinh # không phải chú thích",
        "levels": ["xa", "tinh"],
        "applicants": ["Công dân Việt Nam", "null", "Tổ chức (không bao gồm doanh nghiệp, HTX)"],
        "steps": ["Dòng một.\n\n+ dòng hai;\n  thụt vào", " bắt đầu bằng khoảng trắng", "x " * 120],
        "channels": [
            {
                "method": "online",
                "time": {"value": "7", "unit": "working_days"},
                "fees": [{"name": "Phí, lệ phí", "amount": "15000", "note": "'trích dẫn' và \"ngoặc\""}],
            }
        ],
        "updated": "2026-12-01",
    }
    text = dump(data, {("channels", 0, "time"): ["XEM LẠI: một ghi chú rất dài " * 8]}, ["Đầu tệp"])
    assert parse(text, "x.yaml").data == data
    assert 'code: "1.000080"' in text and "levels: [xa, tinh]" in text and text.startswith("# Đầu tệp\n")
    assert "time: {value: 7, unit: working_days}" in text


def _settings_problems(project: Path, national: str) -> list[str]:
    from generator.load.settings import load_settings

    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").rstrip("\n") + "\n    agencies:\n"
        "      - {name: Công an cấp xã, per_commune: false}\n" + national,
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as raised:
        load_settings(project)
    return [str(problem) for problem in raised.value.problems]


def test_the_agency_table_must_name_agencies_the_catalogue_describes(make_project: MakeProject) -> None:
    messages = _settings_problems(
        make_project(),
        """    national:
      agencies:
        Công an cấp Xã: Công an cấp xã
        CÔNG AN  CẤP XÃ: Công an cấp xã
        Công an tỉnh: Công an tinh
""",
    )
    assert messages == [
        'mkdocs.yml:25:26: extra.catalogue.national.agencies.CÔNG AN  CẤP XÃ: is the same name as "Công an cấp Xã" '
        "(names are compared without regard to case, spacing or Unicode form); keep one",
        'mkdocs.yml:26:23: extra.catalogue.national.agencies.Công an tỉnh: "Công an tinh" is not an agency described '
        "under agencies; write one of: Công an cấp xã",
    ]


def test_default_agency_is_by_the_levels_of_today(make_project: MakeProject) -> None:
    messages = _settings_problems(
        make_project(), "    national:\n      default_agency:\n        huyen: Công an cấp xã\n"
    )
    assert messages == [
        "mkdocs.yml:24:16: extra.catalogue.national.default_agency.huyen.[key]: expected one of bo, "
        'tinh, xa; got "huyen"'
    ]
