"""What changed between two versions of a record, field by field: for ``catalogue import --check``.

Parts of a list that have a name are matched by it (as in the merge), so a fee
raised from 15.000 to 20.000 đồng is one change of one amount, not a new list;
a part only one side has is added or removed, and a list that lost one part and
gained another says it was replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.model.records import Procedure
from generator.model.texts import Texts
from generator.national.merge import IDENTITY, MISSING, Step, get, label
from generator.text.vietnamese import format_date, group_digits

IGNORED = {"updated"}
"""Keys that say when a record was checked, not what it says."""
PART_WORDS = {
    "channels": "way of submitting",
    "fees": "fee",
    "documents": "case",
    "items": "paper",
    "legal_basis": "legal document",
}


@dataclass(frozen=True)
class Change:
    """One difference: a value changed, or a part added or removed (``old``/``new`` :data:`MISSING`)."""

    path: tuple[Step, ...]
    old: Any
    new: Any

    @property
    def kind(self) -> str:
        if self.old is MISSING:
            return "added"
        if self.new is MISSING:
            return "removed"
        return "changed"


def changes(old: Any, new: Any, path: tuple[Step, ...] = ()) -> list[Change]:
    """Every difference from *old* to *new*, in order."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in [*old, *(key for key in new if key not in old)]:
            if not path and key in IGNORED:
                continue
            found += changes(old.get(key, MISSING), new.get(key, MISSING), (*path, key))
        return found
    identity = IDENTITY.get(str(path[-1])) if path else None
    if identity and _named(old, identity) and _named(new, identity):
        return _list_changes(old, new, path, identity)
    return [Change(path, old, new)]


def _named(value: Any, identity: str) -> bool:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return False
    names = [repr(item.get(identity)) for item in value]
    return len(set(names)) == len(names)


def _list_changes(old: list[Any], new: list[Any], path: tuple[Step, ...], identity: str) -> list[Change]:
    olds = {repr(item.get(identity)): item for item in old}
    news = {repr(item.get(identity)): item for item in new}
    found = []
    for name, item in olds.items():
        step = (*path, (identity, str(item.get(identity, ""))))
        found += changes(item, news[name], step) if name in news else [Change(step, item, MISSING)]
    for name, item in news.items():
        if name not in olds:
            found.append(Change((*path, (identity, str(item.get(identity, "")))), MISSING, item))
    return found


def describe(change: Change) -> str:
    """One line for an operator: ``channels[method=online].fees[name=Lệ phí].amount: 15.000 → 20.000 đồng``."""
    where = label(change.path)
    last = change.path[-1] if change.path else ""
    if isinstance(last, tuple):
        list_name = next((str(step) for step in reversed(change.path[:-1]) if isinstance(step, str)), "")
        part = PART_WORDS.get(list_name, "part")
        value = change.new if change.kind == "added" else change.old
        return f"{label(change.path[:-1])}: {part} {change.kind}: {_short(_name(value, last[0]))}"
    if change.kind != "changed":
        value = change.new if change.kind == "added" else change.old
        return f"{where}: {change.kind} ({_short(_value(value, last))})"
    return f"{where}: {_short(_value(change.old, last))} → {_short(_value(change.new, last))}"


def _name(value: Any, identity: str) -> str:
    if isinstance(value, dict):
        name = value.get(identity) or value.get("name") or value.get("number")
        extra = value.get("title") if identity == "number" else None
        return f"{name} {extra}" if extra else str(name)
    return str(value)


def _value(value: Any, key: Any) -> str:
    if key == "amount" and isinstance(value, str) and value.isdigit():
        return f"{group_digits(int(value))} đồng"
    if isinstance(value, list):
        return "; ".join(_value(item, None) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value(v, k)}" for k, v in value.items())
    return str(value)


