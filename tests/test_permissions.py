"""A published site is readable by the web server, which runs as another user than the one who built it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.publish import make_readable
from generator.staging import staging_folder

from .conftest import Builder, MakeProject


def _modes(folder: Path) -> dict[str, int]:
    modes = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        if not path.is_symlink():
            modes[path.relative_to(folder).as_posix()] = stat.S_IMODE(path.stat().st_mode)
    return modes


@pytest.fixture
def strict_umask() -> Iterator[None]:
    """Build as a careful administrator does: new files readable by their owner only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def test_make_readable_gives_files_0644_and_folders_0755_whatever_the_umask(tmp_path: Path, strict_umask: None) -> None:
    site = tmp_path / "site"
    (site / "thu-tuc" / "dang-ky").mkdir(parents=True)
    (site / "index.html").write_text("<p>Trang chủ</p>", encoding="utf-8")
    guide = site / "thu-tuc" / "dang-ky" / "huong-dan.pdf"
    fd, cached = tempfile.mkstemp(dir=tmp_path)  # the PDF cache's files are made with mkstemp: 0600
    os.close(fd)
    os.link(cached, guide)
    (site / "link").symlink_to("/etc/hostname")
    site.chmod(0o700)
    make_readable(site)
    assert _modes(site) == {
        ".": 0o755,
        "index.html": 0o644,
        "thu-tuc": 0o755,
        "thu-tuc/dang-ky": 0o755,
        "thu-tuc/dang-ky/huong-dan.pdf": 0o644,
    }


def test_the_staging_folder_that_becomes_site_is_0755(tmp_path: Path, strict_umask: None) -> None:
    folder = staging_folder(tmp_path / "site")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def _other_user() -> list[str] | None:
    """A command prefix that runs as ``nobody``, or None when this process cannot switch users."""
    if os.geteuid() != 0:
        return None
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


def test_another_user_reads_every_file_of_a_site_built_with_a_strict_umask(
    make_project: MakeProject, build_project: Builder, strict_umask: None
) -> None:
    as_nobody = _other_user()
    if as_nobody is None:
        pytest.skip("needs root and setpriv or runuser to read the site as another user")
    project = make_project()
    served = Path(tempfile.mkdtemp(prefix="catalogue-served-"))
    try:
        served.chmod(0o755)  # where a web server's root would be; the site itself is what is tested
        site = served / "site"
        build_project(project, site_dir=site)
        files = [p for p in site.rglob("*") if p.is_file()]
        assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".html" for p in files)
        assert set(_modes(site).values()) == {0o755, 0o644}
        # As a web server would: another user lists every folder and reads every file.
        find = [*as_nobody, "find", str(site), "-type", "f"]
        listed = subprocess.run(find, check=False, capture_output=True, text=True)
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == len(files)
        read = subprocess.run([*as_nobody, "cat", *map(str, files)], check=False, capture_output=True)
        assert read.returncode == 0, read.stderr.decode()
        assert len(read.stdout) == sum(p.stat().st_size for p in files)
    finally:
        shutil.rmtree(served, ignore_errors=True)
