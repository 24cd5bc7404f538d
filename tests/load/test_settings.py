"""Settings that describe agencies: every mistake is a problem with file, line and key; records name known agencies."""

from __future__ import annotations

from datetime import date

import pytest

from generator.cli import main
from generator.load.catalogue import load_catalogue
from generator.problems import CatalogueError

from ..conftest import BASE, MakeProject
from ..where_fixture import AGENCIES, passport_record, settings_with


def _problems(make_project: MakeProject, files: dict[str, str | bytes | None]) -> list[str]:
    project = make_project(files)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(project)
    return [str(problem) for problem in caught.value.problems]


def test_agencies_and_communes_are_read(make_project: MakeProject) -> None:
    project = make_project({"mkdocs.yml": settings_with(), "procedures/ho-chieu.yaml": passport_record()})
    settings = load_catalogue(project).settings
    passport = settings.office("Phòng Quản lý xuất nhập cảnh, Công an tỉnh Thử Nghiệm")
    assert passport is not None
    assert passport.tel == "tel:02000000105"
    assert passport.mailto == "mailto:xuatnhapcanh@congan-thunghiem.example"
    assert settings.agency.tel == "tel:0200000000"
    commune = settings.office("Công an cấp xã")
    assert commune is not None and commune.per_commune and commune.address is None
    assert [c.name for c in settings.communes] == ["Công an phường Thử", "Công an xã An Bình"]
    assert settings.example


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('phone: "0200 0000 105"', 'phone: "0200 0000 105 hoặc 113" is not one telephone number'),
        ("email: xuatnhapcanh@congan-thunghiem.example", 'email: "xuatnhapcanh at congan" is not one e-mail address'),
        ("map: https://www.openstreetmap.org/search?query=Th%E1%BB%AD", "map: expected a web address"),
    ],
)
def test_a_bad_contact_is_a_problem_naming_its_key(make_project: MakeProject, bad: str, message: str) -> None:
    replacement = {
        "phone": 'phone: "0200 0000 105 hoặc 113"',
        "email": "email: xuatnhapcanh at congan",
        "map": "map: http://maps.example/thu",
    }[bad.split(":", maxsplit=1)[0]]
    problems = _problems(make_project, {"mkdocs.yml": settings_with(AGENCIES.replace(bad, replacement))})
    assert len(problems) == 1
    assert problems[0].startswith("mkdocs.yml:")
    assert f"extra.catalogue.agencies[1].{message}" in problems[0]


def test_a_record_naming_an_undescribed_agency_is_a_problem(make_project: MakeProject) -> None:
    record = passport_record().replace("Công an tỉnh Thử Nghiệm\n", "Công an tỉnh Thử Nghệm\n")
    problems = _problems(make_project, {"mkdocs.yml": settings_with(), "procedures/ho-chieu.yaml": record})
    assert len(problems) == 1
    assert problems[0].startswith("procedures/ho-chieu.yaml:5:9: agency: ")
    assert "is not described in mkdocs.yml (extra.catalogue.agencies)" in problems[0]
    assert 'did you mean "Phòng Quản lý xuất nhập cảnh, Công an tỉnh Thử Nghiệm"?' in problems[0]


def test_without_agencies_any_agency_name_is_accepted(make_project: MakeProject) -> None:
    project = make_project({"procedures/ho-chieu.yaml": passport_record()})
    assert len(load_catalogue(project).procedures) == 2


def test_commune_police_without_a_list_and_twice_described_agencies_are_problems(make_project: MakeProject) -> None:
    settings = AGENCIES[: AGENCIES.index("    communes:")] + (
        '      - name: Công an cấp xã\n        phone: "0200 0000 300"\n'
    )
    problems = _problems(make_project, {"mkdocs.yml": settings_with(settings)})
    assert any("agencies[0].per_commune: is true, but communes lists no commune police" in p for p in problems)
    assert any('agencies[2].name: "Công an cấp xã" is already described at agencies[0]' in p for p in problems)


def _district_record(until: str) -> str:
    old = (BASE / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")
    old = old.replace('code: "1.004194"', 'code: "1.004195"').replace("levels: [xa]", "levels: [huyen]")
    return old.replace("updated: 2026-11-20", f"updated: 2025-06-01\neffective_until: {until}")


def test_district_level_is_allowed_for_a_record_that_ended_before_the_two_tiers(make_project: MakeProject) -> None:
    project = make_project({"procedures/cu.yaml": _district_record("2025-06-30")})
    catalogue = load_catalogue(project, date(2026, 11, 30))
    assert [p.code for p in catalogue.procedures] == ["1.004194"], "the old record is not published"


def test_district_level_in_force_on_the_first_day_of_two_tiers_is_a_problem(make_project: MakeProject) -> None:
    problems = _problems(make_project, {"procedures/cu.yaml": _district_record("2025-07-01")})
    assert len(problems) == 1 and "levels[0]: the district level (huyen) no longer exists" in problems[0]


@pytest.mark.parametrize("example", [True, False])
def test_check_warns_while_the_contacts_are_an_example(
    make_project: MakeProject, caplog: pytest.LogCaptureFixture, example: bool
) -> None:
    settings = AGENCIES.replace("example: true", f"example: {str(example).lower()}")
    project = make_project({"mkdocs.yml": settings_with(settings)})
    assert main(["check", "--project", str(project)]) == 0
    assert ("extra.catalogue.example is true" in caplog.text) is example
