"""A preview re-reads only the records whose file changed, and still checks across records every time."""

from __future__ import annotations

import os
from datetime import date

import pytest

from generator.load.catalogue import RecordCache, load_catalogue
from generator.problems import CatalogueError

from ..conftest import MakeProject

TODAY = date(2026, 11, 30)


def _touch_later(path: os.PathLike[str], text: str) -> None:
    """Write *text*, with a modification time surely after the last read (file systems tick coarsely)."""
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def test_unchanged_records_are_not_read_again_and_stay_the_same_objects(make_project: MakeProject) -> None:
    project = make_project()
    cache = RecordCache()
    first = load_catalogue(project, TODAY, cache)
    assert cache.read == len(list((project / "procedures").rglob("*.yaml"))) + len(
        list((project / "forms").glob("*.yaml"))
    )
    second = load_catalogue(project, TODAY, cache)
    assert cache.read == 0
    assert all(a is b for a, b in zip(first.procedures, second.procedures, strict=True))
    assert all(a is b for a, b in zip(first.forms, second.forms, strict=True))


def test_an_edited_record_is_read_again(make_project: MakeProject) -> None:
    project = make_project()
    cache = RecordCache()
    load_catalogue(project, TODAY, cache)
    record = next((project / "procedures").rglob("*.yaml"))
    text = record.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    _touch_later(record, text.replace(title, "title: Đăng ký tạm trú (đã sửa)"))
    catalogue = load_catalogue(project, TODAY, cache)
    assert cache.read == 1
    assert any(p.title == "Đăng ký tạm trú (đã sửa)" for p in catalogue.procedures)


def test_problems_of_a_file_are_reported_on_every_load_until_fixed(make_project: MakeProject) -> None:
    project = make_project()
    cache = RecordCache()
    load_catalogue(project, TODAY, cache)
    record = next((project / "procedures").rglob("*.yaml"))
    good = record.read_text(encoding="utf-8")
    bad = record.with_name("Dang Ky.yaml")
    bad.write_text(good.replace("code:", 'code: "9.999999"\nx_code:', 1), encoding="utf-8")
    for _ in range(2):  # the second load takes the file from the cache: its problems must stay
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(project, TODAY, cache)
        assert any(p.path.endswith("Dang Ky.yaml") for p in caught.value.problems)
    bad.unlink()
    load_catalogue(project, TODAY, cache)
    assert all(path.exists() for path in cache.files)


def test_a_file_named_badly_stays_a_problem_when_cached(make_project: MakeProject) -> None:
    project = make_project()
    record = next((project / "procedures").rglob("*.yaml"))
    record.rename(record.with_name("Tên Sai.yaml"))
    cache = RecordCache()
    for _ in range(2):
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(project, TODAY, cache)
        assert any("file name is not a slug" in p.message for p in caught.value.problems)
