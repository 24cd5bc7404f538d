"""Benchmark the PDF stage of ``catalogue build`` and check its targets.

For each size N the script writes a synthetic catalogue of N procedures (as
``bench_build.py`` does), then measures, each build in its own child process:

* a whole build with an empty PDF cache, every guide, form and handbook
  included: the PDF stage's time and the other stages (as the build reports
  them on its "Stages:" line), the whole build's wall time and CPU time (the
  build and its workers, from ``os.wait4``), and the peak memory of the build
  and all its PDF workers together (sampled from ``/proc`` every 0.1 s);
* a rebuild with nothing changed;
* a rebuild after one record changed (its part, its guide and the handbook
  volumes it is in are made again);
* with ``--guides-only-at``, the same full build with handbooks off.

The load average is recorded before and after each build: on a shared machine,
compare CPU times. Per-guide CPU (where a guide's time goes, against the old
way) is ``bench_guide_cpu.py``.

Targets, at every size: a rebuild with nothing changed spends under 5% of the
full PDF stage; a one-record edit's PDF stage is at most 5 s; the build and its
workers stay under 1.5 GB at peak; the whole build at 2,000 procedures takes at
most 5 minutes (reported; a machine shared with other work misses it).

Figures go to stdout and ``benchmarks/out/pdf-results.json``; the exit status is
1 when a target fails. Run it with the project's virtual environment:
``.venv/bin/python benchmarks/bench_pdf.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# benchmarks/ is not a package: run as a script, this folder is sys.path[0] and bench_build imports.
from bench_build import make_catalogue, parse_stages, say, work_folder

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CATALOGUE = Path(sys.prefix) / "bin" / "catalogue"
"""The environment running this script: the project's .venv, or another with the project installed."""

MAX_NO_CHANGE_SHARE = 0.05
"""A rebuild with nothing changed: PDF stage under 5% of the full one."""
MAX_PEAK_MIB = 1.5 * 1024
"""The build and its PDF workers together, at peak."""
MAX_ONE_EDIT_SECONDS = 5.0
"""A rebuild after editing one record: its PDF stage, handbooks included."""
MAX_WHOLE_BUILD_SECONDS = 300.0
"""The whole build at 2,000 procedures, everything included, on two idle cores."""


@dataclass(frozen=True)
class BuildRun:
    seconds: float
    pdf_seconds: float
    pdfs: int
    rendered: int
    peak_mib: float
    """Peak of the summed resident memory of the build and its PDF workers."""
    stages: dict[str, float]
    """Seconds per stage, as the build reported them (tenths)."""
    cpu_seconds: float = 0.0
    """User and system time of the build and of its PDF workers (sampled from /proc)."""
    load: tuple[float, float] = (0.0, 0.0)
    """One-minute load average before and after the build."""


def _tree_rss_kib(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Resident memory of *pid* and all its descendants, from /proc; their CPU seconds so far into *cpu*."""
    total, stack = 0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1]) if "VmRSS" in status else 0  # type: ignore[index]
            if cpu is not None:
                fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
                cpu[current] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_build(project: Path, log: Path, *extra: str) -> BuildRun:
    argv = [str(CATALOGUE), "build", "--project", str(project), *extra]
    peak = 0
    load_before = os.getloadavg()[0]
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        cpu: dict[int, float] = {}  # the last CPU seconds seen of each process of the build

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.1):
                peak = max(peak, _tree_rss_kib(child.pid, cpu))

        sampler = threading.Thread(target=sample)
        sampler.start()
        assert child.stdout is not None and child.stderr is not None
        stdout, stderr = child.stdout.read(), child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        out.write((stdout + stderr).encode())
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"bench: build failed (exit {code}); see {log}")
    found = re.search(r"and (\d+) PDFs \((\d+) rendered", stdout)
    if not found:
        raise SystemExit(f"bench: unexpected build output: {stdout!r}")
    stages = parse_stages(stderr)
    if "pdf" not in stages:
        raise SystemExit(f"bench: the build printed no 'Stages: ...' line with a pdf stage; see {log}")
    # The build's own CPU from wait4; its PDF workers' (children of the pool's fork server, which
    # wait4 does not count) as last sampled, within 0.1 s of their end.
    workers = sum(seconds for pid, seconds in cpu.items() if pid != child.pid)
    total_cpu = usage.ru_utime + usage.ru_stime + workers
    load = (load_before, os.getloadavg()[0])
    return BuildRun(seconds, stages["pdf"], int(found[1]), int(found[2]), peak / 1024, stages, total_cpu, load)


def guides_only(project: Path) -> None:
    """Turn the handbooks off, so the stage makes the guides alone (handbooks lay out every procedure twice more)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = (
        text.replace("handbooks: true", "handbooks: false")
        if "handbooks: true" in text
        else text + ("    print:\n      handbooks: false\n")
    )
    config.write_text(text, encoding="utf-8")
    shutil.rmtree(project / ".catalogue" / "pdf-cache", ignore_errors=True)


def change_one_record(project: Path) -> None:
    record = next(iter(sorted((project / "procedures").rglob("*.yaml"))))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("title: ", "title: Sửa ", 1), encoding="utf-8")


