"""The live preview of ``catalogue serve``: rebuilt incrementally into ``.catalogue/preview/``.

``catalogue build`` stays the full, atomic build that publishes ``site/``. The
preview instead keeps what it made between edits and redoes only what an edit
changed:

It runs the build's own stages (:class:`generator.build.Pipeline`), with
what it keeps (:class:`generator.build.Kept`):

1. records are read again only when their file changed (:class:`RecordCache`);
2. a page is rendered again only when what it shows changed (:class:`PageMemo`):
   editing one procedure renders its page, the pages listing it (its field,
   agency, levels, letter, the home page when featured or counted), the
   procedures that link to it, the forms it names, and the search index;
3. only the docs files whose text changed are written, and the engine renders
   only those (``dirty``), into the preview folder itself;
4. only the pages rendered again are secured and read to trim the theme; the
   service worker is written again, and the build's name is added to pages as
   they are served (:meth:`Preview.served`);
5. PDFs are made after the pages are shown, in the background (from the PDF
   cache, so one edit renders its guide and the handbooks it is in); a PDF
   asked for meanwhile waits for them.

So the preview serves what ``catalogue build`` would publish from the same
files, apart from the live-reload script (``tests/cli/test_pipeline.py``).

A change to ``templates/`` or ``mkdocs.yml`` changes every page: the preview
then renders everything again, as a build would, but still without waiting
for the PDFs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.build import BuildOptions, Kept, Loaded, Pipeline
from generator.model.catalogue import Catalogue
from generator.model.texts import Texts
from generator.pdf.jobs import RenderedPdf
from generator.problems import CatalogueError, Problem
from generator.project import CONFIG_FILE, TEMPLATES_DIR, WORK_DIR
from generator.web import offline

log = logging.getLogger(__name__)

PREVIEW_DIR = f"{WORK_DIR}/preview"
PREVIEW_DOCS = f"{WORK_DIR}/preview-docs"
PDF_QUIET = 3.0
"""Seconds without an edit before the PDFs are made: an editor at work is not slowed down by them."""


PAGES_LOGGED = 20
"""Pages a rebuild names in the log; the rest are counted."""


@dataclass
class Pass:
    """What one rebuild of the preview did."""

    seconds: float = 0.0
    records_read: int = 0
    pages_rendered: int = 0
    files_written: int = 0
    full: bool = False
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds of each stage: load, pages, html, publish."""
    rendered: list[str] = field(default_factory=list)
    """The docs files rendered again (not taken from the memo), by path."""

    def log_text(self) -> str:
        """``Preview rebuilt in 1.2 s (load 0.3 s · pages 0.4 s · ...): 1 record read, 6 pages rendered: ...``"""
        stages = " · ".join(f"{name} {seconds:.1f} s" for name, seconds in self.stages.items())
        text = f"Preview rebuilt in {self.seconds:.1f} s ({stages}): {self.records_read} records read, "
        text += f"{self.pages_rendered} pages rendered"
        if self.full:
            return text + " (everything)"
        shown = ", ".join(self.rendered[:PAGES_LOGGED])
        more = len(self.rendered) - PAGES_LOGGED
        return text + (f": {shown}" if shown else "") + (f" and {more} more" if more > 0 else "")


def bug_problem(error: Exception) -> Problem:
    """What the open tabs show when rebuilding failed in a way the tool did not foresee."""
    message = (
        f"the preview could not be rebuilt ({type(error).__name__}: {str(error)[:200]}); the last good pages "
        "are shown; this is a bug in catalogue, please report it with what you changed"
    )
    return Problem("catalogue serve", 0, 0, "", message)


@dataclass
class State:
    """What the open tabs are told: the version of the preview and, after a bad edit, its problems."""

    version: int = 0
    problems: list[Problem] = field(default_factory=list)


