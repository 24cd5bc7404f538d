"""The national procedure page saved as HTML ("Save page as…"), read as text and tables; nothing in it runs.

The page is read with the standard library's HTML tokenizer: only its visible
text is kept, cut into blocks, and its tables into rows of cells, so the cells
the page-sections crawl runs together (``Trực tiếp5 Ngày làm việcMiễn phí``)
stay apart here. Sections start at the page's labels ("Mã thủ tục", "Cách thức
thực hiện"…, :data:`~generator.national.page.SECTIONS`), whether a label stands
in a block of its own or before a colon.

Scripts, styles and embedded objects are never kept. A saved page carries
scripts of its own (the portal is a web application); they are skipped. A
script, an event handler (``onclick=``) or a ``javascript:`` link *inside* a
section of the procedure is a problem: such a file was not saved from the
portal as it is, and is not imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from generator.national.cells import (
    COUNT,
    LEGAL_NUMBER,
    METHODS,
    FeeEntry,
    Paper,
    clean,
    legal_number,
    one_line,
    read_time,
    split_form_files,
)
from generator.national.page import (
    CHANNEL_HEADER,
    LEGAL_HEADER,
    PAPER_HEADER,
    SECTIONS,
    ChannelRow,
    Page,
    PaperGroup,
    case_name,
    channel_rows,
    fee_cell,
    legal_rows,
    paper_groups,
    paper_name,
)

_SKIPPED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "title"}
_ACTIVE = {"script", "iframe", "object", "embed"}
_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "dl",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "form",
    "fieldset",
    "legend",
    "label",
    "button",
    "select",
    "option",
    "br",
    "hr",
    "caption",
}
_LABELS = {one_line(label).casefold(): key for key, label in SECTIONS.items()}
_LABELS.update(
    {
        "địa chỉ tiếp nhận hồ sơ": "dia_chi_tiep_nhan",
        "yêu cầu, điều kiện": "yeu_cau_dieu_kien",
        "kết quả thực hiện": "ket_qua_xu_ly",
        "thành phần, số lượng hồ sơ": "thanh_phan_ho_so",
    }
)


@dataclass
class Block:
    """A piece of the page: a block of text, or a table (rows of cells)."""

    text: str = ""
    rows: list[list[str]] | None = None
    active: str = ""
    """What in the block runs code (an event handler, a javascript: link, a script in a table), if anything."""
    script: bool = False
    """A script (or frame, object) between blocks: inside a section when more of the section follows it."""


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)
    cell: list[str] | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skipping: list[str] = []
        self.tables: list[_Table] = []
        self.active = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE and not self.tables:
            self._end_block()
            self.blocks.append(Block(active=f"<{tag}>", script=True))
        elif tag in _ACTIVE:
            self._flag(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self._flag(f"{name}=")
            elif name in ("href", "src", "action", "formaction") and value and _is_script_url(value):
                self._flag(f"{name}={value.strip()[:20]}")
        if self.skipping:
            if tag in _SKIPPED:
                self.skipping.append(tag)
            return
        if tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag == "table":
            self._end_block()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].cell = []
        elif tag in _BLOCKS:
            self._newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag == "table" and self.tables:
            self._end_cell()
            table = self.tables.pop()
            rows = [row for row in table.rows if any(cell.strip() for cell in row)]
            if self.tables:  # a table inside a cell: its text belongs to the cell
                self._write("\n".join(" ".join(row) for row in rows))
            else:
                self.blocks.append(Block(rows=rows, active=self.active))
                self.active = ""
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._write(data)

    def _write(self, data: str) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
        elif self.tables:
            return  # text between a table's cells is not content
        else:
            self.text.append(data)

    def _newline(self) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append("\n")
        elif not self.tables:
            self._end_block()

    def _end_cell(self) -> None:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            if not table.rows:
                table.rows.append([])
            table.rows[-1].append(clean(re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(table.cell))))
            table.cell = None

    def _end_block(self) -> None:
        text = clean("".join(self.text))
        self.text = []
        if text:
            self.blocks.append(Block(text=text, active=self.active))
            self.active = ""

    def _flag(self, what: str) -> None:
        self.active = self.active or what

    def close(self) -> None:
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._end_block()


def _is_script_url(value: str) -> bool:
    compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
    return compact.startswith(("javascript:", "vbscript:", "data:text/html"))


def blocks(text: str) -> list[Block]:
    """The visible text of an HTML page as blocks and tables, in page order."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.blocks


@dataclass
class Sections:
    """The page's blocks by section, and the sections that ran code."""

    parts: dict[str, list[Block]] = field(default_factory=dict)
    active: dict[str, str] = field(default_factory=dict)


_END = re.compile(r"^Chọn cơ quan thực hiện", re.IGNORECASE)
"""The page's interface after the last section: no section goes on past it."""


