"""National changes merged into records editors have edited: a three-way merge, field by field.

Three versions of a record meet on re-import: the national version imported last
time (the *base*, kept in ``national/<code>.yaml``), the record file as editors
left it (*local*), and the national version now (*national*). Like ``git merge``
or Copier's updates, for each value:

- the same in local and national: kept;
- changed only nationally: the national value comes in;
- changed only locally: the local value stays;
- changed on both sides differently: a :class:`Conflict`; the local value stays
  until an editor decides.

Mappings merge key by key; lists of parts that have a name merge part by part
(ways of submitting by ``method``, fees and papers by ``name``, cases by
``case``, legal documents by ``number``), so a new national fee and a local note
on another fee both survive. Other lists (steps, results…) are one value each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

IDENTITY = {"channels": "method", "fees": "name", "documents": "case", "items": "name", "legal_basis": "number"}
"""Lists whose parts merge one by one, and the key that names a part."""
Step = str | int | tuple[str, str]
"""One step of a path: a key, a position, or a part named by its identity (``("method", "online")``)."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""A value that is not there (a key absent from a mapping, a part absent from a list)."""


@dataclass(frozen=True)
class Conflict:
    """A value both the editors and the national database changed, differently; the local one is kept."""

    path: tuple[Step, ...]
    """Where, with parts named by identity: stable across imports."""
    at: tuple[str | int, ...] | None
    """Where in the merged record (positions), or ``None`` when the value is not in it."""
    base: Any
    local: Any
    national: Any


def merge(base: Any, local: Any, national: Any) -> tuple[Any, list[Conflict]]:
    """The merged value of *local* and *national*, which both started from *base*, and the conflicts."""
    conflicts: list[Conflict] = []
    merged = _merge(base, local, national, _Where((), (), conflicts))
    return merged, conflicts


@dataclass(frozen=True)
class _Where:
    path: tuple[Step, ...]
    at: tuple[str | int, ...]
    conflicts: list[Conflict]

    def into(self, step: Step, at: str | int) -> _Where:
        return _Where((*self.path, step), (*self.at, at), self.conflicts)

    def conflict(self, base: Any, local: Any, national: Any, *, placed: bool = True) -> None:
        self.conflicts.append(Conflict(self.path, self.at if placed else None, base, local, national))


def _merge(base: Any, local: Any, national: Any, where: _Where) -> Any:
    if local == national:
        return local
    if base == local:
        return national
    if base == national:
        return local
    if isinstance(local, dict) and isinstance(national, dict):
        return _merge_dict(base if isinstance(base, dict) else {}, local, national, where)
    identity = IDENTITY.get(str(where.path[-1])) if where.path else None
    if identity and all(_named(side, identity) for side in (local, national, base if base is not MISSING else [])):
        return _merge_list(base if isinstance(base, list) else [], local, national, where, identity)
    where.conflict(base, local, national)
    return local


def _merge_dict(base: dict[str, Any], local: dict[str, Any], national: dict[str, Any], where: _Where) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in [*local, *(key for key in national if key not in local)]:
        value = _merge(
            base.get(key, MISSING), local.get(key, MISSING), national.get(key, MISSING), where.into(key, key)
        )
        if value is not MISSING:
            merged[key] = value
    return merged


def _named(value: Any, identity: str) -> bool:
    """A list whose parts can be told apart by *identity* (each a mapping, no two with the same one)."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        return False
    names = [item.get(identity) for item in value]
    return len(set(map(repr, names))) == len(names)


def _merge_list(base: list[Any], local: list[Any], national: list[Any], where: _Where, identity: str) -> list[Any]:
    def key(item: dict[str, Any]) -> str:
        return repr(item.get(identity))

    bases = {key(item): item for item in base}
    nationals = {key(item): item for item in national}
    locals_ = {key(item): item for item in local}
    merged: list[Any] = []
    for item in local:
        name = key(item)
        inside = where.into((identity, str(item.get(identity, ""))), len(merged))
        if name in nationals:
            merged.append(_merge(bases.get(name, MISSING), item, nationals[name], inside))
        elif name in bases and item != bases[name]:
            inside.conflict(bases[name], item, MISSING)
            merged.append(item)
        elif name not in bases:
            merged.append(item)  # added locally
        # else: removed nationally and not edited locally: removed
    for position, item in enumerate(national):
        name = key(item)
        if name in locals_:
            continue
        if name in bases:
            if item != bases[name]:
                where.into((identity, str(item.get(identity, ""))), 0).conflict(
                    bases[name], MISSING, item, placed=False
                )
            continue  # removed locally
        before = [key(other) for other in national[:position]]
        index = max((i + 1 for i, other in enumerate(merged) if key(other) in before), default=0)
        merged.insert(index, item)
    return merged


def get(data: Any, path: tuple[Step, ...]) -> Any:
    """The value at *path* in *data* (parts found by identity), or :data:`MISSING`."""
    value = data
    for step in path:
        if isinstance(step, tuple) and isinstance(value, list):
            name, wanted = step
            value = next(
                (item for item in value if isinstance(item, dict) and str(item.get(name, "")) == wanted), MISSING
            )
        elif isinstance(step, int) and isinstance(value, list):
            value = value[step] if 0 <= step < len(value) else MISSING
        elif isinstance(step, str) and isinstance(value, dict):
            value = value.get(step, MISSING)
        else:
            return MISSING
        if value is MISSING:
            return MISSING
    return value


def label(path: tuple[Step, ...]) -> str:
    """``channels[method=online].fees[name=Lệ phí].amount``: a path as editors read it."""
    text = ""
    for step in path:
        if isinstance(step, tuple):
            text += f"[{step[0]}={step[1]}]"
        elif isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


def path_data(path: tuple[Step, ...]) -> list[Any]:
    """*path* as YAML data (a part named by identity as a one-key mapping)."""
    return [{step[0]: step[1]} if isinstance(step, tuple) else str(step) for step in path]


def path_from_data(data: Any) -> tuple[Step, ...] | None:
    """The path :func:`path_data` wrote, or ``None`` when *data* is not one."""
    if not isinstance(data, list):
        return None
    path: list[Step] = []
    for step in data:
        if isinstance(step, dict) and len(step) == 1:
            name, value = next(iter(step.items()))
            path.append((str(name), str(value)))
        elif isinstance(step, str):
            path.append(int(step) if step.isdigit() else step)
        else:
            return None
    return tuple(path)
