"""Benchmark the PDF stage of ``catalogue build`` against the naive way.

For each size N the script writes a synthetic catalogue of N procedures (as
``bench_build.py`` does), then measures, each build in its own child process:

* a full build with an empty PDF cache: the PDF stage's time (printed by the
  build), the whole build's time, and the peak memory of the build and all its
  PDF workers together (sampled from ``/proc`` every 0.1 s);
* a rebuild with nothing changed;
* a rebuild after one record changed;
* the naive way: one ``weasyprint`` command per guide, one after the other, on
  the same HTML and stylesheets (QR codes inlined as SVG). At large N this runs
  on a random sample of ``--naive-sample`` guides and is scaled to all of them;
  the report says so.

Figures go to stdout and ``benchmarks/out/pdf-results.json``. Run it with the
project's virtual environment: ``.venv/bin/python benchmarks/bench_pdf.py``.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# benchmarks/ is not a package: run as a script, this folder is sys.path[0] and bench_build imports.
from bench_build import make_catalogue, say, work_folder

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CATALOGUE = ROOT / ".venv" / "bin" / "catalogue"
WEASYPRINT = ROOT / ".venv" / "bin" / "weasyprint"


@dataclass(frozen=True)
class BuildRun:
    seconds: float
    pdf_seconds: float
    pdfs: int
    rendered: int
    peak_mib: float
    """Peak of the summed resident memory of the build and its PDF workers."""


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of *pid* and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1]) if "VmRSS" in status else 0  # type: ignore[index]
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def run_build(project: Path, log: Path, *extra: str) -> BuildRun:
    argv = [str(CATALOGUE), "build", "--project", str(project), *extra]
    peak = 0
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=out, text=True)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.1):
                peak = max(peak, _tree_rss_kib(child.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        stdout, _ = child.communicate()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        out.write(stdout.encode())
    if child.returncode != 0:
        raise SystemExit(f"bench: build failed (exit {child.returncode}); see {log}")
    found = re.search(r"and (\d+) PDFs \((\d+) rendered; PDF stage ([\d.]+) s\)", stdout)
    if not found:
        raise SystemExit(f"bench: unexpected build output: {stdout!r}")
    return BuildRun(seconds, float(found[3]), int(found[1]), int(found[2]), peak / 1024)


def naive(project: Path, work: Path, sample: int, seed: int, log: Path) -> tuple[float, int, int]:
    """Seconds for one ``weasyprint`` command per guide, serially: measured on *sample* guides.

    Returns (seconds measured, guides measured, guides in all).
    """
    sys.path.insert(0, str(ROOT))
    from generator import _pdfworker, guides
    from generator.catalogue import load_catalogue
    from generator.pdf import QR_SCHEME, PrintProfile
    from generator.wording import load_strings

    catalogue = load_catalogue(project)
    jobs = [
        j
        for j in guides.pdf_jobs(catalogue, load_strings(project / "templates"), PrintProfile())
        if "/huong-dan-" in j.path
    ]
    chosen = jobs if sample >= len(jobs) else random.Random(seed).sample(jobs, sample)
    folder = work / "naive"
    folder.mkdir(parents=True, exist_ok=True)
    print_dir = project / "templates" / "print"
    profile = folder / "profile.css"
    profile.write_text(PrintProfile().css(), encoding="utf-8")

    def inline_qr(match: re.Match[str]) -> str:
        svg = _pdfworker._qr_svg(match[1])
        return 'src="data:image/svg+xml;base64,' + base64.b64encode(svg).decode() + '"'

    inputs = []
    for index, job in enumerate(chosen):
        html = re.sub(r'src="' + re.escape(QR_SCHEME) + r'([^"]+)"', inline_qr, job.html)
        path = print_dir / f".naive-{index}.html"  # beside the stylesheets, so ../fonts resolves as in the build
        path.write_text(html, encoding="utf-8")
        inputs.append(path)
    started = time.perf_counter()
    try:
        with log.open("ab") as out:
            for index, path in enumerate(inputs):
                command = [str(WEASYPRINT), str(path), str(folder / f"{index}.pdf"),
                           "-s", str(print_dir / "print-base.css"), "-s", str(print_dir / "guide.css"),
                           "-s", str(profile), "--pdf-variant", "pdf/ua-1"]  # fmt: skip
                subprocess.run(command, stdout=out, stderr=out, check=True)
    finally:
        for path in inputs:
            path.unlink()
    return time.perf_counter() - started, len(chosen), len(jobs)


def guides_only(project: Path) -> None:
    """Turn the handbooks off, so the build makes exactly the guides the naive way makes."""
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


def bench(n: int, work: Path, naive_sample: int, handbooks: bool) -> dict[str, object]:
    project = work / f"n{n}"
    log = work / f"n{n}.log"

    def timed_build(what: str) -> BuildRun:
        say(f"N={n}: {what}")
        run = run_build(project, log)
        say(f"  {run}")
        return run

    say(f"N={n}: writing the catalogue")
    make_catalogue(ROOT, project, n)
    full = timed_build("full build with handbooks (empty PDF cache)") if handbooks else None
    guides_only(project)
    only = timed_build("full build, guides only (empty PDF cache)")
    same = timed_build("rebuild, nothing changed")
    change_one_record(project)
    one = timed_build("rebuild after one record changed")
    say(f"N={n}: naive, one weasyprint command per guide ({naive_sample} at most, serially)")
    naive_seconds, measured, guides = naive(project, work, naive_sample, n, log)
    naive_all = naive_seconds / measured * guides
    say(f"  {measured} guides in {naive_seconds:.1f} s; all {guides}: {naive_all:.0f} s")
    return {
        "n": n,
        "full_with_handbooks": asdict(full) if full else None,
        "full": asdict(only),
        "no_change": asdict(same),
        "one_change": asdict(one),
        "naive": {
            "measured_guides": measured,
            "measured_seconds": naive_seconds,
            "guides": guides,
            "seconds_for_all": naive_all,
            "extrapolated": measured < guides,
        },
        "speedup_vs_naive": naive_all / only.pdf_seconds,
        "no_change_share": same.pdf_seconds / only.pdf_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--handbooks-at", type=int, nargs="*", default=[200],
                        help="sizes at which a build with handbooks is measured too (3x the work)")  # fmt: skip
    parser.add_argument("--work", type=Path, help="keep the catalogues and logs in this folder")
    parser.add_argument("--naive-sample", type=int, default=200, help="guides run the naive way at most, per size")
    args = parser.parse_args()
    results = []
    with work_folder(args.work, "bench-pdf-") as work:
        for n in args.sizes:
            results.append(bench(n, work, args.naive_sample, n in args.handbooks_at))
    OUT.mkdir(exist_ok=True)
    (OUT / "pdf-results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'N':>6} {'guides':>7} {'stage':>8} {'no change':>10} {'one change':>11} {'naive':>8} {'ratio':>6} "
          f"{'peak MiB':>9} {'with handbooks':>15}")  # fmt: skip
    for r in results:
        full, same, one, nv, hb = r["full"], r["no_change"], r["one_change"], r["naive"], r["full_with_handbooks"]
        assert isinstance(full, dict) and isinstance(same, dict) and isinstance(one, dict) and isinstance(nv, dict)
        books = f"{hb['pdfs']} PDFs {hb['pdf_seconds']:.0f}s {hb['peak_mib']:.0f}MiB" if isinstance(hb, dict) else "-"
        print(f"{r['n']:>6} {full['pdfs']:>7} {full['pdf_seconds']:>7.1f}s {same['pdf_seconds']:>9.2f}s "
              f"{one['pdf_seconds']:>10.1f}s {nv['seconds_for_all']:>7.0f}s{'*' if nv['extrapolated'] else ' '} "
              f"{r['speedup_vs_naive']:>5.1f}x {full['peak_mib']:>9.0f} {books:>15}")  # fmt: skip
    print("* scaled from a random sample of guides. ratio = naive / our guides-only stage, for the same guides.")


if __name__ == "__main__":
    main()
