"""Shared fixtures of the national import tests: a catalogue with an agency table, the constructed national files."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import FIXTURES, MakeProject

NATIONAL = FIXTURES / "national"
TABLE = """
    national:
      agencies:
        Công an tỉnh: Phòng Cảnh sát quản lý hành chính về trật tự xã hội
        CÔNG AN CẤP XÃ: Công an cấp xã
      default_agency:
        tinh: Phòng Cảnh sát quản lý hành chính về trật tự xã hội
        xa: Công an cấp xã
"""
"""The agency table the tests' catalogue has (the national names written in another case on purpose)."""

NationalProject = Callable[..., Path]


@pytest.fixture
def national_project(make_project: MakeProject) -> NationalProject:
    """The base catalogue, its settings given :data:`TABLE` (or *table*), plus *extra* files."""

    def make(extra: dict[str, str | bytes | None] | None = None, table: str = TABLE) -> Path:
        project = make_project(extra)
        config = project / "mkdocs.yml"
        settings = config.read_text(encoding="utf-8").rstrip("\n")
        config.write_text(f"{settings}\n{table.strip(chr(10))}\n", encoding="utf-8")
        return project

    return make


@pytest.fixture
def sources(tmp_path: Path) -> Callable[..., Path]:
    """A folder holding copies of the named constructed national files (all when none are named)."""

    def copy(*names: str) -> Path:
        folder = tmp_path / "national-files"
        folder.mkdir(exist_ok=True)
        for path in sorted(NATIONAL.rglob("*")):
            if path.is_file() and path.suffix != ".md" and (not names or path.name in names):
                shutil.copy(path, folder / path.name)
        return folder

    return copy


def tree(folder: Path) -> dict[str, str]:
    """Every file under *folder* with a hash of its content: what an import must leave alone."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".catalogue" not in path.parts
    }
