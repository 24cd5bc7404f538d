"""What changed between two versions of a record, field by field: for ``catalogue import --check``.

Parts of a list that have a name are matched by it (as in the merge), so a fee
raised from 15.000 to 20.000 đồng is one change of one amount, not a new list;
a part only one side has is added or removed, and a list that lost one part and
gained another says it was replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.national.merge import IDENTITY, MISSING, Step, label
from generator.text.vietnamese import group_digits

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
            partner = next((j for j, other in enumerate(found) if j not in used and j != index
                            and other.kind == "added" and other.path[:-1] == change.path[:-1]), None)  # fmt: skip
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
