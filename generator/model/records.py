"""The record model, declared once.

These classes are the record format (``docs/record-contract.md``): they
validate records, yield the JSON Schema editors point their IDE at, and through
it the format's documentation (``catalogue schema``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.model.scalars import (
    FORM_FILE_TYPES,
    Amount,
    Code,
    Count,
    Day,
    FieldId,
    Flag,
    FormId,
    HttpsUrl,
    Loc,
    MarkdownText,
    Number,
    Slug,
    Text,
    _error,
    describe,
)
from generator.text.vietnamese import slugify

ANSWER_SLUG_LIMIT = 40
"""An answer's address (its part of a case page's address and of the query string) keeps its first words."""


class Record(BaseModel):
    """Base of every part of a record: known keys only, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            raise _error("mapping", "expected keys and values (such as 'name: ...'), got {got}", got=describe(value))
        return value

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        """Problems that involve several keys of this part, as (key path, message)."""
        return iter(())


Unit = Literal["working_days", "days", "hours", "months"]


class TimeLimit(Record):
    """Thời hạn giải quyết: a number with its unit, or text when the law gives no number."""

    value: Number | None = Field(None, title="Số", description="how many units")
    unit: Unit | None = Field(None, title="Đơn vị", description="working_days, days, hours or months")
    text: Text | None = Field(None, title="Mô tả", description="the time limit in words, when the law gives no number")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.text is not None and (self.value is not None or self.unit is not None):
            yield ("text",), "give either value and unit, or text, not both"
        elif self.text is None:
            if self.value is None:
                yield ("value",), "missing; write value and unit (value: 7, unit: working_days) or text"
            if self.unit is None:
                yield ("unit",), "missing; write one of working_days, days, hours, months"


class Fee(Record):
    """Phí, lệ phí."""

    name: Text = Field(title="Tên phí, lệ phí", description="what the fee is called")
    amount: Amount = Field(title="Mức thu", description="whole number of đồng, without separators: 20000")
    per: Text | None = Field(
        None,
        title="Tính theo",
        description="(extension) the amount is charged for each of these: Phiếu, người, bản sao; "
        "lists then show it apart from the fee itself",
    )
    note: MarkdownText | None = Field(None, title="Ghi chú", description="who pays it, exemptions")
    cases: tuple[Text, ...] = Field(
        (),
        title="Áp dụng cho trường hợp",
        description="(extension) the cases of documents (their case: texts, word for word) this fee applies to; "
        "absent: every case. A citizen who answers the case chooser sees only their case's fees",
    )


class Channel(Record):
    """Cách thức thực hiện: one way to hand in the dossier."""

    method: Literal["online", "in_person", "post"] = Field(
        title="Hình thức nộp", description="online (trực tuyến), in_person (trực tiếp) or post (bưu chính)"
    )
    time: TimeLimit = Field(title="Thời hạn giải quyết", description="{value, unit} or {text}")
    fees: tuple[Fee, ...] = Field((), title="Phí, lệ phí", description="empty or absent means free")
    fees_text: MarkdownText | None = Field(
        None,
        title="Phí, lệ phí (mô tả)",
        description="(extension) the fees in words when they are not fixed amounts in đồng "
        "(foreign currency, depends on the vehicle); shown instead of 'free'",
    )
    note: MarkdownText | None = Field(None, title="Mô tả", description="anything else about this channel")


class Document(Record):
    """One paper in the dossier (thành phần hồ sơ)."""

    name: Text = Field(title="Tên giấy tờ", description="what the paper is")
    form: FormId | None = Field(None, title="Mẫu đơn, tờ khai", description="id of a form in forms/")
    originals: Count = Field(0, title="Bản chính", description="number of originals")
    copies: Count = Field(0, title="Bản sao", description="number of copies")
    required: Flag = Field(True, title="Bắt buộc", description="false when the paper is needed only in some cases")
    note: MarkdownText | None = Field(None, title="Ghi chú", description="details the applicant needs")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.originals == 0 and self.copies == 0:
            yield ("originals",), "give how many originals or copies are needed (originals: 1 or copies: 1)"


