"""Find and read the national files an import is given, each bounded, each fault a problem naming the file.

``catalogue import SOURCE…`` takes files and folders. A folder gives every
``.json``, ``.html``/``.htm`` and ``.xlsx`` file under it (hidden ones aside).
A ``.json`` file holds the page by section or the portal's procedure JSON (or a
list of either); an ``.html`` file the page as a browser saved it; an ``.xlsx``
file the list export of the national database (:mod:`generator.national.excel`).

Every file is read within a size bound before it is parsed (a 50 MB file costs
no more than a small one), decoded as UTF-8 or as its page says, and checked for
its shape; two files with the same procedure are both named. Nothing here
writes anything.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.scalars import CODE_PATTERN
from generator.national.excel import Listed, read_list
from generator.national.html import from_html
from generator.national.page import Page, from_sections
from generator.national.portal import from_portal, is_portal
from generator.problems import Problem, display_path

MAX_BYTES = 4 * 1024 * 1024
"""Largest national record file read: the longest real page is under 200 KB."""
SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


@dataclass
class Read:
    """A national procedure read from one file: the page, and the file it came from."""

    page: Page
    source: str
    """The file, as messages name it (relative to the catalogue when inside it)."""
    record: str = ""
    """Which record of the file, for a file that holds several (``[3]``)."""


@dataclass
class Found:
    """Everything the sources hold: procedures, the rows of Excel lists, and what is wrong with them."""

    read: list[Read] = field(default_factory=list)
    listed: list[Listed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0


def read_sources(sources: list[Path], project: Path) -> Found:
    """Every national file of *sources*, read and checked; :attr:`Found.problems` lists what is wrong."""
    found = Found()
    for path, display in _files(sources, project, found.problems):
        found.files += 1
        kind = SUFFIXES[path.suffix.lower()]
        if kind == "xlsx":
            listed, problems = read_list(path, display)
            found.listed += listed
            found.problems += problems
            continue
        try:
            text = _decode(_bounded(path), kind)
        except _Unreadable as error:
            found.problems.append(Problem(display, error.line, error.column, "", error.message))
            continue
        if kind == "html":
            found.read += _html(text, path, display, found.problems)
        else:
            found.read += _json(text, display, found.problems)
    found.problems += _duplicates(found.read)
    return found


def _display(path: Path, project: Path, folder: Path | None) -> str:
    """How messages and records name a national file: inside the catalogue, from its folder; else from the
    folder given (``bo-tu-phap/1.000080.json``), or as given."""
    resolved = path.resolve()
    if resolved.is_relative_to(project.resolve()):
        return display_path(resolved, project.resolve())
    if folder is not None:
        return (Path(folder.resolve().name) / path.relative_to(folder)).as_posix()
    return str(path)


def _files(sources: list[Path], project: Path, problems: list[Problem]) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for source in sources:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                hidden = any(part.startswith(".") for part in path.relative_to(source).parts)
                if not hidden and path.suffix.lower() in SUFFIXES and path.is_file():
                    files.append((path, _display(path, project, source)))
        elif not source.exists():
            problems.append(Problem(str(source), 0, 0, "", "not found"))
        elif source.suffix.lower() not in SUFFIXES:
            problems.append(
                Problem(
                    str(source),
                    0,
                    0,
                    "",
                    "is not a national record: give .json, .html or .xlsx files, or folders that hold them",
                )
            )
        else:
            files.append((source, _display(source, project, None)))
    unique = list({path.resolve(): (path, display) for path, display in files}.values())
    if not unique and not problems:
        problems.append(Problem(" ".join(str(s) for s in sources), 0, 0, "", "holds no .json, .html or .xlsx file"))
    return unique


class _Unreadable(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _bounded(path: Path) -> bytes:
    """The file's bytes, at most :data:`MAX_BYTES`, from an ordinary file only (never a pipe or a device)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise _Unreadable(f"cannot be read: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable("is not an ordinary file (a pipe or a device)")
        if info.st_size > MAX_BYTES:
            raise _Unreadable(
                f"is {info.st_size / 1024 / 1024:.1f} MB; a national procedure record is under "
                f"{MAX_BYTES // 1024 // 1024} MB: is this the right file?"
            )
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _Unreadable(f"is over {MAX_BYTES // 1024 // 1024} MB (it grew while being read)")
    return raw


