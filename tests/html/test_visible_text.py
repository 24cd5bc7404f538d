"""No developer text reaches a reader: every page of the built sample, and every PDF, is read for
template syntax and the words developers leave behind.

What a reader meets is the text of a page outside its scripts and styles, plus the attributes that
are shown or read aloud (a page's title and description, tooltips, image descriptions, accessible
names, the labels the stylesheets show with ``attr()``). A Jinja comment written in a page body
with the default ``{# ... #}`` (page bodies use ``{## ... ##}``: Markdown heading ids look like Jinja
comments) once showed on the CT01 fill-in page, on screen and in print.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from generator.project import EDITOR_TEMPLATES, PAPER_TEMPLATES, TEMPLATES_DIR, WEB_TEMPLATES
from generator.render.templating import COMMENT

from ..conftest import ROOT

TEMPLATE_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
DEVELOPER_WORDS = re.compile(
    # Case matters: these are the spellings code prints, never Vietnamese words. "None" and "null"
    # are what Python and JSON print for a missing value, "undefined" and "NaN" what JavaScript does.
    r"\b(TODO|FIXME|XXX|TBD|None|null|undefined|NaN|Traceback|Exception|lorem|Lorem|ipsum|"
    r"placeholder|Placeholder|foo|bar|baz|debug|DEBUG)\b|\[object Object\]|\bat 0x[0-9a-f]+"
)
SHOWN_ATTRIBUTES = {"title", "alt", "aria-label", "aria-description", "placeholder", "data-label", "data-row"}
"""Attributes a reader meets: tooltips, image descriptions, accessible names, and the labels the
stylesheets show with ``attr()`` (a table's cells on a phone)."""
SHOWN_META = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}


class _Shown(HTMLParser):
    """The text of a page a reader meets: outside scripts and styles, plus the attributes shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = {key: value or "" for key, value in attrs}
        self.parts += [value for key, value in values.items() if key in SHOWN_ATTRIBUTES]
        if tag == "meta" and (values.get("name") or values.get("property")) in SHOWN_META:
            self.parts.append(values.get("content", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def shown_text(html: str) -> str:
    parser = _Shown()
    parser.feed(html)
    parser.close()
    return "\n".join(part for part in parser.parts if part.strip())


def faults(text: str) -> list[str]:
    """Template syntax and developer words in *text*, each with the line it is on."""
    found = []
    for line in text.splitlines():
        for pattern in (TEMPLATE_SYNTAX, DEVELOPER_WORDS):
            found += [f"{match.group()!r} in {line.strip()[:120]!r}" for match in pattern.finditer(line)]
    return found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("{#- a table to fill in: on a phone each row is a card -#}", ["'{#'", "'#}'"]),
        ("Họ và tên: {{ f.name }}", ["'{{'", "'}}'"]),
        ("Ngày sinh: None", ["'None'"]),
        ("Lệ phí: NaN đồng", ["'NaN'"]),
        ("[object Object]", ["'[object Object]'"]),
        ("TODO: thêm địa chỉ", ["'TODO'"]),
        ("<generator.model.records.Form object at 0x7f61eae6e160>", ["'at 0x7f61eae6e160'"]),
    ],
)
def test_template_syntax_and_developer_words_are_found(text: str, found: list[str]) -> None:
    assert [fault.split(" in ")[0] for fault in faults(text)] == found


def test_vietnamese_text_and_page_markup_are_not_faults() -> None:
    text = shown_text(
        '<h1 id="noi-dung">Đăng ký thường trú</h1><p title="Không có">Nộp hồ sơ tại Công an xã; '
        "phí 20.000 đồng; Nam, Nữ; bản sao; nội dung; non nước; Hà Nội</p>"
        '<script>if (x === undefined || y === null) {}</script><style>a::after { content: "{#}" }</style>'
        '<td data-label="Ngày, tháng, năm sinh"></td>'
    )
    assert "Đăng ký thường trú" in text and "Ngày, tháng, năm sinh" in text and "undefined" not in text
    assert not faults(text)


def test_page_bodies_write_their_comments_as_page_bodies_read_them() -> None:
    """Templates are rendered with ``{## ##}`` comments (page bodies are Markdown); ``{#- ... -#}`` is text."""
    env = jinja2.Environment(comment_start_string=COMMENT[0], comment_end_string=COMMENT[1])
    body = env.from_string("{##- a note for developers -##}\n# Tiêu đề {#noi-dung}\n{#- shown -#}\n").render()
    assert "developers" not in body and "{#noi-dung}" in body and "{#- shown -#}" in body
    default_comment = re.compile(r"\{#[-\s]")  # a heading id is {#noi-dung} or {#noi-dung .class}
    written = {
        str(path.relative_to(ROOT)): line
        for room in (WEB_TEMPLATES, PAPER_TEMPLATES, EDITOR_TEMPLATES)  # the theme's overrides are MkDocs' own
        for path in sorted((ROOT / TEMPLATES_DIR / room).rglob("*.html"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if default_comment.search(line)
    }
    assert not written, written


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_of_the_sample_shows_template_syntax_or_developer_words(sample_site: Path) -> None:
    pages = _pages(sample_site)
    assert len(pages) > 80
    found = {}
    for page in pages:
        problems = faults(shown_text(page.read_text(encoding="utf-8")))
        if problems:
            found[str(page.relative_to(sample_site))] = problems
    assert not found, found


def test_no_pdf_of_the_sample_shows_template_syntax_or_developer_words(sample_site: Path) -> None:
    pdfs = sorted(sample_site.rglob("*.pdf"))
    assert pdfs
    found = {}
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        problems = faults(text)
        if problems:
            found[str(pdf.relative_to(sample_site))] = problems
    assert not found, found
