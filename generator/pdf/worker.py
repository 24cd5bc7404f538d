"""The part of :mod:`generator.pdf` that runs in a worker process: WeasyPrint itself.

Imported only when a PDF has to be rendered, so ``catalogue check`` never pays
for loading WeasyPrint.
"""

from __future__ import annotations

import functools
import io
import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# WeasyPrint's progress and layout notes are not for editors (failures reach them as problems).
# Silenced before it is imported: importing it parses its own stylesheets, which it logs.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("pikepdf").setLevel(logging.WARNING)

import pikepdf  # noqa: E402
import zxingcpp  # noqa: E402
from PIL import Image  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.document import Document  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse, URLFetchingError  # noqa: E402

from generator.pdf import assemble  # noqa: E402
from generator.pdf.jobs import (  # noqa: E402
    FLOW,
    PAGE_MARK,
    QR_SCHEME,
    SHORT_PAGE,
    PrintProfile,
    Refit,
    Task,
    write_atomically,
)
from generator.pdf.lifetime import die_with_parent  # noqa: E402
from generator.problems import Problem  # noqa: E402
from generator.project import FONTS, PAPER_TEMPLATES  # noqa: E402

PX_PER_MM = 96 / 25.4
"""CSS pixels (WeasyPrint's unit for page sizes and positions) in a millimetre."""


class RefusedUrl(FatalURLFetchingError):  # type: ignore[misc]
    """A PDF input asked for something outside the project; it was not fetched."""


class ProjectFetcher(URLFetcher):  # type: ignore[misc]
    """Reads files under the project's ``templates/`` folder, ``data:`` and ``qr:`` URLs; refuses the rest."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith(QR_SCHEME):
            return URLFetcherResponse(url, qr_png(url[len(QR_SCHEME) :]), {"Content-Type": "image/png"})
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        raise RefusedUrl(f"refused to read {url!r}: a PDF may use only files inside {self.root}")


@functools.lru_cache(maxsize=4096)
def qr_png(text: str) -> bytes:
    """A QR code as a black-and-white PNG of one pixel a module, medium error correction.

    Printed with ``image-rendering: pixelated`` (no interpolation), each module is a sharp
    square at any size and resolution; drawing it as an SVG path cost WeasyPrint a tenth of
    a guide's time. Encoded by zxing-cpp (C++): a tenth of the time of a pure-Python encoder."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=False)  # one byte a module: 0 dark, 255 light
    height, width = modules.shape[:2]
    out = io.BytesIO()
    pixels = bytes(memoryview(modules))  # type: ignore[arg-type]  # a buffer; its stubs do not say so
    Image.frombytes("L", (width, height), pixels).convert("1").save(out, format="PNG")
    return out.getvalue()


class _Renderer:
    """Per-process state: the parsed stylesheets and the fonts, reused for every document."""

    def __init__(self, templates: Path, profile: PrintProfile) -> None:
        self.templates, self.profile = templates, profile
        self.base_url = (templates / PAPER_TEMPLATES).resolve().as_uri() + "/"
        self.fetcher = ProjectFetcher(templates)
        self.fonts = FontConfiguration()
        self.sheets: dict[str, CSS] = {}

    def stylesheet(self, name: str) -> CSS:
        sheet = self.sheets.get(name)
        if sheet is None:
            common: dict[str, Any] = {"font_config": self.fonts, "url_fetcher": self.fetcher}
            if name == "@profile":
                sheet = CSS(string=self.profile.css(), **common)
            else:
                sheet = CSS(url=self.base_url + name, **common)
            self.sheets[name] = sheet
        return sheet

    def html_pdf(
        self, html: str, stylesheets: tuple[str, ...], *, forms: bool, key: str, refits: tuple[Refit, ...] = ()
    ) -> bytes:
        """The PDF of *html*, in the first layout (its own, then each of *refits*) whose last page is not
        nearly empty, else in the one with the fewest pages (see :attr:`PdfJob.refits`)."""
        variant = "pdf/x-4" if self.profile.press else "pdf/ua-1"
        options: dict[str, Any] = {"pdf_variant": variant, "pdf_tags": True, "pdf_forms": forms}
        layouts = []
        for extra in ((), *refits):
            sheets = [self.stylesheet(name) for name in (*stylesheets, *extra, "@profile")]
            source = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher)
            document = source.render(font_config=self.fonts, stylesheets=sheets, **options)
            short = self.short_last_page(document)
            if short is None:
                break
            layouts.append((len(document.pages), -short, document))
        else:
            document = min(layouts, key=lambda layout: layout[:2])[2]
        data: bytes = document.write_pdf(**options, pdf_identifier=key[:32].encode())
        return data

    def short_last_page(self, document: Document) -> float | None:
        """How much of its last page the text of :data:`FLOW` fills, when it runs on to that page and fills
        less than :data:`SHORT_PAGE` of it; None when it does not (a page of its own, or fuller)."""
        pages = [page for page in document.pages if FLOW in page.anchors]
        if len(pages) < 2 or pages[-1] is not document.pages[-1]:
            return None
        page = pages[-1]
        margins = self.profile.margins
        top, bottom = margins.top * PX_PER_MM, margins.bottom * PX_PER_MM
        filled = (page.anchors[FLOW][3] - top) / (page.height - top - bottom)
        return filled if filled < SHORT_PAGE else None

    def render(self, task: Task) -> bytes:
        if task.assembly is None:
            data = self.html_pdf(task.html, task.stylesheets, forms=task.forms, key=task.key, refits=task.refits)
            return assemble.name_radio_groups(data) if task.forms else data
        parts = [assemble.open_pdf(p) for p in (task.part_data or [Path(p) for p in task.parts])]
        fonts = self.templates / FONTS
        if task.assembly.front is None:
            return assemble.guide(parts[0], task.assembly, self.profile, fonts)
        starts = assemble.first_pages(len(part.pages) for part in parts)
        html = task.html
        for index, start in enumerate(starts):
            html = html.replace(PAGE_MARK.format(part=index), str(start))
        front = self.html_pdf(html, task.stylesheets, forms=False, key=task.key, refits=task.refits)
        return assemble.book(assemble.open_pdf(front), parts, task.assembly, self.profile, fonts)


_state: dict[str, _Renderer] = {}
"""This process's renderer, under ``"renderer"``."""


def init(templates: Path, profile: PrintProfile, pooled: bool = False) -> None:
    """Set up this process for rendering; *pooled* when it is a pool's worker, which ends with its parent."""
    if pooled:
        die_with_parent()
    current = _state.get("renderer")
    if current is None or (current.templates, current.profile) != (templates, profile):
        _state["renderer"] = _Renderer(templates, profile)


def make(task: Task) -> bytes:
    """The PDF of *task*; raises what WeasyPrint or pikepdf raise."""
    return _state["renderer"].render(task)


def render(task: Task) -> Problem | None:
    """Render one PDF into the cache (``task.target``), atomically; return a problem rather than raise."""
    data, problem = attempt(task)
    if problem:
        return problem
    write_atomically(Path(task.target), data)
    return None


def attempt(task: Task) -> tuple[bytes, Problem | None]:
    """The PDF's bytes, or a problem naming it."""
    try:
        return make(task), None
    except (FatalURLFetchingError, URLFetchingError, OSError, ValueError, pikepdf.PdfError) as error:
        return b"", Problem(task.path, 0, 0, "", f"could not make this PDF: {error}")


def render_here(task: Task) -> tuple[bytes, Problem | None]:
    """:func:`render` for a pool on this machine: the worker writes the cache file, nothing travels back."""
    return b"", render(task)
