"""What a PDF is made of (a job or an assembly), how it is printed (a profile), and what rendering gives back.

Shared by the producers, the pool and the worker, so none of them imports another.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from generator.model.settings import Paper
from generator.project import FONTS, PAPER_TEMPLATES

QR_SCHEME = "qr:"
"""``<img src="qr:https://...">`` in a PDF's HTML is a QR code holding that address, drawn by the worker."""
PART_LINK = "tt-part:"
"""``<a href="tt-part:3">`` in an assembly's front matter leads to the first page of its part 3."""
PAGE_MARK = "<!--tt-page:{part}-->"
"""Replaced, in an assembly's front matter, by the page number its part *part* starts on."""
FLOW = "tt-flow"
"""``id`` of the element of a document whose text runs on from page to page (a procedure, the contents):
where its last page's text ends, for :attr:`PdfJob.refits`."""
SHORT_PAGE = 0.3
"""A page onto which a document's text runs on is nearly empty when the text fills less than this
share of the page's height between its margins (a few lines of a legal basis, one line of contents)."""

Refit = tuple[str, ...]
"""Stylesheets (in ``templates/paper/``) added to a job's own for another layout."""

BLEED_MM = 3
Numbering = Literal["guide", "book"]


@dataclass(frozen=True)
class Margins:
    """Page margins in mm. Pages are laid out as right-hand pages (inner margin on the left);
    a left-hand page of a bound book is the same page moved by ``inner - outer`` (see ``assemble``)."""

    top: float
    outer: float
    bottom: float
    inner: float


MARGINS: dict[Paper, Margins] = {"A4": Margins(17, 14, 17, 22), "A5": Margins(13, 11, 14, 20)}
"""At least 20 mm on the binding side, so a handbook can be glued or sewn and still read to the fold."""


@dataclass(frozen=True)
class PrintProfile:
    """What the print shop asked for: paper size, and bleed with crop marks."""

    paper: Paper = "A4"
    bleed: bool = False
    press: bool = False
    """PDF/X-4 for a press (``catalogue print``) instead of tagged PDF/UA-1 for screens and office printers."""

    @property
    def margins(self) -> Margins:
        return MARGINS[self.paper]

    def css(self) -> str:
        """The ``@page`` rule that sets the sheet and its margins; page templates add boxes.

        Crop marks are not drawn by the renderer: assembled PDFs get them with the page
        numbers (a left-hand page moves, its marks must not), see :mod:`generator.pdf.assemble`.
        """
        m = self.margins
        rule = f"size: {self.paper}; margin: {m.top}mm {m.outer}mm {m.bottom}mm {m.inner}mm;"
        if self.bleed:
            rule += f" bleed: {BLEED_MM}mm;"
        return f"@page {{ {rule} }}\n"


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: where it is published and what it is made of."""

    path: str
    """Site-relative path of the PDF, e.g. ``thu-tuc/cap-ho-chieu/huong-dan.pdf``; for a part, a name."""
    document: str | Callable[[], str]
    """A whole HTML document (``<html lang="vi">``, ``<title>``, author ``<meta>``), or what writes it
    when it is needed (see :attr:`memo`)."""
    stylesheets: tuple[str, ...]
    """File names in ``templates/paper/``."""
    forms: bool = False
    """Make the document's ``<input>`` elements PDF form fields."""
    source: str = ""
    """The record the PDF is made from, for messages."""
    part: bool = False
    """Not published itself: pages that assemblies (:class:`Assembly`) are made of."""
    memo: str = ""
    """A digest of everything :attr:`document` writes the HTML from, other than the print templates and
    the generator's code (a record, the settings, the texts...). With it, a rebuild knows the PDF's key
    from a memo in the cache without writing the HTML again; empty: the key is always the HTML's hash."""
    refits: tuple[Refit, ...] = ()
    """Other layouts, tried in turn when the text of the element with the id :data:`FLOW` runs on to a
    last page it fills to less than :data:`SHORT_PAGE`: the first whose last page is not nearly empty
    is kept (else the one with the fewest pages). As a typesetter tightens the spacing to save a page,
    or keeps a short closing section with what comes before it."""

    @cached_property
    def html(self) -> str:
        return self.document if isinstance(self.document, str) else self.document()

    def __getstate__(self) -> dict[str, object]:
        """A job travels to a worker (in an assembly's task) with its HTML written, not what writes it."""
        html = self.html
        return {**{name: value for name, value in self.__dict__.items() if name != "html"}, "document": html}


@dataclass(frozen=True)
class Bookmark:
    """An entry of an assembled PDF's bookmarks: a part's first page, or a page of the front matter."""

    title: str
    level: int
    part: int | None = None
    """Index in :attr:`Assembly.parts`; None for a page of the front matter."""
    front_page: int = 0


@dataclass(frozen=True)
class Assembly:
    """A PDF made of already rendered parts: a guide (one part, numbered "Trang 1/3") or a
    handbook volume (front matter, then parts, numbered as a book with mirrored margins).

    Parts are laid out once and reused: editing one record renders its part again and
    re-assembles the guide and the volumes it is in, without laying the others out again.
    """

    path: str
    parts: tuple[str, ...]
    """Paths of the :class:`PdfJob` parts, in order."""
    numbering: Numbering
    label: str
    """The page number printed at the foot: ``"Trang {n}/{total}"``, ``"Trang {n}"``."""
    front: PdfJob | None = None
    """Cover and contents, rendered when the parts' page counts are known: in its HTML,
    :data:`PAGE_MARK` gives a part's first page and :data:`PART_LINK` links to it."""
    bookmarks: tuple[Bookmark, ...] = ()
    """Replace the parts' own bookmarks (a guide keeps its part's)."""
    source: str = ""


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
    """A job or an assembly, as a worker gets it: everything it needs, keyed by content."""

    key: str
    path: str
    html: str
    stylesheets: tuple[str, ...]
    forms: bool = False
    refits: tuple[Refit, ...] = ()
    assembly: Assembly | None = None
    parts: tuple[str, ...] = ()
    """The cached files of the assembly's parts (on the machine that runs the task)."""
    part_data: tuple[bytes, ...] = field(default=(), repr=False)
    """The parts' bytes instead, for a worker on another machine."""
    target: str = ""
    """Where a worker on this machine writes the PDF (the cache file); empty: give the bytes back."""


def template_files(templates: Path) -> list[Path]:
    """The files a PDF may read: the print layouts and the fonts."""
    files: list[Path] = []
    for folder in (templates / PAPER_TEMPLATES, templates / FONTS):
        files += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return files


PUBLISHED_FILE = 0o644
"""Mode of a rendered PDF: readable by the web server, which runs as another user."""


def write_atomically(target: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (a killed build leaves no half PDF under its key)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, PUBLISHED_FILE)  # mkstemp makes 0600; the site links this file in, and a web server reads it
        os.replace(tmp, target)
    except OSError:  # a full disk: leave no half-written file in the cache; the build reports it
        Path(tmp).unlink(missing_ok=True)
        raise
