"""The built guides and handbooks, checked as a print shop would: type sizes, margins on left- and
right-hand pages, no heading alone at a page's foot, typeable addresses beside the QR codes, and
the structure tree (PDF/UA tags) of an assembled handbook."""

from __future__ import annotations

import math
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest

from generator import urls
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.pdf.jobs import MARGINS

from ..conftest import ROOT

MM = 72 / 25.4
A4_WIDTH = 595.28


def sizes(page: pypdf.PageObject) -> list[tuple[str, float]]:
    """Each piece of text on a page with its size in points, as printed (text and page matrices applied)."""
    found: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            # the vertical scale of tm × cm
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            found.append((text.strip(), size * math.hypot(c, d)))

    page.extract_text(visitor_text=visit)
    return found


def extents(path: Path, index: int) -> tuple[float, float]:
    """The leftmost and rightmost edges of the text of a page, in points."""
    document = pypdfium2.PdfDocument(path)
    text = document[index].get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars()) if text.get_text_range(i, 1).strip()]
    return min(b[0] for b in boxes), max(b[2] for b in boxes)


def page_texts(path: Path, *options: str) -> list[str]:
    command = ["pdftotext", *(options or ("-layout",)), str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout.split("\f")[:-1]


def guides(site: Path) -> list[Path]:
    return sorted((site / "thu-tuc").glob("*/huong-dan-*.pdf"))


def test_type_is_at_least_11_pt_for_text_and_9_pt_for_notes(sample_site: Path) -> None:
    for guide in guides(sample_site)[:8]:
        found: Counter[float] = Counter()
        for number, page in enumerate(pypdf.PdfReader(guide).pages, start=1):
            for text, size in sizes(page):
                assert size >= 9 - 0.01, f"{guide.name} page {number}: {text!r} at {size:.1f} pt"
                found[round(size, 1)] += len(text)
        assert found.most_common(1)[0][0] == 11, f"{guide.name}: body text is 11 pt ({found.most_common(3)})"


def test_handbook_margins_are_mirrored_with_the_wide_one_on_the_binding_side(sample_site: Path) -> None:
    path = sample_site / urls.handbook(None)
    labels = pypdf.PdfReader(path).page_labels
    body = labels.index("1")
    margins = MARGINS["A4"]
    lows: dict[str, list[float]] = {"left-hand": [], "right-hand": []}
    for index in range(body, len(labels)):
        left, right = extents(path, index)
        low, high = left / MM, (A4_WIDTH - right) / MM
        if int(labels[index]) % 2:  # a right-hand page: the binding is on its left
            assert low >= margins.inner - 0.5 and high >= margins.outer - 0.5, (labels[index], low, high)
            lows["right-hand"].append(low)
        else:
            assert low >= margins.outer - 0.5 and high >= margins.inner - 0.5, (labels[index], low, high)
            lows["left-hand"].append(low)
    assert min(len(found) for found in lows.values()) >= 10, lows
    assert min(lows["right-hand"]) == pytest.approx(margins.inner, abs=0.5), "text starts at the inner margin"
    assert min(lows["left-hand"]) == pytest.approx(margins.outer, abs=0.5), "text starts at the outer margin"


def test_no_page_ends_on_a_heading(sample_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    t = load_texts(ROOT / "templates")
    headings = {
        t.procedure.steps,
        t.print.checklist,
        t.print.checklist_lead,
        t.procedure.requirements,
        t.procedure.results,
        t.print.where,
        t.procedure.legal_basis,
    }
    headings |= {g.case for p in catalogue.procedures for g in p.documents if g.case}
    margins = MARGINS["A4"]
    height = 841.89 - (margins.top + margins.bottom) * MM
    body_only = ("-x", "0", "-y", f"{margins.top * MM:.0f}", "-W", "600", "-H", f"{height:.0f}")  # no header, footer
    for guide in guides(sample_site):
        pages = page_texts(guide, "-layout", *body_only)
        for number, text in enumerate(pages[:-1], start=1):
            body = [line.strip() for line in text.splitlines() if line.strip()]
            assert body[-1] not in headings, f"{guide.name}: page {number} ends on the heading {body[-1]!r}"
            assert not body[-1].startswith(t.print.checklist_paper), f"{guide.name}: page {number} ends on a table head"


def test_qr_captions_are_short_typeable_addresses(sample_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    for p in catalogue.current:
        first = page_texts(sample_site / urls.guide(p), "-raw")[0]
        assert f"thutuc.congan-quangngai.example – mã {p.code}" in " ".join(first.split()), p.code
        if p.online != "none":
            assert f"dichvucong.gov.vn – mã {p.code}" in first, p.code
        assert "https://" not in first, "no long address under a QR code"


def test_assembled_handbook_keeps_one_whole_structure_tree(sample_site: Path) -> None:
    """Every tagged element belongs to the one tree and to a page of this PDF; every page's marked
    content is found through the parent tree (what a screen reader follows)."""
    path = sample_site / urls.handbook(None)
    pdf = pypdf.PdfReader(path)
    root: Any = pdf.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(pdf.pages)}  # type: ignore[union-attr]
    document = tree["/K"][0].get_object() if isinstance(tree["/K"], list) else tree["/K"].get_object()
    seen: Counter[str] = Counter()

    def walk(element: Any, parent: Any) -> None:
        element = element.get_object()
        if not hasattr(element, "get") or element.get("/Type") not in (None, "/StructElem"):
            return
        if "/S" not in element:
            return
        assert element.raw_get("/P").idnum == parent.indirect_reference.idnum, "one tree"
        if "/Pg" in element:
            assert element.raw_get("/Pg").idnum in pages, "an element on a page of another PDF"
        seen[element["/S"]] += 1
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid, element)

    for kid in document["/K"]:
        walk(kid, document)
    catalogue = load_catalogue(ROOT)
    titled = sum(len(procedures) > 1 for procedures in catalogue.by_field().values())
    # The cover, each field of more than one procedure (its title page), each procedure, and the list of
    # commune police the sample's commune procedures send to.
    assert seen["/H1"] == 1 + titled + len(catalogue.current) + 1
    nums = tree["/ParentTree"]["/Nums"]
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    assert len(keys) == len(nums) // 2, "no key twice"
    for page in pdf.pages:
        if page.get_contents() is not None and page.get_contents().get_data().strip():  # type: ignore[union-attr]
            assert int(page["/StructParents"]) in keys  # type: ignore[call-overload]
    assert str(pdf.pages[0]["/Tabs"]) == "/S"
