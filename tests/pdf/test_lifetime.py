"""A killed build leaves no process behind: the PDF pool and its fork server end with it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ..conftest import ROOT, Builder, MakeProject

RECORD = (ROOT / "tests" / "fixtures" / "base" / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and its state (``Z`` for a zombie)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found[int(entry.name)] = (int(fields[1]), fields[0])
    return found


def _descendants(pid: int) -> set[int]:
    table, found = _processes(), {pid}
    while True:
        more = {p for p, (parent, _) in table.items() if parent in found} - found
        if not more:
            return found - {pid}
        found |= more


def _alive(pids: set[int]) -> set[int]:
    table = _processes()
    return {p for p in pids if p in table and table[p][1] != "Z"}


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_build_leaves_no_worker_and_no_fork_server(
    make_project: MakeProject, build_project: Builder, sent: signal.Signals
) -> None:
    records = {f"procedures/thu-tuc-{n:02d}.yaml": RECORD.replace('"1.004194"', f'"1.0042{n:02d}"') for n in range(16)}
    project = make_project(records)
    command = build_project.command("build", "--jobs", "2", "--project", str(project))
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        # The resource tracker, the fork server and two workers rendering.
        while len(started) < 4 and time.monotonic() < deadline and build.poll() is None:
            started = _descendants(build.pid)
            time.sleep(0.05)
        assert len(started) >= 4, "the build ended before its PDF pool was seen"
        os.kill(build.pid, sent)
        build.wait(10)
        deadline = time.monotonic() + 10
        while _alive(started) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _alive(started) == set()
    finally:
        for pid in _alive(_descendants(build.pid) | started):
            os.kill(pid, signal.SIGKILL)
        build.kill()
