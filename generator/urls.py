"""Addresses of the published site, computed in one place.

Every URL is relative to the site root and ends in ``/`` (MkDocs directory
URLs); :func:`relative` turns one into a link from another page, so the site
works under any base path and from a local folder.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from generator.model.catalogue import Catalogue
from generator.model.journeys import Journey
from generator.model.records import Form, Procedure
from generator.text.vietnamese import initial, slugify

HOME = ""
PROCEDURES = "thu-tuc/"
FIELDS = "linh-vuc/"
AGENCIES = "co-quan/"
LEVELS = "cap/"
A_Z = "a-z/"
FORMS = "bieu-mau/"
JOURNEYS = "su-kien/"
SCHEMA = "schema/"
SEARCH = "tim-kiem/"
SEARCH_INDEX = "search/"
OLD_COMMUNES = f"{SEARCH}xa-phuong-cu.json"
"""The communes before 1 July 2025 and where each went, for the search page (extra.catalogue.communes_table)."""
ACCOUNT_GUIDE = "huong-dan/tao-tai-khoan-dich-vu-cong/"
LEVELS_GUIDE = "huong-dan/muc-do-dich-vu-cong/"
ACCESSIBILITY = "tuyen-bo-tiep-can/"
OPEN_DATA = "du-lieu/"
"""The open data: what the files below hold, their licence."""
OPEN_DATA_JSON = f"{OPEN_DATA}thu-tuc.json"
OPEN_DATA_JSON_SCHEMA = f"{OPEN_DATA}thu-tuc.schema.json"
OPEN_DATA_CSV = f"{OPEN_DATA}thu-tuc.csv"
OPEN_DATA_DCAT = f"{OPEN_DATA}dcat.jsonld"
OPEN_DATA_CPSV_AP = f"{OPEN_DATA}cpsv-ap.jsonld"
CHANGES = "thay-doi/"
"""Recent changes: new, changed, abolished and replaced procedures, newest first."""
CHANGES_FEED = f"{CHANGES}atom.xml"
BY_CODE = "ma/"
EDITOR = "quan-tri/"
"""The browser editor (Sveltia CMS); published only when the settings name the repository."""
OFFLINE = "khong-co-mang/"
"""The offline page: saved procedures, and what the service worker shows for a page it does not have."""


def procedure(p: Procedure) -> str:
    return f"{PROCEDURES}{p.slug}/"


CASES = "truong-hop/"
"""Below a procedure's page: a page for each path of answers to its case chooser."""


def case_page(p: Procedure, answers: tuple[str, ...]) -> str:
    """The page of a procedure for one path of answers (the answers' slugs, in order): ``.../truong-hop/bi-mat/``."""
    return f"{procedure(p)}{CASES}" + "".join(f"{slug}/" for slug in answers)


def by_code(code: str) -> str:
    """The stable address of a procedure by its code: a redirect page to its page, whatever its slug becomes."""
    return f"{BY_CODE}{code}/"


def journey(j: Journey) -> str:
    """A life event, step by step."""
    return f"{JOURNEYS}{j.slug}/"


def guide(p: Procedure) -> str:
    """The printed guide (PDF), beside the page it prints, named so a download folder tells it apart."""
    return f"{procedure(p)}huong-dan-{p.slug}.pdf"


NAME_SLUG_LIMIT = 80
"""Field and agency names can be long; their addresses keep the first words."""


def field(name: str) -> str:
    return f"{FIELDS}{slugify(name, NAME_SLUG_LIMIT)}/"


def handbook(field_name: str | None, volume: int = 1, volumes: int = 1) -> str:
    """A field's handbook (PDF) on the field's page, or the whole catalogue's at the root; maybe in volumes."""
    stem = (
        f"{field(field_name)}so-tay-{slugify(field_name, NAME_SLUG_LIMIT)}"
        if field_name
        else "so-tay-thu-tuc-hanh-chinh"
    )
    return f"{stem}-tap-{volume}.pdf" if volumes > 1 else f"{stem}.pdf"


def agency(name: str) -> str:
    return f"{AGENCIES}{slugify(name, NAME_SLUG_LIMIT)}/"


def level(code: str) -> str:
    return f"{LEVELS}{code}/"


def letter(initial: str) -> str:
    """``"Đ"`` gets ``dd`` so it does not share ``d``'s page."""
    return f"{A_Z}{'dd' if initial == 'Đ' else slugify(initial) or 'khac'}/"


