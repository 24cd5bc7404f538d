"""The cells of the national procedure page, read as a careful editor reads them.

Both the page (by section, or saved as HTML) and the portal's JSON say the same
things in the same words: a time limit ``5 Ngày làm việc``, a fee ``40,000 Việt
Nam Đồng(đồng/lần)``, a count ``1 bản chính,1 bản sao``, a legal document's
number. This module reads one such cell into our record format's values, and
says in a :class:`Note` what it could not read for sure. It never guesses: what
cannot be read is kept word for word, and the note asks an editor to look.

Values are written as the text a YAML record holds (``"20000"``, not 20000), so
the data compares equal to a record file read back (:mod:`generator.load.yamlsource`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.text.vietnamese import fold_diacritics, nfc

Data = dict[str, Any]
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Note:
    """A value an editor must look at: where it is in the record, why, and the national text word for word."""

    path: Path
    reason: str
    """One of :data:`REASONS`."""
    text: str = ""


REASONS = {
    "time_fee_together": "time limit and fee run together on the national page; not split",
    "time_unit": "time limit without a unit on the national page",
    "time_missing": "no time limit on the national page",
    "fee_unknown": "fee given as 'Không có thông tin'",
    "fee_unread": "fee cell not read as amounts; kept in words",
    "fee_free_amount": "'Miễn phí', but the description names an amount",
    "fee_thousands": "amount taken from the description (the cell says a thousandth of it)",
    "documents_unread": "papers not split into rows; kept in words",
    "documents_lead_in": "a '0 bản chính' row that introduces the papers below it",
    "paper_too_long": "a paper's name longer than a name may be; shortened, the whole text kept in its note",
    "legal_unread": "legal basis not split into documents; kept in words",
    "legal_title": "legal document without a title of its own",
    "steps_unread": "steps not split; kept as one step",
    "decision_placeholder": "decision number looks like a placeholder",
    "related_unread": "related procedures named by title, not by code",
    "agency_default": "no agency on the national page; the default for the level was used",
    "level_other": "national level 'Cơ quan khác' has no level in the catalogue",
    "description_keywords": "result keywords or description on the national page",
}
"""Why a value needs review, as the summary and the benchmark count them (the review page words them in
Vietnamese, from the texts file)."""

NO_INFO = "Không có thông tin"

# --- text ------------------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def clean(text: str | None) -> str:
    """*text* as a record holds it: NFC, one space between words, no invisible characters, lines trimmed.

    Tabs and no-break spaces are spaces (a record may not contain tabs); line and
    paragraph separators are line breaks; at most one empty line in a row.
    """
    if not text:
        return ""
    text = nfc(str(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def one_line(text: str | None) -> str:
    """*text* cleaned, its lines joined by spaces (titles, names)."""
    return " ".join(clean(text).split())


def is_empty(text: str | None) -> bool:
    """Whether a national cell says nothing: empty, ``Không có thông tin`` or a dash."""
    value = one_line(text).strip(" .-:")
    return not value or fold_diacritics(value) in {"khong co thong tin", "khong co", "khong"}


# --- ways of submitting and time limits -------------------------------------------------------------------

METHODS = {"trực tiếp": "in_person", "trực tuyến": "online", "dịch vụ bưu chính": "post"}
"""The page's "Hình thức nộp", by its words (lowercase)."""
UNITS = {"ngày làm việc": "working_days", "ngày": "days", "giờ": "hours", "tháng": "months"}
"""The page's time units, by their words (lowercase), as our ``unit``."""
UNIT_WORDS = {"working_days": "ngày làm việc", "days": "ngày", "hours": "giờ", "months": "tháng"}
_UNIT_PATTERN = r"ngày làm việc|ngày|giờ|tháng|năm|tuần|phút"


@dataclass(frozen=True)
class Time:
    """A time limit as read: a number with a unit, a number alone, words, or nothing."""

    value: str | None = None
    unit: str | None = None
    text: str = ""
    """The cell's words when it is not a number (or carries a unit we have no key for: ``1 Năm``)."""

    def data(self) -> Data | None:
        if self.value is not None and self.unit is not None:
            return {"value": self.value, "unit": self.unit}
        if self.value is not None:
            return {"text": self.value}
        if self.text:
            return {"text": self.text}
        return None

    def words(self) -> str:
        """``5 ngày làm việc``: the limit as a phrase (for a limit that differs by case)."""
        if self.value is not None and self.unit is not None:
            return f"{self.value} {UNIT_WORDS[self.unit]}"
        return self.value or self.text