class DocumentGroup(Record):
    """Thành phần hồ sơ for one case (or for every case when `case` is absent)."""

    case: Text | None = Field(None, title="Trường hợp", description="the situation this list applies to")
    items: tuple[Document, ...] = Field(min_length=1, title="Giấy tờ", description="the papers")


MAX_QUESTIONS = 3
"""The most questions a case chooser asks: more, and the citizen is better served reading the cases."""
MAX_ANSWERS = 8


class Answer(Record):
    """(extension) One answer to a question of the case chooser, and the cases it leads to."""

    label: Text = Field(title="Câu trả lời", description="what the citizen reads beside the radio button: Bị mất")
    cases: tuple[Text, ...] = Field(
        min_length=1,
        title="Các trường hợp",
        description="the cases of documents (their case: texts, word for word) that fit this answer",
    )


class Question(Record):
    """(extension) A question of the case chooser: the citizen answers it to see only their own case."""

    ask: Text = Field(title="Câu hỏi", description="the question, as a citizen would be asked it")
    answers: tuple[Answer, ...] = Field(
        min_length=2,
        max_length=MAX_ANSWERS,
        title="Các câu trả lời",
        description=f"2 to {MAX_ANSWERS} answers, each with the cases it leads to",
    )


LegalKind = Literal[
    "constitution",
    "code",
    "law",
    "ordinance",
    "resolution",
    "decree",
    "joint_circular",
    "circular",
    "decision",
    "directive",
]

# The words a legal document's title starts with, longest first, by kind.
_KIND_WORDS: tuple[tuple[str, LegalKind], ...] = (
    ("Hiến pháp", "constitution"),
    ("Bộ luật", "code"),
    ("Luật", "law"),
    ("Pháp lệnh", "ordinance"),
    ("Nghị quyết", "resolution"),
    ("Nghị định", "decree"),
    ("Thông tư liên tịch", "joint_circular"),
    ("Thông tư", "circular"),
    ("Quyết định", "decision"),
    ("Chỉ thị", "directive"),
)
# The symbol after a number's last "/" (68/2020/QH14, 154/2024/NĐ-CP): the kind it names, and the kinds
# that share the symbol (the National Assembly passes laws, codes and resolutions alike as .../QH15).
_SUFFIX_KINDS: tuple[tuple[str, LegalKind, tuple[LegalKind, ...]], ...] = (
    (r"UBTVQH\d*", "ordinance", ("ordinance", "resolution")),
    (r"QH\d*", "law", ("law", "code", "resolution", "constitution")),
    (r"N[ĐD]-.*", "decree", ("decree",)),
    (r"NQ(-.*)?", "resolution", ("resolution",)),
    (r"TTLT-.*", "joint_circular", ("joint_circular",)),
    (r"TT-.*", "circular", ("circular",)),
    (r"Q[ĐD]-.*", "decision", ("decision",)),
    (r"CT-.*", "directive", ("directive",)),
)


def number_kind(number: str) -> tuple[LegalKind, tuple[LegalKind, ...]] | None:
    """The kind of legal document a number names by its symbol (``NĐ-CP``: decree), and the kinds it allows."""
    suffix = number.rsplit("/", 1)[-1].strip().upper()
    for pattern, kind, allowed in _SUFFIX_KINDS:
        if re.fullmatch(pattern, suffix):
            return kind, allowed
    return None


def title_kind(title: str) -> tuple[str, LegalKind] | None:
    """The kind word a title starts with, as written (``Nghị định``), and its kind."""
    for word, kind in _KIND_WORDS:
        head = title[: len(word)]
        if head.lower() == word.lower() and (len(title) == len(word) or not title[len(word)].isalnum()):
            return head, kind
    return None