@dataclass(frozen=True)
class SizeResult:
    n: int
    full: BuildRun
    """Everything (guides, forms, handbooks), empty PDF cache."""
    no_change: BuildRun
    one_change: BuildRun
    guides_only: BuildRun | None = None

    @property
    def no_change_share(self) -> float:
        return self.no_change.pdf_seconds / self.full.pdf_seconds if self.full.pdf_seconds else 0.0

    @property
    def peak_mib(self) -> float:
        runs = [self.full, self.no_change, self.one_change, *([self.guides_only] if self.guides_only else [])]
        return max(run.peak_mib for run in runs)


def bench(n: int, work: Path, guides_too: bool) -> SizeResult:
    project = work / f"n{n}"
    log = work / f"n{n}.log"

    def timed_build(what: str) -> BuildRun:
        say(f"N={n}: {what}")
        run = run_build(project, log)
        say(f"  {run}")
        return run

    say(f"N={n}: writing the catalogue")
    make_catalogue(ROOT, project, n)
    full = timed_build("whole build: guides, forms and handbooks (empty PDF cache)")
    same = timed_build("rebuild, nothing changed")
    change_one_record(project)
    one = timed_build("rebuild after one record changed")
    guides = None
    if guides_too:
        guides_only(project)
        guides = timed_build("full build, guides and forms only (empty PDF cache)")
    return SizeResult(n, full, same, one, guides)


def targets(result: SizeResult) -> list[tuple[bool, str]]:
    share, peak = result.no_change_share, result.peak_mib
    found = [
        (
            share < MAX_NO_CHANGE_SHARE,
            f"N={result.n}: rebuild with nothing changed, PDF stage {result.no_change.pdf_seconds:.1f} s"
            f" = {share:.1%} of the full stage (target < {MAX_NO_CHANGE_SHARE:.0%})",
        ),
        (
            result.one_change.pdf_seconds <= MAX_ONE_EDIT_SECONDS,
            f"N={result.n}: rebuild after one edit, PDF stage {result.one_change.pdf_seconds:.1f} s, handbooks"
            f" included ({result.one_change.rendered} made; target <= {MAX_ONE_EDIT_SECONDS:g} s)",
        ),
        (
            peak < MAX_PEAK_MIB,
            f"N={result.n}: peak memory of the build and its workers {peak:.0f} MiB"
            f" (target < {MAX_PEAK_MIB / 1024:g} GB)",
        ),
    ]
    if result.n >= 2000:
        full = result.full
        said = (
            f"N={result.n}: whole build, everything included, {full.seconds:.0f} s wall,"
            f" {full.cpu_seconds:.0f} s CPU, load average {full.load[0]:.1f}-{full.load[1]:.1f}"
            f" (target <= {MAX_WHOLE_BUILD_SECONDS:.0f} s on two idle cores)"
        )
        found.append((full.seconds <= MAX_WHOLE_BUILD_SECONDS, said))
    return found


def table(results: list[SizeResult]) -> str:
    lines = [
        f"{'N':>6} {'PDFs':>6} {'made':>6} {'PDF stage':>10} {'build':>8} {'CPU':>8} {'no change':>10}"
        f" {'one edit':>9} {'peak MiB':>9} {'load':>10}"
    ]
    for r in results:
        full = r.full
        lines.append(
            f"{r.n:>6} {full.pdfs:>6} {full.rendered:>6} {full.pdf_seconds:>9.1f}s {full.seconds:>7.0f}s"
            f" {full.cpu_seconds:>7.0f}s {r.no_change.pdf_seconds:>9.1f}s {r.one_change.pdf_seconds:>8.1f}s"
            f" {r.peak_mib:>9.0f} {full.load[0]:>4.1f}-{full.load[1]:<4.1f}"
        )
        if r.guides_only:
            g = r.guides_only
            lines.append(f"{'':>6} guides and forms only: {g.pdfs} PDFs, PDF stage {g.pdf_seconds:.1f} s")
    lines.append("PDFs: published; made: parts, guides, volumes and forms made (empty cache); CPU: build and workers.")
    return "\n".join(lines)


