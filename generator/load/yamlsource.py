"""Read a YAML record exactly as the editor wrote it, remembering where each value is.

PyYAML's own constructors guess types (``2.000200`` becomes a float, ``no``
becomes ``False``, ``2025-02-30`` raises deep inside the parser). We build the
data ourselves from the parser's events instead: every scalar stays the text the
editor typed (the typed model decides what it means), and every value and key
keeps its line and column so a problem can point at it.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import MAX_PROBLEMS, CatalogueError, Problem, key_path, limit
from generator.text.vietnamese import nfc

try:  # libyaml is an order of magnitude faster; PyYAML's wheels include it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - only on a PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
"""Largest record accepted: the longest real procedure is under 40 KB."""

# Characters the YAML parser refuses, or counts as line breaks where editors
# see none: C0 and C1 controls (but tab, line feed, carriage return), DEL,
# the Unicode line and paragraph separators, non-characters. A BOM inside the
# text (not at its start) is pasted junk. Tabs are reported on their own.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")

Loc = tuple[str | int, ...]
_NULLS = {"", "~", "null", "Null", "NULL"}
_DISCARD: Any = object()  # stands for a complex key being skipped


@dataclass
class Source:
    """A parsed YAML document: plain data plus the position of every value and key."""

    path: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    prefix: Loc = ()
    """Key path of :attr:`data` inside its file, for a source that is part of one."""

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of *loc*, or of its nearest enclosing value."""
        if key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.path, line, column, key_path((*self.prefix, *loc)), message)


def read_text(path: Path, display: str) -> str:
    """Decode a record file as UTF-8, or explain how to save it so.

    Reads at most :data:`MAX_BYTES` (a 50 MB file costs no more than a small
    one) and only from an ordinary file: a pipe or device would never end.
    """
    raw = _read_bounded(path, display)
    for bom, name in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if raw.startswith(bom):
            raise _fail(display, f"file is saved as {name}; save it as UTF-8")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        message = "NUL byte: this is not a text file, or it is saved as UTF-16; save it as UTF-8 text"
        raise CatalogueError([Problem(display, line, column, "", message)])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        byte = raw[error.start]
        raise CatalogueError(
            [Problem(display, line, column, "", f"byte 0x{byte:02X} is not UTF-8; save the file as UTF-8")]
        ) from None


def _read_bounded(path: Path, display: str) -> bytes:
    # O_NONBLOCK: opening a named pipe must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise _fail(display, "is not an ordinary file (a pipe or a device); a record is a .yaml text file")
        if info.st_size > MAX_BYTES:
            raise _fail(display, f"file is {_size(info.st_size)}; a record must be under 1 MB")
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:  # it grew while being read
        raise _fail(display, "file is over 1 MB; a record must be under 1 MB")
    return raw


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of *offset* in *raw*."""
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _fail(display: str, message: str) -> CatalogueError:
    return CatalogueError([Problem(display, 0, 0, "", message)])


def _character_problems(text: str, display: str) -> list[Problem]:
    """Tabs and invisible characters, each with its line and column as an editor counts them."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        column = line.find("\t")
        if column >= 0:
            problems.append(Problem(display, number, column + 1, "", "tab character; indent and separate with spaces"))
        for match in _UNREADABLE.finditer(line):
            message = f"invisible character U+{ord(match.group()):04X}; delete it"
            problems.append(Problem(display, number, match.start() + 1, "", message))
        if len(problems) > MAX_PROBLEMS:
            break
    return problems


def parse(text: str, display: str, *, allow_tags: bool = False) -> Source:
    """Parse one YAML document, keeping every scalar as text (NFC) or ``None``.

    Raises :class:`CatalogueError` listing every problem found: tabs, syntax
    errors, anchors and aliases, explicit tags, duplicate or complex keys, more
    than one document, an empty file.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = _character_problems(text, display)
    if problems:
        raise CatalogueError(limit(problems))
    builder = _Builder(display, allow_tags)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
            if len(builder.problems) > MAX_PROBLEMS:
                break
    except yaml.MarkedYAMLError as error:
        raise CatalogueError(limit([*builder.problems, _syntax_problem(error, display)])) from None
    except yaml.reader.ReaderError as error:  # pragma: no cover - _UNREADABLE finds these first
        line, column = _char_position(text, error.position)
        raise CatalogueError([Problem(display, line, column, "", f"invalid YAML: {error.reason}")]) from None
    if not builder.problems and builder.source.data is None:
        builder.problems.append(Problem(display, 1, 1, "", "file is empty; describe the record here"))
    if builder.problems:
        raise CatalogueError(limit(builder.problems))
    return builder.source


def _char_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def load(path: Path, display: str, *, allow_tags: bool = False) -> Source:
    """Read and parse the YAML file at *path*, named *display* in messages."""
    return parse(read_text(path, display), display, allow_tags=allow_tags)


_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be put in quotes",
    "could not find expected ':'": "each line inside a record needs 'key: value'; check the indentation",
    "did not find expected key": "check the indentation of this line and the one before",
    "did not find expected '-' indicator": "list items must line up under each other",
    "found undefined alias": "'*' starts an alias, which is not allowed; put the text in quotes",
    "found character that cannot start any token": "put the value in quotes",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "exceeded maximum nesting depth": "a record is never nested this deep; check the brackets",
    "did not find expected ',' or": "a bracket is not closed, or a comma is missing",
    "unknown escape character": "inside double quotes \\ starts an escape; write \\\\ or use single quotes",
    "expected hexdecimal number": "inside double quotes \\ starts an escape; write \\\\ or use single quotes",
}


def _syntax_problem(error: yaml.MarkedYAMLError, display: str) -> Problem:
    line, column = _at(error.problem_mark or error.context_mark)
    what = error.problem or error.context or "invalid YAML"
    hint = next((h for k, h in _SYNTAX_HINTS.items() if k in what), "")
    message = f"invalid YAML: {what}" + (f" ({hint})" if hint else "")
    return Problem(display, line, column, "", message)


def _at(mark: Any) -> tuple[int, int]:
    """1-based line and column of a parser mark."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