def list_page(url: str, number: int) -> str:
    """Page *number* of the list at *url*: ``cap/tinh/``, ``cap/tinh/trang-2/``..."""
    return url if number == 1 else f"{url}trang-{number}/"


def form(f: Form | str) -> str:
    return f"{FORMS}{f if isinstance(f, str) else f.id}/"


def form_file(f: Form, name: str) -> str:
    return form(f) + name


def form_fill(f: Form) -> str:
    """The page where a form is filled in the browser and printed."""
    return f"{form(f)}dien-truc-tuyen/"


def form_printable(f: Form) -> str:
    """The form as a PDF to print and fill in by hand."""
    return form_file(f, f"{f.id}-mau-in.pdf")


def form_fillable(f: Form) -> str:
    """The form as a PDF with form fields, to fill in a PDF reader."""
    return form_file(f, f"{f.id}-dien-tren-may.pdf")


def form_word(f: Form) -> str:
    """The form as a Word document."""
    return form_file(f, f"{f.id}-mau-word.docx")


def form_generated(f: Form) -> tuple[str, ...]:
    """Every file the catalogue makes from a form's fields, by site path."""
    return (form_printable(f), form_fillable(f), form_word(f)) if f.fields else ()


def docs_path(url: str) -> str:
    """The Markdown file in the docs tree that is published at *url*: always ``<url>index.md``.

    One folder per page, so links resolve the same way in every engine that
    reads ``mkdocs.yml`` (MkDocs, Zensical) with directory URLs.
    """
    return f"{url}index.md"


def page_file(url: str) -> str:
    """The HTML file of the page published at *url*, in the site folder."""
    return f"{url}index.html"


def absolute(site_url: str | None, url: str) -> str:
    """*url* (site-root relative) on the published site; itself, from the root, when the site's address is unknown."""
    if "://" in url:
        return url
    return f"{site_url.rstrip('/')}/{url}" if site_url else f"/{url}"


def relative(page: str, target: str) -> str:
    """Link from the page published at *page* to *target*, both site-root relative, percent-encoded.

    Addresses the catalogue makes are slugs; a file an editor named (``Mẫu CT01.docx``)
    may have spaces and letters with marks, written ``M%E1%BA%ABu%20CT01.docx``.
    """
    if "://" in target:
        return target
    path = posixpath.relpath("/" + target, "/" + page)
    if path == ".":
        return "./"
    return quote(path + "/" if not target or target.endswith("/") else path, safe=_LINK_SAFE)


_LINK_SAFE = "/#?=&:;,+!$'()*@~%"
"""What a link keeps as it is: the separators of an address (file names cannot hold ``#``, ``?`` or ``%``)."""


GENERATED_SECTIONS = (
    PROCEDURES,
    FIELDS,
    AGENCIES,
    LEVELS,
    A_Z,
    FORMS,
    SCHEMA,
    SEARCH,
    SEARCH_INDEX,
    OPEN_DATA,
    CHANGES,
    BY_CODE,
    JOURNEYS,
    OFFLINE,
    EDITOR,
)
"""Folders of the site the catalogue makes from its records (and the offline page, the browser editor);
hand-written pages publish elsewhere."""
ENGINE_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz")
"""Files the HTML engine writes at the root of the site."""


def published_file(docs_path: str) -> str:
    """The site file a docs-tree file becomes: ``lien-he.md`` → ``lien-he/index.html``, others keep their path.

    MkDocs and Zensical publish ``index.md`` and ``README.md`` as their folder's page.
    """
    if not docs_path.endswith(".md"):
        return docs_path
    folder, _, name = docs_path.removesuffix(".md").rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if name in ("index", "README"):
        return page_file(prefix)
    return page_file(f"{prefix}{name}/")


def generated_pages(catalogue: Catalogue) -> set[str]:
    """The address of every page the catalogue makes from its records (the first page of each list)."""
    pages = {HOME, SEARCH, FORMS, FIELDS, AGENCIES, LEVELS, A_Z, OPEN_DATA, CHANGES, JOURNEYS, OFFLINE}
    pages |= {journey(j) for j in catalogue.journeys}
    pages |= {by_code(p.code) for p in catalogue.procedures}
    pages |= {procedure(p) for p in catalogue.procedures}
    pages |= {form(f) for f in catalogue.forms} | {form_fill(f) for f in catalogue.forms if f.fields}
    pages |= {field(name) for name in catalogue.by_field()} | {agency(name) for name in catalogue.by_agency()}
    pages |= {level(code) for code in catalogue.by_level()} | {letter(initial(p.title)) for p in catalogue.procedures}
    return pages
