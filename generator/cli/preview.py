"""The live preview of ``catalogue serve``: rebuilt incrementally into ``.catalogue/preview/``.

``catalogue build`` stays the full, atomic build that publishes ``site/``. The
preview instead keeps what it made between edits and redoes only what an edit
changed:

1. records are read again only when their file changed (:class:`RecordCache`);
2. a page is rendered again only when what it shows changed (:class:`PageMemo`):
   editing one procedure renders its page, the pages listing it (its field,
   agency, levels, letter, the home page when featured or counted), the
   procedures that link to it, the forms it names, and the search index;
3. only the docs files whose text changed are written, and MkDocs renders only
   those (``dirty``), into the preview folder itself;
4. PDFs are made after the pages are shown, in the background (from the PDF
   cache, so one edit renders its guide and the handbooks it is in); a PDF
   asked for meanwhile waits for them.

A change to ``templates/`` or ``mkdocs.yml`` changes every page: the preview
then renders everything again, as a build would, but still without waiting
for the PDFs.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.build import BuildOptions, editor_files, handwritten_sources, last_updated, make_pdfs
from generator.html.csp import secure_page, template_scripts, theme_files
from generator.html.mkdocs import MkDocs
from generator.load.catalogue import RecordCache, load_catalogue
from generator.load.pages import read_pages
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.texts import Texts
from generator.pdf.jobs import RenderedPdf
from generator.problems import CatalogueError, Problem
from generator.project import CONFIG_FILE, TEMPLATES_DIR, WORK_DIR
from generator.publish import add_files
from generator.render.pages import Content, PageMemo, docs_tree

log = logging.getLogger(__name__)

PREVIEW_DIR = f"{WORK_DIR}/preview"
PREVIEW_DOCS = f"{WORK_DIR}/preview-docs"
SECURED = '<meta http-equiv="Content-Security-Policy"'
PDF_QUIET = 3.0
"""Seconds without an edit before the PDFs are made: an editor at work is not slowed down by them."""


@dataclass
class Pass:
    """What one rebuild of the preview did."""

    seconds: float = 0.0
    records_read: int = 0
    pages_rendered: int = 0
    files_written: int = 0
    full: bool = False


@dataclass
class State:
    """What the open tabs are told: the version of the preview and, after a bad edit, its problems."""

    version: int = 0
    problems: list[Problem] = field(default_factory=list)


class Preview:
    """The preview site of the catalogue in *project*, and how to bring it up to date."""

    def __init__(self, project: Path, *, today: date | None = None, pdfs: bool = True) -> None:
        self.project = project.resolve()
        self.site = self.project / PREVIEW_DIR
        self.docs = self.project / PREVIEW_DOCS
        self.today = today
        self.make_pdfs = pdfs
        self.engine = MkDocs(keep=True)
        self.records = RecordCache()
        self.memo = PageMemo()
        self.tree: dict[str, Content] = {}
        self.pdfs: dict[str, RenderedPdf] = {}
        self.state = State()
        self.changed = threading.Condition()
        """Notified whenever :attr:`state` changes."""
        self.catalogue: Catalogue | None = None
        self.texts: Texts | None = None
        self._lock = threading.Lock()
        self._scripts: tuple[re.Pattern[str], ...] = ()
        self._theme: frozenset[str] = frozenset()
        self._full = True
        self._pdf_thread: threading.Thread | None = None
        self._pdf_wanted = threading.Event()
        self._pdf_idle = threading.Event()
        self._pdf_idle.set()
        self._closed = False
        self._last_edit = 0.0

    # -- rebuilding ------------------------------------------------------------

    def rebuild(self, changed: Iterable[Path] = ()) -> Pass | None:
        """Bring the preview up to date after *changed* files; None when the catalogue has problems.

        On problems the preview keeps its last good pages, and :attr:`state`
        carries the problems for the open tabs to show.
        """
        self._last_edit = time.monotonic()
        if any(self._everywhere(Path(path)) for path in changed):
            self._full = True
        with self._lock:
            try:
                done = self._rebuild()
            except CatalogueError as error:
                self._publish(State(self.state.version, error.problems))
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
        full = self._full
        if full:
            self.memo = PageMemo()
        catalogue = load_catalogue(self.project, self.today, cache=self.records)
        texts = load_texts(self.project / TEMPLATES_DIR)
        handwritten = read_pages(catalogue)
        tree = docs_tree(catalogue, texts, self.pdfs, handwritten, self.memo)
        written = self._write_docs(tree, full)
        since = time.time() - 1
        theme = self.engine.render(
            self.project, self.docs, self.site, texts, updated=last_updated(catalogue), dirty=not full
        )
        if full or not self._scripts:
            folders = [*theme, self.project / TEMPLATES_DIR / "pages"]
            self._scripts, self._theme = template_scripts(folders), theme_files(folders)
        self._secure(since if not full else 0.0, handwritten_sources(handwritten))
        if full:
            add_files(self.site, editor_files(catalogue, texts))
            self._link_pdfs(self.pdfs, {})
        self._full = False
        self.catalogue, self.texts = catalogue, texts
        done = Pass(time.perf_counter() - started, self.records.read, self.memo.rendered, written, full)
        log.info("Preview rebuilt in %.1f s: %d records read, %d pages rendered%s", done.seconds,
                 done.records_read, done.pages_rendered, " (everything)" if full else "")  # fmt: skip
        return done

    def _write_docs(self, tree: dict[str, Content], full: bool) -> int:
        """Write the docs files whose content changed (all of them when *full*); remove those gone."""
        if full:
            shutil.rmtree(self.docs, ignore_errors=True)
            self.tree = {}
        changed = {path: content for path, content in tree.items() if self.tree.get(path) != content}
        for gone in set(self.tree) - set(tree):
            (self.docs / gone).unlink(missing_ok=True)
            if gone.endswith(".md"):
                shutil.rmtree(self.site / gone.removesuffix("index.md"), ignore_errors=True)
            else:
                (self.site / gone).unlink(missing_ok=True)
        add_files(self.docs, changed)
        self.tree = tree
        return len(changed)

    def _secure(self, since: float, sources: dict[str, str]) -> None:
        """Give the pages rendered since *since* their security policy, as the build does."""
        problems = []
        for path in self.site.rglob("*.html"):
            if path.stat().st_mtime < since or path.is_relative_to(self.site / "quan-tri"):
                continue
            text = path.read_text(encoding="utf-8")
            if SECURED in text:
                continue  # not rendered again by this pass
            name = path.relative_to(self.site).as_posix()
            html, blocked = secure_page(text, self._scripts, name, self._theme)
            problems += [Problem(sources.get(name, name), 0, 0, "", what) for what in blocked]
            path.write_text(html, encoding="utf-8")
        if problems:
            raise CatalogueError(problems)

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
        version = self.state.version
        catalogue, texts = self.catalogue, self.texts
        if catalogue is None or texts is None:
            return
        pdfs, stats = make_pdfs(self.project, catalogue, texts, BuildOptions())
        with self._lock:
            if self.state.version != version or self.state.problems:
                return  # an edit came in meanwhile: its own pass follows
            old, self.pdfs = self.pdfs, pdfs
            self._link_pdfs(pdfs, old)
            tree = docs_tree(catalogue, texts, pdfs, read_pages(catalogue), self.memo)
            if self._write_docs(tree, False):
                since = time.time() - 1
                self.engine.render(
                    self.project, self.docs, self.site, texts, updated=last_updated(catalogue), dirty=True
                )
                self._secure(since, {})
        log.info("PDFs ready: %d (%d rendered)", stats.total, stats.rendered)

    def _link_pdfs(self, pdfs: dict[str, RenderedPdf], old: dict[str, RenderedPdf]) -> None:
        for name in set(old) - set(pdfs):
            (self.site / name).unlink(missing_ok=True)
        for name, rendered in pdfs.items():
            if old.get(name) == rendered and (self.site / name).exists():
                continue
            target = self.site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            try:
                os.link(rendered.file, target)
            except OSError:
                shutil.copyfile(rendered.file, target)

    def wait_for_pdfs(self, timeout: float) -> bool:
        """Wait until no PDF pass is due or running; False on timeout."""
        return self._pdf_idle.wait(timeout)

    def pdf_pending(self) -> bool:
        """Whether PDFs are being made, or due after the last rebuild."""
        return self.make_pdfs and (self._pdf_wanted.is_set() or not self._pdf_idle.is_set())

    def close(self) -> None:
        self._closed = True
