"""Form files made from a form record's ``fields``: a PDF to print, a fillable PDF, a Word file.

Each is laid out like the paper form (national title, the form's symbol, numbered
items with dotted lines, boxes for digits and ticks, signatures at the bottom
right). This module writes the HTML the PDFs are made from and names every
file; :mod:`generator.pdf` renders the PDFs, :mod:`generator.paper.word` writes
the Word file, and the form's page offers them all with the page that fills the
form in the browser (``templates/web/form-fill.html``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Form, FormField, TableColumn
from generator.model.texts import Texts
from generator.pdf.jobs import PdfJob
from generator.project import FONTS, PAPER_TEMPLATES, TEMPLATES_DIR
from generator.render.templating import template_env

FORM_STYLES = ("form.css",)
TEXTAREA_LINES = 3
"""Printed lines of a textarea whose record gives no ``lines``."""
DIGIT_BOXES = 12
"""Printed boxes of a digits field whose record gives no ``length``."""
STACK_OPTIONS_OVER = 60
"""Characters of a choice's label and options beyond which each option gets a line of its own."""
LABEL_FONT = "LiberationSerif-Regular.ttf"
TEXT_WIDTH_MM = 170.0
"""Width of the text on an A4 form (``form.css``: margins of 25 mm and 15 mm)."""
LABEL_SIZE_PT = 13.0
MIN_FIELD_MM = 50.0
"""A fillable text field narrower than this beside its label goes on the next line instead."""


@dataclass(frozen=True)
class Row:
    """One row of the printed form: a field, or the signatures that stand side by side."""

    field: FormField | None = None
    signatures: tuple[FormField, ...] = ()


def rows(fields: Iterable[FormField]) -> list[Row]:
    """The fields in order, with each run of consecutive signatures gathered into one row."""
    result: list[Row] = []
    for item in fields:
        if item.type == "signature" and result and result[-1].signatures:
            result[-1] = Row(signatures=(*result[-1].signatures, item))
        elif item.type == "signature":
            result.append(Row(signatures=(item,)))
        else:
            result.append(Row(field=item))
    return result


