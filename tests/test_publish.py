"""The build touches nothing outside the project, one build writes at a time, and a failed write keeps the old site."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

import pytest

from generator import publish
from generator.cli import main
from generator.html.mkdocs import MkDocs
from generator.problems import CatalogueError
from generator.publish import LOCK_FILE

from .conftest import Builder, MakeProject

SUMMARY = "1 problem in 1 file; nothing was written.\n"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def _precious(folder: Path) -> Path:
    """A folder of someone's files outside the project."""
    folder.mkdir()
    (folder / "luan-van.docx").write_text("bản thảo duy nhất", encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["site", ".catalogue"])
def test_a_symbolic_link_as_site_or_work_folder_is_refused(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    project = make_project()
    other = _precious(tmp_path / "tai-lieu")
    (project / name).symlink_to(other)
    code, err = _run(capsys, "build", "--no-pdf", "--project", str(project))
    assert code == 1
    reason = (
        "the build replaces this folder, so through a link it would empty another one: remove the link"
        if name == "site"
        else "the build writes here itself: remove the link"
    )
    assert err == f"{name}: is a symbolic link (to {other}); {reason}\n{SUMMARY}"
    assert [p.name for p in other.iterdir()] == ["luan-van.docx"]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (".", "is the catalogue folder itself; build into a folder of its own, such as site/"),
        ("..", "holds the catalogue folder; the build would replace it: build into a folder of its own"),
        ("/", "holds the catalogue folder; the build would replace it: build into a folder of its own"),
        ("procedures", "is inside procedures, which the build reads or writes; build into a folder of its own"),
        (
            "templates/overrides/site",
            "is inside templates, which the build reads or writes; build into a folder of its own",
        ),
        (".catalogue/docs", "is inside .catalogue, which the build reads or writes; build into a folder of its own"),
        (
            "../tai-lieu",
            "is a folder with files but no site built by catalogue; the build would replace them: "
            "choose an empty or new folder",
        ),
    ],
)
def test_a_site_folder_around_or_inside_the_sources_is_refused(
    make_project: MakeProject, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    project = make_project()
    _precious(tmp_path / "tai-lieu")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    site = where if where.startswith("/") else str(project / where)
    code, err = _run(capsys, "build", "--no-pdf", "--project", str(project), "--site-dir", site)
    assert (code, err) == (1, f"--site-dir {site}: {message}\n{SUMMARY}")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_second_build_at_once_waits_then_is_told_plainly(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "LOCK_WAIT", 0.5)
    project = make_project()
    (project / ".catalogue").mkdir()
    with (project / LOCK_FILE).open("w") as held:
        held.write("4242\n")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX)
        code, err = _run(capsys, "build", "--no-pdf", "--project", str(project))
    assert (code, err) == (
        1,
        f"{LOCK_FILE}: another build of this catalogue is running (process 4242); wait for it "
        f"to end, then build again\n{SUMMARY}",
    )
    assert not (project / "site").exists()


def test_a_second_build_waits_for_the_first(make_project: MakeProject, build_project: Builder) -> None:
    import threading

    project = make_project()
    (project / ".catalogue").mkdir()
    held = (project / LOCK_FILE).open("w")
    fcntl.flock(held, fcntl.LOCK_EX)
    threading.Timer(1.0, held.close).start()  # the first build ends after a second
    assert build_project.main("build", "--no-pdf", "--project", str(project)) == 0
    assert (project / "site" / "index.html").is_file()


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (errno.ENOSPC, "the disk is full; free some space and build again"),
        (errno.EROFS, "the folder is on a read-only file system; build into a folder you can write to"),
    ],
)
def test_a_full_disk_or_read_only_folder_is_one_problem_and_the_old_site_stays(
    make_project: MakeProject,
    build_project: Builder,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    failure: int,
    message: str,
) -> None:
    project = make_project()
    assert build_project.main("build", "--no-pdf", "--project", str(project)) == 0
    capsys.readouterr()
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}

    def fail(engine: object, project: Path, docs: Path, site: Path, *args: object, **kwargs: object) -> None:
        raise OSError(failure, os.strerror(failure), str(site / "index.html"))

    monkeypatch.setattr(MkDocs, "render", fail)
    code, err = _run(capsys, "build", "--no-pdf", "--project", str(project))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].endswith(f"/index.html: cannot be written: {message}"), err
    assert "Traceback" not in err
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before


def test_a_real_write_failure_mid_build_is_one_problem(make_project: MakeProject, build_project: Builder) -> None:
    """Files may not grow past 16 KiB (RLIMIT_FSIZE): a real write fails deep inside the build."""
    import resource
    import signal
    import subprocess

    from .conftest import ROOT

    project = make_project()

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, 16 * 1024))

    command = build_project.command("build", "--no-pdf", "--project", str(project))
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, preexec_fn=limit, check=False)
    lines = run.stderr.splitlines()
    assert run.returncode == 1, run.stderr
    assert len(lines) == 2 and lines[0].endswith(": cannot be written: the file is larger than this system allows")
    assert lines[1] == SUMMARY.strip()
    assert not (project / "site").exists()


def test_what_machines_read_is_read_back_before_it_is_published(tmp_path: Path) -> None:
    """The feed and the sitemap must parse as XML, the JSON-LD files and blocks as JSON; else nothing is published."""
    from generator.publish import check_written

    site = tmp_path / "site"
    (site / "thay-doi").mkdir(parents=True)
    (site / "du-lieu").mkdir()
    (site / "thu-tuc" / "a").mkdir(parents=True)
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Thay đổi</title></feed>'
    )
    (site / "thay-doi" / "atom.xml").write_text(feed, encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://a.example/</loc></url></urlset>", encoding="utf-8")
    (site / "du-lieu" / "dcat.jsonld").write_text('{"@context": "https://www.w3.org/ns/dcat"}', encoding="utf-8")
    page = '<html><head><script type="application/ld+json">{"@type": "GovernmentService"}</script></head></html>'
    (site / "thu-tuc" / "a" / "index.html").write_text(page, encoding="utf-8")
    check_written(site, ["thu-tuc/a/index.html"])

    (site / "thay-doi" / "atom.xml").write_text(feed.replace("Thay đổi", "Thay đổi\ufffe"), encoding="utf-8")
    (site / "du-lieu" / "dcat.jsonld").write_text('{"@context": "https://www.w3.org/ns/dcat",}', encoding="utf-8")
    (site / "thu-tuc" / "a" / "index.html").write_text(page.replace("}<", "<"), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        check_written(site, ["thu-tuc/a/index.html"])
    assert [(p.path, p.line) for p in error.value.problems] == [
        ("du-lieu/dcat.jsonld", 0),
        ("thay-doi/atom.xml", 1),
        ("thu-tuc/a/index.html", 0),
    ]
    assert all("does not parse; nothing was published" in p.message for p in error.value.problems)
