"""Turn a parsed YAML source into a typed record, or into problems an editor can fix."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.load.yamlsource import Source
from generator.model.records import Record
from generator.model.scalars import Loc, describe
from generator.problems import Problem
from generator.text.vietnamese import fold_diacritics

R = TypeVar("R", bound=Record)


def validate(cls: type[R], source: Source) -> tuple[R | None, list[Problem]]:
    """Build *cls* from *source*; return the record, or ``None`` and every problem."""
    try:
        record = cls.model_validate(source.data)
    except ValidationError as error:
        details = error.errors(include_url=False)
        # A list whose items failed is also reported "too short"; the item errors say it better.
        failed = {tuple(d["loc"]) for d in details if d["type"] != "too_short"}
        details = [d for d in details if d["type"] != "too_short" or not _has_inner(tuple(d["loc"]), failed)]
        return None, [_problem(cls, source, detail) for detail in details]
    problems = [source.problem(loc, message) for loc, message in rule_problems(record)]
    return (None if problems else record), problems


def _has_inner(loc: Loc, failed: set[Loc]) -> bool:
    return any(f[: len(loc)] == loc and len(f) > len(loc) for f in failed)


def rule_problems(record: Record, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """The cross-key rules of *record* and of every part inside it."""
    for sub_loc, message in record.rule_problems():
        yield (*loc, *sub_loc), message
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, Record):
            yield from rule_problems(value, (*loc, name))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, Record):
                    yield from rule_problems(item, (*loc, name, index))


def _problem(cls: type[Record], source: Source, detail: ErrorDetails) -> Problem:
    loc: Loc = tuple(detail["loc"])
    kind = detail["type"]
    given = detail.get("input")
    if kind == "extra_forbidden":
        return source.problem(loc, _unknown_key(cls, loc), key=True)
    if kind == "missing":
        return source.problem(loc, f"missing; {_how_to_write(cls, loc)}")
    if kind in ("tuple_type", "list_type"):
        message = "is empty; list at least one item" if given is None else f"expected a list, got {describe(given)}"
        if isinstance(given, str):
            message += f"; write [{given}] or put each item on its own line starting with '- '"
        return source.problem(loc, message)
    if kind == "too_short":
        wanted, given_length = detail.get("ctx", {}).get("min_length", 1), detail.get("ctx", {}).get("actual_length")
        if isinstance(given, list | tuple):  # items that failed their own checks are not counted by pydantic
            given_length = len(given)
        if given_length and wanted > 1:  # steps of a journey, choices of a step: "one" would be wrong here
            return source.problem(loc, f"has {given_length}; list at least {wanted}")
        return source.problem(loc, "is empty; list at least " + ("one item" if wanted == 1 else str(wanted)))
    if kind == "too_long":
        most, given_length = detail.get("ctx", {}).get("max_length"), detail.get("ctx", {}).get("actual_length")
        return source.problem(loc, f"has {given_length}; list at most {most}")
    if kind == "literal_error":
        return source.problem(loc, _not_a_choice(detail))
    if kind == "string_type":
        return source.problem(loc, f"expected text, got {describe(given)}")
    return source.problem(loc, detail["msg"])


def _model_at(cls: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The record class that holds the key at *loc* (the last item of *loc*)."""
    current: type[BaseModel] | None = cls
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = _inner_model(field.annotation) if field else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (tuple, list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None


def _unknown_key(cls: type[Record], loc: Loc) -> str:
    holder = _model_at(cls, loc)
    key = str(loc[-1])
    known = list(holder.model_fields) if holder else []
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f'unknown key "{key}"; did you mean "{close[0]}"?'
    if not key.isascii() or " " in key:
        return f'unknown key "{key}"; if it is the end of a text cut at a comma, put the whole text in quotes'
    return f'unknown key "{key}"; known keys here: ' + ", ".join(known)


def _how_to_write(cls: type[Record], loc: Loc) -> str:
    holder = _model_at(cls, loc)
    field = holder.model_fields.get(str(loc[-1])) if holder else None
    if field and field.title:
        return f'add "{loc[-1]}:" ({field.title}: {field.description})'
    return f'add "{loc[-1]}:"'


def _not_a_choice(detail: ErrorDetails) -> str:
    expected = [
        str(v).strip("'") for v in str(detail.get("ctx", {}).get("expected", "")).replace(" or ", ", ").split(", ")
    ]
    given = detail.get("input")
    message = f"expected one of {', '.join(expected)}; got {describe(given)}"
    if isinstance(given, str):
        folded = fold_diacritics(given).replace("_", " ").strip()
        close = [_VIETNAMESE_WORDS[folded]] if _VIETNAMESE_WORDS.get(folded) in expected else []
        close = close or difflib.get_close_matches(given.lower().replace(" ", "_"), expected, n=1, cutoff=0.5)
        if close:
            message += f'; did you mean "{close[0]}"?'
    return message


# What editors write in Vietnamese for the format's English choices.
_VIETNAMESE_WORDS = {
    "truc tuyen": "online",
    "truc tiep": "in_person",
    "buu chinh": "post",
    "buu dien": "post",
    "toan trinh": "full",
    "mot phan": "partial",
    "khong": "none",
    "ngay lam viec": "working_days",
    "ngay": "days",
    "gio": "hours",
    "thang": "months",
    "bo": "bo",
    "tinh": "tinh",
    "huyen": "huyen",
    "xa": "xa",
    "sinh trac hoc": "biometrics",
    "van tay": "biometrics",
    "chup anh": "biometrics",
    "ky ten": "signature",
    "chu ky": "signature",
    "kiem tra xe": "inspection",
    "doi chieu xe": "inspection",
    "nhan ket qua": "collect_result",
    "khac": "other",
}
