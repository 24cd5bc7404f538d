"""The site's scripts share one module (``assets/javascripts/common.js``, ``window.TT``): it alone fills
texts in, folds diacritics, draws a procedure's card and makes the site's addresses, and it does the
first two as the build does. Node runs common.js here (no browser); ``tests/site/test_scripts.py``
drives the scripts in Chromium.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import urls
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.text.vietnamese import fold_diacritics

from ..conftest import ROOT
from ..node import run_node

SCRIPTS = ROOT / "templates" / "overrides" / "assets" / "javascripts"
COMMON = SCRIPTS / "common.js"

OWN_WAYS = {
    "a formatter of its own": re.compile(r"function\s+format\b|\\\{\(\\w|[\"']\{\w+\}[\"']|[\"']\{[\"']\s*\+"),
    "a diacritic fold of its own": re.compile(r"function\s+fold\b|\\u0300-\\u036f"),
    "a card of its own": re.compile(r"[\"']tt-card(?:__title|__meta)?[\"']"),
}
"""What only common.js may do, as it shows in a script's code (its comments left out)."""

RUN_COMMON = """
const fs = require("fs"), vm = require("vm");
const window = {};
vm.runInNewContext(fs.readFileSync(process.argv[1], "utf8"), { window: window });
const asked = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({
  fold: asked.fold.map(window.TT.fold),
  format: asked.format.map(function (pair) { return window.TT.format(pair[0], pair[1]); }),
}));
"""
"""Node's side: common.js in a context of its own, asked to fold and format what Python sends."""


def _code(script: Path) -> str:
    """The code of *script* without its comments (``//`` only after a space: not ``https://`` nor a regex)."""
    text = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.sub(r"(?:^|\s)//[^\n]*", "", text)


def _literals(code: str) -> Iterator[str]:
    """The string literals of *code*."""
    yield from (match.group(2) for match in re.finditer(r"([\"'])((?:(?!\1)[^\\\n]|\\.)*)\1", code))


def test_only_common_js_fills_texts_folds_and_draws_cards() -> None:
    scripts = sorted(SCRIPTS.glob("*.js"))
    assert COMMON in scripts and len(scripts) > 1
    found = [
        f"{script.name}: {what}: {match.group(0)}"
        for script in scripts
        if script != COMMON
        for what, pattern in OWN_WAYS.items()
        for match in pattern.finditer(_code(script))
    ]
    assert not found, "\n".join(found)
    common = _code(COMMON)
    assert all(pattern.search(common) for pattern in OWN_WAYS.values()), "common.js does each of them"


def test_no_script_writes_an_address_of_the_site() -> None:
    """Folders and files of generator/urls.py come from the page (common.js's TT.url), never from a script."""
    addresses = {value for name, value in vars(urls).items() if name.isupper() and isinstance(value, str) and value}
    assert {"thu-tuc/", "search/", "bieu-mau/", "su-kien/"} <= addresses
    found = [
        f"{script.name}: {literal!r} holds {address!r}"
        for script in sorted(SCRIPTS.glob("*.js"))
        for literal in _literals(_code(script))
        for address in addresses
        if address in literal
    ]
    assert not found, "\n".join(found)


def _node(asked: dict[str, object]) -> dict[str, list[str]]:
    answer: dict[str, list[str]] = run_node(RUN_COMMON, asked, str(COMMON))
    return answer


def _texts_of(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts_of(item)


def test_the_scripts_fold_diacritics_as_the_build_does() -> None:
    """What a citizen types is folded in the browser as the build folds the names it is compared with."""
    catalogue = load_catalogue(ROOT)
    names = [office.name for office in catalogue.settings.communes]
    for p in catalogue.procedures:
        names += [p.title, p.field, p.agency, *p.keywords]
    names += ["Đăng Ký THƯỜNG TRÚ", "xoá hoá đơn", "xóa hóa đơn", "ĐẶC KHU Lý Sơn", "Ưu đãi ơ ư ă â ê ô"]
    names += [unicodedata.normalize("NFD", name) for name in names]
    folded = _node({"fold": names, "format": []})["fold"]
    assert folded == [fold_diacritics(name) for name in names]
    assert "dang ky thuong tru" in folded and "xoa hoa don" in folded


def test_the_scripts_fill_texts_in_as_the_build_does() -> None:
    """Every text of the site with {key}s comes out of TT.format as out of Python's str.format (but those
    with braces of their own, ``{{``, which only the command line's skeletons have)."""
    every = _texts_of(load_texts(ROOT / "templates").model_dump())
    texts = [text for text in every if "{" in text and "{{" not in text]
    assert len(texts) > 20
    asked: list[tuple[str, dict[str, object]]] = []
    for text in texts:
        keys = {key for _, key, _, _ in string.Formatter().parse(text) if key}
        asked.append((text, {key: f"«{key} 1»" for key in keys}))
    asked.append(("Tìm thấy {n} thủ tục; hiển thị {shown} thủ tục phù hợp nhất.", {"n": 120, "shown": 50}))
    answer = _node({"fold": [], "format": asked})["format"]
    assert answer == [text.format(**values) for text, values in asked]
    assert answer[-1] == "Tìm thấy 120 thủ tục; hiển thị 50 thủ tục phù hợp nhất."


@pytest.mark.parametrize("page", ["search.html", "offline.html", "_office.html", "form-fill.html"])
def test_common_js_comes_just_before_the_script_that_uses_it(page: str) -> None:
    """``defer`` runs scripts in the order they are written: common.js first, then the scripts that use it."""
    loaded = re.findall(r"assets/javascripts/([\w-]+\.js)", (ROOT / "templates" / "web" / page).read_text("utf-8"))
    after = loaded[loaded.index("common.js") + 1 :]
    assert after and all("TT." in _code(SCRIPTS / name) for name in after), loaded


def test_common_js_is_not_loaded_on_every_page_nor_on_procedure_pages() -> None:
    """Its bytes and its request count only where a script uses it (tests/site/test_first_view.py's budgets):
    not for the header's scripts (theme.js, display.js), the save button or the checklist."""
    users = {script.name for script in SCRIPTS.glob("*.js") if "TT." in _code(script)}
    assert users == {"search.js", "offline.js", "communes.js", "old-communes.js", "form-fill.js"}
    templates = ROOT / "templates"
    for template in [*(templates / "overrides").rglob("*.html"), *(templates / "web" / "procedure").rglob("*.html")]:
        assert "common.js" not in template.read_text(encoding="utf-8"), template
    save = (templates / "web" / "_offline-save.html").read_text(encoding="utf-8")
    assert "offline.js" in save and "common.js" not in save
