"""``catalogue print``: the print pack, for a print shop and for the reception desk's wall.

Written into ``print/`` beside the site (never into ``site/``, never published): every guide (A4), every
handbook (A5, and the same imposed for saddle stitching on A4 sheets), every form an office hands out on
paper (A4) and the counter posters (A4 and A3, portrait and landscape), each as PDF/X-4 for a one-ink
(black) press with 3 mm bleed (:mod:`generator.paper.press`); a job ticket for each file and one for the
pack, as a page a person reads (HTML) and as JSON; on request, the pack zipped per agency.

The PDFs are rendered by the same engine as the site's (:mod:`generator.pdf`), with a press profile
(``PrintProfile.press``: WeasyPrint's ``pdf/x-4``) and their own cache (``.catalogue/print-cache/``),
so a second pack after editing one record renders only what that record is in. The site's PDFs stay
as they are (tagged PDF/UA, for screens and office printers).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import shutil
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import pikepdf

from generator import urls
from generator.build import check
from generator.data.opendata import last_updated
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.texts import PressTexts, Texts
from generator.paper import forms, guides, posters
from generator.paper.press import PT, press, summary
from generator.pdf.jobs import BLEED_MM, Assembly, PdfJob, PdfStats, PrintProfile, RenderedPdf
from generator.pdf.pool import render_pdfs
from generator.problems import CatalogueError, Problem
from generator.project import PAPER_TEMPLATES, PRINT_CACHE, PRINT_DIR, SITE_DIR, TEMPLATES_DIR
from generator.render.templating import template_env
from generator.text.vietnamese import slugify

log = logging.getLogger(__name__)

INTENT_LINK = '<link rel="stylesheet" href="press/intent.css">'
"""Linked from each document's head: WeasyPrint takes the output intent's profile from it."""
PRESS_STYLE = "press.css"
PACK_TICKET = "phieu-in"
"""The pack's job ticket: ``phieu-in.html`` and ``phieu-in.json`` at the top of the pack."""
SADDLE_PAGES = 64
"""The most A5 pages a saddle-stitched booklet holds well (16 sheets of 80 g/m² paper)."""
SHEET_MM = 0.1
"""The thickness of a sheet of 80 g/m² offset paper. A sheet's fold wraps around the sheets inside it,
so its pages, folded, end nearer the spine by this much for each of them (creep): the imposition moves
them out by as much, and the fore-edge margins are the same on every sheet once trimmed."""
SIGNATURE_SHEETS = 4
"""A handbook too thick to staple is imposed in signatures of this many sheets (16 pages), each folded and
nested on its own, to be gathered and sewn or glued."""
CREEP_FROM = 5
"""Sheets from which creep is compensated (up to 16 pages, the shift is under 0.4 mm and trimming hides it)."""


@dataclass(frozen=True)
class PackOptions:
    out: Path | None = None
    """Where to write the pack; default ``print/`` in the project."""
    zip: bool = False
    """Also one zip per agency (``zip/<agency>.zip``): its guides, forms, posters and the handbooks it is in."""
    workers: int | None = None


@dataclass
class Ticket:
    """A file's job ticket: what a print shop needs to print it."""

    file: str
    kind: str
    trim_mm: tuple[float, float]
    pages: int
    binding: str
    paper: str
    updated: date
    sha256: str
    output_intent: str
    agencies: tuple[str, ...]
    standard: str = "PDF/X-4"
    bleed_mm: int = BLEED_MM
    colours: str = "1/1 K"
    """Inks front/back: ``1/1 K`` black on both sides, ``1/0 K`` on one."""
    sheets: int = 0
    """The sheets of an imposed file (its pages are the sheets' sides)."""
    kind_text: str = ""
    trim_text: str = ""
    pages_text: str = ""
    colours_text: str = ""

    def json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            "standard": self.standard,
            "output_intent": self.output_intent,
            "trim_mm": list(self.trim_mm),
            "bleed_mm": self.bleed_mm,
            "pages": self.pages,
            **({"sheets": self.sheets} if self.sheets else {}),
            "colours": self.colours,
            "binding": self.binding,
            "paper": self.paper,
            "content_updated": self.updated.isoformat(),
            "sha256": self.sha256,
            "agencies": list(self.agencies),
        }


