"""``catalogue build``: read everything, check everything, then write everything.

The one orchestrator of the pipeline; its numbered steps are the stages of
``docs/architecture.md``, and the report says how long each took.
"""

from __future__ import annotations

import logging
import resource
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from generator import urls
from generator.data import opendata
from generator.editor import files as editor
from generator.html.csp import editor_policy
from generator.html.engine import engine_named
from generator.load.catalogue import RecordCache, load_catalogue
from generator.load.handwritten import Page, read_pages
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.settings import Paper
from generator.model.texts import Texts
from generator.paper import forms, guides
from generator.pdf.jobs import PdfStats, PrintProfile, RenderedPdf
from generator.pdf.pool import prepare as prepare_pdf_workers
from generator.pdf.pool import render_pdfs
from generator.problems import CatalogueError, Problem
from generator.project import DOCS_DIR, SITE_DIR, TEMPLATES_DIR, WEB_TEMPLATES
from generator.publish import (
    Finish,
    SiteMemo,
    build_lock,
    finish_site,
    make_readable,
    target_problems,
    work_problems,
    write_docs,
    write_docs_streamed,
    write_errors,
)
from generator.render import Content
from generator.staging import staging_folder, swap_in
from generator.web import offline
from generator.web.pages import PageMemo, docs_files, docs_tree

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line may change for one build; None keeps the catalogue's settings."""

    paper: Paper | None = None
    bleed: bool | None = None
    workers: int | None = None
    """PDF worker processes; default one per core."""
    scheduler: str | None = None
    """A Dask scheduler's address (``tcp://host:8786``): make the PDFs on that cluster instead."""
    pdfs: bool = True
    """False: no PDFs at all (a quick preview; pages then offer none). The PDF cache is left as it is."""
    progress: TextIO | None = None
    """Where to show PDF progress, when it is a terminal."""
    engine: str = "mkdocs"
    """What renders the HTML: ``mkdocs`` (Material for MkDocs) or ``zensical`` (experimental)."""


STAGES = ("load", "pdf", "pages", "html", "publish")
"""The stages a build reports, in pipeline order."""