def _decode(raw: bytes, kind: str) -> str:
    """*raw* as text: UTF-8 (a page may declare another charset in its ``<meta>``), or a problem saying how
    to save it."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if raw.startswith(bom):
            raise _Unreadable(f"is saved as {name}; save it as UTF-8")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if b"\x00" in raw:
        line, column = _position(raw, raw.index(b"\x00"))
        raise _Unreadable("holds a NUL byte: it is not text, or it is saved as UTF-16; save it as UTF-8", line, column)
    encoding = "utf-8"
    if kind == "html":
        declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", raw[:4096], re.IGNORECASE)
        if declared:
            try:
                encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            except LookupError:
                raise _Unreadable(
                    f"declares the character set {declared.group(1).decode('ascii')!r}, which is "
                    "unknown; save the page as UTF-8"
                ) from None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        raise _Unreadable(
            f"byte 0x{raw[error.start]:02X} is not {encoding.upper()} (a wrong encoding, such as "
            "Windows-1258 or TCVN3); save the file as UTF-8",
            line,
            column,
        ) from None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _json(text: str, display: str, problems: list[Problem]) -> list[Read]:
    try:
        data = json.loads(text)
    except RecursionError:
        problems.append(Problem(display, 0, 0, "", "nests values thousands deep; not a procedure"))
        return []
    except json.JSONDecodeError as error:
        cut = not text[error.pos :].strip() or error.msg.startswith("Unterminated string")
        why = "the file ends before its JSON does (cut short while saving?)" if cut else f"invalid JSON: {error.msg}"
        problems.append(Problem(display, error.lineno, error.colno, "", why))
        return []
    items = data if isinstance(data, list) else [data]
    read = []
    for index, item in enumerate(items):
        where = f"[{index}]" if isinstance(data, list) else ""
        page = _page(item)
        if page is None:
            problems.append(
                Problem(
                    display,
                    0,
                    0,
                    where,
                    "is neither the procedure page by section (ma_thu_tuc, "
                    "ten_thu_tuc…) nor the portal's procedure JSON (code, name…)",
                )
            )
        elif not re.match(CODE_PATTERN, page.searched):
            problems.append(
                Problem(display, 0, 0, where, f"the procedure code {page.searched!r} is not a code like 1.004222")
            )
        else:
            read.append(Read(page, display, where))
    return read


def _page(item: Any) -> Page | None:
    if isinstance(item, dict) and isinstance(item.get("ma_thu_tuc"), str):
        return from_sections(item)
    if is_portal(item):
        return from_portal(item)
    return None


def _html(text: str, path: Path, display: str, problems: list[Problem]) -> list[Read]:
    page, active = from_html(text)
    for key, what in active.items():
        problems.append(
            Problem(
                display,
                0,
                0,
                key,
                f"holds {what}, which runs code; a procedure's text holds none: "
                "save the page from the portal again, or copy its text",
            )
        )
    if not page.own_code:
        problems.append(Problem(display, 0, 0, "", 'has no "Mã thủ tục": not a national procedure page'))
        return []
    if re.match(CODE_PATTERN, path.stem):
        page.searched = path.stem
    return [] if active else [Read(page, display)]


def _duplicates(read: list[Read]) -> list[Problem]:
    by_code: dict[str, list[Read]] = {}
    for item in read:
        by_code.setdefault(item.page.searched, []).append(item)
    problems = []
    for code, items in by_code.items():
        if len(items) < 2:
            continue
        for item in items:
            others = ", ".join(f"{o.source}{o.record}" for o in items if o is not item)
            problems.append(
                Problem(
                    item.source,
                    0,
                    0,
                    item.record,
                    f"holds procedure {code}, as does {others}; give each procedure once",
                )
            )
    return problems