@dataclass
class PackReport:
    out: Path
    tickets: list[Ticket] = field(default_factory=list)
    rendered: int = 0
    seconds: float = 0.0
    zips: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class _Item:
    """A PDF of the pack before it is pressed: where it goes and what the ticket says."""

    site_path: str
    file: str
    kind: str
    updated: date
    agencies: tuple[str, ...]
    handbook: bool = False


def make_pack(project: Path, options: PackOptions | None = None) -> PackReport:
    """Write the print pack of the catalogue in *project*; raise :class:`CatalogueError` on any problem."""
    started = time.perf_counter()
    options = options or PackOptions()
    project = project.resolve()
    out = (options.out or project / PRINT_DIR).resolve()
    _refuse(project, out)
    catalogue = check(project)
    texts = load_texts(project / TEMPLATES_DIR)
    report = PackReport(out)
    items, a4, a5, a4_assemblies, a5_assemblies = _jobs(catalogue, texts)
    stats: list[int] = []
    rendered: dict[str, RenderedPdf] = {}
    for paper, jobs, assemblies in (("A4", a4, a4_assemblies), ("A5", a5, a5_assemblies)):
        profile = PrintProfile(paper, bleed=True, press=True)  # type: ignore[arg-type]
        cache = project / PRINT_CACHE / paper
        count = PdfStats()
        rendered |= render_pdfs(
            project, jobs, profile, assemblies=assemblies, workers=options.workers, cache=cache, stats=count
        )
        stats.append(count.rendered)
    report.rendered = sum(stats)
    staging = out.with_name(f".{out.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for item in items:
            report.tickets += _write(staging, item, rendered[item.site_path].file.read_bytes(), texts)
        _write_tickets(staging, catalogue, texts, report.tickets)
        if options.zip:
            report.zips = _zips(staging, report.tickets)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.zips = [out / zipped.relative_to(staging) for zipped in report.zips]
    report.seconds = time.perf_counter() - started
    return report


def _refuse(project: Path, out: Path) -> None:
    """The pack goes beside the site, never into it, and never over the project or a folder it did not write."""
    site = (project / SITE_DIR).resolve()
    problem = ""
    if out == site or out.is_relative_to(site):
        problem = f"the print pack would be published with the site: write it outside {site}"
    elif project.is_relative_to(out):
        problem = "the print pack's folder would hold the project: choose a folder of its own"
    elif out.exists() and any(out.iterdir()) and not (out / f"{PACK_TICKET}.json").is_file():
        problem = f"{out} holds files that are not a print pack: choose an empty or new folder"
    if problem:
        raise CatalogueError([Problem(str(out), 0, 0, "", problem)])


def _press_job(job: PdfJob) -> PdfJob:
    """*job* as the press needs it: the output intent linked from its head, forms given bleed."""
    html = job.html
    if "</head>" not in html:
        raise ValueError(f"{job.path}: a printed document has a <head>")
    document = html.replace("</head>", INTENT_LINK + "</head>", 1)
    return dataclasses.replace(job, document=document, stylesheets=(*job.stylesheets, PRESS_STYLE), memo="")


def _press_assembly(assembly: Assembly) -> Assembly:
    if assembly.front is None:
        return assembly
    return dataclasses.replace(assembly, front=_press_job(assembly.front))


def _jobs(
    catalogue: Catalogue, texts: Texts
) -> tuple[list[_Item], list[PdfJob], list[PdfJob], list[Assembly], list[Assembly]]:
    """What the pack holds, and the jobs that make it: A4 (guides, forms, posters) and A5 (handbooks)."""
    content_date = last_updated(catalogue)
    items: list[_Item] = []
    a4_parts, a4_assemblies = guides.pdf_jobs(catalogue, texts, PrintProfile("A4", True, True))
    guide_assemblies = [a for a in a4_assemblies if a.numbering == "guide"]
    wanted = {part for a in guide_assemblies for part in a.parts}
    a4 = [_press_job(job) for job in a4_parts if job.path in wanted]
    by_guide = {urls.guide(p): p for p in catalogue.current}
    for assembly in guide_assemblies:
        p = by_guide[assembly.path]
        items.append(_Item(assembly.path, f"huong-dan/{_name(assembly.path)}", "guide", p.updated, (p.agency,)))
    for job in forms.pdf_jobs(catalogue, texts):
        if job.forms:  # the fillable PDF is for screens
            continue
        a4.append(_press_job(job))
        form_id = PurePosixPath(job.path).parent.name
        users = sorted({p.agency for p in catalogue.current if form_id in _forms_of(p)})
        items.append(_Item(job.path, f"bieu-mau/{_name(job.path)}", "form", content_date, tuple(users)))
    made = posters.posters(catalogue)
    a4 += [_press_job(job) for job in posters.pdf_jobs(catalogue, texts, made)]
    for poster in made:
        newest = max(p.updated for p in poster.procedures)
        agencies: tuple[str, ...] = (poster.agency,)
        items.append(_Item(poster.path, poster.path, "poster", newest, agencies))
    a5_parts, a5_all = guides.pdf_jobs(catalogue, texts, PrintProfile("A5", True, True))
    books = [a for a in a5_all if a.numbering == "book"]
    wanted = {part for a in books for part in a.parts}
    a5 = [_press_job(job) for job in a5_parts if job.path in wanted]
    handbook_procedures = _handbook_procedures(catalogue)
    for assembly in books:
        procedures = handbook_procedures[assembly.path]
        newest = max(p.updated for p in procedures)
        agencies = tuple(sorted({p.agency for p in procedures}))
        items.append(_Item(assembly.path, f"so-tay/{_name(assembly.path)}", "handbook", newest, agencies, True))
    return items, a4, a5, [_press_assembly(a) for a in guide_assemblies], [_press_assembly(a) for a in books]


def _name(site_path: str) -> str:
    return PurePosixPath(site_path).name


def _forms_of(p: Procedure) -> set[str]:
    return {item.form for group in p.documents for item in group.items if item.form}


def _handbook_procedures(catalogue: Catalogue) -> dict[str, list[Procedure]]:
    return {book.path: book.procedures for volumes in guides.handbooks(catalogue).values() for book in volumes}


def _write(folder: Path, item: _Item, data: bytes, texts: Texts) -> list[Ticket]:
    """Press *data* into the pack as *item* (and, for a handbook, its imposed booklet); their tickets."""
    pressed, _ = press(data, item.updated)
    t = texts.press
    if item.handbook:
        pages = summary(pressed).pages
        pressed = pad_pages(pressed, 4 if pages <= SADDLE_PAGES else 4 * SIGNATURE_SHEETS)
    target = folder / item.file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pressed)
    check = summary(pressed)
    if item.kind == "guide":
        binding, paper = t.binding_sheets, t.paper_text
    elif item.kind == "form":
        binding, paper = (t.binding_none if check.pages == 1 else t.binding_sheets), t.paper_text
    elif item.kind == "poster":
        binding, paper = t.binding_none, t.paper_poster
    else:
        binding, paper = (t.binding_saddle if check.pages <= SADDLE_PAGES else t.binding_thick), t.paper_cover
    tickets = [_ticket(item, item.file, item.kind, pressed, binding=binding, paper=paper, t=t)]
    if item.handbook:
        booklet = impose(pressed)
        if booklet is not None:
            name = item.file.removesuffix(".pdf") + "-dan-trang.pdf"
            (folder / name).write_bytes(booklet)
            stapled = check.pages <= SADDLE_PAGES
            binding = t.binding_booklet if stapled else t.binding_thick
            ticket = _ticket(item, name, "booklet", booklet, binding=binding, paper=t.paper_cover, t=t)
            ticket.sheets = ticket.pages // 2
            ticket.pages_text = t.sheets.format(pages=ticket.pages, sheets=ticket.sheets)
            tickets.append(ticket)
    return tickets


