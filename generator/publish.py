"""Publish: write files, link the PDFs in, and swap a finished staging folder into place atomically.

The build writes only into the project's work folder (``.catalogue/``) and the
site folder, so before anything is written :func:`target_problems` and
:func:`work_problems` refuse a site folder that is the project, holds it or is
inside what the build reads, and work or site folders that are symbolic links
(the build empties them: through a link it would empty another folder).
:func:`build_lock` keeps two builds of one project from writing at once (the
second waits for the first, then gives up with a plain message), and
:func:`write_errors` turns a full disk or a read-only folder into one problem.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from generator import urls
from generator.pdf.jobs import RenderedPdf
from generator.problems import CatalogueError, Problem, display_path
from generator.project import CACHE_DIR, DOCS_DIR, SITE_DIR, SOURCES, WORK_DIR
from generator.render import offline
from generator.render.pages import Content
from generator.staging import FOLDER_MODE, staging_folder, swap_in

__all__ = ["FOLDER_MODE", "staging_folder", "swap_in"]  # re-exported: the build and its tests name them here

log = logging.getLogger(__name__)

LOCK_FILE = f"{WORK_DIR}/build.lock"
SITE_MARKERS = ("index.html", "sitemap.xml")
"""Files every built site has: a folder with files but none of these is not a site to replace."""


def target_problems(project: Path, site_dir: Path | None) -> list[Problem]:
    """Why the site cannot be built into *site_dir* (default ``site/``); *project* is resolved."""
    given = Path(os.path.abspath(site_dir)) if site_dir else project / SITE_DIR
    name = str(site_dir) if site_dir else SITE_DIR
    if given.is_symlink():
        return [Problem(name, 0, 0, "", f"is a symbolic link (to {os.readlink(given)}); the build replaces this "
                        "folder, so through a link it would empty another one: remove the link")]  # fmt: skip
    target = given.resolve()
    message = None
    if target == project:
        message = "is the catalogue folder itself; build into a folder of its own, such as site/"
    elif project.is_relative_to(target):
        message = "holds the catalogue folder; the build would replace it: build into a folder of its own"
    else:
        for source in (*SOURCES, WORK_DIR):
            if target.is_relative_to(project / source):
                message = f"is inside {source}, which the build reads or writes; build into a folder of its own"
    if message is None and target.exists() and not target.is_dir():
        message = "is a file, not a folder"
    elif message is None and target.is_dir() and not _replaceable(target):
        message = ("is a folder with files but no site built by catalogue; the build would replace them: "
                   "choose an empty or new folder")  # fmt: skip
    return [Problem(f"--site-dir {name}" if site_dir else name, 0, 0, "", message)] if message else []


def _replaceable(folder: Path) -> bool:
    return not any(folder.iterdir()) or any((folder / marker).is_file() for marker in SITE_MARKERS)


def work_problems(project: Path) -> list[Problem]:
    """Symbolic links where the build writes its work files; it would empty or write into their targets."""
    problems = []
    for name in (WORK_DIR, DOCS_DIR, CACHE_DIR, LOCK_FILE):
        if (project / name).is_symlink():
            problems.append(Problem(name, 0, 0, "", f"is a symbolic link (to {os.readlink(project / name)}); the "
                                    "build writes here itself: remove the link"))  # fmt: skip
    return problems


LOCK_WAIT = 600.0
"""Seconds a build waits for another build of the same project to end before it gives up."""


@contextmanager
def build_lock(project: Path) -> Iterator[None]:
    """Hold ``.catalogue/build.lock`` while a build writes; a second build waits, saying so, then gives up plainly.

    The lock is the kernel's (``flock``): it ends with the process holding it,
    however the process ends, so a killed build never leaves a stale lock.
    """
    (project / WORK_DIR).mkdir(exist_ok=True)
    fd = os.open(project / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _acquire(fd: int) -> None:
    deadline = time.monotonic() + LOCK_WAIT
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            if time.monotonic() >= deadline:
                message = (f"another build of this catalogue is running (process {holder}); wait for it to end, "
                           "then build again")  # fmt: skip
                raise CatalogueError([Problem(LOCK_FILE, 0, 0, "", message)]) from None
            if not told:
                log.info("Another build of this catalogue is running (process %s); waiting for it to end…", holder)
                told = True
            time.sleep(0.2)


_WHY = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the folder is on a read-only file system; build into a folder you can write to",
    errno.EACCES: "permission denied; build into a folder you can write to",
    errno.EPERM: "permission denied; build into a folder you can write to",
}


@contextmanager
def write_errors(project: Path) -> Iterator[None]:
    """Turn a failed write (full disk, read-only folder) into one problem naming the file; the old site stays."""
    try:
        yield
    except OSError as error:
        if error.errno not in _WHY:
            raise
        where = display_path(Path(os.fsdecode(error.filename)), project) if error.filename else WORK_DIR
        raise CatalogueError([Problem(where, 0, 0, "", f"cannot be written: {_WHY[error.errno]}")]) from None


def write_tree(folder: Path, tree: dict[str, Content]) -> None:
    """Replace *folder* with exactly the files of *tree*."""
    shutil.rmtree(folder, ignore_errors=True)
    add_files(folder, tree)


def add_files(folder: Path, tree: Mapping[str, Content]) -> None:
    """Write the files of *tree* into *folder*, replacing files of the same name."""
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


FILE_MODE = 0o644
"""Modes of everything published (folders: :data:`generator.staging.FOLDER_MODE`): a web server runs as another
user (nginx as www-data) and must read it all."""


def site_files(site: Path) -> list[str]:
    """Every file of *site*, by path, in order."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def file_checks(site: Path, paths: list[str]) -> dict[str, str]:
    """The content check (:func:`generator.render.offline.digest`) of each of *paths* in *site*, by path."""
    return {name: offline.digest((site / name).read_bytes()) for name in paths}


def write_service_worker(site: Path, source: Path, build: str) -> None:
    """Write ``sw.js`` into *site* from the worker's *source*, with the checks of the files it saves at install."""
    files = site_files(site)
    search = {name: (site / name).stat().st_size for name in files if name.startswith(urls.SEARCH_INDEX)}
    checks = file_checks(site, offline.precached(files, search))
    text = offline.service_worker(source.read_text(encoding="utf-8"), build, checks)
    (site / offline.SERVICE_WORKER).write_text(text, encoding="utf-8")


def make_readable(folder: Path) -> None:
    """Give every file under *folder* mode 0644 and every folder 0755, *folder* included, whatever the umask.

    Files come from several writers (this module, the HTML engine, the PDF cache through hard links),
    each with its own idea of a mode; the site is published only once all of them are readable by
    another user. Symbolic links are left alone (and not followed).
    """
    _set_mode(folder, FOLDER_MODE)
    for root, folders, files in os.walk(folder):
        for name in folders:
            _set_mode(Path(root, name), FOLDER_MODE)
        for name in files:
            _set_mode(Path(root, name), FILE_MODE)


def _set_mode(path: Path, mode: int) -> None:
    status = path.lstat()
    if stat.S_ISLNK(status.st_mode) or stat.S_IMODE(status.st_mode) == mode:
        return
    os.chmod(path, mode)
