"""The search index as the build writes it: words split as the browser splits them, synonyms where records
say the official words, and synonyms search could not use refused (the search itself, in Chromium:
tests/site/test_search.py)."""

from __future__ import annotations

import pytest

from generator.load.catalogue import load_catalogue
from generator.text.vietnamese import canonical_tones
from generator.web.search import code_terms, postings, words

from ..conftest import BASE, ROOT, MakeProject


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