def sections(page_blocks: list[Block]) -> Sections:
    """Each block under the label above it; a label and its value may share a block ("Mã thủ tục: 1.000080").

    A script between two blocks of one section is inside it; one after a section's last block (before the
    next label, the page's interface or the end) is the page's own, skipped.
    """
    found = Sections()
    current: str | None = None
    pending = ""
    for block in page_blocks:
        if block.script:
            pending = pending or block.active
            continue
        if block.rows is None and _END.match(one_line(block.text)):
            current, pending = None, ""
            continue
        if block.rows is None:
            label, value = _label(block.text)
            if label is not None:
                current, pending = label, ""
                found.parts.setdefault(current, [])
                if value:
                    found.parts[current].append(Block(text=value, active=block.active))
                if block.active:
                    found.active.setdefault(current, block.active)
                continue
        if current is not None:
            found.parts[current].append(block)
            if block.active or pending:
                found.active.setdefault(current, block.active or pending)
        pending = ""
    return found


def _label(text: str) -> tuple[str | None, str]:
    head, colon, rest = text.partition(":")
    first_line, _, more = text.partition("\n")
    for candidate, value in ((text, ""), (first_line, more), (head, rest if colon else "")):
        key = _LABELS.get(one_line(candidate).rstrip(":").strip().casefold())
        if key is not None:
            return key, clean(value)
    return None, ""


def from_html(text: str) -> tuple[Page, dict[str, str]]:
    """A :class:`Page` from a saved page, and the sections that hold a script (section key → what)."""
    found = sections(blocks(text))
    texts = {key: _text(parts) for key, parts in found.parts.items()}
    code = one_line(texts.get("ma_thu_tuc", "")).split(" ")[0] if texts.get("ma_thu_tuc") else ""
    page = Page(searched=code, own_code=code or None, texts=texts)
    page.channels = _channels(found.parts.get("cach_thuc_thuc_hien", []))
    page.papers = _papers(found.parts.get("thanh_phan_ho_so", []))
    page.legal = _legal(found.parts.get("can_cu_phap_ly", []))
    for key, rows in (
        ("cach_thuc_thuc_hien", page.channels),
        ("thanh_phan_ho_so", page.papers),
        ("can_cu_phap_ly", page.legal),
    ):
        if rows is None and clean(texts.get(key)):
            page.unread[key] = clean(texts.get(key))
    return page, found.active


def _text(parts: list[Block]) -> str:
    """A section as the crawl keeps it: blocks one a line, a table's cells run together."""
    lines = []
    for block in parts:
        if block.rows is None:
            lines.append(block.text)
        else:
            lines.append("".join("".join(row) for row in block.rows))
    return "\n".join(lines)


def _is_header(row: list[str], header: tuple[str, ...]) -> bool:
    return [one_line(cell).casefold() for cell in row[: len(header)]] == [cell.casefold() for cell in header]


def _body(rows: list[list[str]], header: tuple[str, ...]) -> list[list[str]]:
    return rows[1:] if rows and _is_header(rows[0], header) else rows


def _channels(parts: list[Block]) -> list[ChannelRow] | None:
    tables = [block.rows for block in parts if block.rows]
    if not tables:
        return channel_rows(_text(parts)) if parts else None
    rows = []
    for table in tables:
        for cells in _body(table, CHANNEL_HEADER):
            method = METHODS.get(one_line(cells[0]).casefold()) if cells else None
            if method is None or len(cells) < 3:
                continue
            fees, rest = fee_cell(cells[2])
            if one_line(rest):
                fees.append(FeeEntry("words", text=one_line(rest)))
            description = clean(cells[3]) if len(cells) > 3 else ""
            rows.append(ChannelRow(method, read_time(cells[1]), fees, description))
    return rows or None


def _papers(parts: list[Block]) -> list[PaperGroup] | None:
    if not any(block.rows for block in parts):
        return paper_groups(_text(parts)) if parts else None
    groups = []
    heading: list[str] = []
    for block in parts:
        if block.rows is None:
            heading.append(block.text)
            continue
        papers = []
        for cells in _body(block.rows, PAPER_HEADER):
            if not cells:
                continue
            name, files = split_form_files(paper_name(cells[0]))
            forms = [one_line(line) for line in (cells[1] if len(cells) > 2 else "").split("\n") if one_line(line)]
            count = COUNT.search(cells[-1]) if len(cells) > 1 else None
            papers.append(
                Paper(
                    paper_name(name),
                    int(count.group(1)) if count else 0,
                    int(count.group(2) or 0) if count else 0,
                    [*files, *forms],
                )
            )
        groups.append(PaperGroup(case_name(" ".join(heading)), papers))
        heading = []
    return groups or None


def _legal(parts: list[Block]) -> list[tuple[str, str]] | None:
    tables = [block.rows for block in parts if block.rows]
    if not tables:
        return legal_rows(_text(parts)) if parts else None
    rows = []
    for table in tables:
        for cells in _body(table, LEGAL_HEADER):
            if len(cells) < 2:
                continue
            title, cell = one_line(cells[0]), one_line(cells[-1])
            match = LEGAL_NUMBER.search(cell) or LEGAL_NUMBER.search(title)
            number = legal_number(match)[0] if match else cell
            if number:
                rows.append((title, number))
    return rows or None