def _short(text: str, most: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _identity(step: Step) -> str:
    return step[0] if isinstance(step, tuple) else ""


def summary(found: list[Change]) -> list[str]:
    """Lines for an operator, with a part removed and another added in the same list said as "replaced"."""
    lines = []
    used: set[int] = set()
    for index, change in enumerate(found):
        if index in used:
            continue
        if change.kind == "removed" and isinstance(change.path[-1], tuple):
            partner = next(
                (
                    j
                    for j, other in enumerate(found)
                    if j not in used and j != index and other.kind == "added" and other.path[:-1] == change.path[:-1]
                ),
                None,
            )
            if partner is not None:
                used.add(partner)
                other = found[partner]
                list_name = next((str(s) for s in reversed(change.path[:-1]) if isinstance(s, str)), "")
                part = PART_WORDS.get(list_name, "part")
                old = _name(change.old, _identity(change.path[-1]))
                new = _name(other.new, _identity(other.path[-1]))
                lines.append(f"{label(change.path[:-1])}: {part} replaced: {_short(old, 60)} → {_short(new, 60)}")
                continue
        lines.append(describe(change))
    return lines


# --- in words citizens read ---------------------------------------------------------------------------------

MOST_LINES = 5
"""Changes named in a change note; past that the note says how many more."""


def citizen_note(found: list[Change], old: Any, new: Any, texts: Texts, since: date) -> str | None:
    """``Từ 01/12/2026: lệ phí … khi nộp trực tuyến 20.000 đồng (trước đây 15.000 đồng).``: the change note of a
    record the national changes in *found* (from record *old* to *new*) came into; ``None`` when none says
    anything to a citizen."""
    t = texts.national
    said = (_citizen_line(change, texts, (old, new)) for change in _paired(found))
    lines = list(dict.fromkeys(line for line in said if line))
    if not lines:
        return None
    if len(lines) > MOST_LINES:
        lines = [*lines[:MOST_LINES], t.change_more.format(n=len(lines) - MOST_LINES)]
    return t.change_since.format(date=format_date(since), changes="; ".join(lines))


def _paired(found: list[Change]) -> list[Change | tuple[Change, Change]]:
    """*found*, with a part removed and another added in the same list as one replacement."""
    result: list[Change | tuple[Change, Change]] = []
    used: set[int] = set()
    for index, change in enumerate(found):
        if index in used:
            continue
        if change.kind == "removed" and change.path and isinstance(change.path[-1], tuple):
            partner = next(
                (
                    j
                    for j, other in enumerate(found)
                    if j not in used and j != index and other.kind == "added" and other.path[:-1] == change.path[:-1]
                ),
                None,
            )
            if partner is not None:
                used.add(partner)
                result.append((change, found[partner]))
                continue
        result.append(change)
    return result


def _citizen_line(item: Change | tuple[Change, Change], texts: Texts, records: tuple[Any, Any]) -> str:
    t = texts.national
    if isinstance(item, tuple):
        old, new = item
        if old.path and old.path[0] == "legal_basis":
            return t.change_legal_replaced.format(new=_legal(new.new), old=_legal(old.old))
        return _citizen_line(old, texts, records) + "; " + _citizen_line(new, texts, records)
    path, kind = item.path, item.kind
    top = str(path[0]) if path else ""
    method = next((step[1] for step in path if isinstance(step, tuple) and step[0] == "method"), "")
    when = texts.methods[f"{method}_when"] if method in METHOD_KEYS else ""
    if top == "channels" and "fees" in path:
        fee = next((step[1] for step in path if isinstance(step, tuple) and step[0] == "name"), "")
        if isinstance(path[-1], tuple):  # a fee added or removed
            value = item.new if kind == "added" else item.old
            name = _lower_first(fee or str(value.get("name", "")) if isinstance(value, dict) else fee)
            if kind == "added":
                return t.change_fee_added.format(fee=name, method=when, amount=_money(value.get("amount"), texts))
            return t.change_fee_removed.format(fee=name, method=when)
        if path[-1] == "amount" and kind == "changed":
            return t.change_fee.format(
                fee=_lower_first(fee), method=when, amount=_money(item.new, texts), old=_money(item.old, texts)
            )
        return t.change_other.format(what=f"{_lower_first(fee)} {when}".strip())
    if top == "channels" and len(path) == 2 and kind != "changed":
        words = texts.methods[method] if method in METHOD_KEYS else method
        return (t.change_method_added if kind == "added" else t.change_method_removed).format(method=words.lower())
    if top == "channels" and "time" in path:
        where = path[: path.index("time") + 1]
        return t.change_time.format(
            method=when, time=_time(get(records[1], where), texts), old=_time(get(records[0], where), texts)
        )
    if top == "documents":
        value = item.new if kind == "added" else item.old
        named = value.get("name") if isinstance(value, dict) else None
        name = str(named) if named else next((s[1] for s in path if isinstance(s, tuple) and s[0] == "name"), "")
        if isinstance(path[-1], tuple) and path[-1][0] == "name":
            return (t.change_paper_added if kind == "added" else t.change_paper_removed).format(name=name)
        if name:
            return t.change_paper.format(name=name)
    if top == "legal_basis" and isinstance(path[-1], tuple):
        value = item.new if kind == "added" else item.old
        return (t.change_legal_added if kind == "added" else t.change_legal_removed).format(name=_legal(value))
    if top == "decision" and kind == "changed":
        return t.change_decision.format(new=item.new, old=item.old)
    if top in ("updated", "change_note", "code"):
        return ""
    field = Procedure.model_fields.get(top)
    return t.change_other.format(what=_lower_first(field.title or top) if field else top)


METHOD_KEYS = ("online", "in_person", "post")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) < 2 else text


def _money(value: Any, texts: Texts) -> str:
    if isinstance(value, str) and value.isdigit():
        return texts.money.amount.format(amount=group_digits(int(value)))
    return texts.money.free if value is MISSING else str(value)


def _time(value: Any, texts: Texts) -> str:
    if isinstance(value, dict):
        if "text" in value:
            return str(value["text"])
        unit = value.get("unit")
        words = texts.units[unit] if unit in ("working_days", "days", "hours", "months") else ""
        return f"{value.get('value', '')} {words}".strip()
    return str(value)


def _legal(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(str(part) for part in (value.get("number"), value.get("title")) if part)
    return str(value)
