"""The national procedure page, by section, and its flattened tables cut back into rows and cells.

A saved or crawled page keeps each section's visible text (``page-sections`` JSON:
one key per label). Its three tables lose the borders between cells: ``Trực
tiếp5 Ngày làm việcMiễn phí…`` is a row of four cells, ``…;1 bản chính,1 bản
sao`` ends a paper's row, ``…năm 201102/2011/QH13`` is a title and a number run
together. The functions here cut them back where the text says for sure, and
keep what they cannot cut word for word. A page saved as HTML
(:mod:`generator.national.html`) has its cells already; both end as the same
:class:`Page`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.national.cells import (
    AMOUNT,
    COUNT,
    CURRENCY,
    LEGAL_NUMBER,
    METHODS,
    FeeEntry,
    Paper,
    Time,
    amount_entry,
    clean,
    legal_number,
    number_text,
    one_line,
    read_time,
    split_form_files,
    stated_amounts,
)
from generator.text.vietnamese import nfc

SECTIONS = {
    "ten_thu_tuc": "Tên thủ tục",
    "ma_thu_tuc": "Mã thủ tục",
    "so_quyet_dinh": "Số quyết định",
    "cap_thuc_hien": "Cấp thực hiện",
    "loai_thu_tuc": "Loại thủ tục",
    "linh_vuc": "Lĩnh vực",
    "doi_tuong_thuc_hien": "Đối tượng thực hiện",
    "co_quan_co_tham_quyen": "Cơ quan có thẩm quyền",
    "dia_chi_tiep_nhan": "Địa chỉ tiếp nhận HS",
    "co_quan_duoc_uy_quyen": "Cơ quan được ủy quyền",
    "co_quan_phoi_hop": "Cơ quan phối hợp",
    "thu_tuc_lien_quan": "Thủ tục hành chính liên quan",
    "trinh_tu_thuc_hien": "Trình tự thực hiện",
    "cach_thuc_thuc_hien": "Cách thức thực hiện",
    "thanh_phan_ho_so": "Thành phần hồ sơ",
    "can_cu_phap_ly": "Căn cứ pháp lý",
    "co_quan_thuc_hien": "Cơ quan thực hiện",
    "yeu_cau_dieu_kien": "Yêu cầu, điều kiện thực hiện",
    "ket_qua_xu_ly": "Kết quả xử lý",
}
"""The page's sections: the ``page-sections`` key of each, and its label on the page, in page order."""

CHANNEL_HEADER = ("Hình thức nộp", "Thời gian", "Phí, lệ phí", "Mô tả")
PAPER_HEADER = ("Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng")
LEGAL_HEADER = ("Tên văn bản pháp lý", "Mã văn bản")


@dataclass
class ChannelRow:
    """One row of "Cách thức thực hiện"."""

    method: str
    time: Time
    fees: list[FeeEntry]
    description: str = ""
    together: str = ""
    """The time and fee cells as one text, where the page runs their digits together and nothing in the
    record tells where one ends (``120 VNĐ``: 1 day and 20 đồng, or 12 days and 0?)."""


@dataclass
class PaperGroup:
    """The papers of one case: the heading above the table ("Trường hợp …", "Giấy tờ phải xuất trình"), its rows."""

    case: str
    papers: list[Paper]


@dataclass
class Page:
    """One national procedure page: the text of each section, and its tables cut into rows."""

    searched: str
    """The code the file is named after (what a crawl searched for)."""
    own_code: str | None
    """The code the page itself shows after "Mã thủ tục", when the page's whole text is there."""
    texts: dict[str, str]
    channels: list[ChannelRow] | None = None
    papers: list[PaperGroup] | None = None
    legal: list[tuple[str, str]] | None = None
    """(title, number) of each legal document."""
    url: str = ""
    unread: dict[str, str] = field(default_factory=dict)
    """Sections whose table could not be cut into rows, word for word."""
    lists: dict[str, list[str]] = field(default_factory=dict)
    """Sections a structured source gives as separate items (the portal's JSON): steps, applicants, results,
    agencies (``co_quan_…``); the page's text of them is then not cut again."""
    updated_at: str = ""
    """When the national record last changed (``YYYY-MM-DD``), where the source says."""

    def text(self, key: str) -> str:
        return self.texts.get(key, "")


