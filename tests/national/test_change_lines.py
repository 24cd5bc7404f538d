"""After an import brings a national change in, the procedure's page, the changes page and the Atom feed say what
changed and since when, in words citizens read."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import feedparser

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.national.importer import Options, run
from generator.web.pages import docs_tree

from .conftest import NationalProject

LINE = "Từ 30/11/2026: lệ phí đăng ký cư trú khi nộp trực tuyến 20.000 đồng (trước đây 7.000 đồng)."


def test_a_changed_procedure_says_what_changed_on_its_page_the_changes_page_and_the_feed(
    national_project: NationalProject, sources: Callable[..., Path]
) -> None:
    project = national_project()
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "docs_dir:", "site_url: https://thutuc.thunghiem.gov.vn/\ndocs_dir:", 1
        ),
        encoding="utf-8",
    )
    folder = sources("9.000005.json")
    run(project, [folder], Options(today=date(2026, 12, 1)))
    portal = json.loads((folder / "9.000005.json").read_text(encoding="utf-8"))
    portal["data"]["executionMethods"][1]["fees"][0]["value"] = 20000
    (folder / "9.000005.json").write_text(json.dumps(portal, ensure_ascii=False), encoding="utf-8")
    run(project, [folder], Options(today=date(2026, 12, 2)))

    catalogue = load_catalogue(project, date(2026, 12, 2))
    (procedure,) = (p for p in catalogue.procedures if p.code == "9.000005")
    assert procedure.change_note == LINE
    tree = docs_tree(catalogue, load_texts(project / "templates"))
    page = str(tree[f"thu-tuc/{procedure.slug}/index.md"])
    assert 'aria-labelledby="thay-doi"' in page and f"<p>{LINE}</p>" in page
    assert LINE in str(tree["thay-doi/index.md"])
    feed = feedparser.parse(str(tree["thay-doi/atom.xml"]))
    entry = next(e for e in feed.entries if "9.000005" in e.id)
    assert LINE in entry.summary
