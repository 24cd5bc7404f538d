"""Records written as an editor would write them: block style, short values inline, comments where to look.

The writer knows our record format's shapes (mappings, lists, text), so it
chooses for each value the plainest YAML that reads back as exactly the same
text: plain where that is safe, quoted where YAML would read it otherwise
(``"1.004222"``, ``"no"``, a value with ``: ``), folded (``>-``) for a long
paragraph, literal (``|-``) for text with line breaks; a short mapping or list
stays on one line (``time: {value: 7, unit: working_days}``). Every text is read
back with the catalogue's own YAML reader and compared: if anything would read
otherwise, the whole record is written in double quotes instead, which always
reads back exactly.

Comments go on the line before the key they are about (``# XEM LẠI: …``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from generator.load.yamlsource import parse
from generator.problems import CatalogueError

Path = tuple[str | int, ...]
WIDTH = 110
"""Lines are folded before this column."""
QUOTED_KEYS = {"code", "related", "replaced_by", "featured"}
"""Keys whose text is quoted even where plain would read the same: codes look like numbers."""
_NULLS = {"", "~", "null", "Null", "NULL"}
_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")
_PLAIN_FLOW = re.compile(r"^[^\s,\[\]{}#&*!|>'\"%@`:?-][^,\[\]{}]*$")


def dump(data: dict[str, Any], comments: dict[Path, list[str]] | None = None, header: list[str] | None = None) -> str:
    """*data* as YAML text, with *comments* (lines, without ``#``) before the keys at their paths."""
    for quote_all in (False, True):
        writer = _Writer(comments or {}, quote_all)
        lines = [f"# {line}".rstrip() for text in header or () for line in _wrap(text, WIDTH - 2)]
        lines += list(writer.mapping(data, 0, ()))
        text = "\n".join(lines) + "\n"
        if _reads_back(text, data):
            return text
    raise ValueError("record cannot be written as YAML that reads back the same")  # pragma: no cover


def _reads_back(text: str, data: dict[str, Any]) -> bool:
    try:
        return bool(parse(text, "<import>").data == data)
    except CatalogueError:
        return False


class _Writer:
    def __init__(self, comments: dict[Path, list[str]], quote_all: bool) -> None:
        self.comments = comments
        self.quote_all = quote_all

    def _comment(self, path: Path, indent: int) -> Iterator[str]:
        for comment in self.comments.get(path, ()):
            for line in _wrap(comment, WIDTH - indent - 2):
                yield f"{' ' * indent}# {line}".rstrip()

    def _inline(self, value: Any, path: Path, quoted: bool = False) -> str | None:
        if self.quote_all or _has_comments(path, self.comments):
            return None
        return _flow(value, quoted)

    def mapping(self, data: dict[str, Any], indent: int, path: Path, first: str = "") -> Iterator[str]:
        """Lines of a block mapping; *first* is the text before the first key (``- `` of a list item)."""
        pad = " " * indent
        for number, (key, value) in enumerate(data.items()):
            yield from self._comment((*path, key), indent)
            head = f"{first if number == 0 and first else pad}{key}:"
            yield from self.value(value, head, indent, (*path, key), quoted=key in QUOTED_KEYS)

    def value(self, value: Any, head: str, indent: int, path: Path, *, quoted: bool = False) -> Iterator[str]:
        if isinstance(value, dict):
            inline = self._inline(value, path)
            if inline is not None and len(head) + 1 + len(inline) <= WIDTH:
                yield f"{head} {inline}"
            else:
                yield head
                yield from self.mapping(value, indent + 2, path)
        elif isinstance(value, list):
            inline = self._inline(value, path, quoted)
            if not value:
                yield f"{head} []"
            elif inline is not None and len(head) + 1 + len(inline) <= WIDTH:
                yield f"{head} {inline}"
            else:
                yield head
                for index, item in enumerate(value):
                    yield from self.item(item, indent + 2, (*path, index), quoted=quoted)
        else:
            yield from _scalar(str(value), head, indent, self.quote_all or quoted)

    def item(self, item: Any, indent: int, path: Path, *, quoted: bool) -> Iterator[str]:
        pad = " " * indent
        yield from self._comment(path, indent)
        if isinstance(item, dict) and item:
            inline = self._inline(item, path)
            if inline is not None and indent + 2 + len(inline) <= WIDTH:
                yield f"{pad}- {inline}"
            else:
                yield from self.mapping(item, indent + 2, path, first=f"{pad}- ")
        else:
            yield from self.value(item, f"{pad}-", indent + 2, path, quoted=quoted)


def _has_comments(path: Path, comments: dict[Path, list[str]]) -> bool:
    return any(key[: len(path)] == path and len(key) > len(path) for key in comments)


def _flow(value: Any, quoted: bool = False) -> str | None:
    """*value* on one line (``{value: 7, unit: working_days}``, ``[xa, tinh]``), when every part is short text."""
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            text = _flow_scalar(item)
            if text is None:
                return None
            parts.append(f"{key}: {text}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        items = [_flow_scalar(item, quoted) for item in value]
        if any(item is None for item in items) or sum(len(item or "") for item in items) > 80:
            return None
        return "[" + ", ".join(item or "" for item in items) + "]"
    return None


def _flow_scalar(value: Any, quoted: bool = False) -> str | None:
    if not isinstance(value, str) or "\n" in value or len(value) > 60:
        return None
    if quoted or value in _NULLS or not _PLAIN_FLOW.match(value) or ": " in value or " #" in value:
        return _double(value)
    return value


def _scalar(text: str, head: str, indent: int, quote: bool) -> Iterator[str]:
    pad = " " * (indent + 2)
    if quote:
        yield f"{head} {_double(text)}"
    elif "\n" in text:
        if text.strip(" ") != text or any(line != line.rstrip() for line in text.split("\n")) or text.endswith("\n"):
            yield f"{head} {_double(text)}"
            return
        yield f"{head} |-"
        for line in text.split("\n"):
            yield f"{pad}{line}" if line else ""
    elif _plain(text) and len(head) + 1 + len(text) <= WIDTH:
        yield f"{head} {text}"
    elif _foldable(text):
        yield f"{head} >-"
        for line in _wrap(text, WIDTH - indent - 2):
            yield f"{pad}{line}"
    else:
        yield f"{head} {_double(text)}"


def _plain(text: str) -> bool:
    return (
        text not in _NULLS
        and not text.startswith(_INDICATORS)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\t" not in text
    )


def _foldable(text: str) -> bool:
    """A paragraph folding reads back the same: no double or edge spaces, nothing YAML's folding changes."""
    return text == text.strip() and "  " not in text and "\t" not in text and not text.startswith("#")


def _wrap(text: str, width: int) -> list[str]:
    """*text* cut at spaces into lines of at most *width* (a longer word stays whole); folding joins them back
    with one space, so :func:`_foldable` text reads back the same."""
    width = max(width, 20)
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line or not lines else lines


def _double(text: str) -> str:
    """*text* in double quotes: JSON's escapes are YAML's too."""
    return json.dumps(text, ensure_ascii=False)