def from_sections(data: dict[str, object]) -> Page:
    """A :class:`Page` from a ``page-sections`` JSON object (keys as :data:`SECTIONS`)."""
    texts = {key: nfc(str(value)) for key, value in data.items() if isinstance(value, str)}
    raw = texts.get("raw_text", "")
    own = re.search(r"Mã thủ tục\s*([0-9]\.[0-9]{6}(?:\.[0-9A-Z]+)*)", raw)
    page = Page(
        searched=one_line(texts.get("ma_thu_tuc", "")),
        own_code=own.group(1) if own else None,
        texts=texts,
        url=one_line(texts.get("detail_url", "")),
    )
    page.channels = channel_rows(texts.get("cach_thuc_thuc_hien", ""))
    page.papers = paper_groups(texts.get("thanh_phan_ho_so", ""))
    page.legal = legal_rows(texts.get("can_cu_phap_ly", ""))
    for key, rows in (
        ("cach_thuc_thuc_hien", page.channels),
        ("thanh_phan_ho_so", page.papers),
        ("can_cu_phap_ly", page.legal),
    ):
        if rows is None and clean(texts.get(key)):
            page.unread[key] = clean(texts.get(key))
    return page


def _without_header(text: str, header: tuple[str, ...]) -> str:
    pattern = r"\s*".join(re.escape(cell) for cell in header)
    return re.sub(rf"^\s*{pattern}", "", text, count=1, flags=re.IGNORECASE)


# --- Cách thức thực hiện -----------------------------------------------------------------------------------

_METHOD = "|".join(re.escape(word.capitalize()) for word in METHODS)
_ROW = re.compile(rf"({_METHOD})(?=\d|Không|Miễn phí)")
_TIME = re.compile(r"(\d+(?:[.,]\d+)?)\s?(Ngày làm việc|Ngày|Giờ|Tháng|Năm|Tuần|Phút)", re.IGNORECASE)
_FREE = ("Miễn phí", "Không có thông tin")


def channel_rows(text: str) -> list[ChannelRow] | None:
    """The rows of "Cách thức thực hiện", or ``None`` when the text has none."""
    body = _without_header(nfc(text), CHANNEL_HEADER)
    starts = list(_ROW.finditer(body))
    if not starts:
        return None
    rows = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        rows.append(_channel_row(METHODS[match.group(1).lower()], body[match.end() : end]))
    _resolve_together(rows)
    return rows


def _channel_row(method: str, cell: str) -> ChannelRow:
    rest = cell
    time = Time()
    together = ""
    if rest.startswith("Không có thông tin"):
        rest = rest[len("Không có thông tin") :]
    elif timed := _TIME.match(rest):
        time = read_time(timed.group(0))
        rest = rest[timed.end() :]
    elif digits := re.match(r"\d+(?:[.,]\d+)?", rest):
        after = rest[digits.end() :]
        amount = re.match(rf"(?:,\d{{3}})*(?:\.\d+)?\s?(?:{CURRENCY})", after, re.IGNORECASE)
        if amount and not after.startswith(_FREE):
            together = digits.group(0) + amount.group(0)
            rest = after[amount.end() :]
        else:
            time = Time(value=number_text(digits.group(0)))
            rest = after
    elif words := re.match(rf"(.+?)(?=Miễn phí|Không có thông tin|{AMOUNT.pattern})", rest, re.DOTALL):
        time = Time(text=one_line(words.group(1)))  # "Không quy định", "Không phải trả kết quả …"
        rest = rest[words.end() :]
    if together:
        description, rest = _bracketed(rest)
        fees = [FeeEntry("words", text=one_line(together), description=description)]
    else:
        fees, rest = fee_cell(rest)
    return ChannelRow(method, time, fees, clean(rest), together=one_line(together))


