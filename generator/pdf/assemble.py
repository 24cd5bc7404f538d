"""Assemble PDFs from already rendered parts (pikepdf): guides and handbook volumes.

A procedure is laid out once, as a *part*: its pages with their running header,
without page numbers. This module makes the published PDFs from parts:

- a **guide** is its part with "Trang 1/3" printed at the foot of each page;
- a **handbook volume** is its front matter (cover and contents, rendered by the
  caller once the parts' page counts are known), then its parts, numbered as a
  book: page labels i, ii… for the front matter and 1, 2… from the first part,
  the number on the outer corner, and mirrored margins (a part is laid out as a
  right-hand page; on a left-hand page its content moves by ``inner - outer`` so
  the wide margin is always on the binding side). The front matter is padded to
  an even number of pages, so page 1 is a right-hand page: the blank page is the
  cover's back, so the contents start on a right-hand page and their last page
  faces page 1 (never a blank page after the contents).

What a reader and a screen reader rely on stays right: the structure trees of
the parts (PDF/UA tags) are joined under the front matter's document element
with their parent trees renumbered; the contents' links and the bookmarks lead
to each part's first page; page numbers and crop marks are drawn as pagination
artifacts. The output is deterministic (qpdf's deterministic ID, no dates).

Page numbers are drawn with a subset of the print font made here (fontTools),
so stamping a page costs a few hundred microseconds instead of a layout.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont
from pikepdf import Array, Dictionary, Name, Pdf

from generator.pdf.jobs import BLEED_MM, PART_LINK, Assembly, Bookmark, PrintProfile

MM = 72 / 25.4
NUMBER_FONT = "BeVietnamPro-Regular.ttf"
NUMBER_SIZE = 9.0
"""Points: the page numbers, as legible as the notes."""
FONT_RESOURCE = "/TTpn"
MARK_WIDTH = 0.5
COVER_PAGES = 1
"""Pages of a handbook's cover: the front matter's first page; the contents follow."""


@dataclass(frozen=True)
class NumberFont:
    """A subset of the print font that writes page numbers: glyph ids, advances, the embeddable file."""

    name: str
    data: bytes
    gids: dict[str, int]
    advances: dict[int, int]
    units: int
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int

    def encode(self, text: str) -> bytes:
        return b"".join(self.gids[c].to_bytes(2, "big") for c in text)

    def width(self, text: str, size: float) -> float:
        return sum(self.advances[self.gids[c]] for c in text) * size / self.units


@functools.lru_cache(maxsize=8)
def number_font(fonts: Path, characters: str) -> NumberFont:
    """The print font cut to *characters* (glyph ids kept, so text is written with them directly)."""
    options = subset.Options()
    options.retain_gids = True
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "GDEF", "DSIG"]
    font = subset.load_font(str(fonts / NUMBER_FONT), options)
    cmap = font.getBestCmap()
    glyph_ids = font.getReverseGlyphMap()
    gids = {c: glyph_ids[cmap[ord(c)]] for c in characters if ord(c) in cmap}
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in gids])
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    metrics = TTFont(io.BytesIO(data))
    hmtx = metrics["hmtx"].metrics
    order = metrics.getGlyphOrder()
    advances = {gid: hmtx[order[gid]][0] for gid in gids.values()}
    head, hhea = metrics["head"], metrics["hhea"]
    tag = "".join(chr(65 + b % 26) for b in hashlib.sha256(data).digest()[:6])
    return NumberFont(
        f"{tag}+Be-Vietnam-Pro",
        data,
        gids,
        advances,
        head.unitsPerEm,
        (head.xMin, head.yMin, head.xMax, head.yMax),
        hhea.ascent,
        hhea.descent,
    )


def _font_object(pdf: Pdf, font: NumberFont) -> pikepdf.Object:
    """The font as a PDF Type 0 font (Identity-H, glyph ids as codes) with a ToUnicode map."""
    scale = 1000 / font.units
    items: list[Any] = []
    for gid in sorted(font.advances):
        items += [gid, Array([round(font.advances[gid] * scale)])]
    widths = Array(items)
    cmap = "\n".join(f"<{gid:04X}> <{ord(c):04X}>" for c, gid in sorted(font.gids.items(), key=lambda x: x[1]))
    to_unicode = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(font.gids)} beginbfchar\n{cmap}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + font.name),
        Flags=32,
        FontBBox=Array([round(v * scale) for v in font.bbox]),
        ItalicAngle=0,
        Ascent=round(font.ascent * scale),
        Descent=round(font.descent * scale),
        CapHeight=round(font.ascent * scale),
        StemV=80,
        FontFile2=pdf.make_stream(font.data),
    )
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/" + font.name),
        CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=pdf.make_indirect(descriptor),
        W=widths,
        CIDToGIDMap=Name.Identity,
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/" + font.name),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pdf.make_stream(to_unicode.encode()),
        )
    )


class Stamper:
    """Draws page numbers and crop marks on the pages of one output PDF, as pagination artifacts."""

    def __init__(self, pdf: Pdf, profile: PrintProfile, font: NumberFont) -> None:
        self.pdf, self.profile, self.font = pdf, profile, font
        self.font_object = _font_object(pdf, font)

    def stamp(self, page: pikepdf.Page, text: str | None, *, left_hand: bool = False) -> None:
        """Number *page* (on its outer corner) and mark its corners; move a left-hand page's content."""
        margins = self.profile.margins
        x0, y0, x1, _ = (float(v) for v in page.trimbox)
        if not (text or left_hand or self.profile.bleed):
            return  # nothing to draw or move (a page of the front matter)
        self._isolate(page, -(margins.inner - margins.outer) * MM if left_hand else 0.0)
        ops: list[str] = []
        if text:
            resources = page.obj.get("/Resources")
            if resources is None:
                resources = page.obj.Resources = Dictionary()
            fonts = resources.get("/Font")
            if fonts is None:
                fonts = resources.Font = Dictionary()
            fonts[FONT_RESOURCE] = self.font_object
            size = NUMBER_SIZE
            width = self.font.width(text, size)
            x = x0 + margins.outer * MM if left_hand else x1 - margins.outer * MM - width
            y = y0 + margins.bottom * MM / 2 - size / 3
            ops.append(
                "/Artifact <</Type /Pagination /Subtype /Footer>> BDC q BT 0 g "
                f"{FONT_RESOURCE} {size:g} Tf {x:.2f} {y:.2f} Td <{self.font.encode(text).hex().upper()}> Tj ET Q EMC"
            )
        if self.profile.bleed:
            ops.append(self._crop_marks(page))
        if ops:
            page.contents_add(self.pdf.make_stream(("\n" + "\n".join(ops) + "\n").encode()), prepend=False)

    def _isolate(self, page: pikepdf.Page, dx: float) -> None:
        """Wrap the page's content in its own graphics state (moved by *dx*), so what is drawn after it
        starts from the page's own coordinates (a renderer may leave its transformation set)."""
        move = f" 1 0 0 1 {dx:.3f} 0 cm" if dx else ""
        page.contents_add(self.pdf.make_stream(f"q{move}\n".encode()), prepend=True)
        page.contents_add(self.pdf.make_stream(b"\nQ\n"), prepend=False)
        if not dx:
            return
        for annotation in page.obj.get("/Annots", Array()):
            rect = annotation.get("/Rect")
            if rect is not None:
                annotation.Rect = Array([float(rect[0]) + dx, rect[1], float(rect[2]) + dx, rect[3]])
            quads = annotation.get("/QuadPoints")
            if quads is not None:
                annotation.QuadPoints = Array([float(v) + (dx if i % 2 == 0 else 0) for i, v in enumerate(quads)])

    def _crop_marks(self, page: pikepdf.Page) -> str:
        """Short lines in the bleed, in line with the trimmed edges (as WeasyPrint's ``marks: crop``)."""
        x0, y0, x1, y1 = (float(v) for v in page.trimbox)
        b = BLEED_MM * MM
        half = b / 2
        lines = []
        for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            lines.append(f"{x + sx * b:.2f} {y:.2f} m {x + sx * half:.2f} {y:.2f} l")
            lines.append(f"{x:.2f} {y + sy * b:.2f} m {x:.2f} {y + sy * half:.2f} l")
        return f"/Artifact <</Type /Pagination>> BDC q 0 G {MARK_WIDTH} w " + " ".join(lines) + " S Q EMC"


