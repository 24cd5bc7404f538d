"""Write a province's old → new commune table (``communes/<province>.csv``) from a source package.

The table says, for every commune-level unit of the province before 1 July 2025 (with its code,
district and province), the unit it belongs to since (with its code): the conversion of the
National Assembly Standing Committee's resolution for the province (Quảng Ngãi: 1677/NQ-UBTVQH15).
The build reads the CSV (``extra.catalogue.communes_table``); this script is only how it was made.

The source is the PyPI package ``vietnamadminunits`` (MIT licence), whose wheel carries the statistics
office's units before and after (``data/dataset.db``, with their codes) and the conversion by unit
(``data/converter_2025.json``). Without ``--wheel`` the script downloads the pinned version with pip
into a temporary folder; nothing of it is installed. Codes before and after are kept in separate
columns: some old codes were given again to other units.

    python scripts/commune_table.py --province "Quảng Ngãi" --out communes/quang-ngai.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "vietnamadminunits==1.0.4"
COLUMNS = ("new_code", "new_name", "old_code", "old_name", "old_district", "old_province", "note")
PART = "Nhập một phần"
"""The note of an old unit divided between several new ones (the source package gives no notes)."""


def download(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", PACKAGE, "-d", str(folder)],
        check=True,
        capture_output=True,
    )
    return next(folder.glob("vietnamadminunits-*.whl"))


def rows(wheel: Path, province: str, work: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(wheel) as archive:
        archive.extract("vietnamadminunits/data/dataset.db", work)
        converter = json.loads(archive.read("vietnamadminunits/data/converter_2025.json"))
    db = sqlite3.connect(work / "vietnamadminunits/data/dataset.db")
    found = db.execute("select distinct provinceKey from admin_units where provinceShort = ?", (province,)).fetchall()
    if len(found) != 1:
        raise SystemExit(f"{province}: no single province of that name in the source ({found})")
    new_province = found[0][0]
    new = {
        ward_key: (code, name)
        for ward_key, code, name in db.execute(
            "select wardKey, wardCode, ward from admin_units where provinceKey = ?", (new_province,)
        )
    }
    provinces = converter["DICT_PROVINCE"][new_province]
    marks = ",".join("?" * len(provinces))
    old = {
        # A district the source lists without communes (huyện Lý Sơn) is its own old unit, with no commune code.
        f"{p}_{d}_{w or ''}": (code or "", ward or district, district, prov)
        for p, d, w, code, ward, district, prov in db.execute(
            "select provinceKey, districtKey, wardKey, wardCode, ward, district, province from admin_units_legacy "
            f"where provinceKey in ({marks})",
            provinces,
        )
    }
    moves: dict[str, list[str]] = {}
    for new_key, old_keys in converter["DICT_PROVINCE_WARD_NO_DIVIDED"][new_province].items():
        for old_key in old_keys:
            moves.setdefault(old_key, []).append(new_key)
    for old_key, targets in converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_province, {}).items():
        moves.setdefault(old_key, []).extend(target["newWardKey"] for target in targets)
    missing = sorted(set(old) - set(moves))
    unknown = sorted(set(moves) - set(old))
    if missing or unknown:
        raise SystemExit(f"old units without a new one: {missing}; conversions of unknown old units: {unknown}")
    table = []
    for old_key, targets in moves.items():
        code, name, district, prov = old[old_key]
        for target in dict.fromkeys(targets):
            new_code, new_name = new[target]
            table.append(
                {
                    "new_code": new_code,
                    "new_name": new_name,
                    "old_code": code,
                    "old_name": name,
                    "old_district": district,
                    "old_province": prov,
                    "note": PART if len(set(targets)) > 1 else "",
                }
            )
    table.sort(key=lambda row: (row["new_code"], row["old_code"]))
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--province", default="Quảng Ngãi", help="the province after 1 July 2025, as the source names it"
    )
    parser.add_argument("--out", type=Path, default=Path("communes/quang-ngai.csv"))
    parser.add_argument("--wheel", type=Path, help=f"a downloaded wheel of {PACKAGE} (default: download it)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        wheel = args.wheel or download(work)
        table = rows(wheel, args.province, work)
    with args.out.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    units = {row["new_code"] for row in table}
    print(f"{args.out}: {len(table)} rows, {len(units)} units after, {len({r['old_code'] for r in table})} before")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
