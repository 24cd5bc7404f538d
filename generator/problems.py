"""Problems found in a catalogue, and the one exception that reports them.

A *problem* is a mistake an editor can fix: it names the file, line, column and
key path, and says what is wrong and how to fix it. Anything else raised while
building is a bug in the tool.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: ``path:line:col: key.path: message``."""

    path: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        text = f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"
        return visible(text)


# Controls, format characters (bidirectional overrides, zero-width spaces, BOM)
# and line separators: in a terminal they could erase, recolour or reorder
# the message, so a problem shows each one by its code point.
_INVISIBLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)


def visible(text: str) -> str:
    """*text* with every invisible or control character written as ``<U+XXXX>``."""
    return _INVISIBLE.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)


def key_path(loc: Sequence[str | int]) -> str:
    """``("channels", 1, "fees", 0, "amount")`` → ``"channels[1].fees[0].amount"``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def display_path(path: Path, project: Path) -> str:
    """The path an editor recognises: relative to the project when inside it."""
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


MAX_PROBLEMS = 20
"""Problems listed per file; past that the file is likely not a record at all."""
TOO_MANY = "too many problems; fix the ones above and check again"


def limit(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` of one file's *problems*, and a note where the rest begin."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    ordered = sorted(problems)
    rest = ordered[MAX_PROBLEMS]
    return [*ordered[:MAX_PROBLEMS], Problem(rest.path, rest.line, rest.column, "", TOO_MANY)]


class CatalogueError(Exception):
    """The catalogue cannot be built as it is; the problems say why.

    The command line prints the problems without a traceback and exits 1.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def report(error: CatalogueError, stream: TextIO | None = None) -> None:
    """Print every problem, one a line, then how many there are in how many files."""
    out = stream or sys.stderr
    for problem in error.problems:
        print(problem, file=out)
    files = len({p.path for p in error.problems})
    count = sum(p.message != TOO_MANY for p in error.problems)
    more = " (more not listed)" if count < len(error.problems) else ""
    print(
        f"{count} problem{'s' * (count != 1)} in {files} file{'s' * (files != 1)}{more}; nothing was written.", file=out
    )
