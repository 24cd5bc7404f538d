"""The page for editors, ``national/xem-lai.md``: what the last import could not read for sure.

It lists, for every imported record, the values that need an editor's eye (a
note whose value is still the one imported), the values both the national
database and an editor changed (the editor's is kept), the procedures that could
not be imported and why, and, when an Excel list was given, the procedures it
names with no record and the records it does not name. It lives beside the
national versions, is rewritten by each import and is never published: it is
for editors, not a statement to citizens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from generator.model.texts import NationalTexts
from generator.national.cells import Note
from generator.national.merge import MISSING, Conflict, label
from generator.problems import Problem, key_path
from generator.text.vietnamese import format_date, sort_key

REVIEW_FILE = "xem-lai.md"


@dataclass
class Entry:
    """One imported record as the page lists it."""

    code: str
    title: str
    file: str
    notes: list[Note] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def page(
    texts: NationalTexts,
    entries: list[Entry],
    skipped: list[Problem],
    *,
    day: date,
    sources: list[str],
    missing: list[tuple[str, str]],
    extra: list[tuple[str, str]],
) -> str:
    """The page's Markdown."""
    reviewed = [entry for entry in entries if entry.notes]
    conflicted = [entry for entry in entries if entry.conflicts]
    lines = [f"# {texts.page_title}", "", texts.page_lead, ""]
    lines.append(texts.last_import.format(day=format_date(day), sources=", ".join(f"`{s}`" for s in sources)))
    lines.append("")
    conflicts = sum(len(entry.conflicts) for entry in conflicted)
    lines.append(texts.counts.format(review=len(reviewed), conflicts=conflicts, skipped=len(skipped)))
    if conflicted:
        lines += ["", f"## {texts.conflicts_title}", "", texts.conflicts_lead]
        for entry in sorted(conflicted, key=lambda e: sort_key(e.title)):
            lines += ["", _heading(entry)]
            for conflict in entry.conflicts:
                lines.append(f"- `{label(conflict.path)}`")
                lines.append(f"  - {texts.national_says}: {_quoted(conflict.national)}")
                lines.append(f"  - {texts.local}: {_quoted(conflict.local)}")
    if reviewed:
        lines += ["", f"## {texts.review_title}"]
        for entry in sorted(reviewed, key=lambda e: sort_key(e.title)):
            lines += ["", _heading(entry)]
            for note in entry.notes:
                reason = texts.reasons[note.reason]
                said = f" — {texts.national_says}: {_quoted(note.text)}" if note.text else ""
                lines.append(f"- `{key_path(note.path) or '.'}`: {reason}{said}")
    if skipped:
        lines += ["", f"## {texts.skipped_title}", "", texts.skipped_lead, ""]
        lines += [f"- `{problem.path}`: {problem.message}" for problem in sorted(skipped)]
    for title, rows in ((texts.checklist_missing, missing), (texts.checklist_extra, extra)):
        if rows:
            lines += ["", f"## {title}", ""]
            lines += [f"- {code} {name}".rstrip() for code, name in rows]
    return "\n".join(lines) + "\n"


def _heading(entry: Entry) -> str:
    return f"### {entry.title} ({entry.code})\n\n`{entry.file}`\n"


def _quoted(value: Any) -> str:
    if value is MISSING:
        return "(không có)"
    text = " ".join(str(value).split()) if not isinstance(value, dict | list) else _flat(value)
    text = text if len(text) <= 400 else text[:399] + "…"
    return "«" + text.replace("`", "'") + "»"


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_flat(item)}" for key, item in value.items())
    if isinstance(value, list):
        return " | ".join(_flat(item) for item in value)
    return " ".join(str(value).split())