def number_text(digits: str) -> str:
    """A number as a record writes it: ``05`` → ``5``, ``1.5`` or ``1,5`` → ``1,5``."""
    whole, _, fraction = digits.replace(".", ",").partition(",")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole},{fraction}" if fraction else whole


def read_time(cell: str) -> Time:
    """``5 Ngày làm việc`` → 5 working days; ``7`` → the number alone; anything else → its words."""
    text = one_line(cell)
    if is_empty(text):
        return Time()
    match = re.fullmatch(rf"(\d+(?:[.,]\d+)?)\s*({_UNIT_PATTERN})?\.?", text, re.IGNORECASE)
    if not match:
        return Time(text=text)
    value = number_text(match.group(1))
    if value == "0":
        return Time(text=text)
    unit = (match.group(2) or "").lower()
    if not unit:
        return Time(value=value)
    if unit in UNITS:
        return Time(value=value, unit=UNITS[unit])
    return Time(text=text)


def unit_in(texts: list[str], value: str) -> str | None:
    """The unit the record's own words give *value* (``trong thời hạn 07 ngày làm việc``), if just one."""
    number = value.replace(",", "[.,]")
    found = set()
    for text in texts:
        for match in re.finditer(rf"(?<![\d.,])0*{number}\s*({_UNIT_PATTERN})\b", text, re.IGNORECASE):
            unit = match.group(1).lower()
            found.add(UNITS.get(unit, unit))
    return found.pop() if len(found) == 1 and next(iter(found)) in UNIT_WORDS else None


# --- fees ------------------------------------------------------------------------------------------------

FEE_NAME = "Phí, lệ phí"
"""A fee's name where the national page gives none: the page's own column heading."""
_VND = {"việt nam đồng", "vnđ", "vnd", "đồng", "đ"}
CURRENCY = r"Việt Nam Đồng|VNĐ|VND|Đồng|USD|EUR|Euro|Yên|JPY|CNY|GBP|AUD|SGD|KRW"
AMOUNT = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(\d+))?\s?({CURRENCY})", re.IGNORECASE)
_STATED = re.compile(
    r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s?(triệu đồng|triệu|nghìn đồng|ngàn đồng|nghìn|ngàn|đồng|vnđ|vnd|đ)(?![^\W\d_])",
    re.IGNORECASE,
)
_NOTHING = {"khong", "khong co", "khong quy dinh", "chua quy dinh", "khong thu", "khong thu phi", "mien phi"}


@dataclass(frozen=True)
class FeeEntry:
    """One fee of a channel as the page gives it."""

    kind: str
    """``free`` (Miễn phí), ``unknown`` (Không có thông tin), ``amount`` (in đồng), ``foreign`` (another
    currency) or ``words`` (a cell not read as any of these)."""
    amount: int = 0
    text: str = ""
    """The cell's words: the amount as written, or the whole cell for ``words``."""
    description: str = ""
    """What the page says in brackets after the fee."""
    name: str = ""
    """The fee's name, where the source gives one (the portal's JSON); else :data:`FEE_NAME`."""


def stated_amounts(text: str) -> set[int]:
    """Every amount in đồng *text* states: ``20.000 đồng``, ``20 triệu đồng``, ``25.000đ``."""
    found = set()
    for match in _STATED.finditer(text):
        number = int(re.sub(r"[.,]", "", match.group(1)))
        word = match.group(2).lower()
        if word.startswith("triệu"):
            number *= 1_000_000
        elif word.startswith(("nghìn", "ngàn")):
            number *= 1000
        found.add(number)
    return found


def says_nothing(text: str) -> bool:
    """A fee description that says there is none: ``(Không có)``, ``Không quy định.``."""
    return fold_diacritics(one_line(text)).strip(" .;:()") in _NOTHING


