"""The three-way merge of a re-import: national changes come in, local edits are never lost (a property test).

Random records get random local edits and random national changes, on the same
values or on others; whatever they are, every value an editor changed keeps the
editor's text, every value only the national side changed takes the national
text, and importing the same national text again changes nothing. Examples come
from the Hypothesis profile of ``tests/conftest.py``.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generator.national.merge import IDENTITY, MISSING, Conflict, get, merge, path_data, path_from_data

WORDS = st.sampled_from(["Lệ phí", "Phí thẩm định", "20000", "15000", "Nộp tại Công an cấp xã", "Miễn phí", "7"])
METHODS = ["online", "in_person", "post"]
FEE_NAMES = ["Lệ phí đăng ký cư trú", "Phí, lệ phí (1)", "Phí, lệ phí (2)"]
NUMBERS = ["68/2020/QH14", "154/2024/NĐ-CP", "55/2021/TT-BCA"]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A record with the shapes the merge cares about: text, lists of text, named parts inside named parts."""
    channels = []
    for method in draw(st.lists(st.sampled_from(METHODS), min_size=1, max_size=3, unique=True)):
        names = draw(st.lists(st.sampled_from(FEE_NAMES), max_size=2, unique=True))
        fees = [{"name": name, "amount": draw(WORDS)} for name in names]
        channel: dict[str, Any] = {"method": method, "time": {"value": draw(WORDS), "unit": "working_days"}}
        if fees:
            channel["fees"] = fees
        channels.append(channel)
    record: dict[str, Any] = {
        "title": draw(WORDS),
        "decision": draw(WORDS),
        "steps": draw(st.lists(WORDS, min_size=1, max_size=3)),
        "channels": channels,
        "legal_basis": [
            {"number": number, "title": draw(WORDS)}
            for number in draw(st.lists(st.sampled_from(NUMBERS), min_size=1, unique=True))
        ],
    }
    if draw(st.booleans()):
        record["summary"] = draw(WORDS)
    return record


def leaves(value: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """Every value that is not a mapping or a list of named parts, by its path (parts named by identity)."""
    if isinstance(value, dict):
        found: dict[tuple[Any, ...], Any] = {}
        for key, item in value.items():
            found |= leaves(item, (*path, key))
        return found
    identity = IDENTITY.get(str(path[-1])) if path else None
    if identity and isinstance(value, list):
        found = {}
        for item in value:
            found |= leaves(item, (*path, (identity, str(item.get(identity)))))
        return found
    return {path: value}


@st.composite
def edited(draw: st.DrawFn, record: dict[str, Any]) -> dict[str, Any]:
    """*record* after a few random edits: values changed, keys removed, parts added and removed."""
    result = copy.deepcopy(record)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "remove", "steps", "fee", "add_fee", "drop_fee", "channel", "legal"]))
        channels = result.get("channels", [])
        if kind == "text":
            result[draw(st.sampled_from(["title", "decision", "summary"]))] = draw(WORDS)
        elif kind == "remove":
            result.pop(draw(st.sampled_from(["decision", "summary", "channels"])), None)
        elif kind == "steps":
            result["steps"] = draw(st.lists(WORDS, min_size=1, max_size=3))
        elif kind == "fee" and channels:
            channel = draw(st.sampled_from(channels))
            if channel.get("fees"):
                draw(st.sampled_from(channel["fees"]))[draw(st.sampled_from(["amount", "note"]))] = draw(WORDS)
            else:
                channel["time"]["value"] = draw(WORDS)
        elif kind == "add_fee" and channels:
            channel = draw(st.sampled_from(channels))
            names = {fee["name"] for fee in channel.get("fees", [])}
            free = [name for name in FEE_NAMES if name not in names]
            if free:
                channel.setdefault("fees", []).append({"name": draw(st.sampled_from(free)), "amount": draw(WORDS)})
        elif kind == "drop_fee" and channels:
            channel = draw(st.sampled_from(channels))
            if channel.get("fees"):
                channel["fees"].pop(draw(st.integers(0, len(channel["fees"]) - 1)))
        elif kind == "channel":
            used = {channel["method"] for channel in channels}
            free = [method for method in METHODS if method not in used]
            if free and "channels" in result:
                time = {"value": draw(WORDS), "unit": "days"}
                channels.insert(
                    draw(st.integers(0, len(channels))), {"method": draw(st.sampled_from(free)), "time": time}
                )
            elif len(channels) > 1:
                channels.pop(draw(st.integers(0, len(channels) - 1)))
        elif kind == "legal":
            legal = result["legal_basis"]
            numbers = {doc["number"] for doc in legal}
            free = [number for number in NUMBERS if number not in numbers]
            add = draw(st.booleans())
            if free and add:
                legal.append({"number": draw(st.sampled_from(free)), "title": draw(WORDS)})
            else:
                draw(st.sampled_from(legal))["title"] = draw(WORDS)
    return result