class Preview:
    """The preview site of the catalogue in *project*, and how to bring it up to date."""

    def __init__(self, project: Path, *, today: date | None = None, pdfs: bool = True, engine: str = "mkdocs") -> None:
        self.project = project.resolve()
        self.site = self.project / PREVIEW_DIR
        self.make_pdfs = pdfs
        self.kept = Kept()
        self.pipeline = Pipeline(
            self.project, self.project / PREVIEW_DOCS, today=today, options=BuildOptions(engine=engine), kept=self.kept
        )
        self.pdfs: dict[str, RenderedPdf] = {}
        self.build = ""
        """The name of the build the preview shows (:func:`generator.web.offline.stamp`)."""
        self.state = State()
        self.changed = threading.Condition()
        """Notified whenever :attr:`state` changes."""
        self.loaded: Loaded | None = None
        self._lock = threading.Lock()
        self._pdf_thread: threading.Thread | None = None
        self._pdf_wanted = threading.Event()
        self._pdf_idle = threading.Event()
        self._pdf_idle.set()
        self._closed = False
        self._last_edit = 0.0

    @property
    def catalogue(self) -> Catalogue | None:
        return self.loaded.catalogue if self.loaded else None

    @property
    def texts(self) -> Texts | None:
        return self.loaded.texts if self.loaded else None

    def served(self, html: str) -> str:
        """A page of the preview as the published site has it: with the build's name."""
        return offline.stamp(html, self.build)

    # -- rebuilding ------------------------------------------------------------

    def rebuild(self, changed: Iterable[Path] = ()) -> Pass | None:
        """Bring the preview up to date after *changed* files; None when the catalogue has problems.

        On problems the preview keeps its last good pages, and :attr:`state`
        carries the problems for the open tabs to show.
        """
        self._last_edit = time.monotonic()
        if any(self._everywhere(Path(path)) for path in changed):
            self.kept.forget()
        with self._lock:
            try:
                done = self._rebuild()
            except CatalogueError as error:
                self._publish(State(self.state.version, error.problems))
                return None
            except Exception as error:  # a bug in the tool: say so, keep serving the last good pages
                log.exception("The preview could not be rebuilt")
                self._publish(State(self.state.version, [bug_problem(error)]))
                return None
        self._publish(State(self.state.version + 1, []))
        self._last_edit = time.monotonic()  # the quiet time for PDFs counts from the page shown
        self._pdf_wanted.set()
        return done

    def _everywhere(self, path: Path) -> bool:
        """Whether a change to *path* may change every page (templates, texts, settings)."""
        resolved = path.resolve() if path.is_absolute() else (self.project / path).resolve()
        return resolved == self.project / CONFIG_FILE or resolved.is_relative_to(self.project / TEMPLATES_DIR)

    def _rebuild(self) -> Pass:
        started = time.perf_counter()
        full = self.kept.docs is None
        stages: dict[str, float] = {}
        loaded = self.pipeline.load()
        stages["load"] = time.perf_counter() - started
        written = self._render(loaded, stages)
        self.loaded = loaded
        memo, records = self.kept.memo, self.kept.records
        done = Pass(time.perf_counter() - started, records.read, memo.rendered, written, full, stages, list(memo.fresh))
        log.info("%s", done.log_text())
        return done

    def _render(self, loaded: Loaded, stages: dict[str, float] | None = None) -> int:
        """Stages 3 to 5 of the build into the preview's folder, their seconds into *stages*; the docs files
        written.

        A pass that fails half-way (the engine or the security check refused a page) makes the next one full.
        """
        stages = stages if stages is not None else {}
        try:
            started = time.perf_counter()
            written = self.pipeline.pages(loaded, self.pdfs, self.site)
            stages["pages"], started = time.perf_counter() - started, time.perf_counter()
            theme = self.pipeline.html(loaded, self.site)
            stages["html"], started = time.perf_counter() - started, time.perf_counter()
            self.build = self.pipeline.finish(loaded, self.pdfs, self.site, theme)
            stages["publish"] = time.perf_counter() - started
        except BaseException:
            self.kept.forget()
            raise
        return len(written)

    def _publish(self, state: State) -> None:
        with self.changed:
            self.state = state
            self.changed.notify_all()

    # -- PDFs, after the pages -------------------------------------------------------

    def start_pdfs(self) -> None:
        """Make the PDFs in the background after each rebuild (never before the pages are shown)."""
        if not self.make_pdfs or self._pdf_thread is not None:
            return
        self._pdf_thread = threading.Thread(target=self._pdf_loop, name="preview-pdfs", daemon=True)
        self._pdf_thread.start()

    def _pdf_loop(self) -> None:
        while not self._closed:
            if not self._pdf_wanted.wait(timeout=0.5):
                continue
            if time.monotonic() - self._last_edit < PDF_QUIET:
                time.sleep(0.2)
                continue
            self._pdf_wanted.clear()
            self._pdf_idle.clear()
            try:
                self._pdf_pass()
            except CatalogueError as error:
                log.warning("The PDFs were not made: %s", error)
            except Exception:  # a bug (or the server stopping): say so, keep serving the pages
                if not self._closed:
                    log.exception("The PDFs were not made")
            finally:
                if not self._pdf_wanted.is_set():
                    self._pdf_idle.set()

    def _pdf_pass(self) -> None:
        version, loaded = self.state.version, self.loaded
        if loaded is None:
            return
        pdfs, stats = self.pipeline.pdfs(loaded)
        with self._lock:
            if self.state.version != version or self.state.problems:
                return  # an edit came in meanwhile: its own pass follows
            self.pdfs = pdfs
            self._render(loaded)  # pages link to the PDFs, with their sizes
        log.info("PDFs ready: %d (%d rendered)", stats.total, stats.rendered)

    def wait_for_pdfs(self, timeout: float) -> bool:
        """Wait until no PDF pass is due or running; False on timeout."""
        return self._pdf_idle.wait(timeout)

    def pdf_pending(self) -> bool:
        """Whether PDFs are being made, or due after the last rebuild."""
        return self.make_pdfs and (self._pdf_wanted.is_set() or not self._pdf_idle.is_set())

    def close(self) -> None:
        self._closed = True
