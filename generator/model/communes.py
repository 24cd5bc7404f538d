"""The communes of the province before and after 1 July 2025: the official conversion table, checked.

Since 1 July 2025 local government has two tiers, province and commune; the commune-level units
were rearranged by one resolution per province (Quảng Ngãi: 1677/NQ-UBTVQH15). A citizen who knows
only the commune they lived in before finds the one it belongs to now. Old and new codes are kept
apart: some old codes were given again to other units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.text.vietnamese import fold_diacritics, slugify

_WORDS = re.compile(r"[a-z0-9]+")

UNIT_WORDS = ("thị trấn", "đặc khu", "phường", "xã")
"""The kinds of commune-level unit, as names begin with them (longest first)."""

ALL_RESIDENTS = "toan bo dan so"
"""Folded words of the official note that marks the unit that received all of a divided commune's
residents ("diện tích, toàn bộ dân số"): for a person, that unit is the answer."""


def without_unit(name: str) -> str:
    """ "Thị trấn Plei Kần" → "Plei Kần"; "Huyện Đăk Hà" → "Đăk Hà"."""
    lowered = name.casefold()
    for word in (*UNIT_WORDS, "thành phố", "thị xã", "huyện", "quận", "tỉnh"):
        if lowered.startswith(word + " "):
            return name[len(word) + 1 :].strip()
    return name


@dataclass(frozen=True)
class Commune:
    """A commune-level unit since 1 July 2025 (xã, phường, đặc khu)."""

    code: str
    name: str
    """As the table writes it: "Xã Măng Đen"."""

    @property
    def anchor(self) -> str:
        """The id of its place in the list of commune police: "cong-an-xa-mang-den"."""
        return slugify(self.police)

    @property
    def police(self) -> str:
        """The name of its police, as settings name it: "Công an xã Măng Đen"."""
        return "Công an " + self.name[:1].lower() + self.name[1:]


@dataclass(frozen=True)
class Move:
    """Where (part of) an old commune went: a new unit, and the table's note."""

    to: Commune
    note: str = ""

    @property
    def residents(self) -> bool:
        """Whether the note says this unit received all of the old commune's residents."""
        return ALL_RESIDENTS in fold_diacritics(self.note)


@dataclass(frozen=True)
class OldCommune:
    """A commune-level unit before 1 July 2025, with its district and province then."""

    code: str
    """Its code then ("" for a district without communes, such as huyện Lý Sơn); never a new code."""
    name: str
    district: str
    province: str
    moves: tuple[Move, ...]

    @property
    def split(self) -> bool:
        """Divided between several new units."""
        return len(self.moves) > 1

    @property
    def answer(self) -> Move | None:
        """The one new unit a person of this old commune belongs to, when the table says so."""
        if len(self.moves) == 1:
            return self.moves[0]
        residents = [move for move in self.moves if move.residents]
        return residents[0] if len(residents) == 1 else None


@dataclass(frozen=True)
class CommuneTable:
    """A province's conversion table: every unit after, and every unit before with where it went."""

    path: str
    """Where the table was read from, relative to the project."""
    communes: tuple[Commune, ...]
    """The units after 1 July 2025, in the table's order."""
    old: tuple[OldCommune, ...]
    """The units before, grouped by old province and district, in the table's order."""

    def commune(self, police: str) -> Commune | None:
        """The unit the commune police named *police* serves ("Công an xã Bờ Y" → Xã Bờ Y)."""
        wanted = " ".join(police.casefold().split())
        return next((c for c in self.communes if c.police.casefold() == wanted), None)

    def folded_names(self) -> str:
        """Every old name without its kind of unit, folded, joined by "|" ("plei kan|quang trung|..."): what
        the search page checks a query against before it loads the finder."""
        names = {" ".join(_WORDS.findall(fold_diacritics(without_unit(old.name)))) for old in self.old}
        return "|".join(sorted(names))

    def districts(self) -> list[tuple[str, str, list[OldCommune]]]:
        """The old communes by old province and district, in the table's order."""
        groups: dict[tuple[str, str], list[OldCommune]] = {}
        for old in self.old:
            groups.setdefault((old.province, old.district), []).append(old)
        return [(province, district, items) for (province, district), items in groups.items()]