class LegalDocument(Record):
    """Căn cứ pháp lý: one legal document."""

    number: Text = Field(title="Số, ký hiệu", description="e.g. 68/2020/QH14")
    title: Text = Field(title="Trích yếu", description="e.g. Luật Cư trú")
    date: Day | None = Field(None, title="Ngày ban hành", description="YYYY-MM-DD")
    url: HttpsUrl | None = Field(None, title="Đường dẫn", description="where to read it (https)")

    @property
    def kind(self) -> LegalKind | None:
        """What the document is (law, decree, circular...): from its title's first words, else its number."""
        by_title = title_kind(self.title)
        if by_title:
            return by_title[1]
        by_number = number_kind(self.number)
        return by_number[0] if by_number else None

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        by_title, by_number = title_kind(self.title), number_kind(self.number)
        if by_title and by_number and by_title[1] not in by_number[1]:
            suffix = self.number.rsplit("/", 1)[-1]
            yield (
                ("title",),
                (
                    f'starts with "{by_title[0]}", but {self.number} is a {by_number[0].replace("_", " ")} '
                    f"(its symbol {suffix} says so); give this document's own title, or the number of the "
                    f"{by_title[1].replace('_', ' ')}"
                ),
            )


InPersonKind = Literal["biometrics", "signature", "inspection", "collect_result", "other"]


