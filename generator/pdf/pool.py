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
- **Assemblies** (:class:`Assembly`: guides and handbook volumes) are made from
  parts, jobs rendered first and not published themselves (each procedure's
  pages), by :mod:`generator.pdf.assemble`. An assembly's key is a hash of its
  parts' keys and its own front matter, so editing one record lays out one part
  and re-assembles only the guide and the volumes it is in.
- On a **cluster** (``scheduler``: a Dask scheduler's address), tasks run on its
  workers (:mod:`generator.pdf.cluster`); the templates and the parts travel with
  them and the PDFs come back to this machine's cache, byte for byte the same.
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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from generator.pdf.jobs import (
    Assembly,
    PdfJob,
    PdfStats,
    PrintProfile,
    RenderedPdf,
    Task,
    template_files,
    write_atomically,
)
from generator.problems import CatalogueError, Problem
from generator.project import CACHE_DIR, TEMPLATES_DIR

RECYCLE_AFTER = 200
"""Documents a worker renders before it is replaced by a fresh process."""
IN_PROCESS_MAX = 4
"""Up to this many missing PDFs render in the build's own process: starting a pool (a few seconds of
imports in each worker) costs more than one edit's part, guide and two handbook volumes."""
_FORMAT = "4"
"""Bump when the way PDFs are made changes without any input changing."""

Outcome = tuple[bytes, Problem | None]
"""What a task gives back: the PDF's bytes (empty when the worker wrote the cache file itself), or a problem."""
Submit = Callable[[Task], "Future[Outcome]"]


def render_pdfs(
    project: Path,
    jobs: Iterable[PdfJob],
    profile: PrintProfile,
    *,
    assemblies: Iterable[Assembly] = (),
    workers: int | None = None,
    scheduler: str | None = None,
    progress: TextIO | None = None,
    stats: PdfStats | None = None,
) -> dict[str, RenderedPdf]:
    """Make every job's and assembly's PDF (from the cache when it is there); return the published ones by path.

    Jobs marked ``part`` are rendered (first) for the assemblies, not returned.
    Raises :class:`CatalogueError` if any PDF cannot be made.
    """
    started = time.perf_counter()
    templates = project / TEMPLATES_DIR
    cache = project / CACHE_DIR
    inputs = _inputs_digest(templates, profile)
    files: dict[str, Path] = {}
    published: list[str] = []
    rendered = 0
    with _Runner(templates, profile, workers or os.cpu_count() or 1, scheduler, progress) as runner:
        todo: dict[Path, Task] = {}  # by file: two jobs with the same content render once
        for job in jobs:
            key = _key(inputs, job)
            file = _claim(files, job.path, cache, key)
            published += [] if job.part else [job.path]
            if not file.is_file() and file not in todo:
                todo[file] = Task(key, job.path, job.html, job.stylesheets, job.forms, target=str(file))
        runner.run(list(todo.values()))
        rendered += len(todo)
        todo = {}
        for assembly in assemblies:
            parts = tuple(files[path] for path in assembly.parts)
            key = _assembly_key(inputs, assembly, parts)
            file = _claim(files, assembly.path, cache, key)
            published.append(assembly.path)
            if not file.is_file() and file not in todo:
                front = assembly.front
                todo[file] = Task(key, assembly.path, front.html if front else "", front.stylesheets if front else (),
                                  assembly=assembly, parts=tuple(map(str, parts)), target=str(file))  # fmt: skip
        runner.run(list(todo.values()))
        rendered += len(todo)
    results = {path: RenderedPdf(files[path], files[path].stat().st_size) for path in published}
    _prune(cache, set(files.values()))
    if stats is not None:
        stats.total, stats.rendered, stats.seconds = len(results), rendered, time.perf_counter() - started
    return results


def _claim(files: dict[str, Path], path: str, cache: Path, key: str) -> Path:
    if path in files:
        raise ValueError(f"two PDFs would be published at {path}")
    file = files[path] = cache / key[:2] / f"{key}.pdf"
    return file


def _inputs_digest(templates: Path, profile: PrintProfile) -> str:
    """Hash of what every PDF shares: print templates, fonts, profile, renderer versions."""
    h = hashlib.sha256()
    versions = "|".join(_version(name) for name in ("weasyprint", "pydyf", "pikepdf", "fonttools", "zxing-cpp"))
    h.update(f"{_FORMAT}|{profile}|{versions}".encode())
    for file in template_files(templates):
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


def _assembly_key(inputs: str, assembly: Assembly, parts: tuple[Path, ...]) -> str:
    """The parts' keys (their files' names) and everything the assembly adds to them."""
    h = hashlib.sha256(inputs.encode())
    front = assembly.front
    h.update(f"|assembly|{assembly.numbering}|{assembly.label}|{assembly.bookmarks!r}|".encode())
    h.update("|".join(part.stem for part in parts).encode())
    if front is not None:
        h.update(f"|{front.stylesheets}|".encode() + front.html.encode())
    return h.hexdigest()


class _Runner:
    """Runs tasks in this process, in a pool of worker processes, or on a Dask cluster; started when needed."""

    def __init__(self, templates: Path, profile: PrintProfile, workers: int, scheduler: str | None,
                 progress: TextIO | None) -> None:  # fmt: skip
        self.templates, self.profile, self.workers, self.scheduler = templates, profile, workers, scheduler
        self.progress = progress
        self.stack = ExitStack()
        self.submit: Submit | None = None

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def run(self, todo: list[Task]) -> None:
        if not todo:
            return
        todo = sorted(todo, key=lambda task: -len(task.html) - 10_000 * len(task.parts))  # the longest first
        meter = _Progress(len(todo), self.progress)
        errors: list[Problem] = []
        if self.scheduler is None and (self.workers <= 1 or len(todo) <= IN_PROCESS_MAX):
            from generator.pdf import worker

            worker.init(self.templates, self.profile)
            for task in todo:
                error = worker.render(task)
                if error:
                    errors.append(error)
                meter.step()
        else:
            errors.extend(_run_all(self._submitter(), todo, meter, 4 * max(self.workers, 1)))
        meter.done()
        if errors:
            raise CatalogueError(errors)

    def _submitter(self) -> Submit:
        if self.submit is None:
            if self.scheduler is not None:
                from generator.pdf import cluster

                self.submit = self.stack.enter_context(cluster.connect(self.scheduler, self.templates, self.profile))
            else:
                self.submit = self._local_pool()
        return self.submit

    def _local_pool(self) -> Submit:
        from generator.pdf import lifetime, worker

        context = multiprocessing.get_context("forkserver")
        # The fork server ends with the build, and each worker with the fork server (see lifetime.py).
        context.set_forkserver_preload([lifetime.__name__, worker.__name__])
        pool: Executor = self.stack.enter_context(
            ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=worker.init,
                initargs=(self.templates, self.profile, True),
                max_tasks_per_child=RECYCLE_AFTER,
            )
        )
        return lambda task: pool.submit(worker.render_here, task)


def _run_all(submit: Submit, todo: list[Task], meter: _Progress, in_flight: int) -> Iterator[Problem]:
    """Keep the workers busy with at most *in_flight* tasks queued; write what comes back; yield failures."""
    pending: dict[Future[Outcome], Task] = {}
    tasks = iter(todo)
    while True:
        for task in tasks:
            pending[submit(task)] = task
            if len(pending) >= in_flight:
                break
        if not pending:
            return
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            task = pending.pop(future)
            data, error = future.result()
            if error:
                yield error
            elif data:
                write_atomically(Path(task.target), data)
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
