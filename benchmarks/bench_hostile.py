"""Run every hostile input of the test corpus through ``catalogue check`` and measure it.

Each case (``tests/hostile.py``: the golden error files of ``tests/fixtures/errors``
and the cases made at test time) gets a fresh copy of the base catalogue and one
child process. The script reports, per case, whether the report was clean (exit 1,
no traceback, every line naming the case's file, the exact golden text, nothing
written), its wall time and its peak resident memory (VmHWM, read by the child as
it exits, so the parent's memory is not counted); then the totals and the worst.
A clean check of the base catalogue is measured first, for comparison.

Run with the project's environment: ``.venv/bin/python benchmarks/bench_hostile.py``.
Figures go to ``benchmarks/out/hostile.json`` (git-ignored); exit status 1 when a
case is not reported cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import Case, all_cases, clean_report, project_from_base, run_measured  # noqa: E402


@dataclass(frozen=True)
class Result:
    name: str
    clean: bool
    wrong: list[str]
    seconds: float
    peak_mib: float


def measure(case: Case, repeat: int) -> Result:
    """The best of *repeat* runs of *case* (each on a fresh copy of the base catalogue)."""
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            project = project_from_base(Path(folder))
            case.make(project)
            run = run_measured(case, project, timeout=60)
            wrong = clean_report(case, run.returncode, run.stderr, project)
            if run.stderr != case.golden.read_text(encoding="utf-8"):
                wrong.append("output differs from the golden file")
            if run.peak_kib == 0:
                wrong.append("killed after 60 s")
            runs.append(Result(case.name, not wrong, wrong, run.seconds, run.peak_kib / 1024))
    return min(runs, key=lambda r: r.seconds)


def baseline(repeat: int) -> Result:
    """A clean ``catalogue check`` of the base catalogue: what any command costs."""
    case = Case("baseline: valid catalogue", lambda project: None, Path(os.devnull))
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            run = run_measured(case, project_from_base(Path(folder)))
            runs.append(Result(case.name, run.returncode == 0, [], run.seconds, run.peak_kib / 1024))
    return min(runs, key=lambda r: r.seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per case; the fastest is kept")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "hostile.json")
    args = parser.parse_args()

    base = baseline(args.repeat)
    results = [measure(case, args.repeat) for case in all_cases()]
    width = max(len(r.name) for r in results)
    print(f"{'case':<{width}}  clean  seconds  peak MiB")
    for r in [base, *results]:
        print(f"{r.name:<{width}}  {'yes' if r.clean else 'NO':>5}  {r.seconds:7.2f}  {r.peak_mib:8.1f}")
        for wrong in r.wrong:
            print(f"    {wrong}")
    clean = sum(r.clean for r in results)
    slowest = max(results, key=lambda r: r.seconds)
    largest = max(results, key=lambda r: r.peak_mib)
    print(f"\n{len(results)} hostile inputs, {clean} reported cleanly.")
    print(f"Slowest: {slowest.name}, {slowest.seconds:.2f} s (a clean check: {base.seconds:.2f} s).")
    print(f"Most memory: {largest.name}, {largest.peak_mib:.1f} MiB (a clean check: {base.peak_mib:.1f} MiB).")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()}
    summary = {"cases": len(results), "clean": clean, "machine": machine, "baseline": asdict(base)}
    args.out.write_text(json.dumps({**summary, "results": [asdict(r) for r in results]}, indent=2), "utf-8")
    return 0 if clean == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