def _ticket(item: _Item, file: str, kind: str, data: bytes, *, binding: str, paper: str, t: PressTexts) -> Ticket:
    """A file's ticket, its trim size, pages and output intent read from the file itself. A poster and a
    one-page form or guide are printed on one side (1/0), the rest on both (1/1)."""
    found = summary(data)
    one_side = kind == "poster" or found.pages == 1
    trim = found.trim_mm
    return Ticket(
        file,
        kind,
        trim,
        found.pages,
        binding,
        paper,
        item.updated,
        hashlib.sha256(data).hexdigest(),
        found.output_intent,
        item.agencies,
        kind_text=t[f"kind_{kind}"],
        trim_text=f"{trim[0]:g} × {trim[1]:g} mm",
        pages_text=str(found.pages),
        colours="1/0 K" if one_side else "1/1 K",
        colours_text=t.colours_one if one_side else t.colours_both,
    )


def pad_pages(data: bytes, multiple: int) -> bytes:
    """A handbook with blank pages added at its end (same boxes, nothing printed) to a multiple of
    *multiple* pages: a saddle-stitched booklet is made of sheets of four pages each, a sewn one of
    signatures of :data:`SIGNATURE_SHEETS` sheets."""
    pdf = pikepdf.open(io.BytesIO(data))
    last = pdf.pages[-1].obj
    while len(pdf.pages) % multiple:
        blank = pikepdf.Dictionary(Type=pikepdf.Name.Page, Resources=pikepdf.Dictionary())
        for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox"):
            if box in last:
                blank[box] = pikepdf.Array(list(last[box]))
        blank.Contents = pdf.make_stream(b"")
        pdf.pages.append(pikepdf.Page(blank))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def impose(data: bytes) -> bytes | None:
    """The A5 handbook *data* imposed for saddle stitching: two trimmed pages side by side on each side of
    an A4 sheet (landscape), sheets nested in reading order, the outer sheets' pages moved out by the creep;
    3 mm bleed around each sheet, in which the imposition library draws crop marks. A handbook over
    :data:`SADDLE_PAGES` pages is imposed as signatures of :data:`SIGNATURE_SHEETS` sheets, each nested on
    its own, one after the other. As PDF/X-4 with the handbook's output intent. None when the ``print``
    extra (pdfimpose) is not installed."""
    try:
        from pdfimpose.schema import saddle  # type: ignore[import-untyped]
    except ImportError:
        log.warning("The handbooks are not imposed for saddle stitching: install the print extra (pdfimpose)")
        return None
    source = pikepdf.open(io.BytesIO(data))
    for page in source.pages:  # impose the trimmed pages: the bleed is the sheet's, around it
        page.obj.MediaBox = page.obj.CropBox = pikepdf.Array(list(page.trimbox))
        for box in ("/BleedBox", "/TrimBox"):
            if box in page.obj:
                del page.obj[box]
    pages = len(source.pages)
    size = 4 * SIGNATURE_SHEETS if pages > SADDLE_PAGES else pages  # too thick: sewn signatures of 16 pages
    signatures = []
    for first in range(0, pages, size):
        signature = pikepdf.new()
        signature.pages.extend(source.pages[first : first + size])
        signatures.append(_saddle(saddle, signature))
    joined = pikepdf.open(io.BytesIO(signatures[0]))
    for other in signatures[1:]:
        joined.pages.extend(pikepdf.open(io.BytesIO(other)).pages)
    out = io.BytesIO()
    joined.save(out)
    return _as_press_sheets(out.getvalue(), pikepdf.open(io.BytesIO(data)))


