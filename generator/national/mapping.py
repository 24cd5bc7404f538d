"""A national procedure page as a record of our format, as a careful editor would write it.

:func:`from_page` takes a :class:`~generator.national.page.Page` (from the
``page-sections`` JSON or a saved HTML page) and gives a :class:`Mapped`: the
record's data in our format (``docs/record-contract.md``), every value that needs
an editor's eye as a :class:`~generator.national.cells.Note`, and the national
facts the importer still needs (levels, agency names). Nothing is invented and
nothing is dropped: what cannot be split is kept word for word, with a note.
The page's interface text ("Chọn cơ quan thực hiện…", "Nộp hồ sơ") is not
content and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from generator.model.records import number_kind, title_kind
from generator.model.scalars import TEXT_MAX
from generator.national.cells import (
    FEE_NAME,
    NO_INFO,
    Data,
    FeeEntry,
    Note,
    Paper,
    Path,
    Time,
    clean,
    fee_data,
    is_empty,
    one_line,
    unit_in,
)
from generator.national.page import ChannelRow, Page
from generator.problems import Problem

LEVELS = {"cấp bộ": "bo", "cấp tỉnh": "tinh", "cấp xã": "xa"}
"""The page's "Cấp thực hiện", by its words (lowercase), as our ``levels``."""
ORDER = (
    "code",
    "title",
    "summary",
    "field",
    "agency",
    "authority",
    "levels",
    "applicants",
    "online",
    "decision",
    "steps",
    "channels",
    "documents",
    "requirements",
    "results",
    "legal_basis",
    "related",
    "keywords",
    "updated",
)
"""Keys in the order the record contract lists them (the order a written record keeps)."""


@dataclass
class Mapped:
    """One national procedure in our record format, with what an editor must look at."""

    code: str
    data: Data
    notes: list[Note]
    source: str
    """The national file, as the summary names it."""
    levels: tuple[str, ...] = ()
    """Every level the national record names (before ``--levels``)."""
    agencies: tuple[tuple[str, ...], ...] = ()
    """The national agencies, most specific first: cơ quan thực hiện, có thẩm quyền, được ủy quyền; each as
    the names the source gives apart (the page gives one text that may join several)."""
    url: str = ""
    updated_at: str = ""
    """When the national record last changed (the portal's ``updatedAt``, as a date), if the source says."""
    problems: list[Problem] = field(default_factory=list)
    """Why the record cannot be imported (another procedure's page, no paper, no legal basis…)."""


def from_page(page: Page, source: str, today: date) -> Mapped:
    """The record a careful editor would write from *page*."""
    notes: list[Note] = []
    problems: list[Problem] = []
    code = page.searched
    if page.own_code and page.own_code != page.searched:
        problem = Problem(
            source,
            0,
            0,
            "",
            f"is named {page.searched}, but the page in it is procedure "
            f"{page.own_code} ({one_line(page.text('ten_thu_tuc'))}); not imported",
        )
        return Mapped(code, {}, [], source, problems=[problem])
    levels, other = national_levels(page.text("cap_thuc_hien"))
    if other:
        notes.append(Note(("levels",), "level_other", one_line(page.text("cap_thuc_hien"))))
    steps_text = page.text("trinh_tu_thuc_hien")
    data: Data = {
        "code": code,
        "title": one_line(page.text("ten_thu_tuc")),
        "field": one_line(page.text("linh_vuc")),
        "levels": list(levels),
        "applicants": page.lists.get("doi_tuong_thuc_hien") or split_names(page.text("doi_tuong_thuc_hien")),
    }
    decision = one_line(page.text("so_quyet_dinh"))
    if decision and not is_empty(decision):
        data["decision"] = decision
        if placeholder(decision):
            notes.append(Note(("decision",), "decision_placeholder", decision))
    data["steps"] = page.lists.get("trinh_tu_thuc_hien") or steps(steps_text, ("steps",), notes)
    descriptions = [row.description for row in page.channels or ()]
    data["channels"] = channels(page, [steps_text, *descriptions], notes)
    data["online"] = "partial" if any(c["method"] == "online" for c in data["channels"]) else "none"
    data["documents"] = documents(page, notes)
    requirements = page.text("yeu_cau_dieu_kien")
    if not is_empty(requirements):
        data["requirements"] = split_items(requirements)
    data["results"] = page.lists.get("ket_qua_xu_ly") or results(page.text("ket_qua_xu_ly"), notes)
    data["legal_basis"] = legal_basis(page, notes)
    related = one_line(page.text("thu_tuc_lien_quan"))
    if not is_empty(related):
        notes.append(Note(("related",), "related_unread", related))
    data["updated"] = today.isoformat()
    mapped = Mapped(
        code=code,
        data=data,
        notes=notes,
        source=source,
        levels=levels,
        agencies=tuple(
            tuple(page.lists[key]) if key in page.lists else (page.text(key),)
            for key in ("co_quan_thuc_hien", "co_quan_co_tham_quyen", "co_quan_duoc_uy_quyen")
        ),
        url=page.url,
        updated_at=page.updated_at,
        problems=problems,
    )
    mapped.problems += missing_problems(mapped) or too_long_problems(mapped)
    return mapped


