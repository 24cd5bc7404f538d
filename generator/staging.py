"""A folder replaced all at once: built beside its target in a staging folder, then swapped in.

The build publishes ``site/`` this way (:mod:`generator.publish`), and
``catalogue import`` the record folders (:mod:`generator.national.importer`):
readers see the old folder or the new one, never half of each.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

FOLDER_MODE = 0o755
"""Mode of a staging folder: a web server runs as another user and must read the site it becomes."""


def staging_folder(target: Path) -> Path:
    """A new, empty folder beside *target* to build into, named after this process.

    Left-over staging folders of builds that no longer run are removed first.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))
    folder.chmod(FOLDER_MODE)  # mkdtemp makes 0700, and this folder becomes site/ itself
    return folder


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
