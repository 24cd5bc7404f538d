"""After an edit, the preview renders only the pages that show the edited record, and the same pages as a build."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator import urls
from generator.load.catalogue import RecordCache, load_catalogue
from generator.load.handwritten import read_pages
from generator.load.texts import load_texts
from generator.web.pages import PageMemo, docs_tree

from ..conftest import ROOT

TODAY = date(2026, 11, 30)
RECORD = "procedures/cu-tru/dang-ky-tam-tru.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("procedures", "forms", "pages", "communes", "templates"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copyfile(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def _tree(project: Path, cache: RecordCache | None = None, memo: PageMemo | None = None) -> dict[str, object]:
    catalogue = load_catalogue(project, TODAY, cache)
    return dict(docs_tree(catalogue, load_texts(project / "templates"), {}, read_pages(catalogue), memo))


def _edit(project: Path, old: str, new: str) -> None:
    path = project / RECORD
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def test_nothing_is_rendered_again_when_nothing_changed(project: Path) -> None:
    cache, memo = RecordCache(), PageMemo()
    first = _tree(project, cache, memo)
    assert memo.rendered > 80  # every page of the sample
    again = _tree(project, cache, memo)
    assert memo.rendered == 0
    assert again == first


def test_a_fee_edit_renders_the_procedure_page_and_what_lists_its_fee_only(project: Path) -> None:
    cache, memo = RecordCache(), PageMemo()
    _tree(project, cache, memo)
    _edit(project, "amount: 7000", "amount: 8000")
    incremental = _tree(project, cache, memo)
    assert incremental == _tree(project), "the preview must show exactly what a build shows"
    page = urls.docs_path("thu-tuc/dang-ky-tam-tru/")
    assert page in memo.fresh
    # its page; the lists of its field, agency, level and letter; the home page (featured); the procedures
    # that name it as related (they show it, with its facts); the form it uses: not the other procedures.
    assert urls.docs_path("thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/") not in memo.fresh
    assert memo.rendered <= 20, memo.fresh
    assert "8.000" in str(incremental[page])


def test_a_title_edit_reaches_lists_search_and_related_procedures(project: Path) -> None:
    cache, memo = RecordCache(), PageMemo()
    before = _tree(project, cache, memo)
    _edit(project, "title: Đăng ký tạm trú", "title: Đăng ký tạm trú có thời hạn")
    after = _tree(project, cache, memo)
    assert after == _tree(project)
    differ = {path for path in after if before.get(path) != after[path]}
    assert urls.docs_path("thu-tuc/dang-ky-tam-tru/") in differ
    assert any(path.startswith(urls.SEARCH_INDEX) for path in differ), "the search index names it"
    assert urls.docs_path("thu-tuc/dang-ky-thuong-tru/") in differ, "a related procedure links to it by title"
    assert urls.docs_path("thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/") not in differ
    assert memo.rendered < len(after) // 4
