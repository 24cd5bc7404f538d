"""``catalogue import`` over the real national records (``shared/reference/national-data``, never committed).

Every record that has what a record needs is imported, and the whole catalogue
then checks clean with no hand edit but the agency table; every record that
lacks something is reported with its reason; importing again changes no file.
Skipped where the records are not on the machine (a user's clone).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from generator.load.catalogue import load_catalogue
from generator.national.importer import Options, run

from .conftest import tree
from .realdata import ENVIRONMENT, national_data, sample_with_table

DATA = national_data()
ABSENT = (
    f"the real national records are not here (../shared/reference/national-data, or set {ENVIRONMENT}): "
    "they are never committed"
)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(DATA is None, reason=ABSENT)]
TODAY = date(2026, 12, 1)
REASONS = (
    "no paper",
    "no legal document",
    "no level the catalogue knows",
    "no result",
    "no way of submitting",
    "no applicant",
    "no field",
    "no step",
    "is named",
    "too long for a record",  # a text the record format cannot hold (issue 31's limits), not split
)


def test_every_real_record_imports_and_checks_clean_or_is_reported(tmp_path: Path) -> None:
    assert DATA is not None
    project = sample_with_table(tmp_path / "catalogue", [DATA])
    report = run(project, [DATA], Options(today=TODAY))
    imported = len(report.outcomes)
    assert imported + len(report.skipped) == 2303
    assert imported >= 2000
    assert all(any(reason in problem.message for reason in REASONS) for problem in report.skipped)
    catalogue = load_catalogue(project, TODAY)  # the import checked it too, before writing anything
    assert len(catalogue.procedures) == imported + 26
    reasons = Counter(problem.message.split("; not imported")[0] for problem in report.skipped)
    assert reasons  # the same figures the benchmark prints, for the record
    # The Excel lists name every procedure; those without a record now are exactly the ones reported
    assert {code for code, _ in report.missing} == {Path(problem.path).stem for problem in report.skipped}
    assert (project / "national" / "xem-lai.md").stat().st_size > 0


def test_importing_real_records_again_changes_no_file(tmp_path: Path) -> None:
    assert DATA is not None
    folder = DATA / "page-sections" / "bo-tu-phap"
    project = sample_with_table(tmp_path / "catalogue", [folder])
    first = run(project, [folder], Options(levels=("tinh", "xa"), today=TODAY))
    assert first.count("new") > 200
    before = tree(project)
    again = run(project, [folder], Options(levels=("tinh", "xa"), today=TODAY))
    assert again.count("unchanged") == first.count("new")
    assert tree(project) == before
