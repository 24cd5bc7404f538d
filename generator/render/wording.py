"""How the site words money, time limits, counts and sizes, from the texts file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup, escape

from generator.model.records import (
    Channel,
    Document,
    Fee,
    FormField,
    InPerson,
    LegalDocument,
    Procedure,
    TimeLimit,
    title_kind,
)
from generator.model.texts import Texts
from generator.text import markdown
from generator.text.vietnamese import format_number, group_digits

GLANCE_TEXT = 48
"""Longest time limit in words that lists show whole; a longer one is never cut, lists say where to read it."""


@dataclass
class FeeRow:
    """One line of "who pays what": a fee, and its amount for each way of submitting (None: not charged)."""

    name: str
    amounts: list[str | None]
    cases: list[int] = field(default_factory=list)
    """The cases (1-based, as the documents count them) this fee applies to; empty: every case."""


@dataclass
class FeeTable:
    """The fees of a procedure as a small table: one row per fee, one column per way of submitting."""

    columns: list[str]
    rows: list[FeeRow]
    notes: list[tuple[str, Markup]] = field(default_factory=list)
    """(fee name, who pays it or is exempt), each said once."""
    texts: list[tuple[str, Markup]] = field(default_factory=list)
    """(way of submitting, the fees in words) where the amounts are not fixed."""
    same: bool = False
    """Every way of submitting costs the same: one column of amounts."""


class Wording:
    """Formats values of the model as sentences of the site's language."""

    def __init__(self, texts: Texts) -> None:
        self.t = texts

    def money(self, amount: int) -> str:
        if amount == 0:
            return str(self.t.money.free)
        return str(self.t.money.amount).format(amount=group_digits(amount))

    def duration(self, time: TimeLimit) -> str:
        if time.text is not None:
            return time.text
        assert time.value is not None and time.unit is not None
        return f"{format_number(time.value)} {self.t.units[time.unit]}"

    def fee_amount(self, fee: Fee) -> str:
        """``20.000 đồng``, or ``5.000 đồng mỗi Phiếu`` for a fee charged per item."""
        if fee.per:
            return str(self.t.money.per).format(amount=group_digits(fee.amount), per=fee.per)
        return self.money(fee.amount)

    def channel_fee(self, channel: Channel) -> str:
        """What one way of submitting costs, in a few words: never a range that mixes a fee with a per-item price."""
        main = [fee.amount for fee in channel.fees if not fee.per]
        if main:
            return self._range(main)
        if channel.fees:
            return self.fee_amount(channel.fees[0])
        if channel.fees_text == self.t.chooser.fee_unstated:  # a case none of the channel's fees is for
            return str(self.t.chooser.fee_unstated_short)
        return str(self.t.money.varies if channel.fees_text else self.t.money.free)

    def fee_fact(self, procedure: Procedure) -> str:
        """The fee for the key facts: one amount, or each way of submitting's ("… khi nộp trực tiếp; …")."""
        return self._by_method(procedure, self.channel_fee)

    def time_fact(self, procedure: Procedure) -> str:
        """The time limit for the key facts, in full, per way of submitting when they differ."""
        return self._by_method(procedure, lambda channel: self.duration(channel.time))

    def _by_method(self, procedure: Procedure, value: Callable[[Channel], str]) -> str:
        grouped: dict[str, list[str]] = {}
        for channel in procedure.channels:
            grouped.setdefault(value(channel), []).append(channel.method)
        if len(grouped) == 1:
            return next(iter(grouped))
        parts = []
        for text, methods in grouped.items():
            when = " / ".join(self.t.methods[m + "_when"] for m in dict.fromkeys(methods))
            parts.append(f"{text} {when}")
        return "; ".join(parts)

    def fee_table(self, procedure: Procedure) -> FeeTable | None:
        """ "Who pays what": one row per fee, its amount for each way of submitting; None when all is free."""
        channels = list(procedure.channels)
        if not any(channel.fees or channel.fees_text for channel in channels):
            return None
        signatures = {tuple((f.name, f.amount, f.per) for f in channel.fees) for channel in channels}
        same = len(signatures) == 1 and len({channel.fees_text for channel in channels}) == 1
        shown = channels[:1] if same else channels
        names = list(dict.fromkeys(fee.name for channel in shown for fee in channel.fees))
        rows = []
        for name in names:
            amounts = []
            for channel in shown:
                fee = next((f for f in channel.fees if f.name == name), None)
                amounts.append(self.fee_amount(fee) if fee else None)
            named = [f.cases for c in shown for f in c.fees if f.name == name]
            cases = (
                []
                if any(not names for names in named)
                else sorted({i for i, g in enumerate(procedure.documents, 1) for names in named if g.case in names})
            )
            rows.append(FeeRow(name, amounts, cases))
        columns = [self.t.procedure.fees_amount] if same else [self.t.methods[c.method] for c in shown]
        notes: dict[str, tuple[str, Markup]] = {}
        for channel in shown:
            for fee in channel.fees:
                if fee.note:
                    notes.setdefault(fee.note, (fee.name, markdown.render(fee.note, self.t.site.external)))
        texts = [
            (self.t.methods[c.method], markdown.render(c.fees_text, self.t.site.external)) for c in shown if c.fees_text
        ]
        return FeeTable(columns, rows, list(notes.values()), texts, same)

    def fees_text(self, channel: Channel) -> Markup:
        """``Lệ phí: 20.000 đồng; Phí: 5.000 đồng``, the fees in words, or "Miễn phí"."""
        fees = list(channel.fees)
        parts = [escape(f"{fee.name}: {self.fee_amount(fee)}") for fee in fees]
        if len(fees) == 1 and not channel.fees_text:
            parts = [escape(self.fee_amount(fees[0]))]
        if channel.fees_text:
            parts.append(markdown.render(channel.fees_text, self.t.site.external))
        return Markup("; ").join(parts) if parts else Markup(escape(self.t.money.free))

    def glance_time(self, procedure: Procedure) -> str:
        """The time limit in a few words, for lists: each distinct value with its unit, never cut mid-sentence."""
        seen: list[str] = []
        for channel in procedure.channels:
            text = self.duration(channel.time)
            if len(text) > GLANCE_TEXT:
                text = str(self.t.procedure.time_unknown)
            if text not in seen:
                seen.append(text)
        return " / ".join(seen)

    def glance_fee(self, procedure: Procedure) -> str:
        """The range of fees over every channel, for lists; a price per item is never mixed into it."""
        channels = procedure.channels
        if any(channel.fees_text and not channel.fees for channel in channels):
            return str(self.t.money.varies)
        amounts = [fee.amount for channel in channels for fee in channel.fees if not fee.per]
        if any(not channel.fees for channel in channels):
            amounts.append(0)
        if not amounts:  # every fee is per item: the lowest one, with what it is charged for
            return self.fee_amount(min((f for c in channels for f in c.fees), key=lambda f: f.amount))
        return self._range(amounts)

    def _range(self, amounts: list[int]) -> str:
        low, high = min(amounts), max(amounts)
        if high in (0, low):
            return self.money(high)
        return str(self.t.money.range).format(low=group_digits(low), high=group_digits(high))

    # -- what the record says about coming in person, and the sentences that must agree with it --

    def in_person_reason(self, visit: InPerson) -> str:
        """What the applicant comes for, as words that follow "để": the record's note, else its kind's words;
        with the case it applies in, when it does not always."""
        reason = visit.note or self.t.in_person[visit.what]
        return f"{reason} ({visit.when})" if visit.when else reason

    def in_person_items(self, procedure: Procedure) -> list[str]:
        """Each thing to come in person for, as a line of the key facts: "Thu nhận ảnh khuôn mặt, …"."""
        return [(reason := self.in_person_reason(v))[:1].upper() + reason[1:] for v in procedure.in_person]

    def in_person_text(self, procedure: Procedure) -> str:
        """The same as one sentence, for print: "Thu nhận ảnh khuôn mặt, …; kiểm tra và ký …"."""
        text = "; ".join(self.in_person_reason(v) for v in procedure.in_person)
        return f"{text[:1].upper()}{text[1:]}." if text else ""

    def in_person_heading(self, procedure: Procedure) -> str:
        """ "Phải đến trực tiếp", or "Có thể phải đến trực tiếp" when every visit is only in some case."""
        return str(self.t.in_person.heading if procedure.must_visit else self.t.in_person.heading_some)

    def visit_sentence(self, procedure: Procedure) -> str | None:
        """Said by the online button: submitting online does not save the trip (None when it does)."""
        if not procedure.must_visit or procedure.online == "none":
            return None
        reasons = "; ".join(self.in_person_reason(v) for v in procedure.in_person if v.when is None)
        return self.t.in_person.visit.format(reasons=reasons)

    def online_explain(self, procedure: Procedure, *, has_forms: bool = False, printed: bool = False) -> str:
        """What the online service level means for this procedure, in words that agree with its record: never
        "không phải đến cơ quan" beside a way of submitting in person, or a visit the record requires."""
        o = self.t.online
        if procedure.online == "none":
            if printed:  # the guide lists the documents after this sentence, not above it
                return o.none_explain_print.format(checklist=self.t.print.checklist)
            return o.none_explain_forms if has_forms else o.none_explain
        if procedure.online == "partial":
            return o.partial_explain
        if procedure.in_person:  # full, with a visit in some cases only (a visit always is refused)
            return o.full_explain_unless
        if any(channel.method != "online" for channel in procedure.channels):
            return o.full_explain_choice
        return o.full_explain

    def documents_lead(self, procedure: Procedure) -> str:
        """The sentence over the documents: never "Chuẩn bị đủ các giấy tờ sau" over papers none of which is
        required."""
        t = self.t.procedure
        if len(procedure.documents) > 1:
            return t.documents_cases
        return t.documents_optional if procedure.nothing_required else t.documents_lead

    def counts(self, document: Document) -> str:
        parts = []
        if document.originals:
            parts.append(self.t.procedure.originals.format(n=document.originals))
        if document.copies:
            parts.append(self.t.procedure.copies.format(n=document.copies))
        return ", ".join(parts)

    def field_detail(self, item: FormField) -> str:
        """What a form item asks for, in a few words: "bắt buộc, 12 chữ số"."""
        parts = []
        if item.required:
            parts.append(self.t.form.required)
        if item.type == "digits" and item.length:
            parts.append(self.t.form.digits.format(n=item.length))
        if item.type == "choice" and item.options:
            parts.append(self.t.form.choices.format(options=", ".join(item.options)))
        return ", ".join(parts)

    def legal_citation(self, doc: LegalDocument) -> str:
        """A legal basis cited by its kind: "Luật Cư trú số 68/2020/QH14", "Nghị định số 154/2024/NĐ-CP quy định …".

        The kind is the title's first words when they name one, else the number's symbol
        (QH: Luật, NĐ-CP: Nghị định, TT-…: Thông tư, QĐ-…: Quyết định).
        """
        kind = doc.kind
        if kind is None:
            return self.t.procedure.legal_item.format(title=doc.title, number=doc.number)
        given = title_kind(doc.title)
        word, rest = (given[0], doc.title[len(given[0]) :].strip()) if given else (self.t.legal_kinds[kind], doc.title)
        if kind in _NAMED_ACTS:  # Luật Cư trú số 68/2020/QH14
            return self.t.procedure.legal_item.format(title=f"{word} {rest}".strip(), number=doc.number)
        return self.t.procedure.legal_numbered.format(kind=word, number=doc.number, rest=rest).strip()

    def file_size(self, size: int) -> str:
        if size < 1024 * 1024:
            return str(self.t.sizes.kb).format(n=max(1, round(size / 1024)))
        return str(self.t.sizes.mb).format(n=format_number(Decimal(f"{size / 1024 / 1024:.1f}")))


_NAMED_ACTS = ("constitution", "code", "law", "ordinance")
"""Kinds cited by their name before the number ("Luật Cư trú số …"); the others by kind, number, then subject."""
