"""Printed guides: one PDF per procedure, a handbook per field and one for the whole catalogue.

This module only writes HTML documents (from ``templates/print/``) and names the
files they become; :mod:`generator.pdf` renders them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.texts import Texts
from generator.pdf.jobs import QR_SCHEME, PdfJob, PrintProfile
from generator.project import TEMPLATES_DIR
from generator.render.templating import template_env
from generator.text.vietnamese import format_date

GUIDE_STYLES = ("print-base.css", "guide.css")
HANDBOOK_VOLUME = 50
"""Procedures in one handbook PDF. A larger handbook comes in volumes: each stays a
book a print shop can bind (about 140 A4 pages) and a worker can lay out in
a few hundred MB of memory."""

Section = tuple[str | None, list[Procedure]]
"""A field's name (None in a field's own handbook) and its procedures."""


@dataclass(frozen=True)
class Handbook:
    """One handbook PDF: a field's or the whole catalogue's, or one volume of it."""

    path: str
    name: str | None
    """The field, or None for the whole catalogue."""
    volume: int
    volumes: int
    sections: list[Section]

    @property
    def procedures(self) -> list[Procedure]:
        return [p for _, procedures in self.sections for p in procedures]


def handbooks(catalogue: Catalogue) -> dict[str | None, list[Handbook]]:
    """The handbooks of every field (by name) and of the whole catalogue (under None), in volumes.

    None at all when the settings turn handbooks off (``print: {handbooks: false}``).
    """
    if not catalogue.settings.print.handbooks:
        return {}
    by_field = catalogue.by_field()
    books: dict[str | None, list[Handbook]] = {
        name: _volumes(name, [(None, p) for p in procedures]) for name, procedures in by_field.items()
    }
    books[None] = _volumes(None, [(name, p) for name, procedures in by_field.items() for p in procedures])
    return books


def _volumes(name: str | None, items: list[tuple[str | None, Procedure]]) -> list[Handbook]:
    chunks = [items[i : i + HANDBOOK_VOLUME] for i in range(0, len(items), HANDBOOK_VOLUME)]
    books = []
    for number, chunk in enumerate(chunks, start=1):
        sections: list[Section] = []
        for field_name, procedure in chunk:
            if not sections or sections[-1][0] != field_name:
                sections.append((field_name, []))
            sections[-1][1].append(procedure)
        path = urls.handbook(name, number, len(chunks))
        books.append(Handbook(path, name, number, len(chunks), sections))
    return books


@dataclass(frozen=True)
class Qr:
    """A QR code with the address it holds, printed beneath it for those who cannot scan."""

    url: str
    caption: str
    alt: str

    @property
    def image(self) -> str:
        """The image's address: the PDF renderer draws the code (see :mod:`generator._pdfworker`)."""
        return QR_SCHEME + self.url


class GuideWriter:
    def __init__(self, catalogue: Catalogue, texts: Texts, profile: PrintProfile) -> None:
        self.catalogue = catalogue
        self.t = texts.print
        self.profile = profile
        self.env = template_env(catalogue.project / TEMPLATES_DIR / "print", catalogue, texts)
        self.env.globals.update(profile=profile, site_name=catalogue.site.site_name, latest_update=_latest_update,
                                site_url=catalogue.site.site_url, readable_url=unquote)  # fmt: skip

    def jobs(self) -> Iterator[PdfJob]:
        for p in self.catalogue.current:  # an abolished procedure's page stays, but it has no guide to print
            yield self._job(urls.guide(p), "guide.html", p.title, p.code, p=p, qrs=self._qrs(p))
        for books in handbooks(self.catalogue).values():
            for book in books:
                subtitle = self.t.handbook_field.format(name=book.name) if book.name else self.t.handbook_all
                if book.volumes > 1:
                    subtitle += " – " + self.t.volume.format(n=book.volume, total=book.volumes)
                title = f"{self.t.handbook_title} – {subtitle}"
                yield self._job(book.path, "handbook.html", title, book.name or "", book=book, subtitle=subtitle,
                                qrs=self._qrs, book_communes=self._communes_in(book))  # fmt: skip

    def _job(self, path: str, template: str, title: str, source: str, **context: object) -> PdfJob:
        html = self.env.get_template(template).render(title=title, **context)
        return PdfJob(path, html, GUIDE_STYLES, source=source)

    def _communes_in(self, book: Handbook) -> bool:
        """Whether *book* ends with the list of commune police: some of its procedures are done there."""
        settings = self.catalogue.settings
        return any((office := settings.office(p.agency)) and office.per_commune for p in book.procedures) and bool(
            settings.communes
        )

    def _qrs(self, p: Procedure) -> list[Qr]:
        qrs = []
        site_url = self.catalogue.site.site_url
        if site_url:
            url = site_url.rstrip("/") + "/" + urls.procedure(p)
            qrs.append(Qr(url, self.t.qr_page, self.t.qr_page_alt.format(url=url)))
        if p.online != "none":
            url = self.catalogue.portal_url(p)
            qrs.append(Qr(url, self.t.qr_portal, self.t.qr_portal_alt.format(url=url)))
        return qrs


def _latest_update(procedures: list[Procedure]) -> str:
    return format_date(max(p.updated for p in procedures))


def pdf_jobs(catalogue: Catalogue, texts: Texts, profile: PrintProfile) -> list[PdfJob]:
    """Every guide and handbook of the catalogue, as jobs for :func:`generator.pdf.render_pdfs`."""
    return list(GuideWriter(catalogue, texts, profile).jobs())