def council_sets_it(text: str) -> bool:
    """A fee the provincial council sets: "theo quy định của HĐND tỉnh", "do Hội đồng nhân dân tỉnh quyết định"."""
    folded = fold_diacritics(text)
    return "hdnd" in folded or "hoi dong nhan dan" in folded


def fee_data(entries: list[FeeEntry], path: Path, notes: list[Note]) -> tuple[list[Data], list[str]]:
    """A channel's fees in our format, and the words for ``fees_text`` (each a paragraph)."""
    fees: list[Data] = []
    words: list[str] = []
    for entry in entries:
        description = entry.description
        if entry.kind == "free":
            if not description or says_nothing(description):
                continue
            if council_sets_it(description):
                words.append(description)
            elif stated_amounts(description):
                words.append(description)
                notes.append(Note((*path, "fees_text"), "fee_free_amount", f"Miễn phí ({description})"))
            else:
                words.append(f"Miễn phí ({description})")
        elif entry.kind == "unknown":
            words.append(description or NO_INFO)
            notes.append(Note((*path, "fees_text"), "fee_unknown", description or NO_INFO))
        elif entry.kind == "foreign":
            words.append(f"{entry.text} ({description})" if description else entry.text)
        elif entry.kind == "words":
            words.append(entry.text)
            notes.append(Note((*path, "fees_text"), "fee_unread", entry.text))
        else:
            fees.append(_amount_fee(entry, (*path, "fees", len(fees)), notes))
    return fees, words


def _amount_fee(entry: FeeEntry, path: Path, notes: list[Note]) -> Data:
    amount = entry.amount
    description = entry.description
    stated = stated_amounts(description)
    if amount and amount not in stated and amount * 1000 in stated and amount < 1000:
        notes.append(Note((*path, "amount"), "fee_thousands", f"{entry.text} ({description})"))
        amount *= 1000
    fee: Data = {"name": entry.name or FEE_NAME, "amount": str(amount)}
    per = re.fullmatch(r"(?:đồng|đ|vnđ)?\s*/\s*([^\W\d][^()]*)", description, re.IGNORECASE)
    if per:
        fee["per"] = per.group(1).strip(" .;")
    elif description and not says_nothing(description):
        fee["note"] = description
    return fee


def amount_entry(match: re.Match[str], description: str) -> FeeEntry:
    """A fee entry from an :data:`AMOUNT` match: đồng become an amount, other currencies stay words."""
    whole, fraction, currency = match.group(1), match.group(2), match.group(3)
    written = one_line(match.group(0))
    if currency.lower() in _VND and not (fraction and fraction.strip("0")):
        return FeeEntry("amount", int(whole.replace(",", "")), written, description)
    return FeeEntry("foreign", 0, written, description)


# --- papers ----------------------------------------------------------------------------------------------

COUNT = re.compile(r"(\d+) bản chính(?:\s?,\s?(\d+) bản sao)?")
FORM_FILE = re.compile(r"\.(docx|doc|pdf|xlsx|xls|odt|rar|zip)$", re.IGNORECASE)


@dataclass
class Paper:
    """One row of "Thành phần hồ sơ": the paper's name, its form files, how many originals and copies."""

    name: str
    originals: int = 0
    copies: int = 0
    files: list[str] = field(default_factory=list)
    note: str = ""
    """What the source says about the paper besides its name (the portal's ``description``)."""
    required: bool = True

    @property
    def is_note(self) -> bool:
        """A row written as "0 bản chính": a note on the papers, not a paper."""
        return self.originals == 0 and self.copies == 0


def split_form_files(name: str) -> tuple[str, list[str]]:
    """``Tờ khai theo Mẫu số 01;Mẫu số 01.docx`` → (``Tờ khai theo Mẫu số 01;``, [``Mẫu số 01.docx``]).

    The page runs the paper's name, the names of its form files and the count together. A file name is
    taken from its extension back to where it is glued to the text before it: after ``)``, ``;``, ``.``
    or ``:`` with no space, else where a lowercase letter or digit runs into a capital. What cannot be
    told apart stays in the name.
    """
    files: list[str] = []
    while True:
        match = FORM_FILE.search(name)
        if not match:
            break
        start = _file_start(name[: match.start()])
        if start is None:
            break
        files.insert(0, name[start:])
        name = name[:start]
    return name, files


