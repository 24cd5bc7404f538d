"""One pipeline: after each kind of edit, the live preview serves exactly what a full build publishes.

The preview runs the build's stages with what it keeps between edits (records,
pages, the docs tree, the site folder); a build runs them with nothing kept.
Both are compared file by file, as served: pages differ only by the preview's
live-reload hook.
"""

from __future__ import annotations

import os
import shutil
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from generator import urls
from generator.build import BuildOptions
from generator.cli.preview import Preview
from generator.cli.serve import HOOK, start_server
from generator.web.offline import SERVICE_WORKER

from ..conftest import ROOT, Builder

TODAY = date(2026, 11, 30)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample catalogue."""
    folder = tmp_path / "project"
    for name in ("procedures", "forms", "journeys", "pages", "communes", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copyfile(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@pytest.fixture
def preview(project: Path, build_project: Builder) -> Iterator[tuple[Preview, str]]:
    shown = build_project.preview(project, today=TODAY, pdfs=False)
    server = start_server(shown, 0)
    try:
        yield shown, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        shown.close()
        server.shutdown()


def _edit(project: Path, name: str, old: str | None, new: str) -> Path:
    """Replace *old* by *new* in the file *name* (write it anew when *old* is None), a moment later than before."""
    path = project / name
    if old is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    return path


def _served(url: str, name: str, version: int, site: Path) -> bytes:
    with urllib.request.urlopen(url + name, timeout=30) as response:
        body: bytes = response.read()
    if name == SERVICE_WORKER:  # answered with a worker that removes itself (serve.py); the folder keeps the build's
        assert b"registration.unregister" in body
        return (site / name).read_bytes()
    if name.endswith(".html") and not name.startswith(urls.EDITOR):  # the editor is served as it is
        hook = HOOK.format(version=version).encode()
        assert body.count(hook) == 1, f"{name}: the preview's live-reload hook"
        body = body.replace(hook, b"")
    return body


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same(build_project: Builder, project: Path, preview: Preview, url: str, built: Path) -> None:
    """The preview serves every file a build of the same tree publishes, and no other."""
    shutil.rmtree(built, ignore_errors=True)
    build_project(project, today=TODAY, site_dir=built, options=BuildOptions(pdfs=False))
    published, kept = _files(built), _files(preview.site)
    assert sorted(kept) == sorted(published)
    different = [
        name
        for name, path in published.items()
        if _served(url, name, preview.state.version, preview.site) != path.read_bytes()
    ]
    assert different == []


EDITS = [
    ("a record", "procedures/cu-tru/dang-ky-tam-tru.yaml", "amount: 7000", "amount: 8000"),
    ("a form", "forms/CT01.yaml", "title: ", "title: Mẫu "),
    ("a journey", "journeys/sinh-con.yaml", "title: Sinh con", "title: Khi gia đình có con nhỏ"),
    ("a new page", "pages/gioi-thieu.md", None, "# Giới thiệu\n\nTrang này giới thiệu danh mục thủ tục.\n"),
    ("the settings", "mkdocs.yml", "site_name: ", "site_name: Danh mục – "),
    ("the commune table", "communes/quang-ngai.csv", "Thị trấn Plei Kần,", "Thị trấn Plei Kơn,"),
    (
        "the site's texts",
        "templates/strings/vi.yaml",
        "save: Lưu để xem khi không có mạng",
        "save: Lưu để xem lúc mất mạng",
    ),
]


def test_the_preview_serves_what_a_build_publishes_after_every_kind_of_edit(
    project: Path, preview: tuple[Preview, str], build_project: Builder, tmp_path: Path
) -> None:
    shown, url = preview
    assert shown.rebuild() is not None
    _assert_same(build_project, project, shown, url, tmp_path / "built")
    for what, name, old, new in EDITS:
        changed = _edit(project, name, old, new)
        done = shown.rebuild([changed])
        assert done is not None, f"{what}: {shown.state.problems}"
        _assert_same(build_project, project, shown, url, tmp_path / "built")


def test_a_removed_record_leaves_the_preview_as_it_leaves_a_build(
    project: Path, preview: tuple[Preview, str], build_project: Builder, tmp_path: Path
) -> None:
    shown, url = preview
    shown.rebuild()
    gone = project / "procedures/giay-phep-lai-xe/cap-lai-giay-phep-lai-xe.yaml"  # no record or journey names it
    gone.unlink()
    assert shown.rebuild([gone]) is not None, shown.state.problems
    _assert_same(build_project, project, shown, url, tmp_path / "built")
