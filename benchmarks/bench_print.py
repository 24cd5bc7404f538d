"""Benchmark what the print pack (``catalogue print``) adds to a whole build.

Writes a synthetic catalogue of N procedures (as ``bench_build.py`` does), then, each in its own child
process: a whole build with an empty PDF cache (``catalogue build``), the print pack with an empty print
cache (``catalogue print``: every guide in A4 and handbook in A5 rendered again as PDF/X-4, pressed to
black, the handbooks imposed, the posters and tickets), and the pack again with nothing changed (from
its cache: pressing, imposing and tickets only). Wall time of each; the pack's files and size.

Figures go to stdout and ``benchmarks/out/print-results.json``. Run it with the project's virtual
environment and the ``print`` extra: ``.venv/bin/python benchmarks/bench_print.py --sizes 200``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

# benchmarks/ is not a package: run as a script, this folder is sys.path[0] and bench_build imports.
from bench_build import make_catalogue, say, work_folder

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


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
        "build_seconds": round(build, 1),
        "pack_seconds": round(pack, 1),
        "pack_share_of_build": round(pack / build, 2),
        "pack_again_seconds": round(again, 1),
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
