"""Printed guides: one PDF per procedure, a handbook per field and one for the whole catalogue.

Each procedure is laid out once, as a *part* (``part.html``); its guide and the
handbook volumes it is in are assembled from parts (:class:`Assembly`), each
volume with a cover and contents (``front.html``) and, in the whole catalogue's
handbook, a title page (``divider.html``) before each field of more than one
procedure (a field of one starts with its procedure's own title). This module only writes
HTML documents (from ``templates/paper/``) and names the files they become;
:mod:`generator.pdf` renders and assembles them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.texts import Texts
from generator.pdf.jobs import FLOW, PAGE_MARK, PART_LINK, QR_SCHEME, Assembly, Bookmark, PdfJob, PrintProfile, Refit
from generator.project import PAPER_TEMPLATES, TEMPLATES_DIR
from generator.render.templating import template_env
from generator.text.vietnamese import format_date

GUIDE_STYLES = ("print-base.css", "guide.css")
PART_REFITS: tuple[Refit, ...] = (("fit-tight.css",), ("fit-keep.css",))
"""When a procedure's last page would hold a few lines: tighter spacing (a page fewer), else the closing
sections (where to go, legal basis, date checked) kept together on the last page."""
FRONT_REFITS: tuple[Refit, ...] = (("fit-tight.css",), ("fit-tight.css", "fit-contents.css"))
"""When the contents would run on to a page for a few lines: tighter, then in smaller type."""
HANDBOOK_VOLUME = 50
"""Procedures in one handbook PDF. A larger handbook comes in volumes: each stays a
book a print shop can bind (about 150 A4 pages)."""

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
    """A QR code, with a short address a person can type printed beneath it for those who cannot scan."""

    url: str
    caption: str
    address: str
    """``dichvucong.gov.vn – mã 1.004222``: the site's host and what to look up there."""
    alt: str

    @property
    def image(self) -> str:
        """The image's address: the PDF renderer draws the code (see :mod:`generator.pdf.worker`)."""
        return QR_SCHEME + self.url


def short_address(url: str, code: str, words: str) -> str:
    """The host of *url* without ``www.``, and the procedure's code to look up there."""
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    return words.format(host=host, code=code)


