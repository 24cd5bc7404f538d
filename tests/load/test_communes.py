"""The province's commune conversion table (extra.catalogue.communes_table): read, checked, and true to the
facts of Resolution 1677/NQ-UBTVQH15 in the sample's table for Quảng Ngãi."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.communes import parse_table
from generator.load.settings import load_settings
from generator.model.communes import CommuneTable
from generator.problems import CatalogueError

from ..conftest import ROOT, MakeProject, Pip

sys.path.insert(0, str(ROOT / "scripts"))
import commune_table
from commune_table import PACKAGE

from ..where_fixture import AGENCIES, COMMUNES, HEADER, TABLE, settings_with


def _table(text: str = TABLE) -> CommuneTable:
    table, problems = parse_table(text, "communes/thu.csv")
    assert not problems and table is not None
    return table


def _problems(text: str) -> list[str]:
    table, problems = parse_table(text, "communes/thu.csv")
    assert table is None
    return [str(problem) for problem in problems]


def test_a_table_gives_every_unit_after_and_every_unit_before_with_its_district() -> None:
    table = _table()
    assert [(c.code, c.name) for c in table.communes] == [("00100", "Phường Thử"), ("00200", "Xã An Bình")]
    assert [(o.code, o.name, o.district) for o in table.old] == [
        ("00101", "Phường Một", "Thành phố Thử"),
        ("00102", "Xã Đăk Long", "Thành phố Thử"),
        ("00201", "Xã Đắk Long", "Huyện Núi"),
        ("00202", "Xã Chia", "Huyện Núi"),
        ("00203", "Xã Hai", "Huyện Núi"),
    ]
    assert [district for _, district, _ in table.districts()] == ["Thành phố Thử", "Huyện Núi"]
    one = table.old[0]
    assert not one.split and one.answer is not None and one.answer.to.name == "Phường Thử"
    assert table.communes[0].anchor == "cong-an-phuong-thu"
    assert table.commune("Công an  phường Thử") == table.communes[0]


def test_a_divided_commune_goes_to_each_unit_unless_the_note_names_the_one_with_all_residents() -> None:
    table = _table()
    divided = next(old for old in table.old if old.name == "Xã Chia")
    assert divided.split and divided.answer is None, "each unit is shown, with its note"
    assert [(move.to.name, move.note) for move in divided.moves] == [
        ("Xã An Bình", "Nhập một phần"),
        ("Phường Thử", "Nhập một phần"),
    ]
    residents = next(old for old in table.old if old.name == "Xã Hai")
    assert residents.split and residents.answer is not None and residents.answer.to.name == "Xã An Bình"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ma,ten\n1,2\n",
            "communes/thu.csv:1:1: the first row names the columns; missing: new_code, new_name, old_code, "
            "old_name, old_district, old_province (found: ma, ten); "
            "write: new_code,new_name,old_code,old_name,old_district,old_province,note",
        ),
        (HEADER, "communes/thu.csv:1:1: has no rows: one row for each old unit and the new unit it went to"),
        (
            HEADER + '00100,"Phường Thử,00101\n',
            "communes/thu.csv:2:1: cannot be read as a CSV table here (unexpected end of data); "
            "save it as CSV (comma-separated) in UTF-8",
        ),
        (
            HEADER + "00100," + "x" * 200_000 + "\n",
            "communes/thu.csv:2:1: cannot be read as a CSV table here (field larger than field limit (131072)); "
            "save it as CSV (comma-separated) in UTF-8",
        ),
        (
            HEADER + "00100,Phường Thử,00101,,Thành phố Thử,Tỉnh Thử Nghiệm,\n",
            "communes/thu.csv:2:4: old_name: is empty; every row needs the new unit's code and name and the old "
            "unit's name, district and province",
        ),
        (
            HEADER + "A100,Phường Thử,00101,Phường Một,Thành phố Thử,Tỉnh Thử Nghiệm,\n",
            'communes/thu.csv:2:1: new_code: "A100" is not a code of digits (such as 23473)',
        ),
        (
            HEADER + "00100,Huyện Thử,00101,Phường Một,Thành phố Thử,Tỉnh Thử Nghiệm,\n",
            'communes/thu.csv:2:2: new_name: "Huyện Thử" does not begin with Xã, Phường or Đặc khu',
        ),
        (
            TABLE + "00100,Phường Khác,00109,Phường Chín,Thành phố Thử,Tỉnh Thử Nghiệm,\n",
            'communes/thu.csv:9:2: new_name: code 00100 is "Phường Thử" on an earlier row; one code, one name',
        ),
        (
            TABLE + "00300,Phường Thử,00109,Phường Chín,Thành phố Thử,Tỉnh Thử Nghiệm,\n",
            'communes/thu.csv:9:2: new_name: "Phường Thử" has two codes: 00100 and 00300',
        ),
        (
            TABLE + "00300,Xã Ba,00101,Xã Một,Huyện Núi,Tỉnh Núi,\n",
            'communes/thu.csv:9:3: old_code: 00101 is "Phường Một, Thành phố Thử" on row 2; an old code names '
            "one old unit (keep old and new codes apart)",
        ),
        (
            TABLE + "00100,Phường Thử,00101,Phường Một,Thành phố Thử,Tỉnh Thử Nghiệm,\n",
            'communes/thu.csv:9:1: new_code: "Phường Một" already goes to Phường Thử on an earlier row',
        ),
    ],
)
def test_a_bad_table_says_which_row_and_column(text: str, message: str) -> None:
    assert message in _problems(text)


def test_the_settings_name_a_table_in_communes(make_project: MakeProject) -> None:
    project = make_project({"mkdocs.yml": settings_with(COMMUNES), "communes/thu.csv": TABLE})
    table = load_catalogue(project).commune_table
    assert table is not None and len(table.old) == 5


@pytest.mark.parametrize(
    ("name", "files", "message"),
    [
        ("../mkdocs.yml", {}, '"../mkdocs.yml" is not a .csv file in communes/; write such as communes/quang-ngai.csv'),
        ("/etc/passwd.csv", {}, "is not a .csv file in communes/"),
        ("communes/khac.csv", {}, "communes/khac.csv is not found; put the table there or correct the name"),
        ("communes/thu.csv", {"communes/thu.csv": b"\xff\xfe"}, "is saved as UTF-16; save it as UTF-8"),
    ],
)
def test_a_table_that_cannot_be_read_is_a_problem(
    make_project: MakeProject, name: str, files: dict[str, str | bytes | None], message: str
) -> None:
    settings = AGENCIES + f"    communes_table: {name}\n"
    project = make_project({"mkdocs.yml": settings_with(settings), **files})
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(project)
    assert message in str(caught.value)


def test_commune_police_must_serve_a_unit_of_the_table(make_project: MakeProject) -> None:
    settings = COMMUNES.replace("Công an xã An Bình", "Công an xã An Binh")
    project = make_project({"mkdocs.yml": settings_with(settings), "communes/thu.csv": TABLE})
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(project)
    assert (
        'extra.catalogue.communes[1].name: "Công an xã An Binh" serves no unit of communes/thu.csv; name it '
        '"Công an " and the unit as the table writes it (such as "Công an phường Thử")'
    ) in str(caught.value)


# -- the sample's table: Quảng Ngãi, Resolution 1677/NQ-UBTVQH15 ---------------------------------------------


@pytest.fixture(scope="module")
def quang_ngai() -> CommuneTable:
    table, problems = parse_table((ROOT / "communes" / "quang-ngai.csv").read_text("utf-8"), "communes/quang-ngai.csv")
    assert not problems and table is not None
    return table


def test_quang_ngai_has_96_units_from_273_old_ones(quang_ngai: CommuneTable) -> None:
    kinds = Counter(commune.name.split()[0] for commune in quang_ngai.communes)
    assert kinds == {"Xã": 86, "Phường": 9, "Đặc": 1}
    provinces = Counter(old.province for old in quang_ngai.old)
    assert provinces == {"Tỉnh Quảng Ngãi": 171, "Tỉnh Kon Tum": 102}


def test_kon_tum_s_102_communes_became_40_none_divided(quang_ngai: CommuneTable) -> None:
    kon_tum = [old for old in quang_ngai.old if old.province == "Tỉnh Kon Tum"]
    assert len({move.to.code for old in kon_tum for move in old.moves}) == 40
    assert not [old.name for old in kon_tum if old.split]


def _went(table: CommuneTable, name: str, district: str) -> list[str]:
    return [m.to.name for o in table.old if (o.name, o.district) == (name, district) for m in o.moves]


def test_quang_ngai_facts(quang_ngai: CommuneTable) -> None:
    assert _went(quang_ngai, "Thị trấn Măng Đen", "Huyện Kon Plông") == ["Xã Măng Đen"]
    assert _went(quang_ngai, "Xã Đăk Hà", "Huyện Tu Mơ Rông") == ["Xã Tu Mơ Rông"]
    assert _went(quang_ngai, "Thị trấn Đăk Hà", "Huyện Đăk Hà") == ["Xã Đăk Hà"]
    assert _went(quang_ngai, "Xã Mô Rai", "Huyện Sa Thầy") == ["Xã Mô Rai"]
    assert _went(quang_ngai, "Thị trấn Plei Kần", "Huyện Ngọc Hồi") == ["Xã Bờ Y"]
    assert _went(quang_ngai, "Phường Quang Trung", "Thành phố Kon Tum") == ["Phường Kon Tum"]
    assert _went(quang_ngai, "Xã Trà Bùi", "Huyện Trà Bồng") == ["Xã Cà Đam", "Xã Tây Trà Bồng"]
    long_ = [(o.district, o.moves[0].to.name) for o in quang_ngai.old if o.name == "Xã Đăk Long"]
    assert long_ == [("Huyện Đắk Glei", "Xã Đăk Long"), ("Huyện Đăk Hà", "Xã Đăk Pxi")], "one name, two districts"


def test_old_and_new_codes_are_kept_apart(quang_ngai: CommuneTable) -> None:
    """Xã Đăk Long of huyện Đăk Hà had 23504, which is now xã Đăk Pxi's code: codes are read in their own list."""
    rows = list(csv.DictReader((ROOT / "communes" / "quang-ngai.csv").open(encoding="utf-8")))
    reused = [r for r in rows if r["old_code"] == "23504"]
    assert [(r["old_name"], r["new_code"], r["new_name"]) for r in reused] == [("Xã Đăk Long", "23504", "Xã Đăk Pxi")]
    assert next(c for c in quang_ngai.communes if c.code == "23504").name == "Xã Đăk Pxi"