def too_long_problems(mapped: Mapped) -> list[Problem]:
    """Texts longer than the record format holds (a name, a paragraph, a whole record's Markdown) that could not
    be split: the record is reported, not imported, as the national page must be read by an editor."""
    from pydantic import ValidationError

    from generator.model.records import Procedure

    try:
        Procedure.model_validate(mapped.data)
    except ValidationError as error:
        long = [
            f"{'.'.join(str(part) for part in detail['loc'])} {detail['msg']}"
            for detail in error.errors(include_url=False)
            if detail["type"] == "length"
        ]
        if long:
            why = "; ".join(long)
            return [
                Problem(
                    mapped.source,
                    0,
                    0,
                    "",
                    f"the national record is too long for a record: {why}; not imported (add it by hand)",
                )
            ]
    return []


def missing_problems(mapped: Mapped) -> list[Problem]:
    """What the national record lacks that every record needs: then it is reported, not imported."""
    data = mapped.data
    missing = [
        (key, words)
        for key, words in (
            ("title", "no title"),
            ("field", "no field (Lĩnh vực)"),
            ("levels", "no level the catalogue knows (Cấp bộ, Cấp tỉnh, Cấp xã)"),
            ("applicants", "no applicant (Đối tượng thực hiện)"),
            ("steps", "no step (Trình tự thực hiện)"),
            ("channels", "no way of submitting (Cách thức thực hiện)"),
            ("documents", "no paper (Thành phần hồ sơ)"),
            ("results", "no result (Kết quả thực hiện)"),
            ("legal_basis", "no legal document with a number (Căn cứ pháp lý)"),
        )
        if not data.get(key)
    ]
    if not missing:
        return []
    words = ", ".join(words for _, words in missing)
    return [Problem(mapped.source, 0, 0, "", f"the national record has {words}; not imported (add it by hand)")]


def national_levels(text: str) -> tuple[tuple[str, ...], bool]:
    """``Cấp bộ, Cấp tỉnh`` → (``bo``, ``tinh``); and whether it names a level we have none for."""
    levels = []
    other = False
    for part in one_line(text).split(","):
        word = part.strip().lower()
        if word in LEVELS:
            levels.append(LEVELS[word])
        elif word:
            other = True
    return tuple(dict.fromkeys(levels)), other


def placeholder(decision: str) -> bool:
    """``QĐ/0001-BTP``: a decision number the database holds in place of the real one."""
    return bool(re.match(r"Q[ĐD]\s*/\s*0+\d?\b", decision) or re.fullmatch(r"[^0-9]*0*[^1-9]*", decision))


def split_names(text: str) -> list[str]:
    """Names the page joins by ", " (``Công dân Việt Nam, Người nước ngoài``), where names may hold commas.

    A name starts after ", " with a capital letter, outside brackets: ``Ủy ban nhân dân xã, phường`` stays one.
    """
    text = one_line(text)
    if is_empty(text):
        return []
    names = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0 and text[index + 1 : index + 3][-1:].isupper() and text[index + 1] == " ":
            names.append(text[start:index])
            start = index + 2
    names.append(text[start:])
    return [name.strip(" .;") for name in names if name.strip(" .;")]


