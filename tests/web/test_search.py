"""The search index as the build writes it: words split as the browser splits them, synonyms where records
say the official words, and synonyms search could not use refused (the search itself, in Chromium:
tests/site/test_search.py)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from generator.load.catalogue import load_catalogue
from generator.model.records import Procedure
from generator.text.vietnamese import canonical_tones
from generator.web.search import (
    COMMUNE,
    ENDING,
    builtin_vocabulary,
    code_terms,
    effective_synonyms,
    postings,
    search_files,
    spelled,
    words,
)

from ..conftest import BASE, ROOT, MakeProject
from ..node import run_node


def test_python_and_browser_split_words_alike() -> None:
    assert list(words("Cấp lại (1.004222) hộ-chiếu")) == ["1.004222", "cấp", "lại", "hộ", "chiếu"]
    assert code_terms("1.004222") == ["1004222", "004222"]
    assert canonical_tones("hoá") == canonical_tones("hóa") != canonical_tones("hoa")


def test_the_index_holds_synonyms_where_records_say_the_official_words() -> None:
    catalogue = load_catalogue(ROOT)
    plain = [p.model_copy(update={"keywords": ()}) for p in catalogue.procedures]
    titles = [p.title for p in plain]
    index = postings(plain, {"cccd": "căn cước", "làm": "cấp"})
    cccd = {titles[n] for n in index["cccd"]["cccd"]}
    assert "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên" in cccd
    assert all(
        "căn cước" in t.lower() or "căn cước" in str(p).lower() for t, p in zip(titles, plain, strict=True) if t in cccd
    )
    passport = titles.index("Cấp hộ chiếu phổ thông ở trong nước")
    assert passport in index["lam ho"][canonical_tones("làm hộ")], "làm hộ chiếu: the title with làm said for cấp"
    assert passport in index["ho chieu"][canonical_tones("hộ chiếu")], "neighbouring words are indexed as a pair"
    assert "lam ho" not in postings(plain), "without synonyms no title says làm hộ"


def test_synonyms_search_cannot_use_are_refused(make_project: MakeProject, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    settings = (BASE / "mkdocs.yml").read_text(encoding="utf-8")
    project = make_project({"mkdocs.yml": settings + '    synonyms: {"căn cước": "Căn Cước", "—": thường trú}\n'})
    assert main(["check", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert 'extra.catalogue.synonyms.căn cước: "căn cước" stands for itself; remove it' in err
    assert "extra.catalogue.synonyms.—: needs a letter or digit on both sides" in err


# --- the search script itself, in Node, on an index built here (the same script in Chromium on a built site:
# tests/site/test_search.py; on real records: benchmarks/bench_search_quality.py) ---------------------------

RUN_SEARCH = """
const fs = require("fs"), vm = require("vm");
const asked = JSON.parse(fs.readFileSync(0, "utf8"));
const context = {
  module: {}, URL: URL,
  document: {
    readyState: "complete", baseURI: "https://example.invalid/", querySelector: () => null,
    getElementById: () => ({ textContent: JSON.stringify({ index: "search/" }) }),
  },
  fetch: (url) => {
    const name = new URL(url).pathname.replace("/search/", "");
    const text = asked.files[name];
    return Promise.resolve(text === undefined ? { ok: false, status: 404 }
      : { ok: true, json: () => Promise.resolve(JSON.parse(text)) });
  },
};
context.window = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(asked.common, "utf8"), context);
vm.runInContext(fs.readFileSync(asked.search, "utf8"), context);
const index = new context.module.exports.Index();
(async () => {
  const found = [];
  for (const query of asked.queries) {
    const result = await index.search(query, false);
    found.push(result ? result.ranked.map((n) => result.docs.docs[n][1]) : []);
  }
  process.stdout.write(JSON.stringify(found));
})();
"""
"""Node's side: common.js and search.js in one context, with the index served from memory; the codes found."""

SCRIPTS = ROOT / "templates" / "overrides" / "assets" / "javascripts"


def _node_search(
    procedures: list[Procedure], queries: list[str], synonyms: dict[str, str] | None = None
) -> list[list[str]]:
    """The codes search.js finds for each of *queries* in an index of *procedures*, in order."""
    asked = {
        "files": search_files(procedures, synonyms),
        "common": str(SCRIPTS / "common.js"),
        "search": str(SCRIPTS / "search.js"),
        "queries": queries,
    }
    found: list[list[str]] = run_node(RUN_SEARCH, asked)
    return found


@pytest.fixture(scope="module")
def plain() -> list[Procedure]:
    """The sample's procedures as national data comes: without keywords."""
    return [p.model_copy(update={"keywords": ()}) for p in load_catalogue(ROOT).procedures]


def _first(plain: list[Procedure], cases: list[tuple[str, str]], synonyms: dict[str, str] | None = None) -> None:
    """Each query of *cases* finds the procedure of that title first."""
    title = {p.code: p.title for p in plain}
    found = [[title[code] for code in codes[:3]] for codes in _node_search(plain, [q for q, _ in cases], synonyms)]
    wrong = [(query, titles) for (query, first), titles in zip(cases, found, strict=True) if titles[:1] != [first]]
    assert not wrong, wrong