def fee_cell(text: str) -> tuple[list[FeeEntry], str]:
    """The fee entries at the start of *text* (``Miễn phí``, ``40,000 Việt Nam Đồng(đồng/lần)``…), and the rest."""
    entries: list[FeeEntry] = []
    rest = text
    while True:
        stripped = rest.lstrip()
        if stripped.startswith("Miễn phí"):
            kind, written, rest = "free", "Miễn phí", stripped[len("Miễn phí") :]
            amount = None
        elif stripped.startswith("Không có thông tin"):
            kind, written, rest = "unknown", "Không có thông tin", stripped[len("Không có thông tin") :]
            amount = None
        elif match := AMOUNT.match(stripped):
            kind, written, rest = "amount", match.group(0), stripped[match.end() :]
            amount = match
        else:
            break
        description, rest = _bracketed(rest)
        if amount is not None:
            entries.append(amount_entry(amount, description))
        else:
            entries.append(FeeEntry(kind, text=written, description=description))
    return entries, rest


def _bracketed(text: str) -> tuple[str, str]:
    """The text inside the brackets *text* starts with (nested brackets kept), and what follows them."""
    if not text.startswith("("):
        return "", text
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return one_line(text[1:index]), text[index + 1 :]
    return one_line(text[1:]), ""


def _resolve_together(rows: list[ChannelRow]) -> None:
    """Cut a run-together time and fee where the record says for sure which reading is meant.

    ``120 VNĐ(20.000 vnđ /tờ khai)`` is 1 and 20 (the description states 20.000): the reading whose fee
    the descriptions state (or a thousandth of it), or whose time another row gives, when just one does.
    """
    known = {row.time.value for row in rows if row.time.value is not None and row.time.unit is not None}
    for row in rows:
        if not row.together:
            continue
        match = re.fullmatch(r"(\d+)((?:,\d{3})*)(?:\.\d+)?\s?(.+)", row.together)
        if not match:
            continue
        digits, groups, currency = match.groups()
        stated = stated_amounts(" ".join([row.description, *(fee.description for fee in row.fees)]))
        scored = []
        for cut in range(1, len(digits)):
            time_digits, fee_digits = digits[:cut], digits[cut:]
            if fee_digits.startswith("0") or (groups and len(fee_digits) > 3):
                continue
            amount = int(fee_digits + groups.replace(",", ""))
            score = 2 if amount in stated else 1 if amount * 1000 in stated else 0
            if score:  # the fee must be stated; a known time alone says nothing of the fee
                scored.append((score + (number_text(time_digits) in known), time_digits, fee_digits + groups))
        best = max((item[0] for item in scored), default=0)
        chosen = [item for item in scored if item[0] == best]
        if best == 0 or len(chosen) != 1:
            continue
        _, time_digits, amount_text = chosen[0]
        description = row.fees[0].description if row.fees else ""
        fee = AMOUNT.fullmatch(f"{amount_text} {currency}")
        if fee is None:
            continue
        unit_row = next((r for r in rows if r.time.value == number_text(time_digits) and r.time.unit), None)
        row.time = Time(value=number_text(time_digits), unit=unit_row.time.unit if unit_row else None)
        row.fees = [amount_entry(fee, description)]
        row.together = ""


# --- Thành phần hồ sơ --------------------------------------------------------------------------------------

_HEADER_PAPERS = re.compile(r"\s*".join(re.escape(cell) for cell in PAPER_HEADER), re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-+*•–]+\s*)+")


def paper_groups(text: str) -> list[PaperGroup] | None:
    """The papers of "Thành phần hồ sơ", one group per table, or ``None`` when the text has no table."""
    text = nfc(text)
    parts = _HEADER_PAPERS.split(text)
    if len(parts) < 2:
        return None
    groups = []
    case = parts[0]
    for part in parts[1:]:
        papers, tail = _paper_rows(part)
        groups.append(PaperGroup(case_name(case), papers))
        case = tail
    if one_line(case):  # text after the last count: a row without one
        groups[-1].papers.append(Paper(name=paper_name(case)))
    return groups


def case_name(text: str) -> str:
    """A table's heading as a case: no bullet, no trailing colon; ``--`` (none) is empty."""
    name = _BULLET.sub("", one_line(text)).strip()
    name = name.rstrip(":").strip()
    return "" if re.fullmatch(r"[-–.\s]*", name) else name


