"""The ``catalogue`` command as editors run it: exit codes, messages, skeletons, schema.

Most tests run the command in this process, as ``python -m generator`` runs it; the tests of the
process itself (its exit status, no traceback) start one of its own.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from ..conftest import MakeProject


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """``catalogue ARGS`` in this process: its exit status and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["catalogue", *args], code, out.getvalue(), err.getvalue())


def _process(*args: str) -> subprocess.CompletedProcess[str]:
    """``catalogue ARGS`` as a process of its own."""
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, check=False)


def test_check_valid_catalogue_exits_0(make_project: MakeProject) -> None:
    result = _process("check", "--project", str(make_project()))
    assert result.returncode == 0, result.stderr
    assert "OK: 1 procedures published, 1 forms." in result.stdout


def test_check_invalid_catalogue_exits_1_without_traceback(make_project: MakeProject) -> None:
    project = make_project({"procedures/hong.yaml": "code: [\n"})
    result = _process("check", "--project", str(project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("procedures/hong.yaml:2:1: invalid YAML")


def test_build_invalid_catalogue_writes_nothing(make_project: MakeProject) -> None:
    project = make_project({"procedures/hong.yaml": "code: [\n"})
    result = _run("build", "--project", str(project))
    assert result.returncode == 1
    assert not (project / "site").exists()
    assert "nothing was written" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as usage:
        main(["frobnicate"])
    assert usage.value.code == 2
    assert _process("check", "--project", str(tmp_path / "missing")).returncode == 2


def test_folder_without_settings_is_explained(tmp_path: Path) -> None:
    result = _run("check", "--project", str(tmp_path))
    assert result.returncode == 1
    assert "mkdocs.yml: not found" in result.stderr


def test_new_procedure_skeleton_guides_the_editor_to_a_valid_record(make_project: MakeProject) -> None:
    project = make_project()
    result = _run("new", "procedure", "Khai báo tạm vắng", "--folder", "cu-tru", "--project", str(project))
    assert result.returncode == 0, result.stderr
    path = project / "procedures" / "cu-tru" / "khai-bao-tam-vang.yaml"
    skeleton = path.read_text(encoding="utf-8")
    assert 'title: "Khai báo tạm vắng"' in skeleton
    unfilled = _run("check", "--project", str(project))
    assert unfilled.returncode == 1
    assert "khai-bao-tam-vang.yaml:3:7: code: is empty" in unfilled.stderr
    filled = (
        skeleton.replace('code: ""', 'code: "1.003677"')
        .replace('summary: ""', "summary: Báo cho Công an cấp xã khi vắng mặt dài ngày.")
        .replace('field: ""', "field: Đăng ký, quản lý cư trú")
        .replace('agency: ""', "agency: Công an cấp xã")
        .replace('  - ""', "  - Nộp đề nghị khai báo tạm vắng.")
        .replace('{name: "", originals: 1}', "{name: Đề nghị khai báo tạm vắng, originals: 1}")
        .replace('results: [""]', "results: [Thông tin tạm vắng được cập nhật]")
        .replace('{number: "", title: ""}', "{number: 68/2020/QH14, title: Luật Cư trú}")
    )
    path.write_text(filled, encoding="utf-8")
    result = _run("check", "--project", str(project))
    assert result.returncode == 0, result.stderr


def test_new_refuses_to_overwrite(make_project: MakeProject) -> None:
    project = make_project()
    result = _run("new", "form", "CT01", "--project", str(project))
    assert result.returncode == 1
    assert "already exists" in result.stderr


@pytest.mark.parametrize("folder", ["../../ngoai", "/tmp/ngoai", "cu-tru/../../..", "~/ngoai", "Cư trú"])
def test_new_writes_only_inside_procedures(make_project: MakeProject, tmp_path: Path, folder: str) -> None:
    project = make_project()
    before = sorted(tmp_path.rglob("*"))
    result = _run("new", "procedure", "Đăng ký tạm vắng", "--folder", folder, "--project", str(project))
    assert (result.returncode, result.stderr) == (
        1,
        f"--folder {folder}: must be a sub-folder of procedures/ named "
        "with lowercase ASCII words joined by -, like cu-tru\n"
        "1 problem in 1 file; nothing was written.\n",
    )
    assert sorted(tmp_path.rglob("*")) == before


def test_new_refuses_a_folder_that_links_out_of_procedures(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    (tmp_path / "ngoai").mkdir()
    (project / "procedures" / "cu-tru").symlink_to(tmp_path / "ngoai")
    result = _run("new", "procedure", "Đăng ký tạm vắng", "--folder", "cu-tru", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.startswith("--folder cu-tru: leads out of procedures/ through a symbolic link\n")
    assert list((tmp_path / "ngoai").iterdir()) == []


def test_new_form_skeleton_is_valid_once_titled(make_project: MakeProject) -> None:
    project = make_project()
    assert _run("new", "form", "CT03", "--project", str(project)).returncode == 0
    path = project / "forms" / "CT03.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace('title: ""', "title: Phiếu khai báo tạm vắng")
        .replace('source: ""', "source: Thông tư 66/2023/TT-BCA"),
        encoding="utf-8",
    )
    result = _run("check", "--project", str(project))
    assert result.returncode == 0, result.stderr


def test_new_journey_skeleton_is_valid_once_filled_in(make_project: MakeProject) -> None:
    project = make_project()
    assert _run("new", "journey", "Chuyển đến nơi ở mới", "--project", str(project)).returncode == 0
    path = project / "journeys" / "chuyen-den-noi-o-moi.yaml"
    skeleton = path.read_text(encoding="utf-8")
    unfilled = _run("check", "--project", str(project))
    assert unfilled.returncode == 1 and "chuyen-den-noi-o-moi.yaml:4:10: summary: is empty" in unfilled.stderr
    filled = (
        skeleton.replace('summary: ""', "summary: Khi bạn thuê trọ ở nơi khác.")
        .replace('procedure: ""', 'procedure: "1.004194"')
        .replace('title: ""', "title: Thuê nhà")
        .replace('agency: ""', "agency: Chủ nhà")
        .replace('why: ""', "why: Vì cần chỗ ở hợp pháp.")
    )
    path.write_text(filled, encoding="utf-8")
    result = _run("check", "--project", str(project))
    assert result.returncode == 0, result.stderr


def test_schema_is_json_schema_of_the_record(make_project: MakeProject) -> None:
    result = _run("schema", "procedure")
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "code" in schema["required"]
    assert schema["properties"]["online"]["enum"] == ["full", "partial", "none"]
