"""How the site words money, time limits, counts and sizes, from the texts file."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from generator.model.records import Channel, Document, FormField, LegalDocument, Procedure, TimeLimit, title_kind
from generator.model.texts import Texts
from generator.text import markdown
from generator.text.vietnamese import format_number, group_digits


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

    def fees_text(self, channel: Channel) -> Markup:
        """``Lệ phí: 20.000 đồng; Phí: 5.000 đồng``, the fees in words, or "Miễn phí"."""
        fees = list(channel.fees)
        parts = [escape(f"{fee.name}: {self.money(fee.amount)}") for fee in fees]
        if len(fees) == 1 and not channel.fees_text:
            parts = [escape(self.money(fees[0].amount))]
        if channel.fees_text:
            parts.append(markdown.render(channel.fees_text, self.t.site.external))
        return Markup("; ").join(parts) if parts else Markup(escape(self.t.money.free))

    def glance_time(self, procedure: Procedure) -> str:
        """The time limit in a few words, for lists: one value, or each distinct one."""
        seen: list[str] = []
        for channel in procedure.channels:
            text = _shorten(self.duration(channel.time))
            if text not in seen:
                seen.append(text)
        return " / ".join(seen)

    def glance_fee(self, procedure: Procedure) -> str:
        """The range of fees over every channel, for lists."""
        if any(channel.fees_text and not channel.fees for channel in procedure.channels):
            return str(self.t.money.varies)
        amounts = [fee.amount for channel in procedure.channels for fee in channel.fees]
        if any(not channel.fees for channel in procedure.channels):
            amounts.append(0)
        low, high = min(amounts), max(amounts)
        if high in (0, low):
            return self.money(high)
        return str(self.t.money.range).format(low=group_digits(low), high=group_digits(high))

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


def _shorten(text: str, limit: int = 48) -> str:
    """*text* cut at a word boundary to fit a one-line summary."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
