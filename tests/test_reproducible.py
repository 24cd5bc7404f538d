"""Atomic, reproducible builds: a build killed half-way changes nothing, and the same
catalogue always gives the same bytes."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from .conftest import ROOT, Builder, MakeProject


def _hashes(site: Path) -> dict[str, str]:
    """SHA-256 of every file of *site*, by path."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _catalogue(project: Path, into: Path) -> None:
    """Copy the sample catalogue (records, forms, pages, templates, settings) to *into*."""
    for name in ("procedures", "forms", "pages", "communes", "templates"):
        shutil.copytree(project / name, into / name)
    shutil.copy(project / "mkdocs.yml", into / "mkdocs.yml")


def _build_command(
    build_project: Builder, project: Path, site: Path | None = None, **env: str
) -> subprocess.Popen[bytes]:
    argv = build_project.command("build", "--project", str(project))
    if site:
        argv += ["--site-dir", str(site)]
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)


def test_two_builds_of_the_same_catalogue_are_byte_identical(
    sample_site: Path, tmp_path: Path, build_project: Builder
) -> None:
    """Another process (another hash seed), another time zone (another day there): the same bytes."""
    again = tmp_path / "site"
    child = _build_command(build_project, ROOT, again, PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati")
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err.decode()
    first, second = _hashes(sample_site), _hashes(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert "sitemap.xml.gz" in first


def _html_pages(staging: Path) -> int:
    return sum(1 for _, _, names in os.walk(staging) for name in names if name.endswith(".html"))


KILL_POINTS: list[tuple[str, Callable[[Path], bool]]] = [
    ("as the staging folder appears", lambda staging: True),
    ("with a third of the pages written", lambda staging: _html_pages(staging) >= 25),
    ("with nearly every page written", lambda staging: _html_pages(staging) >= 65),
]


def _kill_when(child: subprocess.Popen[bytes], project: Path, ready: Callable[[Path], bool]) -> bool:
    """SIGKILL *child* once its staging folder satisfies *ready*; whether it was caught in time.

    The PDF stage comes before the staging folder: on a loaded machine it alone can take a minute.
    """
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and child.poll() is None:
        staging = next(project.glob(".site.staging-*"), None)
        if staging is not None and ready(staging):
            child.send_signal(signal.SIGKILL)
            child.wait()
            return True
        time.sleep(0.002)
    child.wait()
    return False


def test_a_build_killed_half_way_leaves_the_previous_site(
    sample_site: Path, tmp_path: Path, build_project: Builder
) -> None:
    project = tmp_path / "project"
    _catalogue(ROOT, project)
    shutil.copytree(sample_site, project / "site")  # as if built here: the same catalogue gives the same bytes
    # The session's build left its PDFs in the sample's cache: each build here renders only the changed record's.
    shutil.copytree(ROOT / ".catalogue" / "pdf-cache", project / ".catalogue" / "pdf-cache")
    before = _hashes(project / "site")
    record = project / "procedures" / "cu-tru" / "dang-ky-thuong-tru.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("title: ", "title: Mới – ", 1), encoding="utf-8")

    for when, ready in KILL_POINTS:
        child = _build_command(build_project, project)
        assert _kill_when(child, project, ready), f"the build ended before the kill point: {when}"
        assert child.returncode == -signal.SIGKILL
        assert _hashes(project / "site") == before, when
        sources = {"procedures", "forms", "pages", "communes", "templates", "mkdocs.yml"}
        leftovers = {p.name for p in project.iterdir()} - sources
        stale = {name for name in leftovers if name.startswith(".site.staging-")}
        assert len(stale) == 1 and leftovers - stale == {"site", ".catalogue"}, leftovers

    # The next build publishes the change and clears what the killed ones left.
    build_project(project)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".")) == [".catalogue"]
    assert "Mới – " in (project / "site" / "thu-tuc" / "dang-ky-thuong-tru" / "index.html").read_text("utf-8")


def test_a_build_leaves_the_staging_folder_of_a_build_still_running(
    make_project: MakeProject, build_project: Builder
) -> None:
    project = make_project()
    with subprocess.Popen(["sleep", "60"]) as running:
        alive = project / f".site.staging-{running.pid}-abc123"
        dead = project / ".site.staging-999999999-def456"
        for folder in (alive, dead, project / ".site.staging-xyz", project / ".site.old-999999999"):
            folder.mkdir()
        build_project(project)
        left = sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))
        running.kill()
    assert left == [alive.name]