@dataclass(frozen=True)
class ClusterResult:
    """The PDF stage of one catalogue made twice in the same run, empty cache each time: the local pool, then
    a local Dask cluster of as many worker processes."""

    n: int
    workers: int
    pool: BuildRun
    cluster: BuildRun
    cluster_workers_cpu: float
    """CPU seconds of the Dask scheduler and workers (this script's children) during the cluster build."""


def _children_cpu() -> float:
    """CPU seconds so far of this process's descendants (a local cluster's scheduler and workers)."""
    cpu: dict[int, float] = {}
    _tree_rss_kib(os.getpid(), cpu)
    return sum(seconds for pid, seconds in cpu.items() if pid != os.getpid())


def bench_cluster(n: int, work: Path, workers: int) -> ClusterResult:
    """``catalogue build`` with its local pool of *workers*, then ``--scheduler`` on a local Dask cluster of
    *workers* processes, one thread each (WeasyPrint is single-threaded)."""
    import distributed

    project = work / f"cluster-n{n}"
    log = work / f"cluster-n{n}.log"
    say(f"N={n}: writing the catalogue")
    make_catalogue(ROOT, project, n)
    cache = project / ".catalogue" / "pdf-cache"
    say(f"N={n}: whole build, local pool of {workers} workers (empty PDF cache)")
    pool = run_build(project, log, "--jobs", str(workers))
    say(f"  {pool}")
    shutil.rmtree(cache, ignore_errors=True)
    with distributed.LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        before = _children_cpu()
        say(f"N={n}: whole build on a local Dask cluster of {workers} workers (empty PDF cache)")
        cluster = run_build(project, log, "--scheduler", local.scheduler_address)
        spent = _children_cpu() - before
        say(f"  {cluster}; cluster processes {spent:.0f} s CPU")
    return ClusterResult(n, workers, pool, cluster, spent)


def cluster_text(result: ClusterResult) -> str:
    pool, cluster = result.pool, result.cluster
    return "\n".join(
        [
            f"N={result.n}, {result.workers} workers, empty PDF cache each, {pool.rendered} PDFs made:",
            f"  local pool:    PDF stage {pool.pdf_seconds:.1f} s, build {pool.seconds:.0f} s wall,"
            f" {pool.cpu_seconds:.0f} s CPU (build and workers), load {pool.load[0]:.1f}-{pool.load[1]:.1f}",
            f"  Dask cluster:  PDF stage {cluster.pdf_seconds:.1f} s, build {cluster.seconds:.0f} s wall,"
            f" {cluster.cpu_seconds + result.cluster_workers_cpu:.0f} s CPU (build {cluster.cpu_seconds:.0f} s,"
            f" scheduler and workers {result.cluster_workers_cpu:.0f} s), load {cluster.load[0]:.1f}-"
            f"{cluster.load[1]:.1f}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument(
        "--guides-only-at",
        type=int,
        nargs="*",
        default=[],
        help="sizes at which a build with handbooks off is measured too",
    )
    parser.add_argument("--work", type=Path, help="keep the catalogues and logs in this folder")
    parser.add_argument(
        "--cluster-at",
        type=int,
        metavar="N",
        help="only compare, at N procedures, the local pool with a local Dask cluster (the `cluster` extra)",
    )
    parser.add_argument("--workers", type=int, default=2, help="workers of the pool and of the cluster (default 2)")
    args = parser.parse_args()
    if args.cluster_at:
        with work_folder(args.work, "bench-pdf-") as work:
            compared = bench_cluster(args.cluster_at, work, args.workers)
        OUT.mkdir(exist_ok=True)
        (OUT / "pdf-cluster.json").write_text(json.dumps(asdict(compared), indent=2) + "\n", encoding="utf-8")
        print(cluster_text(compared))
        return 0
    with work_folder(args.work, "bench-pdf-") as work:
        results = [bench(n, work, n in args.guides_only_at) for n in args.sizes]
    found = [target for r in results for target in targets(r)]
    OUT.mkdir(exist_ok=True)
    document = {
        "sizes": [{**asdict(r), "no_change_share": r.no_change_share, "peak_mib": r.peak_mib} for r in results],
        "targets": [{"ok": ok, "text": text} for ok, text in found],
    }
    (OUT / "pdf-results.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print("\nTargets:")
    for ok, text in found:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for ok, _ in found) else 1


if __name__ == "__main__":
    sys.exit(main())
