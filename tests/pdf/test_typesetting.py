"""The built guides and handbooks, read back from the PDFs as a careful typesetter would check a proof:
no page a few lines of text ran on to, contents that end facing page 1 (never on a blank page), a
field's title page only before more than one procedure, every "xem phần …" naming a section of the
same PDF, and the list of commune police with its text clear of the table's rules."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2

from generator import urls
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.pdf.jobs import MARGINS, SHORT_PAGE

from ..conftest import ROOT

MM = 72 / 25.4
TOP, BOTTOM = MARGINS["A4"].top * MM, MARGINS["A4"].bottom * MM
CROSS_REFERENCE = re.compile(r"(?:xem|theo) (?:phần|mục) (“[^”]+”|[^()“”.,;]+?)(?=[).,;]| rồi )", re.IGNORECASE)
"""``xem phần Giấy tờ cần chuẩn bị)``, ``theo mục “Giấy tờ cần chuẩn bị” rồi``: the section it names."""
FAIR_SHARE = SHORT_PAGE - 0.01
"""How full a page a text ran on to must be. Read here at the foot of the last line's letters, a few points
above the foot of its line, where the worker that laid it out measured it."""


@dataclass(frozen=True)
class Page:
    """A printed page: its text between the top and bottom margins (the running header and the page
    number are outside), and how far down that text reaches, as a share of the height between them."""

    text: str
    filled: float

    @property
    def lines(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


@cache
def pages(path: Path) -> tuple[Page, ...]:
    document = pypdfium2.PdfDocument(path)
    found: list[Page] = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        lows = []
        for index in range(text.count_chars()):
            left, low, right, high = text.get_charbox(index)
            if right > left and low > BOTTOM and high < height - TOP and text.get_text_range(index, 1).strip():
                lows.append(low)
        filled = (height - TOP - min(lows)) / (height - TOP - BOTTOM) if lows else 0.0
        crop = ["-x", "0", "-y", f"{TOP:.0f}", "-W", f"{width:.0f}", "-H", f"{height - TOP - BOTTOM:.0f}"]
        number = ["-f", str(len(found) + 1), "-l", str(len(found) + 1)]
        run = subprocess.run(
            ["pdftotext", "-layout", *crop, *number, str(path), "-"], capture_output=True, check=True, text=True
        )
        found.append(Page(run.stdout.replace("\f", ""), filled))
    document.close()
    return tuple(found)


def guides(site: Path) -> list[Path]:
    return sorted((site / "thu-tuc").glob("*/huong-dan-*.pdf"))


def handbooks(site: Path) -> list[Path]:
    return [site / urls.handbook(None), *sorted((site / "linh-vuc").glob("*/so-tay-*.pdf"))]


@dataclass(frozen=True)
class Mark:
    title: str
    page: int
    children: tuple[Mark, ...]


def outline(path: Path) -> list[Mark]:
    """The handbook's bookmarks, each with the index of the page it leads to."""
    pdf = pypdf.PdfReader(path)

    def marks(items: list[Any]) -> list[Mark]:
        found: list[Mark] = []
        for item in items:
            if isinstance(item, list):
                last = found.pop()
                found.append(Mark(last.title, last.page, tuple(marks(item))))
            else:
                page = pdf.get_destination_page_number(item)
                assert page is not None, item.title
                found.append(Mark(item.title, page, ()))
        return found

    return marks(pdf.outline)


def test_no_page_of_a_guide_is_a_few_lines_run_on(sample_site: Path) -> None:
    """A procedure runs on to a page only to fill a fair share of it (not its last line, not a short legal basis)."""
    for guide in guides(sample_site):
        for number, page in enumerate(pages(guide)[1:], start=2):
            assert page.filled >= FAIR_SHARE, f"{guide.name}: page {number} holds only {page.lines}"


def test_no_page_of_a_handbook_is_a_few_lines_run_on(sample_site: Path) -> None:
    """In a handbook, every page no bookmark leads to (a page a procedure or the contents ran on to) is
    filled to a fair share; the pages bookmarks lead to start something (a procedure, a field, a list)."""
    for book in handbooks(sample_site):
        starts = {mark.page for top in outline(book) for mark in (top, *top.children)}
        for index, page in enumerate(pages(book)):
            if index not in starts and page.lines:
                assert page.filled >= FAIR_SHARE, f"{book.name}: page {index + 1} holds only {page.lines}"