def _saddle(saddle: Any, pages: pikepdf.Pdf) -> bytes:
    """*pages* (a multiple of four) imposed as one saddle-stitched set of nested sheets, with creep."""
    sheets = len(pages.pages) // 4
    mm = PT / 25.4

    def creep(sheet: int) -> float:
        """The gap between the two pages of the *sheet*-th sheet from the outside (0): twice the shift."""
        inside = sheets - 1 - sheet
        return 2 * SHEET_MM * mm * inside if sheets >= CREEP_FROM else 0.0

    source, imposed = io.BytesIO(), io.BytesIO()
    pages.save(source)
    source.seek(0)
    saddle.impose([source], imposed, folds="h", omargin=BLEED_MM * mm, mark=["crop"], creep=creep)
    return imposed.getvalue()


def _as_press_sheets(data: bytes, handbook: pikepdf.Pdf) -> bytes:
    """The imposed sheets with the handbook's output intent, XMP and dates, and their boxes: the sheet
    trimmed to the pages' width, 3 mm bleed around it."""
    pdf = pikepdf.open(io.BytesIO(data))
    bleed = BLEED_MM * PT / 25.4
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        page.obj.BleedBox = pikepdf.Array([x0, y0, x1, y1])
        page.obj.TrimBox = pikepdf.Array([x0 + bleed, y0 + bleed, x1 - bleed, y1 - bleed])
    pdf.Root.OutputIntents = _copy(pdf, handbook.Root.OutputIntents)
    pdf.Root.Metadata = _copy(pdf, handbook.Root.Metadata)
    for key in ("/Title", "/Author", "/Subject", "/CreationDate", "/ModDate", "/Trapped"):
        if key in handbook.docinfo:
            pdf.docinfo[key] = handbook.docinfo[key]
    pdf.docinfo["/Producer"] = "pdfimpose, pikepdf"
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _copy(pdf: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """*obj* of another PDF, into *pdf* (direct dictionaries and arrays too)."""
    if obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pdf, value) for key, value in obj.items()})
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, value) for value in obj])
    return obj


