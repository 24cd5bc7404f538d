"""PDFs: rendered by WeasyPrint in a pool of worker processes, cached by content.

Producers (procedure guides, handbooks, form templates) describe each PDF as a
:class:`PdfJob`: a whole HTML document plus the stylesheets it uses from
``templates/paper/``. :func:`render_pdfs` turns jobs into files:

- A job's **key** is a hash of everything that goes into its PDF: the HTML, the
  print profile, every file under ``templates/paper`` and ``templates/fonts``,
  and the renderer's version. A PDF whose key is in the cache is not rendered
  again, so a rebuild after editing one record redoes only the PDFs that
  record appears in.
- Writing the HTML of every part just to hash it would cost a rebuild seconds,
  so a job may carry a **memo** (a digest of what its HTML is written from:
  its record, the settings, the texts). The keys are kept by memo in the
  cache (:data:`MEMO_FILE`), salted with the templates, the renderer's version
  and a hash of the generator's own code: an unchanged job's HTML is written
  only when its PDF has to be made.
- PDFs are **deterministic**: the same key gives the same bytes (the document
  identifier is derived from the key and no date is written), which the cache
  and reproducible builds rely on.
- Missing PDFs render in a **process pool** (one worker per core), each worker
  parsing the stylesheets and loading the fonts once and being replaced after
  :data:`RECYCLE_AFTER` documents, since WeasyPrint's memory grows. The workers
  are forked from a fork server that imports WeasyPrint once; the build starts
  it before loading the records (:func:`prepare`), so a one-edit rebuild finds
  it ready, and the build's own process never imports the renderer. With one
  worker (``--workers 1``) PDFs render in the build's process.
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

import functools
import hashlib
import importlib.metadata
import json
import multiprocessing
import multiprocessing.forkserver
import os
import re
import sys
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
_FORMAT = "5"
"""Bump when the way PDFs are made changes without any input changing."""

Outcome = tuple[bytes, Problem | None]
_NO_FRONT = PdfJob("", "", ())
"""The front matter of an assembly that has none (a guide): nothing to lay out."""
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
    cache: Path | None = None,
) -> dict[str, RenderedPdf]:
    """Make every job's and assembly's PDF (from the cache when it is there); return the published ones by path.

    Jobs marked ``part`` are rendered (first) for the assemblies, not returned.
    Raises :class:`CatalogueError` if any PDF cannot be made. *cache*: another cache folder than the
    build's (the print pack's, so that neither prunes the other's PDFs).
    """
    started = time.perf_counter()
    templates = project / TEMPLATES_DIR
    cache = cache or project / CACHE_DIR
    workers = workers or os.cpu_count() or 1
    prepare(workers, scheduler)  # the renderer is imported on another core while keys are worked out
    inputs = _inputs_digest(templates, profile)
    memo = _Memo(cache, inputs)
    files: dict[str, Path] = {}
    published: list[str] = []
    parts: dict[Path, Task] = {}  # by file: two jobs with the same content render once
    for job in jobs:
        file = _claim(files, job.path, cache, memo.key(job))
        published += [] if job.part else [job.path]
        if not file.is_file() and file not in parts:
            parts[file] = Task(file.stem, job.path, job.html, job.stylesheets, job.forms, job.refits, target=str(file))
    built: dict[Path, Task] = {}  # assemblies, made once their parts are there
    for assembly in assemblies:
        paths = tuple(files[path] for path in assembly.parts)
        front = memo.key(assembly.front) if assembly.front else ""
        file = _claim(files, assembly.path, cache, _assembly_key(inputs, assembly, paths, front))
        published.append(assembly.path)
        if not file.is_file() and file not in built:
            own = assembly.front or _NO_FRONT
            built[file] = Task(
                file.stem,
                assembly.path,
                own.html,
                own.stylesheets,
                refits=own.refits,
                assembly=assembly,
                parts=tuple(map(str, paths)),
                target=str(file),
            )
    with _Runner(templates, profile, workers, scheduler, progress) as runner:
        runner.run(list(parts.values()))
        runner.run(list(built.values()))
    memo.save()
    results = {path: RenderedPdf(files[path], files[path].stat().st_size) for path in published}
    _prune(cache, set(files.values()))
    if stats is not None:
        stats.total, stats.rendered = len(results), len(parts) + len(built)
        stats.seconds = time.perf_counter() - started
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
    h.update(f"|{job.stylesheets}|{job.forms}|{job.refits}|".encode())
    h.update(job.html.encode())
    return h.hexdigest()


MEMO_FILE = "keys.json"
_KEY = re.compile(r"[0-9a-f]{64}")


class _Memo:
    """The keys of jobs that have a :attr:`~PdfJob.memo`, by that memo, kept in the cache between builds.

    A job's key is the hash of its HTML, and writing the HTML of 2,000 parts takes seconds. A job whose
    memo (a digest of what its HTML is written from), print templates, renderer and generator code are
    all as they were keeps its key without its HTML being written; any other job's HTML is written and
    hashed. The file holds the keys this build used, and nothing else.
    """

    def __init__(self, cache: Path, inputs: str) -> None:
        self.file, self.inputs = cache / MEMO_FILE, inputs
        self.salt = f"{inputs}|{_code_digest()}"
        try:
            known = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, or unreadable: every key is computed from the HTML
            known = {}
        self.known: dict[str, str] = known if isinstance(known, dict) else {}
        self.used: dict[str, str] = {}

    def key(self, job: PdfJob) -> str:
        if not job.memo:
            return _key(self.inputs, job)
        memo = f"{self.salt}|{job.stylesheets}|{job.forms}|{job.refits}|{job.memo}"
        memo = hashlib.sha256(memo.encode()).hexdigest()
        key = self.known.get(memo)
        if not (isinstance(key, str) and _KEY.fullmatch(key)):
            key = _key(self.inputs, job)
        self.used[memo] = key
        return key

    def save(self) -> None:
        if self.used != self.known:
            write_atomically(self.file, json.dumps(self.used, indent=0, sort_keys=True).encode())


@functools.cache
def _code_digest() -> str:
    """Hash of the generator's own files, Python's version (its Unicode tables fold and sort the text) and
    the libraries that write HTML: what a memo does not cover."""
    package = Path(__file__).resolve().parent.parent
    versions = [sys.version, *(_version(name) for name in ("jinja2", "markupsafe", "markdown-it-py"))]
    h = hashlib.sha256("|".join(versions).encode())
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            h.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()


def _assembly_key(inputs: str, assembly: Assembly, parts: tuple[Path, ...], front: str) -> str:
    """The parts' keys (their files' names), the front matter's key, and what the assembly adds to them."""
    h = hashlib.sha256(inputs.encode())
    h.update(f"|assembly|{assembly.numbering}|{assembly.label}|{assembly.bookmarks!r}|{front}|".encode())
    h.update("|".join(part.stem for part in parts).encode())
    return h.hexdigest()