def label_characters(label: str) -> str:
    """Every character a page number written with *label* may use."""
    return "".join(sorted(set(label.replace("{n}", "").replace("{total}", "") + "0123456789")))


def guide(part: Pdf, assembly: Assembly, profile: PrintProfile, fonts: Path) -> bytes:
    """A guide: its part with "Trang i/k" on every page."""
    stamper = Stamper(part, profile, number_font(fonts, label_characters(assembly.label)))
    total = len(part.pages)
    for number, page in enumerate(part.pages, start=1):
        stamper.stamp(page, assembly.label.format(n=number, total=total))
    return _save(part)


def book(front: Pdf, parts: Sequence[Pdf], assembly: Assembly, profile: PrintProfile, fonts: Path) -> bytes:
    """A handbook volume: *front* (cover and contents), then *parts*, numbered as a book."""
    pdf = front
    own = list(range(len(pdf.pages)))  # where each page of the front matter ends up
    if len(pdf.pages) % 2:
        _blank_page(pdf, COVER_PAGES)
        own = [page + (page >= COVER_PAGES) for page in own]
    front_pages = len(pdf.pages)
    tree = _StructTree(pdf)
    starts: list[int] = []
    for part in parts:
        starts.append(len(pdf.pages) - front_pages)
        first = len(pdf.pages)
        kids, nums = tree.detach(part)
        pdf.pages.extend(part.pages)
        tree.join(part, kids, nums, pdf.pages[first:])
    stamper = Stamper(pdf, profile, number_font(fonts, label_characters(assembly.label)))
    for index, page in enumerate(pdf.pages):
        number = index - front_pages + 1
        if number >= 1:
            stamper.stamp(page, assembly.label.format(n=number), left_hand=number % 2 == 0)
        else:
            stamper.stamp(page, None)
    _link_contents(pdf, [front_pages + start for start in starts], front_pages)
    _bookmarks(pdf, assembly.bookmarks, [front_pages + start for start in starts], own)
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.r), front_pages, Dictionary(S=Name.D)]))
    return _save(pdf)