class InPerson(Record):
    """Something the applicant must come in person for, whichever way the dossier is handed in."""

    what: InPersonKind = Field(
        title="Việc phải làm trực tiếp",
        description="biometrics (face photo, fingerprints, iris taken), signature (signed before an officer), "
        "inspection (the vehicle or thing is brought to be checked), collect_result (the result is handed over "
        "only there), other (say what in note)",
    )
    note: Text | None = Field(
        None,
        title="Cụ thể",
        description="what exactly, in a few plain words that can follow 'để' (thu nhận ảnh khuôn mặt, vân tay, "
        "mống mắt); shown instead of the general words for what; required with what: other",
    )
    when: Text | None = Field(
        None,
        title="Trường hợp",
        description="only in this case (khi cán bộ cần đối chiếu xe); absent: always, even when the dossier "
        "is submitted online",
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.what == "other" and self.note is None:
            yield ("note",), "missing; what: other needs a note saying what must be done in person"


Level = Literal["bo", "tinh", "huyen", "xa"]
Status = Literal["active", "abolished"]
TWO_TIERS = date(2025, 7, 1)
"""From this day local government has two tiers, province and commune: no district (Resolution 202/2025/QH15)."""


RECORD_MARKDOWN_MAX = 50_000
"""The most Markdown one procedure may hold, all fields together (a long national record has about 30,000)."""


class Procedure(Record):
    """Thủ tục hành chính: one administrative procedure (``procedures/**/<slug>.yaml``)."""

    code: Code = Field(title="Mã thủ tục", description='the national code, quoted: "1.004222"')
    title: Text = Field(title="Tên thủ tục", description="as in the national procedure database")
    slug: Slug | None = Field(
        None, title="Đường dẫn", description="URL name, at most 150 characters; default: the file name"
    )
    summary: MarkdownText | None = Field(
        None, title="Tóm tắt", description="one plain-language paragraph: who it is for and what it gives"
    )
    field: Text = Field(title="Lĩnh vực", description="the field the procedure belongs to")
    agency: Text = Field(title="Cơ quan thực hiện", description="where citizens hand in the dossier")
    authority: Text | None = Field(
        None, title="Cơ quan có thẩm quyền", description="the deciding body, if different from agency"
    )
    levels: tuple[Level, ...] = Field(
        min_length=1,
        title="Cấp thực hiện",
        description="bo, tinh, xa (huyen only for records that ended before 2025-07-01)",
    )
    applicants: tuple[Text, ...] = Field(min_length=1, title="Đối tượng thực hiện", description="who may apply")
    online: Literal["full", "partial", "none"] = Field(
        title="Dịch vụ công trực tuyến", description="full (toàn trình), partial (một phần) or none"
    )
    portal_url: HttpsUrl | None = Field(
        None, title="Địa chỉ trên Cổng DVCQG", description="default: built from code with the catalogue's pattern"
    )
    submit_url: HttpsUrl | None = Field(
        None,
        title="Địa chỉ nộp hồ sơ trực tuyến",
        description="(extension) where the dossier is submitted online, on an allowed host; "
        "without it the primary button opens the procedure on the portal and says so",
    )
    decision: Text | None = Field(None, title="Quyết định công bố", description="number of the publishing decision")
    steps: tuple[MarkdownText, ...] = Field(min_length=1, title="Trình tự thực hiện", description="in order")
    channels: tuple[Channel, ...] = Field(min_length=1, title="Cách thức thực hiện", description="ways to submit")
    documents: tuple[DocumentGroup, ...] = Field(
        min_length=1, title="Thành phần hồ sơ", description="papers needed, per case"
    )
    requirements: tuple[MarkdownText, ...] = Field((), title="Yêu cầu, điều kiện", description="conditions set by law")
    results: tuple[Text, ...] = Field(min_length=1, title="Kết quả thực hiện", description="what the applicant gets")
    legal_basis: tuple[LegalDocument, ...] = Field(min_length=1, title="Căn cứ pháp lý", description="legal documents")
    anywhere_in_province: Flag = Field(
        False,
        title="Nộp tại bất kỳ điểm tiếp nhận nào trong tỉnh",
        description="(extension) true when the dossier may be handed in at any reception point in the province, "
        "whatever the applicant's address (Decree 118/2025/NĐ-CP)",
    )
    in_person: tuple[InPerson, ...] = Field(
        (),
        title="Phải đến trực tiếp",
        description="(extension) what the applicant must come in person for, and why (biometrics, signature, "
        "inspection, collecting the result), even when the dossier is submitted online; said first on the page",
    )
    questions: tuple[Question, ...] = Field(
        (),
        max_length=MAX_QUESTIONS,
        title="Câu hỏi chọn trường hợp",
        description=f"(extension) 1 to {MAX_QUESTIONS} questions that lead a citizen to their own case of documents; "
        "absent: one question listing the cases, when there are several",
    )
    related: tuple[Code, ...] = Field((), title="Thủ tục liên quan", description="codes of related procedures")
    keywords: tuple[Text, ...] = Field((), title="Từ khóa", description="words citizens search with")
    updated: Day = Field(title="Ngày cập nhật", description="when the record was last checked against the official one")
    effective_from: Day | None = Field(None, title="Có hiệu lực từ", description="not published before this date")
    effective_until: Day | None = Field(None, title="Hết hiệu lực", description="not published after this date")
    status: Status | None = Field(
        None,
        title="Tình trạng",
        description="(extension) active (the default) or abolished (bãi bỏ): the page stays, with a notice, "
        "but leaves every list, the search and the handbooks from status_date on",
    )
    replaced_by: Code | None = Field(
        None,
        title="Được thay thế bởi",
        description="(extension) code of the procedure that replaces this one from status_date on; "
        "implies status: abolished",
    )
    status_date: Day | None = Field(
        None,
        title="Ngày bãi bỏ, thay thế",
        description="(extension) the day status: abolished or replaced_by takes effect; required with either",
    )
    change_note: Text | None = Field(
        None,
        title="Nội dung thay đổi",
        description="(extension) what changed when the record was last updated, in one sentence; "
        "shown on the recent changes page and in its feed",
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.effective_from and self.effective_until and self.effective_until < self.effective_from:
            yield ("effective_until",), "is before effective_from"
        written = self.markdown_length()
        if written > RECORD_MARKDOWN_MAX:
            texts = "its long texts (summary, steps, requirements, notes)"
            yield (), f"{texts} are {written:,} characters; at most {RECORD_MARKDOWN_MAX:,}: shorten them"
        yield from self._status_problems()
        yield from self._case_problems()
        has_online_channel = any(c.method == "online" for c in self.channels)
        if self.online != "none" and not has_online_channel:
            yield ("online",), f"is {self.online}, but no channel has method: online; add one or write online: none"
        if self.online == "none" and has_online_channel:
            yield ("online",), "is none, but a channel has method: online; write online: partial or full"
        for place, values in (("levels", self.levels), ("related", self.related)):
            seen: set[str] = set()
            for index, value in enumerate(values):
                if value in seen:
                    yield (place, index), f'"{value}" is listed twice'
                seen.add(value)
        for index, visit in enumerate(self.in_person):
            if self.online == "full" and visit.when is None:
                yield (
                    ("in_person", index),
                    (
                        "says the applicant must always come in person, but online is full (toàn trình: "
                        "nothing in person); write online: partial, or give when: the case that needs the visit"
                    ),
                )
        if self.submit_url and self.online == "none":
            yield ("submit_url",), "is given, but online is none; write online: partial or full, or remove it"
        if self.code in self.related:
            yield ("related", self.related.index(self.code)), "a procedure cannot be related to itself"
        if "huyen" in self.levels and not (self.effective_until and self.effective_until < TWO_TIERS):
            yield (
                ("levels", self.levels.index("huyen")),
                (
                    "the district level (huyen) no longer exists: since 2025-07-01 local government has two tiers, "
                    "province and commune (Resolution 202/2025/QH15); write tinh or xa, whichever handles the "
                    "procedure now, or give effective_until before 2025-07-01 if the record describes the old procedure"
                ),
            )

    @property
    def nothing_required(self) -> bool:
        """Whether one list of papers applies to everyone and none of its papers is required."""
        return len(self.documents) == 1 and not any(d.required for d in self.documents[0].items)

    @property
    def must_visit(self) -> bool:
        """Whether the applicant must come in person in every case, even when submitting online."""
        return any(visit.when is None for visit in self.in_person)

    @property
    def ends(self) -> bool:
        """Whether the record says the procedure is abolished or replaced (from ``status_date`` on)."""
        return self.status == "abolished" or self.replaced_by is not None

    def markdown_length(self) -> int:
        """Characters of Markdown in the record, every field together."""
        texts = [self.summary or "", *self.steps, *self.requirements]
        for channel in self.channels:
            texts += [channel.note or "", channel.fees_text or "", *(fee.note or "" for fee in channel.fees)]
        for group in self.documents:
            texts += [item.note or "" for item in group.items]
        return sum(map(len, texts))

    def _status_problems(self) -> Iterator[tuple[Loc, str]]:
        ends = self.ends
        if ends and self.status_date is None:
            key = "replaced_by" if self.replaced_by is not None else "status"
            yield (key,), "needs status_date, the day it takes effect: add status_date: YYYY-MM-DD"
        if not ends and self.status_date is not None:
            yield ("status_date",), "is only used with status: abolished or replaced_by; remove it or add one of them"
        if self.replaced_by is not None and self.status == "active":
            yield ("status",), "is active, but replaced_by says the procedure is replaced; remove status"
        if self.replaced_by is not None and self.replaced_by == self.code:
            yield ("replaced_by",), "a procedure cannot replace itself"

    def _case_problems(self) -> Iterator[tuple[Loc, str]]:
        """Fees and questions name cases of the documents, word for word; every answer leads somewhere."""
        names = [group.case for group in self.documents if group.case is not None]
        fee_cases: list[tuple[Loc, tuple[str, ...]]] = [
            (("channels", c, "fees", f, "cases"), fee.cases)
            for c, channel in enumerate(self.channels)
            for f, fee in enumerate(channel.fees)
            if fee.cases
        ]
        answer_cases: list[tuple[Loc, tuple[str, ...]]] = [
            (("questions", q, "answers", a, "cases"), answer.cases)
            for q, question in enumerate(self.questions)
            for a, answer in enumerate(question.answers)
        ]
        if not fee_cases and not answer_cases:
            return
        if len(self.documents) < 2:
            yield (
                ("questions",) if self.questions else fee_cases[0][0],
                "names cases, but documents has only one list of papers; give documents a case: for each "
                "situation, or remove it",
            )
            return
        if self.questions:
            for place, group in enumerate(self.documents):
                if group.case is None:
                    yield ("documents", place), "has no case; with questions, each list of papers names its case"
        for index, name in enumerate(names):
            if name in names[:index]:
                place = [i for i, g in enumerate(self.documents) if g.case == name][1]
                yield ("documents", place, "case"), f'"{name}" is the case of another list too; name each case apart'
        for key, cases in fee_cases + answer_cases:
            for index, name in enumerate(cases):
                if name not in names:
                    split = next((n for n in names if n.startswith(name + ", ") or n.endswith(", " + name)), None)
                    close = difflib.get_close_matches(name, names, n=1, cutoff=0.4)
                    if split:
                        hint = f'the case "{split}" has a comma: write it on a line of its own (- ...) or in quotes'
                    else:
                        hint = f'did you mean "{close[0]}"?' if close else "the cases are: " + "; ".join(names)
                    yield (*key, index), f'"{name}" is not the case of any list of documents; {hint}'
                elif name in cases[:index]:
                    yield (*key, index), f'"{name}" is listed twice'
        yield from self._question_problems(names)

    def _question_problems(self, names: list[str]) -> Iterator[tuple[Loc, str]]:
        for q, question in enumerate(self.questions):
            slugs: dict[str, int] = {}
            for a, answer in enumerate(question.answers):
                slug = slugify(answer.label, ANSWER_SLUG_LIMIT)
                if slug in slugs:
                    yield (
                        ("questions", q, "answers", a, "label"),
                        f'reads like answers[{slugs[slug]}] ("{question.answers[slugs[slug]].label}"); '
                        "give each answer its own words",
                    )
                slugs.setdefault(slug, a)
        if not self.questions or any(name not in names for q in self.questions for a in q.answers for name in a.cases):
            return
        reached: set[str] = set()
        stuck: dict[tuple[int, int], tuple[str, set[str]]] = {}
        paths: list[tuple[int, set[str], str]] = [(0, set(names), "")]
        while paths:  # each answer, in the order asked; a question is asked while more than one case is left
            number, left, said = paths.pop()
            if number == len(self.questions) or len(left) <= 1:
                reached |= left
                continue
            for a, answer in enumerate(self.questions[number].answers):
                fit = left.intersection(answer.cases)
                if fit:
                    paths.append((number + 1, fit, f'"{answer.label}"'))
                else:
                    stuck.setdefault((number, a), (said, left))
        for (number, a), (said, left) in sorted(stuck.items()):
            cases = "; ".join(name for name in names if name in left)
            yield (
                ("questions", number, "answers", a, "cases"),
                f"after the answer {said}, the cases left are: {cases}; this answer fits none of them; "
                "add the one it leads to",
            )
        for name in names:
            if name not in reached:
                place = next(i for i, group in enumerate(self.documents) if group.case == name)
                yield (
                    ("questions",),
                    f'no answer leads to the case "{name}" (documents[{place}]); add it to an answer\'s cases',
                )

    def withdrawn(self, today: date) -> bool:
        """Whether the procedure is abolished or replaced on *today* (its page stays, with a notice)."""
        return self.ends and self.status_date is not None and self.status_date <= today

    def is_published(self, today: date) -> bool:
        """Whether the procedure is in force on *today*."""
        if self.effective_from and today < self.effective_from:
            return False
        return not (self.effective_until and today > self.effective_until)


FieldType = Literal["text", "textarea", "date", "digits", "choice", "checkbox", "table", "section", "signature"]


MAX_TABLE_COLUMNS = 8
MAX_TABLE_ROWS = 30
MAX_CELL_DIGITS = 20
"""Most boxes a digits column of a table holds (a cell is a fraction of the line)."""
MAX_COLUMN_WIDTH = 60

ColumnType = Literal["text", "number", "date", "digits", "choice"]


class TableColumn(Record):
    """(extension) One column of a table to fill in: its heading and what goes in it.

    A heading alone (``- Họ, chữ đệm và tên``) is short for ``{label: ...}``, a column of text.
    """

    label: Text = Field(title="Tên cột", description="the column's heading, as printed")
    type: ColumnType = Field(
        "text",
        title="Loại cột",
        description="text (default); number: the row's number (1, 2, 3…), printed by itself; "
        "date: a day as dd/mm/yyyy; digits: a number of a fixed length, such as a personal "
        "identification number; choice: one of options, as tick boxes",
    )
    options: tuple[Text, ...] | None = Field(
        None, title="Lựa chọn", description="for choice: the options, printed as tick boxes (Nam, Nữ)"
    )
    length: Count | None = Field(None, title="Số chữ số", description="for digits: how many (12 for số định danh)")
    width: Count | None = Field(
        None,
        title="Độ rộng",
        description="for text: how many characters an answer usually has (25 for a full name); "
        "default: the heading's length, at least 8",
    )

    @model_validator(mode="before")
    @classmethod
    def _mapping(cls, value: Any) -> Any:
        if isinstance(value, str):  # the plain heading of version 1
            return {"label": value}
        if not isinstance(value, dict):
            raise _error(
                "mapping",
                "expected a heading or keys and values (label: ..., type: ...), got {got}",
                got=describe(value),
            )
        return value

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.type == "choice" and (not self.options or len(self.options) < 2):
            yield ("options",), "a choice column lists at least two options, e.g. [Nam, Nữ]"
        if self.options is not None and self.type != "choice":
            yield ("options",), "only a choice column has options; add type: choice or remove options"
        if self.length is not None and self.type != "digits":
            yield ("length",), "only a digits column has length; add type: digits or remove length"
        if self.length is not None and not 1 <= self.length <= MAX_CELL_DIGITS:
            yield ("length",), f"must be between 1 and {MAX_CELL_DIGITS}"
        if self.width is not None and self.type != "text":
            yield ("width",), f"only a text column has width; a {self.type} column is as wide as what goes in it"
        if self.width is not None and not 2 <= self.width <= MAX_COLUMN_WIDTH:
            yield ("width",), f"must be between 2 and {MAX_COLUMN_WIDTH} (characters)"


def _columns_schema(schema: dict[str, Any]) -> None:
    """A column is a heading or a mapping: the JSON Schema accepts both, as the loader does."""
    for kind in schema.get("anyOf", [schema]):
        if kind.get("type") == "array":
            kind["items"] = {"anyOf": [{"type": "string", "minLength": 1}, kind["items"]]}


class FormField(Record):
    """One item of a form template."""

    type: FieldType = Field(
        title="Loại", description="text, textarea, date, digits, choice, checkbox, table, section, signature"
    )
    id: FieldId | None = Field(None, title="Mã", description="lowercase ASCII identifier, unique in the form")
    label: Text = Field(title="Nhãn", description="what the printed form says")
    required: Flag = Field(False, title="Bắt buộc", description="must be filled in")
    lines: Count | None = Field(None, title="Số dòng", description="printed lines, for textarea")
    length: Count | None = Field(None, title="Số ô", description="printed boxes, for digits (12 for số định danh)")
    options: tuple[Text, ...] | None = Field(None, title="Lựa chọn", description="for choice")
    columns: tuple[TableColumn, ...] | None = Field(
        None,
        title="Các cột",
        description="(extension) for table: its columns, in order; each a heading, or a heading with "
        "what goes in it (label, type, options, length, width)",
        json_schema_extra=_columns_schema,
    )
    rows: Count | None = Field(
        None, title="Số dòng trống", description="(extension) for table: blank rows to fill in (default 4)"
    )
    help: Text | None = Field(None, title="Gợi ý", description="hint shown on the web version")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.id is None and self.type not in ("section", "signature"):
            yield ("id",), f"missing; a {self.type} field needs an id such as ho_ten"
        if self.type == "choice" and not self.options:
            yield ("options",), "missing; a choice field lists its options"
        if self.options is not None and self.type != "choice":
            yield ("options",), "only a choice field has options"
        if self.lines is not None and self.type != "textarea":
            yield ("lines",), "only a textarea field has lines"
        if self.length is not None and self.type != "digits":
            yield ("length",), "only a digits field has length"
        for place, value in (("lines", self.lines), ("length", self.length)):
            if value is not None and not 1 <= value <= 100:
                yield (place,), "must be between 1 and 100"
        yield from self._table_problems()

    def _table_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.type == "table" and not self.columns:
            yield ("columns",), "missing; a table lists the headings of its columns, e.g. [Họ và tên, Ngày sinh]"
        if self.columns is not None and self.type != "table":
            yield ("columns",), "only a table field has columns"
        if self.columns is not None and len(self.columns) > MAX_TABLE_COLUMNS:
            yield ("columns",), f"a printed table holds at most {MAX_TABLE_COLUMNS} columns on A4"
        if self.rows is not None and self.type != "table":
            yield ("rows",), "only a table field has rows"
        if self.rows is not None and not 1 <= self.rows <= MAX_TABLE_ROWS:
            yield ("rows",), f"must be between 1 and {MAX_TABLE_ROWS}"
        numbers = [index for index, column in enumerate(self.columns or ()) if column.type == "number"]
        for index in numbers[1:]:
            yield ("columns", index, "type"), f"the row's number is already columns[{numbers[0]}]; one is enough"


_FILE_LIKE = re.compile(r"\.[A-Za-z]+\Z")
"""A form id ending like a file name (``index.html``): its folder would stand where a file does."""


class Form(Record):
    """Mẫu đơn, tờ khai: one form template (``forms/<ID>.yaml``)."""

    id: FormId = Field(title="Ký hiệu", description="the form's official symbol; must match the file name")
    title: Text = Field(title="Tên mẫu", description="the form's name")
    source: Text | None = Field(None, title="Văn bản ban hành", description="legal document that issues the template")
    file: Text | None = Field(
        None, title="Tệp chính thức", description="file next to the YAML: .docx, .doc, .odt, .pdf or .xlsx"
    )
    fields: tuple[FormField, ...] | None = Field(None, title="Các mục", description="the form's items, in order")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.file is None and not self.fields:
            yield (), "give file (the official file) or fields (the form's items), or both"
        if self.file is not None and not self.file.lower().endswith(FORM_FILE_TYPES):
            yield ("file",), "must be a " + ", ".join(FORM_FILE_TYPES) + " file"
        if self.id.lower() == "index":
            yield ("id",), '"index" names the page of every folder of the site; choose another symbol'
        elif extension := _FILE_LIKE.search(self.id):
            ending = extension.group()
            yield (
                ("id",),
                f'"{self.id}" ends like a file name ({ending}); a form\'s symbol names a folder: drop {ending}',
            )
        seen: dict[str, int] = {}
        for index, item in enumerate(self.fields or ()):
            if item.id is not None and item.id in seen:
                yield ("fields", index, "id"), f'"{item.id}" is already the id of fields[{seen[item.id]}]'
            if item.id is not None:
                seen.setdefault(item.id, index)
