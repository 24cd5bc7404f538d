"""PDFs: rendered by WeasyPrint in a pool of worker processes, cached by content.

Producers (procedure guides, handbooks, form templates) describe each PDF as a
:class:`PdfJob`: a whole HTML document plus the stylesheets it uses from
``templates/print/``. :func:`render_pdfs` turns jobs into files:

- A job's **key** is a hash of everything that goes into its PDF: the HTML, the
  print profile, every file under ``templates/print`` and ``templates/fonts``,
  and the renderer's version. A PDF whose key is in the cache is not rendered
  again, so a rebuild after editing one record redoes only the PDFs that
  record appears in.
- PDFs are **deterministic**: the same key gives the same bytes (the document
  identifier is derived from the key and no date is written), which the cache
  and reproducible builds rely on.
- Missing PDFs render in a **process pool** (one worker per core), each worker
  parsing the stylesheets and loading the fonts once and being replaced after
  :data:`RECYCLE_AFTER` documents, since WeasyPrint's memory grows.
- Workers **end with the build**, even a killed one: the fork server and each
  worker ask the kernel to kill them when their parent dies
  (:mod:`generator.pdf.lifetime`).
- The renderer **reads only files** inside the project's ``templates/`` folder;
  any other URL (``file:///etc/passwd``, ``http://...``) is refused, never
  fetched, and fails the build with a clear message.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import TextIO

from generator.pdf.jobs import FONTS_DIR, PRINT_DIR, PdfJob, PdfStats, PrintProfile, RenderedPdf, Task
from generator.problems import CatalogueError, Problem
from generator.project import CACHE_DIR, TEMPLATES_DIR

RECYCLE_AFTER = 200
"""Documents a worker renders before it is replaced by a fresh process."""
IN_PROCESS_MAX = 2
"""Up to this many missing PDFs render in the build's own process (no pool start-up)."""
_FORMAT = "1"
"""Bump when the way PDFs are made changes without any input changing."""


def render_pdfs(
    project: Path,
    jobs: Iterable[PdfJob],
    profile: PrintProfile,
    *,
    workers: int | None = None,
    progress: TextIO | None = None,
    stats: PdfStats | None = None,
) -> dict[str, RenderedPdf]:
    """Make every job's PDF (from the cache when it is there); return them by site path.

    Raises :class:`CatalogueError` if any PDF cannot be made.
    """
    started = time.perf_counter()
    templates = project / TEMPLATES_DIR
    cache = project / CACHE_DIR
    inputs = _inputs_digest(templates, profile)
    files: dict[str, Path] = {}
    todo: dict[Path, Task] = {}  # by file: two jobs with the same content render once
    for job in jobs:
        if job.path in files:
            raise ValueError(f"two PDFs would be published at {job.path}")
        key = _key(inputs, job)
        file = files[job.path] = cache / key[:2] / f"{key}.pdf"
        if not file.is_file() and file not in todo:
            todo[file] = Task(key, job.path, job.html, job.stylesheets, job.forms, str(file))
    _render_missing(templates, profile, list(todo.values()), workers or os.cpu_count() or 1, progress)
    results = {path: RenderedPdf(file, file.stat().st_size) for path, file in files.items()}
    _prune(cache, set(files.values()))
    if stats is not None:
        stats.total, stats.rendered, stats.seconds = len(results), len(todo), time.perf_counter() - started
    return results


def _inputs_digest(templates: Path, profile: PrintProfile) -> str:
    """Hash of what every PDF shares: print templates, fonts, profile, renderer versions."""
    h = hashlib.sha256()
    h.update(f"{_FORMAT}|{profile}|{_version('weasyprint')}|{_version('pydyf')}".encode())
    for folder in (templates / PRINT_DIR, templates / FONTS_DIR):
        for file in sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []:
            h.update(file.relative_to(templates).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


def _key(inputs: str, job: PdfJob) -> str:
    h = hashlib.sha256(inputs.encode())
    h.update(f"|{job.stylesheets}|{job.forms}|".encode())
    h.update(job.html.encode())
    return h.hexdigest()


def _render_missing(
    templates: Path, profile: PrintProfile, todo: list[Task], workers: int, progress: TextIO | None
) -> None:
    if not todo:
        return
    from generator.pdf import worker

    todo = sorted(todo, key=lambda task: -len(task.html))  # the longest first: the pool ends together
    meter = _Progress(len(todo), progress)
    errors: list[Problem] = []
    if workers <= 1 or len(todo) <= IN_PROCESS_MAX:
        worker.init(templates, profile)
        for task in todo:
            error = worker.render(task)
            if error:
                errors.append(error)
            meter.step()
    else:
        from generator.pdf import lifetime

        context = multiprocessing.get_context("forkserver")
        # The fork server ends with the build, and each worker with the fork server (see lifetime.py).
        context.set_forkserver_preload([lifetime.__name__, worker.__name__])
        workers = min(workers, len(todo))
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=worker.init,
            initargs=(templates, profile, True),
            max_tasks_per_child=RECYCLE_AFTER,
        ) as pool:
            errors.extend(_run_all(pool, todo, meter, 4 * workers))
    meter.done()
    if errors:
        raise CatalogueError(errors)


def _run_all(pool: ProcessPoolExecutor, todo: list[Task], meter: _Progress, in_flight: int) -> Iterator[Problem]:
    """Keep the pool busy with at most *in_flight* tasks queued; yield failures."""
    from generator.pdf import worker

    pending: set[Future[Problem | None]] = set()
    tasks = iter(todo)
    while True:
        for task in tasks:
            pending.add(pool.submit(worker.render, task))
            if len(pending) >= in_flight:
                break
        if not pending:
            return
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            error = future.result()
            if error:
                yield error
            meter.step()


# -- cache and progress -------------------------------------------------------------------------


def _prune(cache: Path, keep: set[Path]) -> None:
    """Remove cached PDFs this build did not use (the site keeps its own links to them)."""
    if not cache.is_dir():
        return
    for file in cache.glob("*/*"):
        if file not in keep:
            file.unlink(missing_ok=True)


class _Progress:
    """``PDF 120/2000 · 35.1/s · 54 s left`` on a terminal; nothing in logs and CI."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total, self.count = total, 0
        self.started = self.shown = time.monotonic()
        interactive = stream is not None and stream.isatty() and not os.environ.get("CI")
        self.stream = stream if interactive else None

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.stream and (now - self.shown > 0.2 or self.count == self.total):
            self.shown = now
            rate = self.count / max(now - self.started, 1e-9)
            left = (self.total - self.count) / rate
            self.stream.write(f"\rPDF {self.count}/{self.total} · {rate:.1f}/s · {left:.0f} s left ")
            self.stream.flush()

    def done(self) -> None:
        if self.stream:
            self.stream.write("\n")
            self.stream.flush()
