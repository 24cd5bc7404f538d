"""What a PDF is made of (a job), how it is printed (a profile), and what rendering it gives back.

Shared by the producers, the pool and the worker, so none of them imports another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

PRINT_DIR = "print"
FONTS_DIR = "fonts"
QR_SCHEME = "qr:"
"""``<img src="qr:https://...">`` in a PDF's HTML is a QR code holding that address, drawn as vectors."""

Paper = Literal["A4", "A5"]
PAPERS: tuple[Paper, ...] = ("A4", "A5")
BLEED_MM = 3


@dataclass(frozen=True)
class PrintProfile:
    """What the print shop asked for: paper size, and bleed with crop marks."""

    paper: Paper = "A4"
    bleed: bool = False

    def css(self) -> str:
        """The ``@page`` rule that sets the sheet; page templates add margins and boxes."""
        rule = f"size: {self.paper};"
        if self.bleed:
            rule += f" bleed: {BLEED_MM}mm; marks: crop;"
        return f"@page {{ {rule} }}\n"


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: where it is published and what it is made of."""

    path: str
    """Site-relative path of the PDF, e.g. ``thu-tuc/cap-ho-chieu/huong-dan.pdf``."""
    html: str
    """A whole HTML document (``<html lang="vi">``, ``<title>``, author ``<meta>``)."""
    stylesheets: tuple[str, ...]
    """File names in ``templates/print/``."""
    forms: bool = False
    """Make the document's ``<input>`` elements PDF form fields."""
    source: str = ""
    """The record the PDF is made from, for messages."""


@dataclass(frozen=True)
class RenderedPdf:
    file: Path
    """The PDF in the cache; never modified once written (it is named by its key)."""
    size: int


@dataclass
class PdfStats:
    total: int = 0
    rendered: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Task:
    key: str
    path: str
    html: str
    stylesheets: tuple[str, ...]
    forms: bool
    target: str
