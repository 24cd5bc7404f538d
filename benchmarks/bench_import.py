"""``catalogue import`` of every real national record: how many import clean, how many need review and why,
how long it takes and how much memory.

The records are ``shared/reference/national-data`` (2,303 procedure pages by
section and six Excel lists; never committed): the script looks beside the
repository, or where ``NATIONAL_DATA`` says. It copies the sample catalogue,
gives it an agency table mapping every national agency name to one of the
sample's agencies (the one hand edit an office makes), then, each in a child
process so its memory is its own:

1. imports everything (``catalogue import``: read, map, merge, write a staged
   copy, check the whole catalogue, swap in);
2. imports the same files again (nothing may change);
3. runs ``catalogue check`` on the result.

It prints the counts (imported clean, imported needing review, not imported),
the records per review reason and per reason not imported, wall and CPU time
and peak memory of each step. Targets: every imported record checks clean, the
second import changes no file, the first takes at most 120 s and 1 GB.

Run with the project's environment: ``.venv/bin/python benchmarks/bench_import.py``.
Figures go to ``benchmarks/out/import.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.national.realdata import ENVIRONMENT, national_data, sample_with_table  # noqa: E402

SECONDS = 120.0
MEMORY_MIB = 1024.0


def child(project: Path, data: Path) -> dict[str, Any]:
    """One import, in this (child) process: its figures."""
    from generator.national.cells import REASONS
    from generator.national.importer import Options, run

    started, cpu = time.perf_counter(), time.process_time()
    report = run(project, [data], Options(today=date.today()))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    reasons = report.reasons()
    skipped = Counter(
        problem.message.split("; not imported")[0].removeprefix("the national record has ")
        for problem in report.skipped
    )
    return {
        "files": report.files,
        "imported": len(report.outcomes),
        "clean": sum(not outcome.notes for outcome in report.outcomes),
        "review": report.review,
        "not_imported": len(report.skipped),
        "new": report.count("new"),
        "updated": report.count("updated"),
        "unchanged": report.count("unchanged"),
        "written": len(report.written),
        "reasons": {REASONS[reason]: count for reason, count in reasons.most_common()},
        "not_imported_reasons": dict(skipped.most_common()),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def in_child(project: Path, data: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(project), str(data)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def check(project: Path) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--project", str(project)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    output = done.stdout.strip() or done.stderr.strip()[-2000:]
    return {"ok": done.returncode == 0, "output": output, "seconds": round(time.perf_counter() - started, 2)}


def files(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".catalogue" not in p.parts
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("PROJECT", "DATA"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--data", type=Path, help=f"the national records (default: beside the repository, or ${ENVIRONMENT})"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "import.json")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), Path(args.child[1])), ensure_ascii=False))
        return 0
    data = args.data or national_data()
    if data is None:
        print(f"The national records are not here: give --data or set {ENVIRONMENT}.", file=sys.stderr)
        return 2
    if os.getloadavg()[0] > 1.5:
        print(f"warning: load average {os.getloadavg()[0]:.1f}; wall times are not comparable, CPU times are")
    with tempfile.TemporaryDirectory() as folder:
        project = sample_with_table(Path(folder) / "catalogue", [data])
        first = in_child(project, data)
        before = files(project)
        second = in_child(project, data)
        unchanged = files(project) == before
        checked = check(project)
    results = {"first": first, "again": second, "again_changed_no_file": unchanged, "check": checked}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    total = first["imported"] + first["not_imported"]
    print(f"{total} national records in {first['files']} files ({data})")
    print(f"  imported clean:         {first['clean']:5d}")
    print(f"  imported, need review:  {first['review']:5d}")
    print(f"  not imported:           {first['not_imported']:5d}")
    print("Records needing review, by reason (a record may have several):")
    for reason, count in first["reasons"].items():
        print(f"  {count:5d}  {reason}")
    print("Not imported, by what the national record lacks:")
    for reason, count in first["not_imported_reasons"].items():
        print(f"  {count:5d}  {reason}")
    print(
        f"First import: {first['seconds']} s wall, {first['cpu_seconds']} s CPU, peak {first['peak_mib']} MiB; "
        f"wrote {first['written']} files"
    )
    print(
        f"Again: {second['seconds']} s wall, {second['cpu_seconds']} s CPU, peak {second['peak_mib']} MiB; "
        f"{second['unchanged']} unchanged, changed no file: {unchanged}"
    )
    print(
        f"catalogue check: {'OK' if checked['ok'] else 'FAILED'} in {checked['seconds']} s ({checked['output'][-200:]})"
    )
    failed = []
    if not checked["ok"]:
        failed.append("the imported catalogue does not check clean")
    if not unchanged or second["written"]:
        failed.append("importing the same files again changed files")
    if first["seconds"] > SECONDS:
        failed.append(f"first import took {first['seconds']} s (target {SECONDS:.0f} s)")
    if first["peak_mib"] > MEMORY_MIB:
        failed.append(f"first import peaked at {first['peak_mib']} MiB (target {MEMORY_MIB:.0f} MiB)")
    for line in failed:
        print(f"FAILED: {line}")
    print(f"Figures: {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
