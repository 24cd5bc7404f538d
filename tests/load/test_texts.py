"""The site's texts are read strictly into a declared model: a wrong texts file is a problem, not a crash."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.load.texts import load_texts
from generator.problems import CatalogueError

from ..conftest import ROOT, MakeProject

TEXTS = "templates/strings/vi.yaml"


def _texts_without(key: str) -> str:
    """The shipped texts file less the line of *key* (a key of one line)."""
    lines = (ROOT / TEXTS).read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith(f"  {key}:"))


def test_the_shipped_texts_are_complete() -> None:
    texts = load_texts(ROOT / "templates")
    assert texts.site.external == "(mở trang khác)"
    assert texts.levels["xa"] == "cấp xã"  # a section is read by key where the key is data
    assert list(texts.levels.keys()) == ["bo", "tinh", "huyen", "xa"]
    assert "{title}" in texts.skeleton.procedure


def test_a_missing_text_is_a_problem_naming_the_file_and_key(make_project: MakeProject) -> None:
    project = make_project({TEXTS: _texts_without("skip")})
    with pytest.raises(CatalogueError) as raised:
        load_texts(project / "templates")
    [problem] = raised.value.problems
    assert str(problem) == f'{TEXTS}:4:3: site.skip: missing; add "skip:"'


def test_an_unknown_text_is_a_problem_with_its_line(make_project: MakeProject) -> None:
    text = (ROOT / TEXTS).read_text(encoding="utf-8").replace("  skip: ", "  skipp: ", 1)  # line 5
    project = make_project({TEXTS: text})
    with pytest.raises(CatalogueError) as raised:
        load_texts(project / "templates")
    messages = [str(p) for p in raised.value.problems]
    assert any(m.startswith(f"{TEXTS}:5:3: site.skipp: ") and "skip" in m for m in messages), messages


def test_check_reports_a_broken_texts_file_without_a_traceback(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project({TEXTS: _texts_without("external")})
    assert main(["check", "--project", str(project)]) == 1  # a problem, not an exception
    err = capsys.readouterr().err
    assert f'{TEXTS}:4:3: site.external: missing; add "external:"' in err