class GuideWriter:
    """The parts (each procedure laid out once, and a title page per field) and the assemblies made of them."""

    def __init__(self, catalogue: Catalogue, texts: Texts, profile: PrintProfile) -> None:
        self.catalogue = catalogue
        self.t = texts.print
        self.where = texts.where
        self.in_person = texts.in_person
        self.profile = profile
        self.env = template_env(catalogue.project / TEMPLATES_DIR / PAPER_TEMPLATES, catalogue, texts)
        self.env.globals.update(
            profile=profile,
            site_name=catalogue.site.site_name,
            latest_update=_latest_update,
            site_url=catalogue.site.site_url,
            readable_url=unquote,
            page_mark=lambda i: Markup(PAGE_MARK.format(part=i)),
            part_link=PART_LINK,
            flow=FLOW,
        )
        # What a part is written from besides its record (and the templates and code, which the pool adds).
        site = catalogue.site.model_dump_json(include={"site_name", "site_url"})
        shared = (texts.model_dump_json(), catalogue.settings.model_dump_json(), site, repr(profile))
        self.shared = hashlib.sha256("|".join(shared).encode()).hexdigest()

    def parts(self) -> Iterator[PdfJob]:
        for p in self.catalogue.current:  # an abolished procedure's page stays, but it has no guide to print
            memo = self._memo(p.model_dump_json())
            yield self._job(
                part_name(p),
                "part.html",
                p.title,
                p.code,
                p=p,
                qrs=self._qrs(p),
                part=True,
                memo=memo,
                refits=PART_REFITS,
            )
        books = handbooks(self.catalogue)
        if books:
            titled = {
                name
                for volumes in books.values()
                for book in volumes
                for name, ps in book.sections
                if name and _title_page(ps)
            }
            for name, procedures in self.catalogue.by_field().items():
                if name in titled:
                    title = self.t.handbook_field.format(name=name)
                    yield self._job(divider_name(name), "divider.html", title, name, count=len(procedures), part=True)
            if self.catalogue.settings.communes:
                yield self._job(communes_name(), "communes.html", self.where.commune_appendix, "", part=True)

    def assemblies(self) -> Iterator[Assembly]:
        for p in self.catalogue.current:
            yield Assembly(urls.guide(p), (part_name(p),), "guide", self.t.page_of, source=p.code)
        for books in handbooks(self.catalogue).values():
            for book in books:
                yield self._handbook(book)

    def _handbook(self, book: Handbook) -> Assembly:
        subtitle = self.t.handbook_field.format(name=book.name) if book.name else self.t.handbook_all
        if book.volumes > 1:
            subtitle += " – " + self.t.volume.format(n=book.volume, total=book.volumes)
        title = f"{self.t.handbook_title} – {subtitle}"
        parts: list[str] = []
        bookmarks = [Bookmark(self.t.contents, 1, front_page=front_contents_page())]
        entries: list[tuple[str, int, int]] = []  # title, level, part: the contents
        for name, procedures in book.sections:
            if name:  # the field's title page, or its one procedure's first page
                heading = self.t.handbook_field.format(name=name)
                bookmarks.append(Bookmark(heading, 1, len(parts)))
                entries.append((heading, 1, len(parts)))
                if _title_page(procedures):
                    parts.append(divider_name(name))
            for p in procedures:
                level = 2 if name else 1
                bookmarks.append(Bookmark(p.title, level, len(parts)))
                entries.append((p.title, level, len(parts)))
                parts.append(part_name(p))
        if self._communes_in(book):
            bookmarks.append(Bookmark(self.where.commune_appendix, 1, len(parts)))
            entries.append((self.where.commune_appendix, 1, len(parts)))
            parts.append(communes_name())
        memo = self._memo(title, subtitle, book.name, entries, [p.updated.isoformat() for p in book.procedures])
        front = self._job(
            book.path,
            "front.html",
            title,
            book.name or "",
            book=book,
            subtitle=subtitle,
            entries=entries,
            memo=memo,
            refits=FRONT_REFITS,
        )
        return Assembly(book.path, tuple(parts), "book", self.t.page_number, front, tuple(bookmarks), book.name or "")

    def _job(
        self,
        path: str,
        template: str,
        title: str,
        source: str,
        *,
        part: bool = False,
        memo: str = "",
        refits: tuple[Refit, ...] = (),
        **context: object,
    ) -> PdfJob:
        """A job whose HTML is written from *template* when it is needed (with a *memo*, only when its PDF
        is not in the cache)."""

        def html() -> str:
            return self.env.get_template(template).render(title=title, **context)

        return PdfJob(path, html, GUIDE_STYLES, source=source, part=part, memo=memo, refits=refits)

    def _memo(self, *values: object) -> str:
        """A job's :attr:`~PdfJob.memo`: *values* (what its template is given that the settings, texts,
        site and print profile do not hold), with those."""
        return hashlib.sha256(f"{self.shared}|{values!r}".encode()).hexdigest()

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
            address = short_address(url, p.code, self.t.qr_address)
            qrs.append(Qr(url, self.t.qr_page, address, self.t.qr_page_alt.format(url=url)))
        if p.online != "none":
            url = self.catalogue.portal_url(p)
            address = short_address(url, p.code, self.t.qr_address)
            caption = self.in_person.qr_portal if p.must_visit else self.t.qr_portal  # the trip is not saved
            qrs.append(Qr(url, caption, address, self.t.qr_portal_alt.format(url=url)))
        return qrs


def _title_page(procedures: list[Procedure]) -> bool:
    """Whether a field's procedures in a handbook volume open with the field's title page: not for one
    procedure, whose own first page names its field (a title page would stand alone before it)."""
    return len(procedures) > 1


def part_name(p: Procedure) -> str:
    """The name of a procedure's part (its pages, laid out once), for messages."""
    return f"{urls.guide(p)}#trang"


def divider_name(field_name: str) -> str:
    return f"{urls.field(field_name)}#trang-dau"


def communes_name() -> str:
    """The name of the list of commune police that ends a handbook (a part)."""
    return f"{urls.handbook(None)}#cong-an-cap-xa"


def front_contents_page() -> int:
    """The page of the front matter the contents start on (after the cover)."""
    return 1


def _latest_update(procedures: list[Procedure]) -> str:
    return format_date(max(p.updated for p in procedures))


def pdf_jobs(catalogue: Catalogue, texts: Texts, profile: PrintProfile) -> tuple[list[PdfJob], list[Assembly]]:
    """Every procedure's part and the guides and handbooks assembled from them, for
    :func:`generator.pdf.pool.render_pdfs`."""
    writer = GuideWriter(catalogue, texts, profile)
    return list(writer.parts()), list(writer.assemblies())
