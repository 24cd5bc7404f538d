"""A form as a Word document laid out as offices type it (python-docx).

A4, Times New Roman 13 pt, the national title centred with a rule under the
motto, the form's symbol top right, each item followed by a dot leader to the
right margin (a right tab stop with dots, so the text stays editable), digit
boxes as a one-row table, ``□`` tick boxes, and the signatures side by side.
The bytes are the same for the same form (fixed zip dates, no creation time).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from generator.model.records import Form, FormField
from generator.model.texts import FormFilesTexts, Texts
from generator.paper.forms import (
    colon,
    column_widths,
    printed_boxes,
    printed_lines,
    rows,
    stacked,
    table_rows,
    title_parts,
)

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"left": Mm(25), "right": Mm(15), "top": Mm(15), "bottom": Mm(15)}
TEXT_WIDTH = Mm(170)
LINE = Pt(20)
"""Line pitch of the items: about 7 mm, room to write by hand."""
BOX = Mm(6)
TICK = "□"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

Paragraph = Any
"""python-docx's paragraph (the package ships no type hints)."""


def word_form(form: Form, texts: Texts, author: str) -> bytes:
    """The Word document of *form*, which must have fields."""
    t = texts.form_files
    doc = Document()
    _setup(doc, form, author)
    _head(doc, form, t)
    for row in rows(form.fields or ()):
        if row.signatures:
            _signatures(doc, row.signatures, t)
        elif row.field is not None:
            _item(doc, row.field)
    return _deterministic(doc)


def _setup(doc: Any, form: Form, author: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for kind in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(kind), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    spacing = normal.paragraph_format
    spacing.space_before, spacing.space_after = Pt(0), Pt(0)
    _plain_style(doc.styles["Title"], 14, WD_ALIGN_PARAGRAPH.CENTER, before=18)
    _plain_style(doc.styles["Heading 1"], 13, WD_ALIGN_PARAGRAPH.LEFT, before=6)
    props = doc.core_properties
    # Word's document properties hold 255 characters at most; the full title is in the document itself.
    title, author = _property(form.title), _property(author)
    props.title, props.subject, props.author, props.language = title, form.id, author, "vi-VN"
    props.last_modified_by, props.comments, props.keywords, props.revision = author, "", form.id, 1
    for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for element in props._element.findall(qn(name)):
            props._element.remove(element)


def _plain_style(style: Any, size: float, align: Any, *, before: float) -> None:
    """A heading style of python-docx's template (blue, theme fonts, ruled) made plain black bold Times."""
    element = style.element
    for name in ("w:rPr", "w:pPr"):
        for child in element.findall(qn(name)):
            element.remove(child)
    style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for kind in ("w:eastAsia", "w:cs"):
        fonts.set(qn(kind), FONT)
    style.paragraph_format.alignment = align
    style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(0)
    style.paragraph_format.keep_with_next = True


def _paragraph(
    doc: Any, text: str = "", *, align: Any = None, size: float | None = None, bold: bool = False, italic: bool = False
) -> Paragraph:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    return p


def _head(doc: Any, form: Form, t: FormFilesTexts) -> None:
    right, centre = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, t.symbol.format(id=form.id), align=right, size=12, bold=True)
    if form.source:
        _paragraph(doc, t.issued_by.format(source=form.source), align=right, size=10, italic=True)
    _paragraph(doc, t.nation, align=centre, size=12.5, bold=True).paragraph_format.space_before = Pt(8)
    motto = _paragraph(doc, t.motto, align=centre, size=13.5, bold=True)
    indent = Mm(54)  # the rule under the motto is as long as the motto
    motto.paragraph_format.left_indent = motto.paragraph_format.right_indent = indent
    _border(motto, "bottom")
    title, subtitle = title_parts(form.title)
    heading = _paragraph(doc, title.upper())
    heading.style = doc.styles["Title"]
    if subtitle:
        _paragraph(doc, subtitle, align=centre, italic=True)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _border(paragraph: Paragraph, side: str) -> None:
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    paragraph._p.get_or_add_pPr().append(borders)


def _line(doc: Any, text: str = "", *, leader: bool = True, indent: Any = None) -> Paragraph:
    """One item line: *text*, then dots to the right margin (a right tab stop with a dot leader)."""
    p = _paragraph(doc, text)
    p.paragraph_format.line_spacing = LINE
    if indent is not None:
        p.paragraph_format.left_indent = indent
    if leader:
        p.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.add_run("\t")
    return p