def test_filler_words_of_a_question_never_outweigh_the_words_that_carry_meaning(plain: list[Procedure]) -> None:
    _first(
        plain,
        [
            ("bị mất căn cước thì làm lại ở đâu", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên"),
            ("muốn xin đăng ký tạm trú cho con thì làm thế nào", "Đăng ký tạm trú"),
            ("thủ tục khai báo tạm vắng cần giấy tờ gì", "Khai báo tạm vắng"),
            ("ở đâu đăng ký thường trú", "Đăng ký thường trú"),
        ],
    )


def test_word_order_and_diacritics_do_not_matter(plain: list[Procedure]) -> None:
    _first(plain, [("tam vang khai bao", "Khai báo tạm vắng"), ("KHAI BAO TAM VANG", "Khai báo tạm vắng")])


def test_one_letter_and_sound_alike_misspellings_still_match(plain: list[Procedure]) -> None:
    _first(
        plain,
        [
            ("tạm chú", "Đăng ký tạm trú"),
            ("đăng kí thường chú", "Đăng ký thường trú"),
            ("dang ky tam truu", "Đăng ký tạm trú"),
            ("xoá đăng ký thương trú", "Xóa đăng ký thường trú"),
        ],
    )


def test_the_built_in_vocabulary_finds_records_without_keywords(plain: list[Procedure]) -> None:
    """The settings' synonyms left out: the vocabulary alone."""
    _first(
        plain,
        [
            ("nhập hộ khẩu", "Đăng ký thường trú"),
            ("hộ khẩu", "Đăng ký thường trú"),
            ("tách khẩu", "Tách hộ"),
            ("cắt khẩu", "Xóa đăng ký thường trú"),
            ("passport", "Cấp hộ chiếu phổ thông ở trong nước"),
            ("bằng lái", "Cấp lại giấy phép lái xe"),
            ("khắc dấu", "Đăng ký lại mẫu con dấu"),
            ("quán karaoke", "Cấp mới Giấy chứng nhận đủ điều kiện về an ninh, trật tự"),
            ("vneid", "Cấp tài khoản định danh điện tử mức độ 2 cho công dân Việt Nam"),
            ("xin giấy xác nhận cư trú", "Xác nhận thông tin về cư trú"),
            ("cmnd", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên"),
        ],
        synonyms={},
    )


def test_an_office_extends_the_vocabulary_and_overrides_its_entries(plain: list[Procedure]) -> None:
    office = {"giấy thông hành": "hộ chiếu", "Passport": "thẻ căn cước"}
    merged = effective_synonyms(office)
    assert merged["giấy thông hành"] == ("hộ chiếu",)
    assert merged["Passport"] == ("thẻ căn cước",) and "passport" not in merged, (
        "the office's entry replaces the built-in"
    )
    assert merged["cccd"] == builtin_vocabulary().synonyms["cccd"], "the rest of the vocabulary stays"
    _first(
        plain,
        [
            ("giấy thông hành", "Cấp hộ chiếu phổ thông ở trong nước"),
            ("passport", "Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên"),
        ],
        office,
    )


def test_the_vocabulary_is_sound() -> None:
    vocabulary = builtin_vocabulary()
    assert len(vocabulary.synonyms) >= 150
    for said, officials in vocabulary.synonyms.items():
        assert all(list(words(o)) for o in officials), said
    filler = {"thì", "ở đâu", "làm sao", "thế nào", "cho con", "xin", "thủ tục", "bị", "muốn", "cần"}
    assert {spelled(word) for word in filler} <= set(vocabulary.filler), "as the index spells them"
    assert not {spelled("căn"), "con"} & set(vocabulary.filler), "words that carry meaning"


def test_a_commune_procedure_comes_before_its_provincial_twin(plain: list[Procedure]) -> None:
    commune = next(p for p in plain if p.title == "Đăng ký tạm trú")
    province = commune.model_copy(update={"code": "1.999001", "levels": ("tinh",), "slug": "dang-ky-tam-tru-tinh"})
    assert commune.levels == ("xa",)
    for codes in _node_search([province, *plain], ["đăng ký tạm trú", "dang ky tam tru"]):
        assert codes[:2] == [commune.code, province.code]
    files = search_files([province, commune], {})
    docs = json.loads(files[next(n for n in files if n.startswith("docs."))])["docs"]
    assert len(docs[0]) == 7 and docs[1][7] == COMMUNE, "flags only where there are some"


def test_a_procedure_that_is_ending_is_never_first(plain: list[Procedure]) -> None:
    active = next(p for p in plain if p.title == "Khai báo tạm vắng")
    ending = active.model_copy(
        update={
            "code": "1.999002",
            "slug": "khai-bao-tam-vang-cu",
            "keywords": ("khai báo tạm vắng", "tạm vắng"),
            "status": "abolished",
            "status_date": date(2099, 1, 1),
        }
    )
    assert ending.ends and not ending.withdrawn(date.today())
    for codes in _node_search([ending, *plain], ["khai báo tạm vắng", "tam vang"]):
        assert codes[0] == active.code and ending.code in codes, "still found, after the ones in force"
    files = search_files([ending], {})
    docs = json.loads(files[next(n for n in files if n.startswith("docs."))])["docs"]
    assert docs[0][7] & ENDING
