"""National agency names mapped to the catalogue's agencies, through the one table in the settings.

The national database names agencies generically ("Công an cấp Xã", "Sở Tư
pháp", "Ủy ban Nhân dân xã, phường, thị trấn."), several in one text joined by
", " while names hold commas themselves. ``extra.catalogue.national.agencies``
maps each national name to an agency of this catalogue, once; names are compared
without regard to case, spacing or Unicode form. A record takes the first agency
the table maps (cơ quan thực hiện first, then có thẩm quyền, then được ủy
quyền); a record that names none takes ``default_agency`` for its level. The
names no entry maps are gathered into one message: each name once, how many
records use it, and the lines to add.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from generator.model.settings import National, agency_key
from generator.national.cells import Note, is_empty, one_line
from generator.national.mapping import Mapped, split_names


@dataclass
class Unmapped:
    """National agency names no entry of the table maps, with the records that use each."""

    names: dict[str, list[str]] = field(default_factory=dict)
    """Each name as first written, and the codes of the records that use it."""
    without: dict[str, list[str]] = field(default_factory=dict)
    """Records that name no agency, by level, where the settings give no default_agency for it."""

    def add(self, name: str, code: str) -> None:
        key = agency_key(name)
        written = next((known for known in self.names if agency_key(known) == key), name)
        self.names.setdefault(written, []).append(code)

    def __bool__(self) -> bool:
        return bool(self.names or self.without)

    def lines(self, agencies: list[str]) -> str:
        """What to add to mkdocs.yml, most used first; a name that is one of *agencies* already maps to it."""
        out = ["extra:", "  catalogue:", "    national:"]
        if self.names:
            out.append("      agencies:")
            ordered = sorted(self.names.items(), key=lambda item: (-len(item[1]), item[0]))
            for name, codes in ordered:
                same = next((local for local in agencies if agency_key(local) == agency_key(name)), "")
                value = json.dumps(same, ensure_ascii=False)
                count = f"{len(codes)} record{'s' * (len(codes) != 1)}"
                out.append(f"        {json.dumps(name, ensure_ascii=False)}: {value}    # {count}")
        if self.without:
            out.append("      default_agency:")
            for level, codes in sorted(self.without.items()):
                out.append(f'        {level}: ""    # {len(codes)} record{"s" * (len(codes) != 1)} name no agency')
        return "\n".join(out)


def assign(mapped: Mapped, table: National, unmapped: Unmapped) -> None:
    """Give *mapped* its ``agency`` (and ``authority`` where it differs), or note what the table lacks."""
    entries = {agency_key(name): local for name, local in table.agencies.items()}
    chosen = None
    for names in mapped.agencies:
        chosen = _first_mapped(names, entries)
        if chosen is not None:
            break
    named = [name for names in mapped.agencies for name in _names(names)]
    if chosen is None and named:
        for name in _names(next(names for names in mapped.agencies if _names(names))):
            unmapped.add(name, mapped.code)
        return
    if chosen is None:
        level = next((level for level in mapped.data["levels"] if level in table.default_agency), None)
        if level is None:
            first = mapped.data["levels"][0] if mapped.data["levels"] else "?"
            unmapped.without.setdefault(first, []).append(mapped.code)
            return
        chosen = table.default_agency[level]
        mapped.notes.append(Note(("agency",), "agency_default", level))
    mapped.data["agency"] = chosen
    authority = _authority(mapped, entries)
    if authority and authority != chosen:
        mapped.data["authority"] = authority


LONGEST_NAME = 250
"""Longer text in an agency field is not a name (crawls sometimes save a paragraph of the steps there)."""


def _names(texts: tuple[str, ...]) -> list[str]:
    names = []
    for text in texts:
        if not is_empty(text):
            names += split_names(text) if len(texts) == 1 else [one_line(text)]
    return [name for name in names if len(name) <= LONGEST_NAME]


def _first_mapped(texts: tuple[str, ...], entries: dict[str, str]) -> str | None:
    """The local agency of the name that comes first in *texts* among those the table maps."""
    best: tuple[int, int, str] | None = None
    for order, text in enumerate(texts):
        folded = agency_key(text)
        for key, local in entries.items():
            start = _at_boundary(folded, key)
            if start is not None and (best is None or (order, start) < best[:2]):
                best = (order, start, local)
    return best[2] if best else None


def _at_boundary(text: str, key: str) -> int | None:
    """Where *key* stands in *text* as a whole name (at the start or after ", "; before the end or ", ")."""
    start = text.find(key)
    while start >= 0:
        end = start + len(key)
        before_ok = start == 0 or text[max(start - 2, 0) : start] in (", ", "; ") or text[start - 1] in ",;"
        after_ok = end == len(text) or text[end] in ",;."
        if before_ok and after_ok:
            return start
        start = text.find(key, start + 1)
    return None


def _authority(mapped: Mapped, entries: dict[str, str]) -> str:
    """Cơ quan có thẩm quyền: the table's agency for it, else its national name (a deciding body need not be
    one the catalogue describes)."""
    texts = mapped.agencies[1] if len(mapped.agencies) > 1 else ()
    local = _first_mapped(texts, entries)
    if local is not None:
        return local
    names = _names(texts)
    own = [agency_key(name) for name in _names(mapped.agencies[0])] if mapped.agencies else []
    return ", ".join(names) if names and [agency_key(name) for name in names] != own else ""