def test_the_contents_end_facing_page_one_never_on_a_blank_page(sample_site: Path) -> None:
    """Page 1 is a right-hand page: when the front matter needs a blank page for that, it is the
    cover's back, so the contents end on the page that faces page 1."""
    t = load_texts(ROOT / "templates")
    for book in handbooks(sample_site):
        labels = pypdf.PdfReader(book).page_labels
        body = labels.index("1")
        front = pages(book)[:body]
        assert body % 2 == 0, f"{book.name}: page 1 is a right-hand page"
        blank = [index for index, page in enumerate(front) if not page.lines]
        assert blank in ([], [1]), f"{book.name}: blank pages {blank}: only the cover's back may be blank"
        contents = front[1:] if not blank else front[2:]
        assert contents and contents[0].lines[0] == t.print.contents, f"{book.name}: the contents follow the cover"
        assert all(page.lines for page in contents), f"{book.name}: a blank page among the contents"
        if len(contents) > 1:
            assert contents[-1].filled >= FAIR_SHARE, f"{book.name}: the contents end with {contents[-1].lines}"


def test_a_field_has_a_title_page_only_before_more_than_one_procedure(sample_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    book = sample_site / urls.handbook(None)
    printed = pages(book)
    fields = [mark for mark in outline(book) if mark.children]
    assert [len(mark.children) for mark in fields] == [len(ps) for ps in catalogue.by_field().values()]
    assert {len(mark.children) for mark in fields} >= {1, 2}, "the sample has fields of one and of several"
    for field in fields:
        first = field.children[0]
        if len(field.children) == 1:  # the bookmark of the field leads to its procedure's first page
            assert field.page == first.page, f"{field.title}: a title page before its one procedure"
            assert first.title in " ".join(printed[first.page].lines), first.title
        else:
            assert field.page == first.page - 1, field.title
            title_page = " ".join(printed[field.page].lines[1:])  # after the agency: the field and its count
            assert title_page == f"{field.title} {len(field.children)} thủ tục", field.title


def test_every_cross_reference_names_a_section_of_the_same_pdf(sample_site: Path) -> None:
    """ "xem phần Giấy tờ cần chuẩn bị" sends the reader to a heading printed in the same PDF."""
    found = 0
    for path in [*guides(sample_site), *handbooks(sample_site)]:
        printed = pages(path)
        lines = {line for page in printed for line in page.lines}
        text = " ".join(" ".join(page.lines) for page in printed)
        for reference in CROSS_REFERENCE.finditer(text):
            name = reference.group(1).strip("“”")
            assert name in lines, f"{path.name}: {reference.group(0)!r} names no section of this PDF"
            found += 1
    assert found >= 3, "the sample's records and its offline procedure name sections"


def _rules(page: pypdfium2.PdfPage) -> tuple[list[float], list[float]]:
    """The x of the vertical rules and the y of the horizontal rules drawn on *page*."""
    xs, ys = [], []
    for item in page.get_objects():
        if item.type != pypdfium2.raw.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = item.get_bounds()
        if right - left < 1.5 and top - bottom > 5:
            xs.append((left + right) / 2)
        elif top - bottom < 1.5 and right - left > 5:
            ys.append((bottom + top) / 2)
    return xs, ys


def test_the_commune_list_keeps_its_text_clear_of_the_rules(sample_site: Path) -> None:
    """At least 1 mm between a cell's text and each rule around it, on every side."""
    book = sample_site / urls.handbook(None)
    document = pypdfium2.PdfDocument(book)
    page = document[len(document) - 1]
    text = page.get_textpage()
    assert "Công an xã, phường, đặc khu" in text.get_text_range()  # the list of commune police
    xs, ys = _rules(page)
    assert len(xs) >= 4 and len(ys) >= 10, "a ruled table"
    gaps = []
    table_top = max(ys)
    for index in range(text.count_chars()):
        left, low, right, high = text.get_charbox(index)
        if right <= left or high > table_top or low < min(ys) or not text.get_text_range(index, 1).strip():
            continue
        gaps.append(min([left - x for x in xs if x <= left] + [x - right for x in xs if x >= right]))
        gaps.append(min([low - y for y in ys if y <= low] + [y - high for y in ys if y >= high]))
    document.close()
    assert min(gaps) >= 1 * MM, f"text {min(gaps) / MM:.2f} mm from a rule"