class _Runner:
    """Runs tasks in this process, in a pool of worker processes, or on a Dask cluster; started when needed."""

    def __init__(
        self, templates: Path, profile: PrintProfile, workers: int, scheduler: str | None, progress: TextIO | None
    ) -> None:
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
        if self.scheduler is None and self.workers == 1:
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
        pool: Executor = self.stack.enter_context(
            ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=_start_fork_server(),
                initializer=_start_worker,
                initargs=(self.templates, self.profile),
                max_tasks_per_child=RECYCLE_AFTER,
            )
        )
        return lambda task: pool.submit(_render_in_worker, task)


def prepare(workers: int | None = None, scheduler: str | None = None) -> None:
    """Get the local pool's fork server going (once per process), when PDFs will render in a local pool.

    The server imports the renderer once for all workers, about a second of CPU. Called before the
    records load, that second is spent on another core, so the first worker of a one-edit rebuild is
    ready when the build knows what to render. A build with nothing to render pays it on that other core.
    """
    if scheduler is None and (workers or os.cpu_count() or 1) > 1:
        _start_fork_server()


def _start_fork_server() -> multiprocessing.context.BaseContext:
    """Start (once per process) the fork server the pool's workers are forked from; return its context.

    This process never imports the renderer: the server does, and its workers inherit it. The server
    ends with the build, and each worker with the server (see :mod:`generator.pdf.lifetime`).
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.pdf.lifetime", "generator.pdf.worker"])
    multiprocessing.forkserver.ensure_running()
    return context


def _start_worker(templates: Path, profile: PrintProfile) -> None:
    """A pool worker's initializer (by name, so the build need not import the renderer to name it)."""
    from generator.pdf import worker

    worker.init(templates, profile, pooled=True)


def _render_in_worker(task: Task) -> Outcome:
    from generator.pdf import worker

    return worker.render_here(task)


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