def _item(doc: Any, x: FormField) -> None:
    label = f"{x.label}{colon(x.label)} "
    if x.type == "section":
        _paragraph(doc, x.label).style = doc.styles["Heading 1"]
    elif x.type == "checkbox":
        _line(doc, f"{TICK} {x.label}", leader=False)
    elif x.type == "choice" and stacked(x):
        _line(doc, label, leader=False)
        for option in x.options or ():
            _line(doc, f"{TICK} {option}", leader=False, indent=Mm(8))
    elif x.type == "choice":
        _line(doc, label + "    ".join(f"{TICK} {option}" for option in x.options or ()), leader=False)
    elif x.type == "date":
        _line(doc, label + "……/……/…………", leader=False)
    elif x.type == "digits":
        _digits(doc, label, printed_boxes(x))
    elif x.type == "table":
        _line(doc, label.rstrip(), leader=False)
        _grid(doc, x)
    else:
        _line(doc, label)
        for _ in range(printed_lines(x) - 1 if x.type == "textarea" else 0):
            _line(doc)


def _digits(doc: Any, label: str, count: int) -> None:
    """The label and one box per digit, in a one-row table (the boxes stay put when typed in)."""
    label_width = min(TEXT_WIDTH - count * BOX, Mm(max(30, round(len(label) * 2.2) + 2)))
    table = _table(doc, [label_width] + [BOX] * count)
    cells = table.rows[0].cells
    cells[0].paragraphs[0].add_run(label)
    cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    for cell in cells[1:]:
        _cell_borders(cell)
    table.rows[0].height = Mm(7)
    table.rows[0].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY


def _grid(doc: Any, x: FormField) -> None:
    """A table to fill in: bold centred headings, then blank rows 8 mm tall, every cell ruled; each
    column as wide as what goes in it, the row's number printed, options as tick boxes."""
    columns = x.columns or ()
    widths = [Emu(int(TEXT_WIDTH * share / 100)) for share in column_widths(x)]
    table = _table(doc, widths, rows=1 + table_rows(x))
    for row_index, row in enumerate(table.rows):
        row.height = Mm(8)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, column in zip(row.cells, columns, strict=True):
            _cell_borders(cell)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            if row_index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(column.label)
                run.bold, run.font.size = True, Pt(11)
            elif column.type == "number":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.add_run(str(row_index)).font.size = Pt(11)
            elif column.type == "choice":
                paragraph.add_run("  ".join(f"{TICK} {option}" for option in column.options or ())).font.size = Pt(11)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # repeated on each page, and read as headings
    _paragraph(doc).paragraph_format.space_after = Pt(4)


def _table(doc: Any, widths: list[Any], rows: int = 1) -> Any:
    """A table with fixed column widths (Word and LibreOffice read them from the grid); rows never split."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return table


def _cell_borders(cell: Any) -> None:
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
            line.set(qn(key), value)
        borders.append(line)
    cell._tc.get_or_add_tcPr().append(borders)


def _signatures(doc: Any, signers: tuple[FormField, ...], t: FormFilesTexts) -> None:
    """Signers side by side, up to four to a row; a single signer on the right half."""
    _paragraph(doc).paragraph_format.space_after = Pt(6)
    columns = max(2, min(len(signers), 4))
    cells: list[FormField | None] = [None, *signers] if len(signers) == 1 else list(signers)
    size = {2: 13, 3: 12, 4: 11}[columns]
    for start in range(0, len(cells), columns):
        table = _table(doc, [TEXT_WIDTH // columns] * columns)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, signer in zip(table.rows[0].cells, cells[start : start + columns], strict=False):
            if signer is None:
                continue
            centre = WD_ALIGN_PARAGRAPH.CENTER
            first = cell.paragraphs[0]
            first.alignment = centre
            first.add_run(t.place_date).italic = True
            for run in first.runs:
                run.font.size = Pt(size)
            role = cell.add_paragraph()
            role.alignment = centre
            run = role.add_run(signer.label.upper())
            run.bold, run.font.size = True, Pt(size)
            hint = cell.add_paragraph()
            hint.alignment = centre
            run = hint.add_run(t.sign)
            run.italic, run.font.size = True, Pt(size)
            hint.paragraph_format.space_after = Pt(60)


def _deterministic(doc: Any) -> bytes:
    """The document's bytes, with fixed dates in the zip so a rebuild gives the same file."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _property(text: str, limit: int = 255) -> str:
    """*text* cut to fit a Word document property, on a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
