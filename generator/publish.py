"""Publish: write files, link the PDFs in, and swap a finished staging folder into place atomically."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

from generator import urls
from generator.pdf.jobs import RenderedPdf
from generator.render import offline
from generator.render.pages import Content


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


def staging_folder(target: Path) -> Path:
    """A new, empty folder beside *target* to build into, named after this process.

    Left-over staging folders of builds that no longer run are removed first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))


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