class _Builder:
    """Turns a stream of parser events into data and positions."""

    def __init__(self, display: str, allow_tags: bool) -> None:
        self.display = display
        self.allow_tags = allow_tags
        self.source = Source(display, None)
        self.problems: list[Problem] = []
        self.documents = 0
        self.lines_reported: set[int] = set()
        # Each open collection: [container, loc, pending key or None]
        self.stack: list[list[Any]] = []

    def _problem(self, event: yaml.Event, loc: Loc, message: str, *, once_per_line: bool = False) -> None:
        line, column = _at(event.start_mark)
        if once_per_line:
            # An alias bomb repeats "*a" a thousand times a line; one message says it.
            if line in self.lines_reported:
                return
            self.lines_reported.add(line)
        self.problems.append(Problem(self.display, line, column, key_path(loc), message))

    def _child_loc(self) -> Loc | None:
        """Where the next value goes, or ``None`` when the next scalar is a key."""
        if not self.stack:
            return ()
        container, loc, pending = self.stack[-1]
        if isinstance(container, list):
            return (*loc, len(container))
        return None if pending is None else (*loc, pending)

    def _attach(self, value: Any) -> None:
        if not self.stack:
            self.source.data = value
            return
        top = self.stack[-1]
        container, _, pending = top
        if container is _DISCARD:
            return
        if isinstance(container, list):
            container.append(value)
        else:
            if pending is not _DISCARD:
                container[pending] = value
            top[2] = None

    def _check_node(self, event: yaml.NodeEvent, loc: Loc) -> None:
        if event.anchor is not None:
            self._problem(
                event, loc, f"YAML anchors (&{event.anchor}) are not allowed; write each value out", once_per_line=True
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and tag != "!" and implicit in (False, (False, False))
        if explicit and not self.allow_tags:
            shown = str(tag).replace("tag:yaml.org,2002:", "!!")
            self._problem(event, loc, f"YAML tags ({shown}) are not allowed; remove the tag", once_per_line=True)

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._problem(event, (), "only one record per file; remove the '---' line and what follows")
            return
        if self.documents > 1 or not isinstance(event, yaml.NodeEvent | yaml.CollectionEndEvent):
            return
        if isinstance(event, yaml.CollectionEndEvent):
            container = self.stack.pop()[0]
            if container is not _DISCARD:
                self._attach(container)
            return
        if self.stack and self.stack[-1][0] is _DISCARD:
            if isinstance(event, yaml.CollectionStartEvent):
                self.stack.append([_DISCARD, (), None])
            return
        loc = self._child_loc()
        if isinstance(event, yaml.AliasEvent):
            self._problem(
                event,
                loc or (),
                f"YAML aliases (*{event.anchor}) are not allowed; write the value out",
                once_per_line=True,
            )
            if loc is None:
                self.stack[-1][2] = f"*{event.anchor}"
            else:
                self._attach(None)
            return
        if loc is None:
            self._key(event)
            return
        self._check_node(event, loc)
        self.source.values[loc] = _at(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            plain = event.style is None or event.style == ""
            self._attach(None if plain and event.value in _NULLS else nfc(event.value))
        else:
            self.stack.append([[] if isinstance(event, yaml.SequenceStartEvent) else {}, loc, None])

    def _key(self, event: yaml.NodeEvent) -> None:
        top = self.stack[-1]
        mapping, loc, _ = top
        if not isinstance(event, yaml.ScalarEvent):
            self._problem(event, loc, "a key must be a plain word such as 'title'")
            # Skip the complex key's events and the value that follows it.
            self.stack.append([_DISCARD, loc, None])
            top[2] = _DISCARD
            return
        key = nfc(event.value)
        self._check_node(event, (*loc, key))
        if key in mapping:
            first = self.source.keys[(*loc, key)]
            self._problem(event, (*loc, key), f"duplicate key (first given on line {first[0]}); keep one")
        else:
            self.source.keys[(*loc, key)] = _at(event.start_mark)
        top[2] = key
