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
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, expect

from generator.cli import main
from generator.load.validation import validate
from generator.load.yamlsource import load
from generator.model.records import Procedure

from ..browser import serve
from ..hostile import RECORD, Case, all_cases, clean_report, made_cases, project_from_base, run_measured

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

# Markup in a text field is what the editor typed: "<" in "tải trọng < 5 tấn" is
# text, so text fields accept it, and every page shows it as text. Only links
# can lead somewhere, and their targets must be https:// (refused otherwise:
# see fixtures/errors/procedures/script-links.yaml).
PAYLOAD = (
    '<script>window.xss=1</script> <img src=x onerror="window.xss=2"> "><svg onload=window.xss=3> '
    '\'><iframe src=javascript:window.xss=4></iframe> <a href="javascript:window.xss=5">a</a> {{ config.site_name }}'
)
# Plain text fields also get Markdown links and entities, which they must show as typed.
PLAIN_PAYLOAD = PAYLOAD + " [bấm](javascript:window.xss=6) <javascript:window.xss=7> &lt;b&gt; &amp; \\"
MARKDOWN_FIELDS = {2, 8, 9, 11, 12, 14, 17, 18}
# Every text field of a procedure and a form; {n} becomes " №n <payload>", or nothing in the benign twin.
PROCEDURE = """\
code: "1.004194"
title: "Đăng ký tạm trú{1}"
summary: "Dành cho người đến sinh sống{2}. [Xem](https://dichvucong.gov.vn/\\"onmouseover=\\"window.xss=8)"
field: "Đăng ký, quản lý cư trú{3}"
agency: "Công an cấp xã{4}"
authority: "Công an tỉnh{5}"
levels: [xa]
applicants: ["Công dân Việt Nam{6}"]
online: partial
decision: "1523/QĐ-BCA{7}"
steps: ["Chuẩn bị hồ sơ{8}", "Nộp hồ sơ{9}"]
channels:
  - method: online
    time: {value: 3, unit: working_days}
    fees: [{name: "Lệ phí{10}", amount: 7000, note: "Miễn cho trẻ em{11}"}]
    note: "Nộp trên Cổng Dịch vụ công{12}"
  - method: in_person
    time: {text: "Trong ngày{13}"}
    fees_text: "Theo biểu phí{14}"
documents:
  - case: "Trường hợp chung{15}"
    items:
      - {name: "Tờ khai{16}", form: CT01, originals: 1, note: "Bản khai đầy đủ{17}"}
requirements: ["Có chỗ ở hợp pháp{18}"]
results: ["Cập nhật thông tin về cư trú{19}"]
legal_basis:
  - {number: "68/2020/QH14{20}", title: "Luật Cư trú{21}", date: 2020-11-13, url: "https://vbpl.vn/a?b=1&c=\\"2"}
keywords: ["tạm trú{22}"]
updated: 2026-11-20
"""
FORM = """\
id: CT01
title: "Tờ khai thay đổi thông tin cư trú{23}"
source: "Thông tư 66/2023/TT-BCA{24}"
fields:
  - {type: section, label: "Thông tin người khai{25}"}
  - {type: text, id: ho_ten, label: "Họ, chữ đệm và tên{26}", help: "Viết in hoa{27}"}
  - {type: choice, id: gioi_tinh, label: "Giới tính{28}", options: ["Nam{29}", "Nữ"]}
"""
FIELDS = 29


def _fill(template: str, hostile: bool) -> str:
    for n in range(FIELDS, 0, -1):
        payload = f" {_payload(n)}".replace("\\", "\\\\").replace('"', '\\"') if hostile else ""
        template = template.replace(f"{{{n}}}", payload)
    return template


def _payload(n: int) -> str:
    return f"№{n} {PAYLOAD if n in MARKDOWN_FIELDS else PLAIN_PAYLOAD}"


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


@pytest.fixture(scope="module")
def twin_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same catalogue built twice: every text field plain, then every text field carrying the payload."""
    from generator.build import build

    sites = []
    for name, hostile in (("benign", False), ("hostile", True)):
        project = project_from_base(tmp_path_factory.mktemp(name))
        (project / "procedures" / "dang-ky-tam-tru.yaml").write_text(_fill(PROCEDURE, hostile), encoding="utf-8")
        (project / "forms" / "CT01.yaml").write_text(_fill(FORM, hostile), encoding="utf-8")
        build(project, today=date(2026, 11, 28))
        sites.append(project / "site")
    return sites[0], sites[1]


@pytest.mark.slow
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
    fields = {n for n in range(1, FIELDS + 1) if _payload(n) in shown}
    fields |= {n for n in range(1, FIELDS + 1) if json.dumps(_payload(n), ensure_ascii=False)[1:-1] in indexed}
    # Keywords (22) only feed the search index, folded into words; a form field's help (27) is for a web form.
    assert sorted(set(range(1, FIELDS + 1)) - fields - {22, 27}) == []


def test_markup_in_every_text_field_runs_nothing_in_a_browser(browser: Browser, twin_sites: tuple[Path, Path]) -> None:
    site = twin_sites[1]
    field = next(p.parent.name for p in (site / "linh-vuc").glob("*/index.html"))
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    with serve(site) as base:
        for url in ("thu-tuc/dang-ky-tam-tru/", "bieu-mau/CT01/", f"linh-vuc/{field}/", "tim-kiem/?q=đăng+ký"):
            page.goto(base + url)
            page.mouse.move(10, 10)
            page.locator("a").last.hover()
            assert page.evaluate("window.xss") is None, url
        expect(page.locator("#tt-results a").first).to_contain_text("<script>window.xss=1</script>")
        assert page.evaluate("window.xss") is None
    context.close()
    assert dialogs == []


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
