"""Problems found in a catalogue, and the one exception that reports them.

A *problem* is a mistake an editor can fix: it names the file, line, column and
key path, and says what is wrong and how to fix it. Anything else raised while
building is a bug in the tool.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


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
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


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


class CatalogueError(Exception):
    """The catalogue cannot be built as it is; the problems say why.

    The command line prints the problems without a traceback and exits 1.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
