"""``catalogue build``: read everything, check everything, then write everything.

The one orchestrator of the pipeline; its numbered steps are the stages of
``docs/architecture.md``, and the report says how long each took.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from generator import urls
from generator.html.csp import editor_policy, secure_site
from generator.html.engine import engine_named
from generator.html.trim import trim_theme
from generator.load.catalogue import load_catalogue
from generator.load.pages import Page, read_pages
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.texts import Texts
from generator.pdf.jobs import Paper, PdfStats, PrintProfile, RenderedPdf
from generator.pdf.pool import prepare as prepare_pdf_workers
from generator.pdf.pool import render_pdfs
from generator.problems import CatalogueError, Problem
from generator.project import DOCS_DIR, SITE_DIR, TEMPLATES_DIR
from generator.publish import (
    add_files,
    build_lock,
    file_checks,
    link_files,
    make_readable,
    site_files,
    staging_folder,
    swap_in,
    target_problems,
    work_problems,
    write_errors,
    write_service_worker,
    write_tree,
)
from generator.render import cms, forms, guides, offline, opendata
from generator.render.pages import docs_tree

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

    def stages_text(self) -> str:
        """``load 0.4 s · pdf 18.8 s · pages 0.3 s · html 2.1 s · publish 0.4 s``"""
        return " · ".join(f"{name} {self.stages[name]:.1f} s" for name in STAGES if name in self.stages)


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
    engine = engine_named(options.engine)
    report = BuildReport()

    if options.pdfs:
        prepare_pdf_workers(options.workers, options.scheduler)  # starts on another core while records load

    # 1. Load and check every record and hand-written page; nothing is written if anything is wrong.
    with report.stage("load"):
        catalogue, texts, handwritten = _load(project, today)

    # One build of a project writes at a time; a full disk or a read-only folder is a problem, not a traceback.
    with build_lock(project), write_errors(project):
        # 2. Make the PDFs (from the cache when nothing they show has changed).
        pdfs: dict[str, RenderedPdf] = {}
        with report.stage("pdf"):
            if options.pdfs:
                pdfs = _render_pdfs(project, catalogue, texts, options, report)

        # 3. Make every page in memory, from the checked model (pages link to the PDFs, with their sizes),
        #    and write the docs tree the HTML engine reads.
        with report.stage("pages"):
            tree = docs_tree(catalogue, texts, pdfs, handwritten)
            write_tree(project / DOCS_DIR, tree)

        # 4. Render the HTML into a staging folder beside the target.
        staging = staging_folder(target)
        try:
            with report.stage("html"):
                theme = engine.render(project, project / DOCS_DIR, staging, texts, updated=last_updated(catalogue))
            # 5. Put the PDFs in, keep only the theme files pages use, give every page its security policy and
            #    the build's stamp, add the browser editor (its own policy) and the service worker, make every
            #    file readable, then swap the new site in.
            with report.stage("publish"):
                link_files(pdfs, staging)
                trim_theme(staging)
                build_id = offline.build_id(file_checks(staging, site_files(staging)))
                secure_site(staging, [*theme, project / TEMPLATES_DIR / "pages"], handwritten_sources(handwritten),
                            head=f'<meta name="tt-build" content="{build_id}">')  # fmt: skip
                add_files(staging, editor_files(catalogue, texts))
                write_service_worker(staging, project / TEMPLATES_DIR / offline.WORKER_SOURCE, build_id)
                make_readable(staging)
                swap_in(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    report.procedures, report.forms = len(catalogue.procedures), len(catalogue.forms)
    report.pages = sum(1 for path in tree if path.endswith(".md"))
    report.seconds = time.perf_counter() - started
    log.debug("Built %d pages into %s in %.1f s (%s)", report.pages, target, report.seconds, report.stages_text())
    return report


def _render_pdfs(
    project: Path, catalogue: Catalogue, texts: Texts, options: BuildOptions, report: BuildReport
) -> dict[str, RenderedPdf]:
    pdfs, stats = make_pdfs(project, catalogue, texts, options)
    report.pdfs, report.pdfs_rendered = stats.total, stats.rendered
    return pdfs


def make_pdfs(
    project: Path, catalogue: Catalogue, texts: Texts, options: BuildOptions
) -> tuple[dict[str, RenderedPdf], PdfStats]:
    """Every PDF of the catalogue (guides, handbooks, forms), from the cache when unchanged, by site path."""
    wanted = catalogue.settings.print
    profile = PrintProfile(options.paper or wanted.paper, wanted.bleed if options.bleed is None else options.bleed)
    parts, assemblies = guides.pdf_jobs(catalogue, texts, profile)
    jobs = parts + forms.pdf_jobs(catalogue, texts)
    stats = PdfStats()
    pdfs = render_pdfs(project, jobs, profile, assemblies=assemblies, workers=options.workers,
                       scheduler=options.scheduler, progress=options.progress, stats=stats)  # fmt: skip
    return pdfs, stats


def editor_files(catalogue: Catalogue, texts: Texts) -> dict[str, str | Path]:
    """The browser editor's files (``/quan-tri/``), with their own security policy; none when not configured."""
    editor = catalogue.settings.editor
    if editor is None:
        return {}
    package = cms.cms_package(catalogue.project)
    if package is None:
        log.warning(
            "The browser editor (/%s) is not published: Sveltia CMS is not installed; run ./run site", urls.ADMIN
        )
        return {}
    return cms.editor_files(catalogue, texts, editor_policy(cms.api_origin(editor)), package)


def last_updated(catalogue: Catalogue) -> date:
    """The newest ``updated`` date of the published procedures: the date the site's content is from."""
    return opendata.last_updated(catalogue)


def handwritten_sources(pages: list[Page]) -> dict[str, str]:
    """The hand-written file each published HTML page comes from, by its path in the site."""
    return {urls.page_file(page.url): page.source for page in pages if page.url is not None}


def check(project: Path, *, today: date | None = None) -> Catalogue:
    """Load and check the catalogue, the site's texts and the hand-written pages; raise with every problem if any."""
    return _load(project.resolve(), today)[0]


def _load(project: Path, today: date | None) -> tuple[Catalogue, Texts, list[Page]]:
    """Everything a build reads, checked: every problem of the texts and pages is reported together."""
    catalogue = load_catalogue(project, today)
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
    return catalogue, texts, pages


EXAMPLE_WARNING = (
    "warning: mkdocs.yml: extra.catalogue.example is true: every page and PDF says the contact details are an "
    "example. Before publishing, write the agencies' confirmed addresses, hours, phones and e-mails, then set "
    "example: false."
)


def warn_if_example(catalogue: Catalogue) -> None:
    """Say, on every build and check, that the catalogue's contact details are still marked as an example."""
    if catalogue.settings.example:
        log.warning(EXAMPLE_WARNING)
