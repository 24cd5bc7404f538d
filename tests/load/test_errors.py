"""Golden files: each kind of editor mistake gives exactly the message in its .txt file.

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_errors.py``
and read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main

from ..conftest import FIXTURES, MakeProject
from ..hostile import form_case_files

CASES = FIXTURES / "errors"
PROCEDURE_CASES = sorted(p for p in (CASES / "procedures").iterdir() if p.suffix == ".yaml")
FORM_CASES = sorted(p for p in (CASES / "forms").iterdir() if p.suffix == ".yaml")
JOURNEY_CASES = sorted(p for p in (CASES / "journeys").iterdir() if p.suffix == ".yaml")


def _check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--project", str(project)])
    captured = capsys.readouterr()
    return code, captured.err


def _compare(case: Path, output: str) -> None:
    golden = case.with_suffix(".txt")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", PROCEDURE_CASES, ids=lambda p: p.stem)
def test_procedure_mistake(case: Path, make_project: MakeProject, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project({f"procedures/{case.name}": case.read_bytes()})
    code, err = _check(project, capsys)
    assert code == 1
    assert "Traceback" not in err
    assert not (project / "site").exists()
    for line in err.splitlines()[:-1]:
        assert line.startswith(f"procedures/{case.name}:"), line
    _compare(case, err)


@pytest.mark.parametrize("case", FORM_CASES, ids=lambda p: p.stem)
def test_form_mistake(case: Path, make_project: MakeProject, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project({f"forms/{c.name}": c.read_bytes() for c in form_case_files(case)})
    code, err = _check(project, capsys)
    assert code == 1
    assert "Traceback" not in err
    _compare(case, err)


@pytest.mark.parametrize("case", JOURNEY_CASES, ids=lambda p: p.stem)
def test_journey_mistake(case: Path, make_project: MakeProject, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project({f"journeys/{case.name}": case.read_bytes()})
    code, err = _check(project, capsys)
    assert code == 1
    assert "Traceback" not in err
    for line in err.splitlines()[:-1]:
        assert line.startswith(f"journeys/{case.name}:"), line
    _compare(case, err)


def test_every_problem_in_every_file_is_reported_at_once(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {f"procedures/{c.name}": c.read_bytes() for c in PROCEDURE_CASES}
    project = make_project(cases)
    code, err = _check(project, capsys)
    assert code == 1
    files = {line.split(":", 1)[0] for line in err.splitlines()[:-1]}
    assert files == set(cases)