# --- steps and other lists of text ------------------------------------------------------------------------

_STEP = re.compile(r"^[-+*•–]*\s*Bước\s*(\d+)\s*[.:)–-]*\s*", re.IGNORECASE)
_MARKERS = (
    ("dash", re.compile(r"^[-–]\s*")),
    ("plus", re.compile(r"^\+\)?\s*")),
    ("star", re.compile(r"^[*•]\s*")),
    ("letter", re.compile(r"^[a-zđ]\)\s*")),
    ("number", re.compile(r"^\d{1,2}[.)](?!\d)\s*")),
    ("roman", re.compile(r"^\((?:[ivx]+|\d{1,2})\)\s*")),
)


def steps(text: str, path: Path, notes: list[Note]) -> list[str]:
    """ "Trình tự thực hiện" as steps: at each "Bước N", else at each line the first list marker begins."""
    lines = [line for line in clean(text).split("\n") if line]
    if not lines or is_empty(text):
        return []
    numbered = [index for index, line in enumerate(lines) if _STEP.match(line)]
    if len(numbered) >= 2:
        return _cut(lines, numbered, _STEP)
    items = split_items(text)
    if len(items) == 1 and len(items[0]) > 1500:
        notes.append(Note(path, "steps_unread", ""))
    return items


def split_items(text: str) -> list[str]:
    """Text as list items: at each line that begins with the list marker used first, at least twice;
    else one item a line."""
    lines = [line for line in clean(text).split("\n") if line]
    if not lines:
        return []
    for index, line in enumerate(lines):
        kind = next(((name, pattern) for name, pattern in _MARKERS if pattern.match(line)), None)
        if kind is None:
            continue
        starts = [i for i, other in enumerate(lines) if kind[1].match(other)]
        if len(starts) >= 2:
            if starts[0] > 0 and index > 0:
                starts.insert(0, 0)
            return _cut(lines, starts, kind[1])
        break
    return [_markdown(line) for line in lines]


def _cut(lines: list[str], starts: list[int], marker: re.Pattern[str]) -> list[str]:
    if starts[0] != 0:
        starts = [0, *starts]
    items = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        head = marker.sub("", lines[start], count=1)
        body = [head, *lines[start + 1 : end]] if head else lines[start + 1 : end]
        text = "\n\n".join(_markdown(line) for line in body if line)
        if text:
            items.append(text)
    return items


def _markdown(line: str) -> str:
    """A line of national text kept as it reads: brackets that would make a link are escaped."""
    return re.sub(r"([\[\]])", r"\\\1", line) if re.search(r"\]\s*\(", line) else line


# --- channels --------------------------------------------------------------------------------------------


def channels(page: Page, texts: list[str], notes: list[Note]) -> list[Data]:
    """ "Cách thức thực hiện": one channel per way of submitting; a way repeated per case becomes one
    channel whose time and fees say each case."""
    rows = page.channels or []
    by_method: dict[str, list[ChannelRow]] = {}
    for row in rows:
        by_method.setdefault(row.method, []).append(row)
    result = []
    for index, (method, group) in enumerate(by_method.items()):
        path: Path = ("channels", index)
        result.append(_channel(method, group, path, texts, notes))
    if not rows and "cach_thuc_thuc_hien" in page.unread:
        notes.append(Note(("channels",), "fee_unread", page.unread["cach_thuc_thuc_hien"]))
    return result