@dataclass
class BuildReport:
    procedures: int = 0
    forms: int = 0
    pages: int = 0
    pdfs: int = 0
    pdfs_rendered: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each of :data:`STAGES`."""
    peaks: dict[str, float] = field(default_factory=dict)
    """The build process's peak resident memory (MiB) by the end of each of :data:`STAGES`: the stage whose figure
    grows is where the peak was reached (PDF workers are other processes, not counted)."""

    @property
    def pdf_seconds(self) -> float:
        return self.stages.get("pdf", 0.0)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started
            self.peaks[name] = peak_memory_mib()

    def stages_text(self) -> str:
        """``load 0.4 s · pdf 18.8 s · pages 0.3 s · html 2.1 s · publish 0.4 s``"""
        return " · ".join(f"{name} {self.stages[name]:.1f} s" for name in STAGES if name in self.stages)

    def peaks_text(self) -> str:
        """``load 56 MiB · pdf 56 MiB · pages 80 MiB · html 82 MiB · publish 106 MiB``"""
        return " · ".join(f"{name} {self.peaks[name]:.0f} MiB" for name in STAGES if name in self.peaks)


def peak_memory_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class Loaded:
    """Everything a build reads, checked."""

    catalogue: Catalogue
    texts: Texts
    handwritten: list[Page]


@dataclass
class Kept:
    """What an incremental build keeps between passes (``catalogue serve``'s preview); a full build keeps nothing.

    Records are read again only when their file changed, a page is rendered
    again only when what it shows changed, only the docs files that changed
    are written and rendered to HTML, and only the pages rendered again are
    secured and read to trim the theme.
    """

    records: RecordCache = field(default_factory=RecordCache)
    memo: PageMemo = field(default_factory=PageMemo)
    docs: dict[str, Content] | None = None
    """The docs tree last written; None: write it anew."""
    site: SiteMemo = field(default_factory=SiteMemo)
    updated: date | None = None
    """The date of the site's content when it was last rendered: a new date changes every page."""

    def forget(self) -> None:
        """Make the next pass a full one (after a change to templates or settings, or a pass that failed half-way)."""
        self.memo, self.docs, self.site, self.updated = PageMemo(), None, SiteMemo(), None


class Pipeline:
    """The stages of a build (``docs/architecture.md``), in order: the one way pages, PDFs and files are made.

    :func:`build` runs them once, with nothing kept, into a staging folder that
    it swaps in; ``catalogue serve``'s preview runs them after every edit into
    the folder it keeps, with what it :class:`Kept`.
    """

    def __init__(
        self,
        project: Path,
        docs: Path,
        *,
        today: date | None = None,
        options: BuildOptions | None = None,
        kept: Kept | None = None,
    ) -> None:
        self.project = project
        self.docs = docs
        self.today = today
        self.options = options or BuildOptions()
        self.engine = engine_named(self.options.engine, keep=kept is not None)
        self.kept = kept

    # 1. Load and check every record and hand-written page; nothing is written if anything is wrong.
    def load(self) -> Loaded:
        return _load(self.project, self.today, self.kept.records if self.kept else None)

    # 2. Make the PDFs (from the cache when nothing they show has changed).
    def pdfs(self, loaded: Loaded) -> tuple[dict[str, RenderedPdf], PdfStats]:
        return make_pdfs(self.project, loaded.catalogue, loaded.texts, self.options)

    # 3. Make every page from the checked model (pages link to the PDFs, with their sizes), and write the docs
    #    tree the HTML engine reads; the paths of the docs files written.
    def pages(self, loaded: Loaded, pdfs: dict[str, RenderedPdf], site: Path) -> list[str]:
        kept = self.kept
        if kept is None:  # a full build: each file is written as it is made, and let go
            return write_docs_streamed(self.docs, docs_files(loaded.catalogue, loaded.texts, pdfs, loaded.handwritten))
        tree = docs_tree(loaded.catalogue, loaded.texts, pdfs, loaded.handwritten, kept.memo)
        last = kept.docs
        for gone in set(last or ()) - set(tree):  # a page no longer made leaves the site too
            if gone.endswith(".md"):
                shutil.rmtree(site / gone.removesuffix("index.md"), ignore_errors=True)
            else:
                (site / gone).unlink(missing_ok=True)
        written = write_docs(self.docs, tree, last)
        kept.docs = tree
        return written

    # 4. Render the HTML into *site*: only the pages whose docs file changed when the last render is kept.
    def html(self, loaded: Loaded, site: Path) -> list[Path]:
        updated = last_updated(loaded.catalogue)
        kept = self.kept
        dirty = kept is not None and kept.updated == updated
        if kept is not None and not dirty:
            kept.site = SiteMemo()  # the engine empties the folder
        theme = self.engine.render(self.project, self.docs, site, loaded.texts, updated=updated, dirty=dirty)
        if kept is not None:
            kept.updated = updated
        return theme

    # 5. Put the PDFs in, give every page its security policy, keep only the theme files pages use, name the
    #    build, add the browser editor (its own policy) and the service worker; the build's name.
    def finish(self, loaded: Loaded, pdfs: dict[str, RenderedPdf], site: Path, theme: list[Path]) -> str:
        templates = self.project / TEMPLATES_DIR
        handwritten = frozenset(page.path for page in loaded.handwritten if page.url is None)
        finish = Finish(
            pdfs,
            [*theme, templates / WEB_TEMPLATES],
            handwritten_sources(loaded.handwritten),
            editor_files(loaded.catalogue, loaded.texts),
            templates / offline.WORKER_SOURCE,
            handwritten,
        )
        if self.kept is None:
            return finish_site(site, finish)
        return finish_site(site, finish, self.kept.site, stamp=False)


def build(
    project: Path, *, today: date | None = None, site_dir: Path | None = None, options: BuildOptions | None = None
) -> BuildReport:
    """Build the site of the catalogue in *project* into ``site/`` (or *site_dir*).

    On any problem, raises :class:`~generator.problems.CatalogueError` and leaves
    the previous site exactly as it was.
    """
    started = time.perf_counter()
    project = project.resolve()
    refused = target_problems(project, site_dir) + work_problems(project)
    if refused:
        raise CatalogueError(refused)
    target = (site_dir or project / SITE_DIR).resolve()
    options = options or BuildOptions()
    pipeline = Pipeline(project, project / DOCS_DIR, today=today, options=options)
    report = BuildReport()

    if options.pdfs:
        prepare_pdf_workers(options.workers, options.scheduler)  # starts on another core while records load

    with report.stage("load"):
        loaded = pipeline.load()

    # One build of a project writes at a time; a full disk or a read-only folder is a problem, not a traceback.
    with build_lock(project), write_errors(project):
        pdfs: dict[str, RenderedPdf] = {}
        with report.stage("pdf"):
            if options.pdfs:
                pdfs, stats = pipeline.pdfs(loaded)
                report.pdfs, report.pdfs_rendered = stats.total, stats.rendered
        staging = staging_folder(target)
        try:
            with report.stage("pages"):
                written = pipeline.pages(loaded, pdfs, staging)
            with report.stage("html"):
                theme = pipeline.html(loaded, staging)
            with report.stage("publish"):
                pipeline.finish(loaded, pdfs, staging, theme)
                make_readable(staging)
                swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    report.procedures, report.forms = len(loaded.catalogue.procedures), len(loaded.catalogue.forms)
    report.pages = sum(1 for path in written if path.endswith(".md"))
    report.seconds = time.perf_counter() - started
    log.debug("Built %d pages into %s in %.1f s (%s)", report.pages, target, report.seconds, report.stages_text())
    return report


def make_pdfs(
    project: Path, catalogue: Catalogue, texts: Texts, options: BuildOptions
) -> tuple[dict[str, RenderedPdf], PdfStats]:
    """Every PDF of the catalogue (guides, handbooks, forms), from the cache when unchanged, by site path."""
    wanted = catalogue.settings.print
    profile = PrintProfile(options.paper or wanted.paper, wanted.bleed if options.bleed is None else options.bleed)
    parts, assemblies = guides.pdf_jobs(catalogue, texts, profile)
    jobs = parts + forms.pdf_jobs(catalogue, texts)
    stats = PdfStats()
    pdfs = render_pdfs(
        project,
        jobs,
        profile,
        assemblies=assemblies,
        workers=options.workers,
        scheduler=options.scheduler,
        progress=options.progress,
        stats=stats,
    )
    return pdfs, stats


def editor_files(catalogue: Catalogue, texts: Texts) -> dict[str, str | Path]:
    """The browser editor's files (``/quan-tri/``), with their own security policy; none when not configured."""
    settings = catalogue.settings.editor
    if settings is None:
        return {}
    package = editor.sveltia_package(catalogue.project)
    if package is None:
        log.warning(
            "The browser editor (/%s) is not published: Sveltia CMS is not installed; run ./run site", urls.EDITOR
        )
        return {}
    return editor.editor_files(catalogue, texts, editor_policy(editor.api_origin(settings)), package)


def last_updated(catalogue: Catalogue) -> date:
    """The newest ``updated`` date of the published procedures: the date the site's content is from."""
    return opendata.last_updated(catalogue)


def handwritten_sources(pages: list[Page]) -> dict[str, str]:
    """The hand-written file each published HTML page comes from, by its path in the site."""
    return {urls.page_file(page.url): page.source for page in pages if page.url is not None}


def check(project: Path, *, today: date | None = None) -> Catalogue:
    """Load and check the catalogue, the site's texts and the hand-written pages; raise with every problem if any."""
    return _load(project.resolve(), today).catalogue


def _load(project: Path, today: date | None, records: RecordCache | None = None) -> Loaded:
    """Everything a build reads, checked: every problem of the texts and pages is reported together."""
    catalogue = load_catalogue(project, today, cache=records)
    problems: list[Problem] = []
    texts: Texts | None = None
    pages: list[Page] = []
    try:
        texts = load_texts(project / TEMPLATES_DIR)
    except CatalogueError as error:
        problems += error.problems
    try:
        pages = read_pages(catalogue)
    except CatalogueError as error:
        problems += error.problems
    if problems or texts is None:
        raise CatalogueError(problems)
    warn_if_example(catalogue)
    return Loaded(catalogue, texts, pages)


EXAMPLE_WARNING = (
    "warning: mkdocs.yml: extra.catalogue.example is true: every page and PDF says the contact details are an "
    "example. Before publishing, write the agencies' confirmed addresses, hours, phones and e-mails, then set "
    "example: false."
)


def warn_if_example(catalogue: Catalogue) -> None:
    """Say, on every build and check, that the catalogue's contact details are still marked as an example."""
    if catalogue.settings.example:
        log.warning(EXAMPLE_WARNING)