def test_the_sample_describes_the_police_of_every_unit(quang_ngai: CommuneTable) -> None:
    _, settings, _ = load_settings(ROOT)
    assert settings.communes_table == "communes/quang-ngai.csv"
    served = [quang_ngai.commune(office.name) for office in settings.communes]
    assert None not in served
    assert {c.code for c in served if c} == {c.code for c in quang_ngai.communes}
    assert len(settings.communes) == 96
    assert all(office.phone and office.phone.startswith("0255 0") for office in settings.communes), "examples"


def test_the_script_makes_the_sample_s_table_again_from_its_package(package_index: Pip, tmp_path: Path) -> None:
    """scripts/commune_table.py, from the pinned wheel of vietnamadminunits, writes communes/quang-ngai.csv byte
    for byte (the wheel is downloaded, never installed)."""
    done = package_index("download", "--no-deps", "--only-binary=:all:", PACKAGE, "-d", str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    wheel = next(tmp_path.glob("vietnamadminunits-*.whl"))
    out = tmp_path / "quang-ngai.csv"
    assert commune_table.main(["--province", "Quảng Ngãi", "--wheel", str(wheel), "--out", str(out)]) == 0
    assert out.read_bytes() == (ROOT / "communes" / "quang-ngai.csv").read_bytes()