@st.composite
def three(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = draw(records())
    return base, draw(edited(base)), draw(edited(base))


@given(three())
def test_local_edits_are_never_lost_and_national_changes_come_in(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, local, national = versions
    merged, conflicts = merge(base, local, national)
    old, mine, theirs, result = leaves(base), leaves(local), leaves(national), leaves(merged)
    kept = [conflict.path for conflict in conflicts]
    for path in {*old, *mine, *theirs}:
        before, edited_locally = old.get(path, MISSING), mine.get(path, MISSING)
        if edited_locally != before or any(path[: len(where)] == where for where in kept):
            # a local edit is never lost; where both sides changed a part, the editor's part stands whole
            assert result.get(path, MISSING) == edited_locally, path
        elif theirs.get(path, MISSING) != before:
            assert result.get(path, MISSING) == theirs.get(path, MISSING), path  # a national change comes in
        else:
            assert result.get(path, MISSING) == before, path
    for conflict in conflicts:  # a conflict is a value both sides changed, differently; the local one stays
        assert conflict.local != conflict.national
        assert conflict.base not in (conflict.local, conflict.national)
        assert get(merged, conflict.path) == conflict.local


@given(three())
def test_importing_the_same_national_text_again_changes_nothing(
    versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]],
) -> None:
    base, local, national = versions
    merged, _ = merge(base, local, national)
    assert merge(national, merged, national) == (merged, [])


@given(three())
def test_one_side_unchanged_takes_the_other(versions: tuple[dict[str, Any], dict[str, Any], dict[str, Any]]) -> None:
    base, local, national = versions
    assert merge(base, base, national) == (national, [])
    assert merge(base, local, base) == (local, [])
    assert merge(base, local, local) == (local, [])


def test_a_new_national_fee_and_a_local_note_on_another_both_survive() -> None:
    base = {"channels": [{"method": "online", "fees": [{"name": "Lệ phí", "amount": "10000"}]}]}
    local = {
        "channels": [{"method": "online", "fees": [{"name": "Lệ phí", "amount": "10000", "note": "Miễn cho trẻ em."}]}]
    }
    national = {
        "channels": [
            {
                "method": "online",
                "fees": [{"name": "Lệ phí", "amount": "10000"}, {"name": "Phí thẩm định", "amount": "5000"}],
            }
        ]
    }
    merged, conflicts = merge(base, local, national)
    assert conflicts == []
    assert merged["channels"][0]["fees"] == [
        {"name": "Lệ phí", "amount": "10000", "note": "Miễn cho trẻ em."},
        {"name": "Phí thẩm định", "amount": "5000"},
    ]


def test_both_sides_changing_one_amount_is_a_conflict_named_by_its_parts() -> None:
    base = {"channels": [{"method": "online", "fees": [{"name": "Lệ phí", "amount": "15000"}]}]}
    local = {"channels": [{"method": "online", "fees": [{"name": "Lệ phí", "amount": "12000"}]}]}
    national = {"channels": [{"method": "online", "fees": [{"name": "Lệ phí", "amount": "20000"}]}]}
    merged, conflicts = merge(base, local, national)
    assert merged == local
    path = ("channels", ("method", "online"), "fees", ("name", "Lệ phí"), "amount")
    assert conflicts == [Conflict(path, ("channels", 0, "fees", 0, "amount"), "15000", "12000", "20000")]
    assert path_from_data(path_data(path)) == path