def paper_name(text: str) -> str:
    """A paper's name as written, without the bullet the page puts before it or the ";" after it."""
    return _BULLET.sub("", clean(text)).strip().rstrip(";,").strip()


def _paper_rows(text: str) -> tuple[list[Paper], str]:
    """The rows of one table, each ended by its count (``1 bản chính,1 bản sao``), and the text after the last."""
    papers = []
    position = 0
    for match in COUNT.finditer(text):
        after = text[match.end() : match.end() + 1]
        if after and (after.isspace() or after in ".,;:)" or COUNT.match(text, match.end())):
            continue  # "nộp 01 bản chính và …", "…: 01 bản chính1 bản chính": a count inside the name
        name = text[position : match.start()]
        run = match.group(1)
        if len(run) > 1 and not (len(run) == 2 and run[0] == "0"):
            name, run = name + run[:-1], run[-1]
        name, files = split_form_files(paper_name(name))
        papers.append(Paper(paper_name(name), int(run), int(match.group(2) or 0), files))
        position = match.end()
    return papers, text[position:]


# --- Căn cứ pháp lý -----------------------------------------------------------------------------------------

_CELL_KIND = re.compile(r"(?<=[^\s])((?:Luật|Nghị định|Thông tư|Nghị quyết|Quyết định|NĐ|TT|QĐ|NQ)(?: số)?\s?)$")


def legal_rows(text: str) -> list[tuple[str, str]] | None:
    """(title, number) of each row of "Căn cứ pháp lý", or ``None`` when no number can be found.

    Each row ends with the document's number; a number inside a title ("Luật 08/2017/QH14 ngày …") is
    followed by more of the title, or by the row's own number. A row's number is followed by the next
    title or the end, or repeats the number its title gives. A number cut short (``08/2026`` after a
    title that gives ``08/2026/TT-BNNMT``) ends its row too, and is read as the title's.
    """
    body = _without_header(nfc(text), LEGAL_HEADER)
    matches = list(LEGAL_NUMBER.finditer(body))
    if not matches:
        return None
    rows = []
    start = 0
    for index, match in enumerate(matches):
        following = matches[index + 1] if index + 1 < len(matches) else None
        number, spill = legal_number(match)
        title = body[start : match.start()] + spill
        short = _cut_short(body, start, match.start())
        if short is not None:
            head, after_short, full = short
            rows.append((_title(body[start:head]), full))
            start = after_short
            title = body[start : match.start()] + spill
        if not _ends_row(body, match, following, title):
            continue
        rows.append((_title(title), number))
        start = match.end()
    rest = one_line(body[start:])
    if rest and rows:
        title, number = rows[-1]
        rows[-1] = (f"{title} {rest}".strip() if not title.endswith(rest) else title, number)
    return rows or None


def _title(text: str) -> str:
    return one_line(_CELL_KIND.sub("", text)).strip(" ;,-–")


_SHORT = re.compile(r"(\d+)/(\d{4})(?=[A-ZĐ])")


def _cut_short(body: str, start: int, end: int) -> tuple[int, int, str] | None:
    """A row whose number is cut short (``…ngày 26/01/202608/2026Luật số …``): where its title ends, where
    the next row starts, and the number its title gives in full."""
    for short in _SHORT.finditer(body, start, end):
        run, year = short.group(1), short.group(2)
        head = short.start()
        if len(run) >= 5 and run[:2] in ("19", "20"):
            head, run = head + 4, run[4:]
        if not 1 <= len(run) <= 3:
            continue
        prefix = f"{run}/{year}/"
        for full in LEGAL_NUMBER.finditer(body, start, head):
            if legal_number(full)[0].startswith(prefix):
                return head, short.end(), legal_number(full)[0]
    return None


def _ends_row(body: str, match: re.Match[str], following: re.Match[str] | None, title: str) -> bool:
    after = body[match.end() :]
    if not after.strip(" ;.,"):
        return True
    number = legal_number(match)[0]
    if following is not None and following.start() == match.end():
        return legal_number(following)[0] != number
    if after[0].isalpha():
        return True
    repeats = number in title.replace(" ", "")
    return repeats and bool(re.match(r"[\s;.,]*[A-ZĐÂĂÊÔƠƯ]", after))
