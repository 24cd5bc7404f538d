"""``catalogue build``: read everything, check everything, then write everything."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from . import formfiles, guides
from .catalogue import PAGES_DIR, TEMPLATES_DIR, Catalogue, load_catalogue
from .csp import secure_site
from .mkdocs_site import render_html
from .pages import Content, docs_tree, handwritten_tree
from .pdf import Paper, PdfStats, PrintProfile, RenderedPdf, render_pdfs
from .wording import load_strings

log = logging.getLogger(__name__)

WORK_DIR = ".catalogue"
DOCS_DIR = f"{WORK_DIR}/docs"
SITE_DIR = "site"


@dataclass(frozen=True)
class BuildOptions:
    """What the command line may change for one build; None keeps the catalogue's settings."""

    paper: Paper | None = None
    bleed: bool | None = None
    workers: int | None = None
    """PDF worker processes; default one per core."""
    pdfs: bool = True
    """False: no PDFs at all (a quick preview; pages then offer none). The PDF cache is left as it is."""
    progress: TextIO | None = None
    """Where to show PDF progress, when it is a terminal."""


@dataclass(frozen=True)
class BuildReport:
    procedures: int
    forms: int
    pages: int
    pdfs: int
    pdfs_rendered: int
    pdf_seconds: float
    seconds: float


def build(
    project: Path, *, today: date | None = None, site_dir: Path | None = None, options: BuildOptions | None = None
) -> BuildReport:
    """Build the site of the catalogue in *project* into ``site/`` (or *site_dir*).

    On any problem, raises :class:`~generator.problems.CatalogueError` and leaves
    the previous site exactly as it was.
    """
    started = time.perf_counter()
    project = project.resolve()
    target = (site_dir or project / SITE_DIR).resolve()

    # 1. Load and check every record and hand-written page; nothing is written if anything is wrong.
    catalogue = load_catalogue(project, today)
    strings = load_strings(project / TEMPLATES_DIR)
    handwritten = handwritten_tree(catalogue, strings)

    # 2. Make the PDFs (from the cache when nothing they show has changed).
    options = options or BuildOptions()
    wanted = catalogue.settings.print
    profile = PrintProfile(options.paper or wanted.paper, wanted.bleed if options.bleed is None else options.bleed)
    stats = PdfStats()
    pdfs = {}
    if options.pdfs:
        jobs = guides.pdf_jobs(catalogue, strings, profile) + formfiles.pdf_jobs(catalogue, strings)
        pdfs = render_pdfs(project, jobs, profile, workers=options.workers, progress=options.progress, stats=stats)

    # 3. Make every page in memory, from the checked model (pages link to the PDFs, with their sizes).
    tree = docs_tree(catalogue, strings, pdfs, handwritten)

    # 4. Write the docs tree MkDocs reads (mkdocs.yml's docs_dir).
    docs = project / DOCS_DIR
    write_tree(docs, tree)

    # 5. Render the HTML into a staging folder beside the target.
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))
    try:
        theme = render_html(project, docs, staging, strings, updated=last_updated(catalogue))
        link_files(pdfs, staging)
        secure_site(staging, [*theme, project / TEMPLATES_DIR / "pages"], handwritten_sources(project))
        # 6. Publish: swap the new site in, only now that all of it exists.
        swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = sum(1 for path in tree if path.endswith(".md"))
    report = BuildReport(len(catalogue.procedures), len(catalogue.forms), pages, stats.total, stats.rendered,
                         stats.seconds, time.perf_counter() - started)  # fmt: skip
    log.debug("Built %d pages (%d procedures, %d forms) into %s in %.1f s", report.pages, report.procedures,
             report.forms, target, report.seconds)  # fmt: skip
    return report


def last_updated(catalogue: Catalogue) -> date:
    """The newest ``updated`` date of the published procedures: the date the site's content is from."""
    return max((p.updated for p in catalogue.procedures), default=date(2000, 1, 1))


def handwritten_sources(project: Path) -> dict[str, str]:
    """The hand-written page each published page comes from, by its path in the site."""
    sources = {}
    for path in sorted((project / PAGES_DIR).rglob("*.md")):
        name = path.relative_to(project / PAGES_DIR).with_suffix("").as_posix()
        page = "index.html" if name == "index" else name.removesuffix("/index") + "/index.html"
        sources[page] = f"{PAGES_DIR}/{path.relative_to(project / PAGES_DIR).as_posix()}"
    return sources


def check(project: Path, *, today: date | None = None) -> Catalogue:
    """Load and check the catalogue; raise with every problem if any."""
    return load_catalogue(project.resolve(), today)


def write_tree(folder: Path, tree: dict[str, Content]) -> None:
    """Replace *folder* with exactly the files of *tree*."""
    shutil.rmtree(folder, ignore_errors=True)
    made: set[Path] = set()
    for name, content in tree.items():
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def link_files(files: dict[str, RenderedPdf], site: Path) -> None:
    """Put each cached file into the site under its published path: a hard link, or a copy across file systems."""
    for name, rendered in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(rendered.file, path)
        except OSError:
            shutil.copyfile(rendered.file, path)


def _remove_stale_staging(target: Path) -> None:
    """Folders left by a build that was killed before it could clean up.

    Each is named after the process that made it (``.site.staging-<pid>-…``,
    ``.site.old-<pid>``); one whose process still runs belongs to a build
    running now (``catalogue serve`` and ``catalogue build`` at once) and stays.
    """
    for prefix in (f".{target.name}.staging-", f".{target.name}.old-"):
        for stale in target.parent.glob(f"{prefix}*"):
            if not _running(stale.name.removeprefix(prefix).split("-")[0]):
                shutil.rmtree(stale, ignore_errors=True)


def _running(pid: str) -> bool:
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


_RENAME_EXCHANGE = 2


def swap_in(new: Path, target: Path) -> None:
    """Make *new* the folder at *target* in one step, so readers never see a half site.

    Linux swaps the two folders atomically (``renameat2(RENAME_EXCHANGE)``);
    elsewhere the old folder is renamed away first, a window of microseconds.
    """
    if target.exists() and _exchange(new, target):
        return  # *new* now holds the old site; the caller removes it
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, target)


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