def first_pages(page_counts: Iterable[int]) -> list[int]:
    """The book page number (from 1) each part starts on, given the parts' page counts."""
    starts, page = [], 1
    for count in page_counts:
        starts.append(page)
        page += count
    return starts


def _blank_page(pdf: Pdf, index: int) -> None:
    """A blank page like the last one (same boxes) at *index*, so the body starts on a right-hand page."""
    last = pdf.pages[-1].obj
    page = Dictionary(Type=Name.Page, Resources=Dictionary(), Contents=pdf.make_stream(b""))
    for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
        if box in last:
            page[box] = Array(list(last[box]))
    page.Tabs = Name.S
    pdf.pages.insert(index, pikepdf.Page(page))


class _StructTree:
    """The output's structure tree, to which each part's tree is joined (PDF/UA tags)."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        root = pdf.Root.StructTreeRoot
        self.document = _document_element(root)
        self.nums = root.ParentTree.Nums
        keys = [int(self.nums[i]) for i in range(0, len(self.nums), 2)]
        self.next_key = max(keys, default=-1) + 1

    @staticmethod
    def detach(part: Pdf) -> tuple[list[pikepdf.Object], list[pikepdf.Object]]:
        """The part's top elements and parent tree, cut from its root (so copying them stops there)."""
        root = part.Root.StructTreeRoot
        document = _document_element(root)
        kids = list(document.K) if isinstance(document.K, Array) else [document.K]
        for kid in kids:
            if isinstance(kid, Dictionary) and "/P" in kid:
                del kid["/P"]
        return kids, list(root.ParentTree.Nums)

    def join(
        self, part: Pdf, kids: list[pikepdf.Object], nums: list[pikepdf.Object], pages: Iterable[pikepdf.Page]
    ) -> None:
        offset = self.next_key
        for kid in kids:
            if not isinstance(kid, Dictionary):
                continue
            copy = _copy(self.pdf, kid)
            copy.P = self.document
            self.document.K.append(copy)
        last = -1
        for i in range(0, len(nums), 2):
            key = int(nums[i])
            self.nums.append(key + offset)
            self.nums.append(_copy(self.pdf, nums[i + 1]))
            last = max(last, key)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        self.next_key = offset + last + 1


