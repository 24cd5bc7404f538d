"""The finder of communes by their name before 1 July 2025 (old-communes.js), run by Node on the sample's
table as the search page receives it: plain, folded, with or without the kind of unit and the old district,
divided communes, and names repeated in several old districts. tests/site/test_finder.py drives it in Chromium."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.web.communes import old_communes_json
from generator.web.pages import docs_tree

from ..conftest import ROOT, MakeProject
from ..node import run_node
from ..where_fixture import COMMUNES, TABLE, passport_record, settings_with

Data = dict[str, Any]
"""The search page's data: ``{"units": [...], "old": [...]}`` (generator/web/communes.py)."""

SCRIPTS = ROOT / "templates" / "overrides" / "assets" / "javascripts"

RUN_FINDER = """
const fs = require("fs"), vm = require("vm");
const context = { document: { querySelector: () => null, getElementById: () => null } };
context.window = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), context);
const asked = JSON.parse(fs.readFileSync(0, "utf8"));
const finder = context.TT.oldCommunes;
const entries = asked.old.map(function (old, index) { return finder.entry(old[0], old[1], index); });
process.stdout.write(JSON.stringify(asked.queries.map(function (pair) {
  return finder.find(entries, pair[0], pair[1]).map(function (entry) { return entry.item; });
})));
"""
"""Node's side: common.js and old-communes.js in a context without a page, asked to find what Python sends."""


@pytest.fixture(scope="module")
def data() -> Data:
    catalogue = load_catalogue(ROOT)
    assert catalogue.commune_table is not None
    loaded: Data = json.loads(
        old_communes_json(catalogue.commune_table, catalogue.settings, load_texts(ROOT / "templates"))
    )
    return loaded


def _find(data: Data, *queries: str, loose: bool = False) -> list[list[str]]:
    """For each query, the old communes found, best first, as "name, old district → new unit(s)"."""
    asked = {"old": data["old"], "queries": [[query, loose] for query in queries]}
    found: list[list[int]] = run_node(RUN_FINDER, asked, str(SCRIPTS / "common.js"), str(SCRIPTS / "old-communes.js"))
    units = data["units"]

    def said(index: int) -> str:
        old = data["old"][index]
        went = " + ".join(str(units[unit][0]) for unit in old[2])
        return f"{old[0]}, {old[1].split(',')[0]} → {went}"

    return [[said(index) for index in indexes] for indexes in found]


def test_an_old_name_typed_plainly_or_folded_finds_its_new_unit(data: Data) -> None:
    expected = ["Thị trấn Plei Kần, Huyện Ngọc Hồi → Xã Bờ Y"]
    for query in ("thị trấn Plei Kần", "thi tran plei kan", "Plei Kần", "PLEI KAN", "plei k"):
        assert _find(data, query) == [expected], query
    assert (
        _find(data, "phuong quang trung kon tum", "Phường Quang Trung, TP Kon Tum")
        == [["Phường Quang Trung, Thành phố Kon Tum → Phường Kon Tum"]] * 2
    )
    assert _find(data, "thị trấn Măng Đen", "xa mo rai") == [
        ["Thị trấn Măng Đen, Huyện Kon Plông → Xã Măng Đen"],
        ["Xã Mô Rai, Huyện Sa Thầy → Xã Mô Rai"],
    ]


def test_names_repeated_in_several_old_districts_are_told_apart_by_district(
    data: Data,
) -> None:
    both = ["Xã Đăk Long, Huyện Đắk Glei → Xã Đăk Long", "Xã Đăk Long, Huyện Đăk Hà → Xã Đăk Pxi"]
    assert _find(data, "Đắk Long", "Đăk Long", "xa dak long") == [both] * 3, "Đắk and Đăk are one"
    assert _find(data, "đắk long đắk glei", "dak long huyen dak ha") == [[both[0]], [both[1]]]
    ha = _find(data, "thị trấn Đăk Hà", "xã Đắk Hà")
    assert ha[0][0] == "Thị trấn Đăk Hà, Huyện Đăk Hà → Xã Đăk Hà", "the kind typed comes first"
    assert ha[1][0] == "Xã Đăk Hà, Huyện Tu Mơ Rông → Xã Tu Mơ Rông"
    assert len(ha[0]) == len(ha[1]) == 2, "and the other stays"