def _channel(method: str, rows: list[ChannelRow], path: Path, texts: list[str], notes: list[Note]) -> Data:
    channel: Data = {"method": method}
    times = [_time(row, texts) for row in rows]
    cases = [row.description for row in rows]
    if len({repr(t) for t in times}) == 1:
        time = times[0]
    else:
        time = Time(
            text="; ".join(
                f"{t.words() or NO_INFO} ({case})" if case else t.words() for t, case in zip(times, cases, strict=True)
            )
        )
    channel["time"] = time.data() or {"text": NO_INFO}
    if time.value is not None and time.unit is None:
        notes.append(Note((*path, "time"), "time_unit", time.value))
    elif time.data() is None:
        together = next((row.together for row in rows if row.together), "")
        reason = "time_fee_together" if together else "time_missing"
        notes.append(Note((*path, "time"), reason, together or NO_INFO))
    per_case = len({repr(row.fees) for row in rows}) > 1
    fees: list[Data] = []
    words: list[str] = []
    for number, row in enumerate(rows, start=1):
        entries = [_together(entry) for entry in row.fees] if row.together else row.fees
        found, said = fee_data(entries, path, notes)
        if per_case:
            for fee in found:
                fee["name"] = f"{FEE_NAME} ({number})" if fee["name"] == FEE_NAME else fee["name"]
                case_note = row.description or f"{FEE_NAME} ({number})"
                fee["note"] = f"{case_note}\n\n{fee['note']}" if fee.get("note") else case_note
            said = [f"{row.description}: {text}" if row.description else text for text in said]
        fees += found if per_case or not fees else []
        words += [text for text in said if text not in words]
        if not per_case:
            break
    if fees:
        channel["fees"] = fees
    if words:
        channel["fees_text"] = "\n\n".join(words)
    described = [case for case in dict.fromkeys(cases) if case]
    if len(described) == 1:
        channel["note"] = described[0]
    elif described and not per_case and time.value is not None:
        channel["note"] = "\n".join(f"- {case}" for case in described)
    return channel


def _together(entry: FeeEntry) -> FeeEntry:
    """A run-together time and fee is kept in words; its time note says why (no second note)."""
    return FeeEntry("foreign", text=entry.text, description=entry.description) if entry.kind == "words" else entry


def _time(row: ChannelRow, texts: list[str]) -> Time:
    time = row.time
    if time.value is not None and time.unit is None:
        unit = unit_in([row.description, *texts], time.value)
        if unit:
            return Time(value=time.value, unit=unit)
    return time


# --- papers ----------------------------------------------------------------------------------------------


def documents(page: Page, notes: list[Note]) -> list[Data]:
    """ "Thành phần hồ sơ": one group per case; a "0 bản chính" row is a note of the paper above it (of the
    paper below when it introduces it, ending with a colon)."""
    groups = page.papers or []
    result: list[Data] = []
    pending: list[str] = []
    last: Data | None = None
    for group in groups:
        items: list[Data] = []
        heading = case = group.case
        papers = group.papers
        real = [paper for paper in papers if not paper.is_note and paper.name]
        for index, paper in enumerate(papers):
            if paper.is_note or not paper.name:
                text = _paper_text(paper)
                if not text:
                    continue
                if not real and heading:
                    text = f"{heading}: {text}"
                    heading = ""  # said once, before the first note of a table of notes
                follows = any(not p.is_note and p.name for p in papers[index + 1 :])
                if text.endswith(":") and follows:
                    pending.append(text)
                    notes.append(Note(("documents",), "documents_lead_in", text))
                elif last is not None:
                    _add_note(last, text)
                else:
                    pending.append(text)
                continue
            name, whole = paper_name(paper.name)
            if whole:
                notes.append(Note(("documents",), "paper_too_long", name))
            item: Data = {"name": name}
            if paper.originals:
                item["originals"] = str(paper.originals)
            if paper.copies:
                item["copies"] = str(paper.copies)
            if not paper.required:
                item["required"] = "false"
            note_lines = [
                *pending,
                *([whole] if whole else []),
                *([paper.note] if paper.note else []),
                *(f"Mẫu đơn, tờ khai: {name}" for name in paper.files),
            ]
            pending = []
            if note_lines:
                item["note"] = "\n\n".join(note_lines)
            items.append(item)
            last = item
        if items:
            result.append({"case": case, "items": items} if case and real else {"items": items})
    if pending and last is not None:
        for text in pending:
            _add_note(last, text)
    _number_paths(result, notes)
    if not groups and "thanh_phan_ho_so" in page.unread:
        notes.append(Note(("documents",), "documents_unread", page.unread["thanh_phan_ho_so"]))
    return result