def _copy(pdf: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """*obj* of another PDF in *pdf*: indirect objects through qpdf (each copied once, so references
    to pages already copied lead to the copies), direct arrays and dictionaries element by element."""
    if obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(pdf, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(pdf, value) for key, value in obj.items()})
    return obj


def _document_element(root: pikepdf.Object) -> pikepdf.Object:
    kids = root.K
    return kids[0] if isinstance(kids, Array) else kids


def _link_contents(pdf: Pdf, starts: list[int], front_pages: int) -> None:
    """Point the front matter's ``tt-part:N`` links at the first page of part N."""
    for page in pdf.pages[:front_pages]:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(PART_LINK):
                target = pdf.pages[starts[int(uri[len(PART_LINK) :])]].obj
                del annotation["/A"]
                annotation.Dest = Array([target, Name.XYZ, None, None, None])


def _bookmarks(pdf: Pdf, bookmarks: Sequence[Bookmark], starts: list[int], front: list[int]) -> None:
    """The outline: each bookmark to its part's first page, or to the page of the front matter it names
    (*front*: where each page of the front matter is in *pdf*)."""
    with pdf.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, list[pikepdf.OutlineItem]]] = [(0, outline.root)]
        for mark in bookmarks:
            page = starts[mark.part] if mark.part is not None else front[mark.front_page]
            item = pikepdf.OutlineItem(mark.title, page)
            while stack[-1][0] >= mark.level:
                stack.pop()
            stack[-1][1].append(item)
            stack.append((mark.level, item.children))


def _save(pdf: Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        linearize=False,
    )
    return out.getvalue()


RADIO = 1 << 15


def name_radio_groups(data: bytes) -> bytes:
    """Give each group of tick boxes (a radio group) the question as its accessible name.

    WeasyPrint names a group after its first box, and gives each box the group's field name
    too (so readers see a second field ``gioi_tinh.gioi_tinh``), and lists each box among the
    form's fields as well as under its group. Each box is ``"question:
    option"`` (its ``title``): the group's name is that without ``": option"``, and each box
    keeps its own as the widget's description (``/Contents``), with no field name of its own.
    Unchanged PDFs (no groups) are returned as they are.
    """
    pdf = open_pdf(data)
    fields = pdf.Root.get("/AcroForm", Dictionary()).get("/Fields", Array())
    changed = False
    for group in fields:
        if not int(group.get("/Ff", 0)) & RADIO or "/Kids" not in group or not len(group.Opt):
            continue
        suffix = ": " + str(group.Opt[0])
        name = str(group.get("/TU", ""))
        if name.endswith(suffix):
            group.TU = pikepdf.String(name.removesuffix(suffix))
        for box in group.Kids:
            if "/TU" in box:
                box.Contents = box.TU
                del box["/TU"]
            if "/T" in box:
                del box["/T"]
        changed = True
    if changed:  # the boxes are the groups' widgets, not fields of the form's own (WeasyPrint lists them too)
        boxes = {box.objgen for group in fields if "/Kids" in group for box in group.Kids}
        pdf.Root.AcroForm.Fields = Array([field for field in fields if field.objgen not in boxes])
    return _save(pdf) if changed else data


def open_pdf(source: Path | bytes) -> Pdf:
    return Pdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)
