"""Benchmark what the print pack (``catalogue print``) adds to a whole build.

Writes a synthetic catalogue of N procedures (as ``bench_build.py`` does), then, each in its own child
process: a whole build with an empty PDF cache (``catalogue build``), the print pack with an empty print
cache (``catalogue print``: every guide in A4 and handbook in A5 rendered again as PDF/X-4, pressed to
black, the handbooks imposed, the posters and tickets), and the pack again with nothing changed (from
its cache: pressing, imposing and tickets only). Wall and CPU time of each (CPU: the command and the
PDF workers it waited for; compare CPU on a shared machine); the pack's files and size.

Figures go to stdout and ``benchmarks/out/print-results.json``. Run it with the project's virtual
environment and the ``print`` extra: ``.venv/bin/python benchmarks/bench_print.py --sizes 200``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

# benchmarks/ is not a package: run as a script, this folder is sys.path[0] and bench_build imports.
from bench_build import make_catalogue, say, work_folder

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (the command and the processes it waited for: its PDF workers) in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def measure(folder: Path, n: int) -> dict[str, float | int]:
    project = folder / f"catalogue-{n}"
    make_catalogue(ROOT, project, n)
    catalogue = [sys.executable, "-m", "generator"]
    say(f"N={n}: whole build")
    build = _timed([*catalogue, "build", "--project", str(project)])
    say(f"N={n}: print pack, empty print cache")
    pack = _timed([*catalogue, "print", "--project", str(project)])
    say(f"N={n}: print pack again, nothing changed")
    again = _timed([*catalogue, "print", "--project", str(project)])
    files = list((project / "print").rglob("*.pdf"))
    return {
        "procedures": n,
        "load_average": round(os.getloadavg()[0], 1),
        "build_seconds": round(build[0], 1),
        "build_cpu_seconds": round(build[1], 1),
        "pack_seconds": round(pack[0], 1),
        "pack_cpu_seconds": round(pack[1], 1),
        "pack_cpu_share_of_build": round(pack[1] / build[1], 2),
        "pack_again_seconds": round(again[0], 1),
        "pack_again_cpu_seconds": round(again[1], 1),
        "pdfs": len(files),
        "pack_mib": round(sum(p.stat().st_size for p in files) / 2**20, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200])
    parser.add_argument("--work", type=Path, help="keep the catalogues here")
    args = parser.parse_args()
    results = []
    with work_folder(args.work, "print-bench-") as folder:
        for n in args.sizes:
            results.append(measure(folder, n))
            print(json.dumps(results[-1]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "print-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
