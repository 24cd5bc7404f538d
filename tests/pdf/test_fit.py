"""How a document is fitted to its pages: laid out again when its text would run on to a last page for a
few lines (the worker), and a handbook's blank page put on the cover's back (the assembler)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from generator.pdf import assemble, worker
from generator.pdf.jobs import FLOW, Assembly, Bookmark, PrintProfile

from ..conftest import ROOT

LINE = '<p style="margin: 0; height: 20pt; line-height: 20pt; font-size: 10pt">Dòng {n}</p>'
"""A line of text 20 pt high: an A4 page holds 37 of them between its margins (263 mm)."""


@pytest.fixture(scope="module")
def renderer(tmp_path_factory: pytest.TempPathFactory) -> worker._Renderer:
    """A renderer whose templates hold two other layouts: one that saves a page, one that does not."""
    templates = tmp_path_factory.mktemp("templates")
    (templates / "paper").mkdir()
    (templates / "paper" / "base.css").write_text("body { margin: 0 }", encoding="utf-8")
    (templates / "paper" / "tight.css").write_text("p { height: 18pt !important }", encoding="utf-8")
    (templates / "paper" / "same.css").write_text("p { color: #000 }", encoding="utf-8")
    return worker._Renderer(templates, PrintProfile())


def _document(lines: int, flow: bool = True) -> str:
    body = "".join(LINE.format(n=n) for n in range(1, lines + 1))
    marked = f' id="{FLOW}"' if flow else ""
    return f'<html lang="vi"><head><title>Thử</title></head><body><div{marked}>{body}</div></body></html>'


def _pages(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_document_that_runs_on_for_two_lines_is_laid_out_tighter(renderer: worker._Renderer) -> None:
    html = _document(39)  # 37 lines, then 2 on a page of their own
    assert _pages(renderer.html_pdf(html, ("base.css",), forms=False, key="0" * 32)) == 2
    refits = (("same.css",), ("tight.css",))  # the first changes nothing: the second is kept
    assert _pages(renderer.html_pdf(html, ("base.css",), forms=False, key="0" * 32, refits=refits)) == 1


def test_a_document_that_fills_its_last_page_well_keeps_its_own_layout(renderer: worker._Renderer) -> None:
    refits = (("tight.css",),)
    assert _pages(renderer.html_pdf(_document(60), ("base.css",), forms=False, key="0" * 32, refits=refits)) == 2
    # Without the id that says which text runs on, nothing is measured and nothing laid out again.
    unmarked = _document(39, flow=False)
    assert _pages(renderer.html_pdf(unmarked, ("base.css",), forms=False, key="0" * 32, refits=refits)) == 2


def test_when_no_layout_helps_the_one_with_the_fewest_pages_is_kept(renderer: worker._Renderer) -> None:
    own = renderer.html_pdf(_document(39), ("base.css",), forms=False, key="0" * 32)
    again = renderer.html_pdf(_document(39), ("base.css",), forms=False, key="0" * 32, refits=(("same.css",),))
    assert _pages(again) == 2 and again == own


def _front(entries: int) -> bytes:
    """A cover, then contents of *entries* lines (two pages of them for 60)."""
    renderer = worker._Renderer(ROOT / "templates", PrintProfile())
    items = "".join(f"<li>Thủ tục {n}</li>" for n in range(entries))
    html = (
        '<html lang="vi"><head><title>Sổ tay</title></head><body class="front"><section class="cover">'
        f'<h1>Sổ tay</h1></section><nav class="toc"><h2>Mục lục</h2><ol>{items}</ol></nav></body></html>'
    )
    return renderer.html_pdf(html, ("print-base.css", "guide.css"), forms=False, key="1" * 32)


def _part() -> bytes:
    renderer = worker._Renderer(ROOT / "templates", PrintProfile())
    html = '<html lang="vi"><head><title>Thủ tục</title></head><body><h1>Đăng ký tạm trú</h1></body></html>'
    return renderer.html_pdf(html, ("print-base.css", "guide.css"), forms=False, key="2" * 32)


@pytest.mark.parametrize(("entries", "blank"), [(10, None), (60, 1)])
def test_the_blank_page_before_page_one_is_the_cover_s_back(entries: int, blank: int | None) -> None:
    """Page 1 is a right-hand page. When the cover and contents are an odd number of pages, the blank
    page that makes them even is the cover's back: the contents end on the page facing page 1."""
    front = assemble.open_pdf(_front(entries))
    contents_pages = len(front.pages) - 1
    bookmarks = (Bookmark("Mục lục", 1, front_page=1), Bookmark("Đăng ký tạm trú", 1, 0))
    assembly = Assembly("so-tay.pdf", ("part",), "book", "Trang {n}", bookmarks=bookmarks)
    data = assemble.book(front, [assemble.open_pdf(_part())], assembly, PrintProfile(), ROOT / "templates" / "fonts")
    pdf = pypdf.PdfReader(io.BytesIO(data))
    texts = [page.extract_text().strip() for page in pdf.pages]
    body = pdf.page_labels.index("1")
    assert body % 2 == 0 and texts[body].startswith("Đăng ký tạm trú")
    assert [i for i, text in enumerate(texts) if not text] == ([blank] if blank else [])
    first_contents = 2 if blank else 1
    assert texts[first_contents].startswith("Mục lục") and body - first_contents == contents_pages
    assert texts[body - 1], "the contents end on the page facing page 1"
    outline = {
        item.title: pdf.get_destination_page_number(item)
        for item in pdf.outline
        if isinstance(item, pypdf.generic.Destination)
    }
    assert outline == {"Mục lục": first_contents, "Đăng ký tạm trú": body}


def test_templates_have_the_layouts_guides_ask_for() -> None:
    from generator.paper.guides import FRONT_REFITS, PART_REFITS

    for sheet in {name for refit in (*PART_REFITS, *FRONT_REFITS) for name in refit}:
        assert (Path(ROOT) / "templates" / "paper" / sheet).is_file(), sheet