def _write_tickets(folder: Path, catalogue: Catalogue, texts: Texts, tickets: Iterable[Ticket]) -> None:
    """Each file's job ticket beside it (``<file>.phieu-in.html`` and ``.json``), and the pack's."""
    env = template_env(catalogue.project / TEMPLATES_DIR / PAPER_TEMPLATES, catalogue, texts)
    template = env.get_template("ticket.html")
    tickets = list(tickets)
    for ticket in tickets:
        stem = folder / ticket.file.removesuffix(".pdf")
        title = f"{texts.press.ticket_title} – {PurePosixPath(ticket.file).name}"
        Path(f"{stem}.{PACK_TICKET}.html").write_text(template.render(title=title, tickets=[ticket]), encoding="utf-8")
        Path(f"{stem}.{PACK_TICKET}.json").write_text(_json(ticket.json()), encoding="utf-8")
    title = texts.press.ticket_pack.format(site=catalogue.site.site_name)
    (folder / f"{PACK_TICKET}.html").write_text(template.render(title=title, tickets=tickets), encoding="utf-8")
    pack = {
        "title": title,
        "standard": "PDF/X-4",
        "colours": "black (K) only",
        "bleed_mm": BLEED_MM,
        "content_updated": max(t.updated for t in tickets).isoformat() if tickets else None,
        "files": [t.json() for t in tickets],
    }
    (folder / f"{PACK_TICKET}.json").write_text(_json(pack), encoding="utf-8")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _zips(folder: Path, tickets: list[Ticket]) -> list[Path]:
    """One zip per agency: the files it is named in, their tickets, and the pack's ticket."""
    by_agency: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        for agency in ticket.agencies:
            by_agency.setdefault(agency, []).append(ticket)
    made = []
    for agency, own in sorted(by_agency.items()):
        target = folder / "zip" / f"{slugify(agency, 60)}.zip"
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for ticket in own:
                stem = ticket.file.removesuffix(".pdf")
                for name in (ticket.file, f"{stem}.{PACK_TICKET}.html", f"{stem}.{PACK_TICKET}.json"):
                    archive.write(folder / name, name)
            for name in (f"{PACK_TICKET}.html", f"{PACK_TICKET}.json"):
                archive.write(folder / name, name)
        made.append(target)
    return made
