"""What the site search needs to find a commune by its name before 1 July 2025: a small JSON file.

The search page fetches it on the first query (``old-communes.js``) and says where the citizens of
an old commune now go: the unit, its police and their address and phone (from the settings).
"""

from __future__ import annotations

import json

from generator.model.communes import CommuneTable
from generator.model.settings import Settings
from generator.model.texts import Texts


def old_communes_json(table: CommuneTable, settings: Settings, texts: Texts) -> str:
    """``{"units": [[name, "#anchor", police, address, phone]], "old": [[name, place, [unit], [note]]]}``.

    A unit's anchor is its place in the commune police page's list; the address and phone are its
    police's, when the settings describe them.
    """
    offices = {office.name.casefold(): office for office in settings.communes}
    number = {commune.code: index for index, commune in enumerate(table.communes)}
    units = []
    for commune in table.communes:
        office = offices.get(commune.police.casefold())
        units.append(
            [
                commune.name,
                f"#{commune.anchor}",
                office.name if office else commune.police,
                (office.address or "") if office else "",
                (office.phone or "") if office else "",
            ]
        )
    old = [
        [
            item.name,
            texts.where.old_district.format(
                district=item.district, province=item.province[:1].lower() + item.province[1:]
            ),
            [number[move.to.code] for move in item.moves],
            [move.note for move in item.moves],
        ]
        for item in table.old
    ]
    return json.dumps({"units": units, "old": old}, ensure_ascii=False, separators=(",", ":")) + "\n"
