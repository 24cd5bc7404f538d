"""The Excel list export of the national database: the office's checklist, read with a guard against zip bombs.

One sheet: a merged title row, then ``Mã số | Tên | Cơ quan ban hành | Cơ quan
thực hiện | Lĩnh vực``; several agencies in one cell are separated by line
breaks; codes are text. The list names the procedures an office handles, not
their content: the import compares it with the records (which listed procedures
have no record yet, which records are not on the list).

An ``.xlsx`` file is a zip archive of XML parts. Before openpyxl opens it, its
directory is checked: a bounded size, number of parts, unpacked size and
packing ratio, so an archive that unpacks to gigabytes (a "zip bomb") is
refused unread. Python's zip reader never unpacks past a part's declared size.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.model.scalars import CODE_PATTERN
from generator.national.cells import one_line
from generator.problems import Problem

MAX_FILE = 20 * 1024 * 1024
"""Largest list accepted, packed: the national lists are under 100 KB."""
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARTS = 1000
MAX_RATIO = 100
"""Largest packing ratio of a part over 1 MB: XML packs about 10 to 1; a zip bomb a thousand to one or more."""
HEADERS = {"mã số": "code", "tên": "title", "cơ quan thực hiện": "agencies", "lĩnh vực": "field"}


@dataclass(frozen=True)
class Listed:
    """One procedure of the list."""

    code: str
    title: str
    agencies: tuple[str, ...]
    field: str
    source: str
    row: int


def zip_problem(path: Path) -> str | None:
    """Why *path* is not an ``.xlsx`` file that can be opened safely, or ``None``."""
    size = path.stat().st_size
    if size > MAX_FILE:
        return f"is {size / 1024 / 1024:.1f} MB; a list of procedures is under {MAX_FILE // 1024 // 1024} MB"
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "is not an Excel .xlsx file (it is not a zip archive); save the list as .xlsx"
    if len(parts) > MAX_PARTS:
        return f"holds {len(parts)} parts; an Excel list holds a few dozen: not opened"
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        return f"unpacks to {unpacked / 1024 / 1024:.0f} MB (a zip bomb?); not opened"
    for part in parts:
        if part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            return f"part {part.filename} unpacks {ratio} times its size (a zip bomb?); not opened"
    return None


def read_list(path: Path, display: str) -> tuple[list[Listed], list[Problem]]:
    """The procedures the list names, and what is wrong with the file."""
    problem = zip_problem(path)
    if problem:
        return [], [Problem(display, 0, 0, "", problem)]
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        return [], [
            Problem(
                display, 0, 0, "", f"cannot be read as an Excel list ({type(error).__name__}); save it again as .xlsx"
            )
        ]
    try:
        sheet = book.worksheets[0]
        columns: dict[str, int] = {}
        listed: list[Listed] = []
        problems: list[Problem] = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = ["" if value is None else str(value) for value in row]
            if not columns:
                named = {HEADERS.get(one_line(cell).casefold()): i for i, cell in enumerate(cells)}
                if "code" in named and "title" in named:
                    columns = {key: index for key, index in named.items() if key}
                continue
            item = _row(cells, columns, display, number, problems)
            if item is not None:
                listed.append(item)
    finally:
        book.close()
    if not columns:
        problems.append(
            Problem(display, 0, 0, "", 'has no header row with "Mã số" and "Tên": not a list of procedures')
        )
    return listed, problems


def _row(
    cells: list[str], columns: dict[str, int], display: str, number: int, problems: list[Problem]
) -> Listed | None:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    code = one_line(cell("code"))
    if not code and not one_line(cell("title")):
        return None
    if not re.match(CODE_PATTERN, code):
        problems.append(
            Problem(
                display,
                number,
                columns["code"] + 1,
                "Mã số",
                f"{code!r} is not a procedure code (write it as text, like 1.004222)",
            )
        )
        return None
    agencies = tuple(one_line(name) for name in cell("agencies").split("\n") if one_line(name))
    return Listed(code, one_line(cell("title")), agencies, one_line(cell("field")), display, number)
