"""PDF tasks on a Dask cluster: ``catalogue build --scheduler tcp://HOST:8786``.

A national catalogue (34 provinces of about 2,000 procedures) outgrows one
machine. PDF tasks are independent and keyed by content, so any worker can make
any of them: this module sends each missing task to a Dask ``distributed``
cluster and collects the PDF back into this machine's cache, where the next
build finds it. Nothing is shared but the scheduler's address:

- the print templates and fonts travel once to every worker (scattered, with
  their digest) and are written to a temporary folder there, named by that
  digest, which the renderer reads exactly as it reads ``templates/`` here;
- an assembly's parts travel with it;
- workers need only this package installed, at the same version (``pip install
  "procedure-catalogue[cluster]"``), and the system's Pango.

The bytes are the same as a local build's: nothing in a PDF depends on where it
was made (tested with a local cluster of several worker processes).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.pdf.jobs import PrintProfile, Task, template_files
from generator.problems import CatalogueError, Problem

CONNECT_TIMEOUT = "20s"


@dataclass(frozen=True)
class Templates:
    """The files under ``templates/`` a PDF may read, by relative path, with their digest."""

    digest: str
    files: tuple[tuple[str, bytes], ...]

    @classmethod
    def read(cls, templates: Path) -> Templates:
        import hashlib

        files = tuple((f.relative_to(templates).as_posix(), f.read_bytes()) for f in template_files(templates))
        h = hashlib.sha256()
        for name, data in files:
            h.update(name.encode() + b"\0" + data + b"\0")
        return cls(h.hexdigest(), files)

    def folder(self) -> Path:
        """This machine's copy, written once (atomically) per digest."""
        folder = Path(tempfile.gettempdir()) / f"catalogue-templates-{self.digest[:20]}"
        if folder.is_dir():
            return folder
        staging = Path(tempfile.mkdtemp(prefix=folder.name + ".tmp-", dir=folder.parent))
        for name, data in self.files:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        try:
            os.rename(staging, folder)
        except OSError:  # another worker process of this machine was first
            shutil.rmtree(staging, ignore_errors=True)
        return folder


def run_remote(task: Task, templates: Templates, profile: PrintProfile) -> tuple[bytes, Problem | None]:
    """On a worker: make the task's PDF from the templates it was sent, and give its bytes back."""
    from generator.pdf import worker

    worker.init(templates.folder(), profile)
    return worker.attempt(task)


@contextmanager
def connect(address: str, templates: Path, profile: PrintProfile) -> Iterator[Any]:
    """A function that sends a task to the cluster at *address* and returns its future."""
    try:
        from distributed import Client
    except ImportError as error:
        raise CatalogueError(
            [_problem(address, "Dask is not installed; pip install 'procedure-catalogue[cluster]'")]
        ) from error
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise CatalogueError([_problem(address, f"could not reach the Dask scheduler: {error}")]) from error
    try:
        [shared] = client.scatter([Templates.read(templates)], broadcast=True)
        executor = client.get_executor(pure=False)

        def submit(task: Task) -> Future[tuple[bytes, Problem | None]]:
            data = tuple(Path(part).read_bytes() for part in task.parts)
            remote = replace(task, target="", parts=(), part_data=data)
            future: Future[tuple[bytes, Problem | None]] = executor.submit(run_remote, remote, shared, profile)
            return future

        yield submit
    finally:
        client.close()


def _problem(address: str, message: str) -> Problem:
    return Problem("--scheduler", 0, 0, "", f"{address}: {message}")
