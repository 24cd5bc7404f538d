"""Nothing bad gets in: hostile and broken inputs end in a clear message, in bounded time and memory.

The corpus is ``tests/hostile.py``: the golden error files of ``fixtures/errors``
and cases made at test time (a 50 MB record, floods, symbolic links leading out
of the project, a named pipe). Each must exit 1 with every problem naming its
file (and line and key where there is one), no traceback, nothing written.
"""

from __future__ import annotations

import codecs
import json
import os
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main
from generator.load.validation import validate
from generator.load.yamlsource import load
from generator.model.records import Procedure

from ..hostile import (
    FIELDS,
    RECORD,
    Case,
    all_cases,
    clean_report,
    made_cases,
    payload,
    project_from_base,
    run_measured,
)

HANG = 120.0
"""Seconds after which a run is taken to hang and killed (its report then fails); how long each takes is
measured by benchmarks/bench_hostile.py, not asserted here."""
MAX_RSS_MIB = 80
"""Most memory any hostile case may take (a clean check of one record takes about 40 MiB)."""


def _compare(case: Case, output: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        case.golden.parent.mkdir(exist_ok=True)
        case.golden.write_text(output, encoding="utf-8")
    assert output == case.golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", made_cases(), ids=lambda c: c.name)
def test_made_case_gives_its_exact_message(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = project_from_base(tmp_path)
    case.make(project)
    code = main([case.command, "--project", str(project)])
    err = capsys.readouterr().err
    assert clean_report(case, code, err, project) == []
    _compare(case, err)


# Each in its own process (about a second each), so only the heaviest of each kind.
HEAVY = [c for c in all_cases() if c.heavy or c.name == "procedures/billion-laughs"]


@pytest.mark.parametrize("case", HEAVY, ids=lambda c: c.name)
def test_heavy_case_ends_with_its_message_in_bounded_memory(case: Case, tmp_path: Path) -> None:
    project = project_from_base(tmp_path)
    case.make(project)
    run = run_measured(case, project, timeout=HANG)
    assert clean_report(case, run.returncode, run.stderr, project) == []
    assert run.stderr == case.golden.read_text(encoding="utf-8")
    assert 0 < run.peak_kib < MAX_RSS_MIB * 1024


# -- accepted, and shown exactly as written -----------------------------------------

# The same catalogue built twice (the twin_sites fixture): every text field plain, then every text field
# carrying markup (tests/hostile.py); in Chromium, tests/site/test_hostile.py.


class _Page(HTMLParser):
    """The elements, attributes and text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.inline_scripts: list[str] = []
        self.data_blocks: list[str] = []
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        inline = tag == "script" and not dict(attrs).get("src")
        self._in_data = inline and dict(attrs).get("type") in ("application/ld+json", "application/json")  # data
        self._in_script = inline and not self._in_data

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        (self.inline_scripts if self._in_script else self.data_blocks if self._in_data else self.text).append(data)


def _pages(site: Path) -> dict[str, _Page]:
    parsed = {}
    for path in sorted(site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(site).as_posix()] = page
    return parsed


def test_markup_in_every_text_field_adds_no_element_and_no_handler(twin_sites: tuple[Path, Path]) -> None:
    benign, hostile = (_pages(site) for site in twin_sites)
    assert len(benign) == len(hostile)
    assert sum((p.tags for p in hostile.values()), Counter()) == sum((p.tags for p in benign.values()), Counter())
    for name, page in hostile.items():
        handlers = [(tag, attr) for tag, attr, _ in page.attributes if attr.startswith("on")]
        assert handlers == [], name
        for tag, attr, value in page.attributes:
            if attr in ("href", "src", "action", "formaction", "srcset", "data"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (name, tag, value)
    scripts = {s for p in hostile.values() for s in p.inline_scripts}
    assert scripts == {s for p in benign.values() for s in p.inline_scripts}
    # The schema.org data carries the record's text, as JSON the markup cannot leave: one block, whole, per page.
    assert [len(p.data_blocks) for p in hostile.values()] == [len(p.data_blocks) for p in benign.values()]
    for page in hostile.values():
        for block in page.data_blocks:
            json.loads(block)


def test_markup_in_every_text_field_is_shown_as_written(twin_sites: tuple[Path, Path]) -> None:
    site = twin_sites[1]
    shown = " ".join(" ".join(p.text) for p in _pages(site).values())
    indexed = " ".join(path.read_text(encoding="utf-8") for path in (site / "search").glob("*.json"))
    fields = {n for n in range(1, FIELDS + 1) if payload(n) in shown}
    fields |= {n for n in range(1, FIELDS + 1) if json.dumps(payload(n), ensure_ascii=False)[1:-1] in indexed}
    # Keywords (22) only feed the search index, folded into words; a form field's help (27) is for a web form.
    assert sorted(set(range(1, FIELDS + 1)) - fields - {22, 27}) == []


# -- accepted: what YAML or an editor's tools would change is kept as written ----------


def _load(text: str | bytes, tmp_path: Path) -> Procedure:
    path = tmp_path / "dang-ky-tam-tru.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    record, problems = validate(Procedure, load(path, path.name))
    assert problems == []
    assert isinstance(record, Procedure)
    return record


def test_byte_order_mark_windows_line_ends_and_nfd_are_accepted(tmp_path: Path) -> None:
    plain = _load(RECORD, tmp_path)
    notepad = codecs.BOM_UTF8 + unicodedata.normalize("NFD", RECORD).replace("\n", "\r\n").encode("utf-8")
    assert _load(notepad, tmp_path) == plain
    assert _load(RECORD.replace("\n", "\r"), tmp_path) == plain


def test_values_yaml_would_retype_stay_text(tmp_path: Path) -> None:
    retyped = ("yes", "on", "off", "07", "0o17", "0x1F", "1e3", "1_000", ".inf", "2026-11-20", "12:30", "null x")
    record = _load(
        RECORD.replace('code: "1.004194"', "code: 2.000200")
        .replace("title: Đăng ký tạm trú", "title: no")
        .replace("online: partial", "online: partial\ndecision: 0120/QĐ")
        .replace("[tạm trú, KT3]", "[" + ", ".join(retyped) + "]")
        .replace("[Công dân Việt Nam]", "[~Công dân, True]"),
        tmp_path,
    )
    assert (record.code, record.title, record.decision) == ("2.000200", "no", "0120/QĐ")
    assert record.keywords == retyped
    assert record.applicants == ("~Công dân", "True")
