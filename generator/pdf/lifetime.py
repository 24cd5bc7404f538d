"""PDF worker processes end with the build that started them, however the build ends.

The pool's workers are forked by multiprocessing's fork server, a child of the
build. When the build is killed (``SIGKILL``, or ``SIGTERM`` with no handler)
it cannot stop them, and they would stay, reparented to init, holding hundreds
of megabytes. So each asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG``): the fork server when the build dies, each worker when
the fork server dies. multiprocessing's resource tracker then sees its last
client go and ends by itself.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Be killed when the parent process ends (Linux; elsewhere nothing happens)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return
    if os.getppid() == 1:  # the parent died before the request: nobody will send the signal
        os._exit(1)


def _imported_by_fork_server() -> bool:
    """True while multiprocessing's fork server imports its preloaded modules."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "main" and code.co_filename.endswith(os.path.join("multiprocessing", "forkserver.py")):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


if _imported_by_fork_server():  # preloaded by generator.pdf.pool: tie the fork server to the build
    die_with_parent()