def _file_start(before: str) -> int | None:
    """Where the file name that ends *before* begins (see :func:`split_form_files`), or ``None``."""
    previous = max(
        (
            before.rfind(f".{ext}") + len(ext) + 1
            for ext in ("docx", "doc", "pdf", "xlsx", "xls", "odt")
            if before.rfind(f".{ext}") >= 0
        ),
        default=-1,
    )
    if previous >= 0 and (previous == len(before) or not before[previous].isspace()) and previous >= len(before) - 80:
        return previous if previous < len(before) else None  # glued to the file before it
    tail = max(len(before) - 80, 1)
    for index in range(len(before) - 1, tail - 1, -1):
        char, prev = before[index], before[index - 1]
        if char.isspace():
            continue
        if prev in ");:" or (prev == "." and char.isalpha() and not before[index - 2 : index - 1].isdigit()):
            return index
    for index in range(len(before) - 1, tail - 1, -1):
        char, prev = before[index], before[index - 1]
        following = before[index + 1 : index + 2]
        if char.isupper() and (prev.islower() or prev.isdigit()):
            return index
        if char.isupper() and prev.isupper() and following.islower():
            return index
    return None


# --- legal documents -------------------------------------------------------------------------------------

_ISSUERS = (
    "UBTVQH",
    "VKSNDTC",
    "TANDTC",
    "BLĐTBXH",
    "BVHTTDL",
    "BNNPTNT",
    "BGDĐT",
    "BKHĐT",
    "BKHCN",
    "BTTTT",
    "BGTVT",
    "BTNMT",
    "BNNMT",
    "NHNN",
    "BHXH",
    "HĐND",
    "UBND",
    "HĐTP",
    "VPQH",
    "VPCP",
    "KTNN",
    "UBDT",
    "BCA",
    "BCT",
    "BNG",
    "BNV",
    "BQP",
    "BTC",
    "BTP",
    "BXD",
    "BYT",
    "CTN",
    "TTg",
    "CP",
    "QH",
    "BDT",
    "TLĐ",
    "MTTQ",
    "NHCSXH",
)
"""Who issues legal documents, as their numbers abbreviate them (longest first where one is a prefix)."""
_KINDS = r"TTLT|NQLT|NQ|NĐ|ND|TT|QĐ|QD|CT|PL|L|VBHN|KH|HD|QC"
_ISSUER = "|".join(sorted(_ISSUERS, key=len, reverse=True))
_SYMBOL = rf"(?:QH\d{{2}}|UBTVQH\d{{2}}|(?:{_KINDS})\s?-\s?(?:{_ISSUER})(?:-(?:{_ISSUER}|[A-Z]\d{{2}}))*)"
LEGAL_NUMBER = re.compile(rf"(\d+(?:\.\d+)?[a-z]?)/(?:(\d{{4}})/)?({_SYMBOL})")
"""A legal document's number: ``68/2020/QH14``, ``154/2024/NĐ-CP``, ``66.7/2025/NQ-CP``, ``1523/QĐ-BCA-C06``."""


def legal_number(match: re.Match[str]) -> tuple[str, str]:
    """The number a :data:`LEGAL_NUMBER` match names, and any text before it that ran into it.

    ``năm 201102/2011/QH13``: the year ``2011`` belongs to the text before, the number is ``02/2011/QH13``;
    ``ngày 15/5/2026.55/2026/TT-BTC``: ``2026.`` ends the date before, the number is ``55/2026/TT-BTC``.
    """
    digits, year, symbol = match.group(1), match.group(2), re.sub(r"\s", "", match.group(3))
    spill = ""
    head, dot, tail = digits.partition(".")
    if dot and len(head) >= 4:
        spill, digits = head + dot, tail
    run = re.match(r"\d*", digits).group()  # type: ignore[union-attr]
    if len(run) >= 5 and run[:2] in ("19", "20"):
        spill, digits = spill + run[:4], digits[4:]
    number = f"{digits}/{year}/{symbol}" if year else f"{digits}/{symbol}"
    return number, spill
