"""Read and check a province's commune conversion table (``extra.catalogue.communes_table``).

The table is a CSV file in ``communes/`` with a header row and these columns (more are ignored):
``new_code, new_name, old_code, old_name, old_district, old_province, note``, one row for each
old unit and the new unit (all or part of) it went to. Every problem names the file, row and column.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path, PurePosixPath

from generator.load.files import link_problem
from generator.load.yamlsource import Source, read_text
from generator.model.communes import UNIT_WORDS, Commune, CommuneTable, Move, OldCommune
from generator.model.settings import Settings
from generator.problems import CatalogueError, Problem, limit
from generator.project import COMMUNES_DIR
from generator.text.vietnamese import nfc

COLUMNS = ("new_code", "new_name", "old_code", "old_name", "old_district", "old_province", "note")
REQUIRED = COLUMNS[:-1]
KEY = ("communes_table",)


def load_commune_table(project: Path, settings: Settings, source: Source) -> tuple[CommuneTable | None, list[Problem]]:
    """The table the settings name, checked, with every problem; (None, []) when they name none."""
    if settings.communes_table is None:
        return None, []
    name = settings.communes_table
    relative = PurePosixPath(name)
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or relative.parts[:1] != (COMMUNES_DIR,)
        or relative.suffix != ".csv"
    ):
        return None, [
            source.problem(
                KEY, f'"{name}" is not a .csv file in {COMMUNES_DIR}/; write such as {COMMUNES_DIR}/quang-ngai.csv'
            )
        ]
    path = project / relative
    if not path.is_file():
        return None, [source.problem(KEY, f"{name} is not found; put the table there or correct the name")]
    linked = link_problem(path, project / COMMUNES_DIR)
    if linked:
        return None, [source.problem(KEY, f"{name} {linked}")]
    try:
        text = read_text(path, name)
    except CatalogueError as error:
        return None, error.problems
    table, problems = parse_table(text, name)
    if table is not None:
        problems += _police_problems(table, settings, source)
    return (None if problems else table), problems


def parse_table(text: str, display: str) -> tuple[CommuneTable | None, list[Problem]]:
    """The table in *text* (CSV with a header), read from *display*; problems name its rows."""
    rows, unreadable = _rows(text, display)
    if unreadable:
        return None, [unreadable]
    header = [nfc(cell).strip().lower() for cell in (rows[0][1] if rows else [])]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        where = ", ".join(header) if any(header) else "nothing"
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                f"the first row names the columns; missing: {', '.join(missing)} "
                f"(found: {where}); write: {','.join(COLUMNS)}",
            )
        ]
    place = {column: header.index(column) for column in COLUMNS if column in header}
    problems: list[Problem] = []
    communes: dict[str, Commune] = {}
    olds: dict[tuple[str, str, str, str], list[Move]] = {}
    codes: dict[str, tuple[str, str, str, int]] = {}
    names: dict[str, str] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cells = {
            column: " ".join(nfc(row[index]).split()) if index < len(row) else "" for column, index in place.items()
        }

        def problem(column: str, message: str, line: int = line) -> None:
            problems.append(Problem(display, line, place.get(column, 0) + 1, column, message))

        for column in ("new_code", "new_name", "old_name", "old_district", "old_province"):
            if not cells[column]:
                problem(
                    column,
                    "is empty; every row needs the new unit's code and name and the old unit's name, "
                    "district and province",
                )
        for column in ("new_code", "old_code"):
            if cells[column] and not cells[column].isdigit():
                problem(column, f'"{cells[column]}" is not a code of digits (such as 23473)')
        if cells["new_name"] and not cells["new_name"].casefold().startswith(tuple(w + " " for w in UNIT_WORDS[1:])):
            problem("new_name", f'"{cells["new_name"]}" does not begin with Xã, Phường or Đặc khu')
        if any(problems_at(problems, line)):
            continue
        new = Commune(cells["new_code"], cells["new_name"])
        known = communes.setdefault(new.code, new)
        if known.name != new.name:
            problem("new_name", f'code {new.code} is "{known.name}" on an earlier row; one code, one name')
            continue
        clash = names.setdefault(new.name.casefold(), new.code)
        if clash != new.code:
            problem("new_name", f'"{new.name}" has two codes: {clash} and {new.code}')
            continue
        old_key = (cells["old_province"], cells["old_district"], cells["old_name"], cells["old_code"])
        if cells["old_code"]:
            earlier = codes.setdefault(cells["old_code"], (*old_key[:3], line))
            if earlier[:3] != old_key[:3]:
                problem(
                    "old_code",
                    f'{cells["old_code"]} is "{earlier[2]}, {earlier[1]}" on row {earlier[3]}; '
                    "an old code names one old unit (keep old and new codes apart)",
                )
                continue
        moves = olds.setdefault(old_key, [])
        if any(move.to.code == new.code for move in moves):
            problem("new_code", f'"{cells["old_name"]}" already goes to {new.name} on an earlier row')
            continue
        moves.append(Move(known, cells["note"]))
    if not problems and not communes:
        problems.append(
            Problem(display, 1, 1, "", "has no rows: one row for each old unit and the new unit it went to")
        )
    if problems:
        return None, limit(problems)
    return CommuneTable(
        path=display,
        communes=tuple(communes.values()),
        old=tuple(
            OldCommune(code, name, district, province, tuple(moves))
            for (province, district, name, code), moves in olds.items()
        ),
    ), []


def _rows(text: str, display: str) -> tuple[list[tuple[int, list[str]]], Problem | None]:
    """Each row of the CSV *text* with the line it ends on, or where it cannot be read as CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        rows.extend((reader.line_num, row) for row in reader)
    except csv.Error as error:  # a field past csv's size limit, a quote left open
        message = f"cannot be read as a CSV table here ({error}); save it as CSV (comma-separated) in UTF-8"
        return [], Problem(display, reader.line_num, 1, "", message)
    return rows, None


def problems_at(problems: list[Problem], line: int) -> list[Problem]:
    """The problems found on *line* (the last ones of the list: rows are read in order)."""
    found = []
    for problem in reversed(problems):
        if problem.line != line:
            break
        found.append(problem)
    return found


def _police_problems(table: CommuneTable, settings: Settings, source: Source) -> list[Problem]:
    """Each commune police the settings describe serves a unit of the table."""
    problems = []
    for index, office in enumerate(settings.communes):
        if table.commune(office.name) is None:
            problems.append(
                source.problem(
                    ("communes", index, "name"),
                    f'"{office.name}" serves no unit of {table.path}; name it "Công an " and the unit as the table '
                    f'writes it (such as "{table.communes[0].police}")',
                )
            )
    return problems
