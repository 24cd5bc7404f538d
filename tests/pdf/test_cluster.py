"""PDFs made on a Dask cluster (``catalogue build --scheduler``): the same bytes as on this machine."""

from __future__ import annotations

import shutil

import pytest

from generator.build import BuildOptions
from generator.pdf import cluster

from ..conftest import Builder, MakeProject

distributed = pytest.importorskip("distributed")


def test_a_local_cluster_of_worker_processes_makes_byte_identical_pdfs(
    make_project: MakeProject, build_project: Builder
) -> None:
    project = make_project()
    site, cache = project / "site", project / ".catalogue" / "pdf-cache"
    here = build_project(project, options=BuildOptions(workers=1))
    local = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")}
    shutil.rmtree(cache)
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        remote = build_project(project, options=BuildOptions(scheduler=c.scheduler_address))
    assert remote.pdfs_rendered == here.pdfs_rendered == 6  # parts, then assemblies, all on the cluster
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")} == local
    assert sorted(p.name for p in cache.rglob("*.pdf")), "collected back into this machine's cache"


def test_an_unreachable_scheduler_is_a_clear_problem(
    make_project: MakeProject, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.cli import main

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    project = make_project()
    assert main(["build", "--project", str(project), "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert "--scheduler: tcp://127.0.0.1:9: could not reach the Dask scheduler" in err
    assert "Traceback" not in err
    assert not (project / "site").exists()