def title_parts(title: str) -> tuple[str, str]:
    """A form's title and the note in brackets that ends it, printed on a line of its own.

    ``"Tờ khai ... (dùng cho người ...)"`` gives ``("Tờ khai ...", "(Dùng cho người ...)")``.
    """
    if not title.endswith(")"):
        return title, ""
    depth = 0
    for index in range(len(title) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(title[index], 0)
        if depth == 0:
            main, note = title[:index].rstrip(), title[index + 1 : -1].strip()
            if not main or not note:
                return title, ""
            return main, f"({note[:1].upper()}{note[1:]})"
    return title, ""


def colon(label: str) -> str:
    """What follows a label before its dotted line: ``":"``, unless the label ends in one."""
    return "" if label.endswith((":", "?")) else ":"


class LabelMetrics:
    """How wide a label prints in the form's font, so a fillable field can take the rest of the line.

    (A CSS table would do it, but costs WeasyPrint 0.4 s a document.)
    """

    def __init__(self, font: Path) -> None:
        from fontTools.ttLib import TTFont

        ttf = TTFont(font, lazy=True)
        self.cmap: dict[int, str] = ttf.getBestCmap()
        self.advances: dict[str, tuple[int, int]] = ttf["hmtx"].metrics
        self.scale: float = LABEL_SIZE_PT / ttf["head"].unitsPerEm * 25.4 / 72
        self.fallback: int = self.advances[self.cmap[ord("n")]][0]

    def width_mm(self, text: str) -> float:
        units: int = sum(self.advances[self.cmap[ord(c)]][0] if ord(c) in self.cmap else self.fallback for c in text)
        return units * self.scale

    def field_mm(self, item: FormField) -> float | None:
        """Width of the text field beside *item*'s label, or None when it goes on a line of its own."""
        room = TEXT_WIDTH_MM - self.width_mm(item.label + colon(item.label) + " ") - 3
        return round(room, 1) if room >= MIN_FIELD_MM else None


def stacked(item: FormField) -> bool:
    """Whether a choice's options are printed one per line rather than after the label."""
    return len(item.label) + sum(len(option) + 6 for option in item.options or ()) > STACK_OPTIONS_OVER


TABLE_ROWS = 4
"""Blank rows of a table whose record gives no ``rows``."""


def table_rows(item: FormField) -> int:
    return item.rows or TABLE_ROWS


CELL_ROOM_CHARS = 2
"""Room around a cell's text (padding and rules), in characters."""
TICK_CHARS = 4
"""A tick box, the space after it and the space before the next option, in characters."""
BOLD_CHARS = 1.15
"""How much wider a heading's bold letters are than the regular ones of an answer."""


def column_chars(column: TableColumn, rows: int) -> int:
    """How many characters wide what goes in *column* is: the row's number, a date, the digits, the
    options with their tick boxes, or what the record says a text answer usually takes."""
    if column.type == "number":
        return max(len(str(rows)), 2)
    if column.type == "date":
        return len("dd/mm/yyyy")
    if column.type == "digits":
        return column.length or DIGIT_BOXES
    if column.type == "choice":
        return sum(len(option) + TICK_CHARS for option in column.options or ())
    return column.width or max(len(column.label), 8)


def heading_chars(column: TableColumn) -> float:
    """The narrowest a column can be: its heading's longest word, in bold (headings wrap between words)."""
    return max(len(word) for word in column.label.split()) * BOLD_CHARS


def column_widths(item: FormField) -> list[float]:
    """Each column's share of the printed table's width, in %: as wide as what goes in it (see
    :func:`column_chars`), and never narrower than its heading's longest word, so no text
    overflows its cell."""
    columns = item.columns or ()
    need = [column_chars(column, table_rows(item)) + CELL_ROOM_CHARS for column in columns]
    least = [heading_chars(column) + CELL_ROOM_CHARS for column in columns]
    fixed: dict[int, float] = {}  # columns held at their heading's width, in characters
    while True:
        free = [index for index in range(len(columns)) if index not in fixed]
        room = sum(need) - sum(fixed.values())  # the table keeps the width the answers need in total
        scale = room / (sum(need[index] for index in free) or 1)
        narrow = {index: least[index] for index in free if need[index] * scale < least[index]}
        if not narrow:
            break
        fixed |= narrow
    chars = [fixed.get(index, need[index] * scale) for index in range(len(columns))]
    total = sum(chars) or 1
    return [round(100 * width / total, 2) for width in chars]


def cell_digits(column: TableColumn) -> int:
    """The digits a digits column holds."""
    return column.length or DIGIT_BOXES


def cell_name(item: FormField, row: int, column: int) -> str:
    """The name of a table cell's field, from 1: ``thanh_vien_1_2`` (row 1, column 2)."""
    return f"{item.id}_{row}_{column}"


def printed_lines(item: FormField) -> int:
    return item.lines or TEXTAREA_LINES


def printed_boxes(item: FormField) -> int:
    return item.length or DIGIT_BOXES


class FormPrinter:
    """Writes the HTML of a form's printable and fillable PDFs from ``templates/paper/form.html``."""

    def __init__(self, catalogue: Catalogue, texts: Texts) -> None:
        self.author = catalogue.settings.agency.name
        templates = catalogue.project / TEMPLATES_DIR
        self.env = template_env(templates / PAPER_TEMPLATES, catalogue, texts)
        metrics = LabelMetrics(templates / FONTS / LABEL_FONT)
        self.env.globals.update(
            ft=texts.form_files,
            lines=printed_lines,
            boxes=printed_boxes,
            stacked=stacked,
            colon=colon,
            field_mm=metrics.field_mm,
            table_rows=table_rows,
            widths=column_widths,
            cell_name=cell_name,
            cell_digits=cell_digits,
        )

    def html(self, form: Form, *, fillable: bool) -> str:
        title, subtitle = title_parts(form.title)
        return self.env.get_template("form.html").render(
            f=form,
            rows=rows(form.fields or ()),
            fillable=fillable,
            author=self.author,
            title=title,
            subtitle=subtitle,
        )


PURPOSES = {"ho_ten": "name", "ngay_sinh": "bday", "so_dien_thoai": "tel", "email": "email"}
"""Fields that ask for the citizen's own details, by id, and the ``autocomplete`` token that says so
(WCAG 1.3.5: browsers fill them in, assistive technology can mark them)."""


def purpose(item: FormField) -> str:
    return PURPOSES.get(item.id or "", "")


def input_type(item: FormField) -> str:
    """The HTML input type of a one-line field: phone and email keyboards where they help."""
    return {"tel": "tel", "email": "email"}.get(purpose(item), "text")


def digits_pattern(item: FormField | int) -> str:
    """The ``pattern`` of a digits field, or of a digits cell of *item* digits."""
    count = item if isinstance(item, int) else printed_boxes(item)
    return f"[0-9]{{{count}}}"


def fill_context(form: Form) -> dict[str, object]:
    """What ``templates/web/form-fill.html`` needs besides the form."""
    title, subtitle = title_parts(form.title)
    helpers = {
        "lines": printed_lines,
        "boxes": printed_boxes,
        "purpose": purpose,
        "input_type": input_type,
        "digits_pattern": digits_pattern,
        "table_rows": table_rows,
        "cell_name": cell_name,
        "cell_digits": cell_digits,
        "widths": column_widths,
    }
    return {"rows": rows(form.fields or ()), "paper_title": title, "paper_subtitle": subtitle, **helpers}


def pdf_jobs(catalogue: Catalogue, texts: Texts) -> list[PdfJob]:
    """The printable and the fillable PDF of every form with fields, for :func:`generator.pdf.pool.render_pdfs`."""
    printer = FormPrinter(catalogue, texts)
    jobs = []
    for form in catalogue.forms:
        if not form.fields:
            continue
        source = f"forms/{form.id}.yaml"
        jobs.append(PdfJob(urls.form_printable(form), printer.html(form, fillable=False), FORM_STYLES, source=source))
        jobs.append(
            PdfJob(urls.form_fillable(form), printer.html(form, fillable=True), FORM_STYLES, forms=True, source=source)
        )
    return jobs