def test_a_divided_commune_leads_to_each_new_unit(data: Data) -> None:
    assert _find(data, "xã Trà Bùi") == [["Xã Trà Bùi, Huyện Trà Bồng → Xã Cà Đam + Xã Tây Trà Bồng"]]
    divided = next(old for old in data["old"] if old[0] == "Xã Trà Bùi")
    assert divided[3] == ["Nhập một phần", "Nhập một phần"], "with the table's note"


def test_the_site_search_finds_an_old_name_inside_a_question_and_nothing_in_others(
    data: Data,
) -> None:
    found = _find(data, "công an thị trấn plei kần ở đâu", "cấp lại căn cước", "đăng ký tạm trú", "plei", loose=True)
    assert found == [["Thị trấn Plei Kần, Huyện Ngọc Hồi → Xã Bờ Y"], [], [], []]


def test_the_search_page_s_data_has_each_unit_s_police() -> None:
    catalogue = load_catalogue(ROOT)
    assert catalogue.commune_table is not None
    text = old_communes_json(catalogue.commune_table, catalogue.settings, load_texts(ROOT / "templates"))
    loaded = json.loads(text)
    bo_y = next(unit for unit in loaded["units"] if unit[0] == "Xã Bờ Y")
    assert bo_y[1:3] == ["#cong-an-xa-bo-y", "Công an xã Bờ Y"] and bo_y[4].startswith("0255 0000")
    assert len(loaded["units"]) == 96 and len(loaded["old"]) == 273
    assert len(text.encode()) < 40_000, "small: fetched on the first query"


def test_the_commune_police_page_lists_old_names_by_old_district_without_a_script(make_project: MakeProject) -> None:
    project = make_project(
        {
            "mkdocs.yml": settings_with(COMMUNES),
            "communes/thu.csv": TABLE,
            "procedures/ho-chieu.yaml": passport_record(),
        }
    )
    catalogue = load_catalogue(project)
    tree = {path: str(content) for path, content in docs_tree(catalogue, load_texts(project / "templates")).items()}
    page = tree["co-quan/cong-an-cap-xa/index.md"]
    old = page[page.index('<details class="tt-old" id="ten-cu">') : page.index("</details>")]
    headings = re.findall(r"<h3>([^<]+)</h3>", old)
    assert headings == ["Thành phố Thử, tỉnh Thử Nghiệm cũ", "Huyện Núi, tỉnh Núi cũ"]
    assert '<span class="tt-old__name">Xã Đăk Long</span> nay thuộc <a href="#cong-an-phuong-thu">Phường Thử</a>' in old
    assert (
        '<span class="tt-old__name">Xã Chia</span> được chia cho 2 đơn vị; nơi bạn ở nay thuộc một trong các đơn vị: '
        '<a href="#cong-an-xa-an-binh">Xã An Bình</a> (Nhập một phần); '
        '<a href="#cong-an-phuong-thu">Phường Thử</a> (Nhập một phần).'
    ) in old
    assert (
        '<span class="tt-old__name">Xã Hai</span> nay thuộc <a href="#cong-an-xa-an-binh">Xã An Bình</a> '
        "(toàn bộ dân cư; một phần diện tích thuộc đơn vị khác)"
    ) in old, "the unit that received all residents is the answer"
    listed = page[page.index('<ul class="tt-offices"') :]
    assert '<li data-name="cong an xa an binh" id="cong-an-xa-an-binh"><h3>Công an xã An Bình</h3>' in listed
    assert "assets/javascripts/old-communes.js" in page
    search = tree["tim-kiem/index.md"]
    assert "data-tt-old-search hidden" in search and 'data-names="chia|dak long|hai|mot"' in search
    assert 'data-src="xa-phuong-cu.json" data-page="../co-quan/cong-an-cap-xa/"' in search
    assert json.loads(tree["tim-kiem/xa-phuong-cu.json"])["old"][1][:2] == [
        "Xã Đăk Long",
        "Thành phố Thử, tỉnh Thử Nghiệm cũ",
    ]


def test_without_a_table_the_pages_are_as_before(make_project: MakeProject) -> None:
    project = make_project({"mkdocs.yml": settings_with(), "procedures/ho-chieu.yaml": passport_record()})
    catalogue = load_catalogue(project)
    tree = {path: str(content) for path, content in docs_tree(catalogue, load_texts(project / "templates")).items()}
    assert "tt-old" not in tree["co-quan/cong-an-cap-xa/index.md"]
    assert "old-communes.js" not in tree["tim-kiem/index.md"] and "tim-kiem/xa-phuong-cu.json" not in tree