PAPER_NAME_MOST = 300
"""The longest name a paper gets from an import when the national name is longer than a name may be
(:data:`generator.model.scalars.TEXT_MAX`): its first clauses; the whole text goes word for word into its note."""
_CLAUSE_END = re.compile(r"[.;:)](?=\s)|,(?=\s)")


def paper_name(text: str) -> tuple[str, str]:
    """A paper's name, and its whole text when the name had to be shortened (else "")."""
    if len(text) <= TEXT_MAX:
        return text, ""
    head = text[:PAPER_NAME_MOST]
    ends = [match.end() for match in _CLAUSE_END.finditer(head)]
    cut = ends[-1] if ends else (head.rfind(" ") if " " in head else PAPER_NAME_MOST)
    return head[:cut].rstrip(" ,;:") + " …", text


def _paper_text(paper: Paper) -> str:
    files = "".join(f"\n\nMẫu đơn, tờ khai: {name}" for name in paper.files)
    return (paper.name + files).strip()


def _add_note(item: Data, text: str) -> None:
    item["note"] = f"{item['note']}\n\n{text}" if item.get("note") else text


def _number_paths(groups: list[Data], notes: list[Note]) -> None:
    """Point a lead-in note at the paper that now carries it."""
    for position, note in enumerate(notes):
        if note.reason != "documents_lead_in" or note.path != ("documents",):
            continue
        for g, group in enumerate(groups):
            for i, item in enumerate(group["items"]):
                if note.text in item.get("note", ""):
                    notes[position] = Note(("documents", g, "items", i, "note"), note.reason, note.text)
                    break
            else:
                continue
            break


# --- results and legal basis ------------------------------------------------------------------------------

_RESULT_CODE = re.compile(r"Mã\s*:\s*[A-Z0-9][A-Za-z0-9.\-]*")
_INTERFACE = re.compile(r"Từ khóa|Chọn cơ quan thực hiện|Nộp hồ sơ$")


def results(text: str, notes: list[Note]) -> list[str]:
    """ "Kết quả xử lý": each result named before its code (``Mã: KQ.G15.000033``); the page's interface text
    after the results ("Từ khóa…", "Chọn cơ quan thực hiện…", "Nộp hồ sơ") is left out."""
    text = clean(text)
    cut = _INTERFACE.search(text)
    body, after = (text[: cut.start()], text[cut.start() :]) if cut else (text, "")
    extra = re.match(r"Từ khóa(.*?)Mô tả(.*?)(?:Chọn cơ quan thực hiện|$)", after, re.DOTALL)
    if extra:
        said = [one_line(part) for part in extra.groups() if not is_empty(part)]
        if said:
            notes.append(Note(("results",), "description_keywords", " / ".join(said)))
    names = [one_line(part).strip(" ;") for part in _RESULT_CODE.split(body)]
    return [name for name in names if name and not is_empty(name)]


def legal_basis(page: Page, notes: list[Note]) -> list[Data]:
    """ "Căn cứ pháp lý": each document with its number; a row whose title is only the number's kind word
    ("Luật") keeps it, with a note."""
    result: list[Data] = []
    seen: set[str] = set()
    for written, number in page.legal or ():
        title = written
        if number in seen:
            continue
        seen.add(number)
        if not title or re.fullmatch(r"(?i)(luật|nghị định|thông tư|nghị quyết|quyết định|văn bản)( số)?", title):
            notes.append(Note(("legal_basis", len(result), "title"), "legal_title", title or number))
            title = f"{title} {number}".strip() if title else number
        by_title, by_number = title_kind(title), number_kind(number)
        if by_title and by_number and by_title[1] not in by_number[1]:
            # The title is another kind of document than the number says: the row was not cut where the
            # page meant it to be (or the page pairs them wrongly). Keep both, the number first.
            notes.append(Note(("legal_basis", len(result), "title"), "legal_unread", f"{title} {number}"))
            title = f"{number} ({title})"
        result.append({"number": number, "title": title})
    if "can_cu_phap_ly" in page.unread and not is_empty(page.unread["can_cu_phap_ly"]):
        notes.append(Note(("legal_basis",), "legal_unread", page.unread["can_cu_phap_ly"]))
    return result
