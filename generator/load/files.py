"""The files editors put beside records and pages: only plain, checked files are published.

An official form file (``forms/``) and a file beside the hand-written pages
(``pages/``) go through the same gate, each decided by what it is, never by a
list of what is known to be bad:

* its **name** is of a safe set of characters (letters, digits, ``-``, ``_``,
  ``.``, spaces), so a link to it can be written and percent-encoded without
  ``#`` or ``?`` changing where it leads;
* a **symbolic link** is followed only to an ordinary file in the same content
  folder, never into a dot-folder (``.git``); links to links are followed to
  their end and judged there;
* its **size** is at most the settings' cap (``extra.catalogue.files.max_mb``);
* its **type**, decided from its content, is what its name says
  (:mod:`generator.load.filetypes`);
* what it is made of is allowed: SVG images are written again from an
  allow-list (:mod:`generator.load.svg`), PDFs are cleaned of what runs,
  Office files without macros or links out are accepted, others refused
  (:mod:`generator.load.documents`); text is UTF-8 without control characters.

The result of each check is kept by the file's size, inode and time, so the
live preview checks a file again only when it changed.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.load import documents, svg
from generator.load.filetypes import IMAGES, TEXTS, content_problem

log = logging.getLogger(__name__)

NAME_MAX = 100
"""Longest file name, in characters."""
_NAME_SIGNS = frozenset(" .()-_")
_NAMING = "name files with letters, digits, -, _, ( ) and single spaces (such as mau-to-khai-CT01.pdf)"
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be published: a message, and the line and column in it where there is one."""

    message: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Checked:
    """A file that may be published: as it is (*content* is its path) or made safe (*content* is the new bytes)."""

    content: Path | bytes
    size: int
    removed: tuple[str, ...] = ()
    """What was taken out to make it safe (said as a warning)."""


def name_problem(name: str) -> str | None:
    """Why *name* (a file's name, without its folder) may not be published, or None."""
    if name.startswith("."):
        return "is hidden (its name starts with a dot), so the site would not publish it; delete it or rename it"
    if len(name) > NAME_MAX:
        return f"has a name of {len(name)} characters; shorten it to at most {NAME_MAX}"
    bad = next((c for c in name if not (c.isalnum() or c in _NAME_SIGNS)), None)
    if bad is not None or unicodedata.normalize("NFC", name) != name:
        shown = f"the character {bad!r}" if bad and bad.isprintable() else "an invisible or combining character"
        return f"has {shown} in its name; {_NAMING}"
    if not name[0].isalnum() or name.endswith((" ", ".")) or "  " in name or ".." in name:
        return f"has a name that starts or ends with a sign, or has two in a row; {_NAMING}"
    return None


def link_problem(path: Path, folder: Path) -> str | None:
    """Why *path*, in the content folder *folder*, may not be read because it is or passes a symbolic link."""
    relative = path.relative_to(folder)
    linked = [folder.joinpath(*relative.parts[: n + 1]) for n in range(len(relative.parts))]
    if not any(p.is_symlink() for p in linked):
        return None
    if any(p.is_symlink() for p in linked[:-1]):
        return "is inside a folder that is a symbolic link; put the folder itself here"
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "is a symbolic link that leads nowhere (or round in a circle); put the file itself here"
    home = folder.resolve()
    if not target.is_relative_to(home):
        return f"is a symbolic link that leads out of {folder.name}/; put the file itself here"
    if any(part.startswith(".") for part in target.relative_to(home).parts):
        return "is a symbolic link into a hidden file or folder; put the file itself here"
    if not stat.S_ISREG(target.stat().st_mode):
        return "is a symbolic link to something that is not an ordinary file; put the file itself here"
    return None


def walk(folder: Path) -> Iterator[Path]:
    """Every file under *folder*, and every symbolic link (to a file or a folder, never followed), in order."""
    for root, folders, names in os.walk(folder):
        base = Path(root)
        found = [base / name for name in names] + [base / name for name in folders if (base / name).is_symlink()]
        folders[:] = sorted(name for name in folders if not (base / name).is_symlink())
        yield from sorted(found)


Stamp = tuple[str, int, int, int, int]
_CHECKED: OrderedDict[Stamp, Checked | list[Problem]] = OrderedDict()
_KEPT = 1024


def check_file(path: Path, limit: int) -> Checked | list[Problem]:
    """The file at *path* (its links already checked), ready to publish, or why it may not be; at most *limit* bytes."""
    status = path.stat()
    key = (str(path), status.st_mtime_ns, status.st_size, status.st_ino, limit)
    if key in _CHECKED:
        _CHECKED.move_to_end(key)
        return _CHECKED[key]
    result = _check(path, status.st_size, limit)
    _CHECKED[key] = result
    if len(_CHECKED) > _KEPT:
        _CHECKED.popitem(last=False)
    return result


def _check(path: Path, size: int, limit: int) -> Checked | list[Problem]:
    if not stat.S_ISREG(path.stat().st_mode):
        return [Problem("is not an ordinary file")]
    if size > limit:
        mb = limit // 2**20
        return [
            Problem(
                f"is {size / 2**20:.1f} MB, more than the {mb} MB a published file may be; make it smaller "
                f"(or raise extra.catalogue.files.max_mb in mkdocs.yml)"
            )
        ]
    try:
        return _content(path, size)
    except OSError as error:
        return [Problem(f"cannot be read: {error.strerror}")]


def _content(path: Path, size: int) -> Checked | list[Problem]:
    suffix = path.suffix.lower()
    wrong = content_problem(path)
    if wrong:
        return [Problem(wrong)]
    if suffix == ".svg":
        rebuilt = svg.rebuild(path.read_bytes())
        if rebuilt.problems:
            return [Problem(message, line, column) for line, column, message in rebuilt.problems]
        return Checked(rebuilt.data, len(rebuilt.data))
    if suffix in TEXTS:
        return _text(path, size)
    if suffix in IMAGES:
        return Checked(path, size)
    try:
        if suffix == ".pdf":
            from generator.load.pdfclean import clean_pdf  # pikepdf, only for catalogues with PDFs

            cleaned = clean_pdf(path)
            if cleaned.data is None:
                return Checked(path, size)
            return Checked(cleaned.data, len(cleaned.data), cleaned.removed)
    except documents.Refused as refused:
        return [Problem(str(refused))]
    if suffix in (".doc", ".xls"):
        problem = documents.ole_problem(path, suffix)
    else:
        problem = documents.office_problem(path, suffix)
    return [Problem(problem)] if problem else Checked(path, size)


def _text(path: Path, size: int) -> Checked | list[Problem]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [Problem("is not UTF-8 text; save it as UTF-8 (in Excel: CSV UTF-8)", line, 1)]
    bad = _TEXT_CONTROL.search(text)
    if bad:
        line = text[: bad.start()].count("\n") + 1
        return [
            Problem(
                f"has the control character U+{ord(bad.group()):04X}, which text does not; save it again as plain text",
                line,
                1,
            )
        ]
    return Checked(path, size)


def warn_removed(display: str, removed: tuple[str, ...]) -> None:
    """Say what was taken out of a file to publish it (a PDF's JavaScript, say): the editor may want to know."""
    if removed:
        log.warning(
            "warning: %s: published without %s, which a reader's program would run; the rest is unchanged",
            display,
            ", ".join(removed),
        )
