"""Counter posters: what an office pins at its one-stop reception desk (niêm yết tại Bộ phận Một cửa).

For each agency that receives dossiers (a record's ``agency``; "Công an cấp xã" is every commune's), the
list of its procedures, each with its fee, time limit, whether it can be submitted online and a QR code
to its page; and one poster per procedure for the most used (``print.posters`` in the settings). Each
in A4 and A3, portrait and landscape. Only what the records say: the words are the lists' (fee and time
"at a glance", the online level). Written as HTML from ``templates/paper/poster.html``; the print pack
(``generator/pack.py``) renders them with its other PDFs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import unquote

from markupsafe import Markup

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.texts import Texts
from generator.paper.guides import Qr
from generator.pdf.jobs import PdfJob
from generator.project import PAPER_TEMPLATES, TEMPLATES_DIR
from generator.render.templating import template_env
from generator.text.vietnamese import slugify

POSTER_STYLES = ("print-base.css", "poster.css")
SHEETS = {"A4": (18, 12), "A3": (25, 15)}
"""Body type in points (read from two metres) and margin in mm, by sheet."""
ORIENTATIONS = ("portrait", "landscape")
ORIENTATION_SLUG = {"portrait": "doc", "landscape": "ngang"}


@dataclass(frozen=True)
class Poster:
    """One poster PDF: an agency's list or one procedure, on one sheet size and orientation."""

    path: str
    """Inside the pack: ``ap-phich/<agency>-a3-doc.pdf``."""
    title: str
    sheet: str
    orientation: str
    procedures: tuple[Procedure, ...]
    agency: str
    single: bool


def posters(catalogue: Catalogue) -> list[Poster]:
    """Every poster of the catalogue: each agency's list, then each most used procedure's own."""
    made: list[Poster] = []
    for agency, procedures in catalogue.by_agency().items():
        for sheet in SHEETS:
            for orientation in ORIENTATIONS:
                name = f"ap-phich/{slugify(agency, 60)}-{sheet.lower()}-{ORIENTATION_SLUG[orientation]}.pdf"
                made.append(Poster(name, agency, sheet, orientation, tuple(procedures), agency, False))
    for code in catalogue.settings.print.posters:
        p = catalogue.by_code[code]
        if p.code in catalogue.withdrawn:
            continue
        for sheet in SHEETS:
            for orientation in ORIENTATIONS:
                name = f"ap-phich/thu-tuc-{p.slug}-{sheet.lower()}-{ORIENTATION_SLUG[orientation]}.pdf"
                made.append(Poster(name, p.title, sheet, orientation, (p,), p.agency, True))
    return made


def sheet_number(words: str) -> Markup:
    """``Tờ {n}/{total}`` as a CSS ``content`` value: the sheet's number and the count, as the renderer counts
    pages (a list too long for one sheet goes on to the next, its heading row repeated)."""
    parts = re.split(r"(\{n\}|\{total\})", words)
    values = {"{n}": "counter(page)", "{total}": "counter(pages)"}
    return Markup(" ".join(values.get(part) or json.dumps(part, ensure_ascii=False) for part in parts if part))


def page_url(catalogue: Catalogue, p: Procedure) -> str | None:
    """The address of a procedure's page, which its QR code holds; None without a site address."""
    site_url = catalogue.site.site_url
    return site_url.rstrip("/") + "/" + urls.procedure(p) if site_url else None


def pdf_jobs(catalogue: Catalogue, texts: Texts, made: list[Poster]) -> list[PdfJob]:
    """The PDF job of each poster (to render with the print pack's profile)."""
    env = template_env(catalogue.project / TEMPLATES_DIR / PAPER_TEMPLATES, catalogue, texts)
    env.globals.update(site_name=catalogue.site.site_name, readable_url=unquote)
    jobs = []
    for poster in made:
        qrs = {}
        for p in poster.procedures:
            url = page_url(catalogue, p)
            if url:
                qrs[p.code] = Qr(url, texts.press.poster_scan, url, texts.print.qr_page_alt.format(url=url))
        base, margin = SHEETS[poster.sheet]

        context: dict[str, object] = {
            "title": poster.title,
            "sheet": poster.sheet,
            "orientation": poster.orientation,
            "base": base * (1.4 if poster.single else 1),
            "margin": margin,
            "agency": poster.agency,
            "sheet_number": sheet_number(texts.press.poster_page),
        }
        if poster.single:
            [p] = poster.procedures
            context.update(rows=(), p=p, qr=qrs.get(p.code), qrs=qrs)
        else:
            context.update(rows=poster.procedures, qrs=qrs)
        html = env.get_template("poster.html").render(**context)
        jobs.append(PdfJob(poster.path, html, POSTER_STYLES, source=poster.agency))
    return jobs
