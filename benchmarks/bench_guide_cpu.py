"""Where a printed guide's CPU goes, now and before, and against one ``weasyprint`` command per guide.

CPU time (not wall time), so a machine shared with other work still gives comparable
figures, all measured in one run on the sample catalogue's guides:

* **now**: each procedure's part laid out by a worker (stylesheets and fonts loaded once)
  and its guide assembled from it (page numbers stamped), in this process;
* **before**: the same guides made by the code of ``--before`` (a git revision: by default
  the one before parts and assemblies), exported to a temporary folder and run the same way;
* **naive**: one ``python -m weasyprint`` command per guide (a sample of ``--naive-sample``),
  on the same HTML and stylesheets, QR codes inlined: what a script calling the
  command line would do;
* a **profile** of "now": the share of styles, layout, drawing, PDF writing (tags, fonts),
  QR codes and assembly.

    .venv/bin/python benchmarks/bench_guide_cpu.py [--before REV] [--naive-sample 8]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
BEFORE = "0d9bca9"
"""The last revision that laid each guide and handbook out as a whole document."""

# Run in a child process with the old code first on sys.path; prints JSON.
BEFORE_SCRIPT = """
import io, json, sys, time
from pathlib import Path
root = Path(sys.argv[1])
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.pdf.jobs import PrintProfile, Task
from generator.pdf import worker
from generator.paper import guides
import pypdf
catalogue, texts, profile = load_catalogue(root), load_texts(root / "templates"), PrintProfile()
jobs = [j for j in guides.pdf_jobs(catalogue, texts, profile) if "/huong-dan-" in j.path]
worker.init(root / "templates", profile)
render = worker._state["renderer"].render
render(Task("0" * 64, jobs[0].path, jobs[0].html, jobs[0].stylesheets, False, "/dev/null"))
started, pages = time.process_time(), 0
for job in jobs:
    data = render(Task("0" * 64, job.path, job.html, job.stylesheets, False, "/dev/null"))
    pages += len(pypdf.PdfReader(io.BytesIO(data)).pages)
print(json.dumps({"guides": len(jobs), "pages": pages, "cpu": time.process_time() - started}))
"""


def now(profile: cProfile.Profile | None = None) -> dict[str, float]:
    """Every sample guide made as the build makes it: its part laid out, then its guide assembled."""
    import pypdf

    from generator.load.catalogue import load_catalogue
    from generator.load.texts import load_texts
    from generator.paper import guides
    from generator.pdf import assemble, worker
    from generator.pdf.jobs import PrintProfile, Task
    from generator.project import FONTS

    catalogue, texts, print_profile = load_catalogue(ROOT), load_texts(ROOT / "templates"), PrintProfile()
    parts, assemblies = guides.pdf_jobs(catalogue, texts, print_profile)
    by_path = {job.path: job for job in parts}
    made = [(by_path[a.parts[0]], a) for a in assemblies if a.numbering == "guide"]
    worker.init(ROOT / "templates", print_profile)
    renderer = worker._state["renderer"]
    fonts = ROOT / "templates" / FONTS

    def make(part: object, assembly: object) -> bytes:
        job = by_path[assembly.parts[0]]  # type: ignore[attr-defined]
        data = renderer.render(Task("0" * 64, job.path, job.html, job.stylesheets))
        return assemble.guide(assemble.open_pdf(data), assembly, print_profile, fonts)  # type: ignore[arg-type]

    make(*made[0])
    if profile:
        profile.enable()
    started, pages = time.process_time(), 0
    for part, assembly in made:
        pages += len(pypdf.PdfReader(io.BytesIO(make(part, assembly))).pages)
    cpu = time.process_time() - started
    if profile:
        profile.disable()
    return {"guides": len(made), "pages": pages, "cpu": cpu}


def before(revision: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-guide-before-") as folder:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        env = {**os.environ, "PYTHONPATH": folder}
        out = subprocess.run(
            [str(PYTHON), "-c", BEFORE_SCRIPT, folder], capture_output=True, text=True, env=env, check=True, cwd=folder
        )
        result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
        return result


def naive(sample: int) -> dict[str, float]:
    """One ``weasyprint`` command per guide, on the part's HTML with QR codes inlined."""
    import base64

    from generator.load.catalogue import load_catalogue
    from generator.load.texts import load_texts
    from generator.paper import guides
    from generator.pdf.jobs import QR_SCHEME, PrintProfile
    from generator.pdf.worker import qr_png

    catalogue, texts, profile = load_catalogue(ROOT), load_texts(ROOT / "templates"), PrintProfile()
    parts = [job for job in guides.pdf_jobs(catalogue, texts, profile)[0] if "huong-dan" in job.path][:sample]
    print_dir = ROOT / "templates" / "paper"
    cpu = 0.0
    with tempfile.TemporaryDirectory(prefix="bench-guide-naive-") as folder:
        css = Path(folder) / "profile.css"
        css.write_text(profile.css(), encoding="utf-8")
        for index, job in enumerate(parts):
            html = re.sub(
                re.escape(QR_SCHEME) + r'([^"]+)',
                lambda m: "data:image/png;base64," + base64.b64encode(qr_png(m[1].replace("&amp;", "&"))).decode(),
                job.html,
            )
            source = Path(folder) / f"{index}.html"
            source.write_text(html, encoding="utf-8")
            styles = [arg for name in job.stylesheets for arg in ("-s", str(print_dir / name))]
            command = [
                str(PYTHON),
                "-m",
                "weasyprint",
                "-u",
                print_dir.as_uri() + "/",
                *styles,
                "-s",
                str(css),
                "--pdf-variant",
                "pdf/ua-1",
                str(source),
                str(Path(folder) / f"{index}.pdf"),
            ]
            child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            if os.waitstatus_to_exitcode(status):
                raise SystemExit(f"bench: weasyprint failed on {job.path}")
            cpu += usage.ru_utime + usage.ru_stime
    return {"guides": len(parts), "cpu": cpu}


SHARES = {
    "styles (cascade)": "get_all_computed_styles",
    "layout": "layout_document",
    "drawing": r"document.py:\d+\(paint\)",
    "tags": "add_tags",
    "fonts and subsetting": "build_fonts_dictionary",
    "QR codes": r"(svg/__init__.py:\d+\(draw\)|qr_png)",
    "assembly (page numbers)": r"assemble.py:\d+\(guide\)",
}


def shares(profile: cProfile.Profile) -> dict[str, float]:
    stats = pstats.Stats(profile)
    total = max(entry[3] for entry in stats.stats.values())  # type: ignore[attr-defined]
    found = {}
    for name, pattern in SHARES.items():
        cumulative = sum(
            entry[3]
            for (file, line, function), entry in stats.stats.items()  # type: ignore[attr-defined]
            if re.search(pattern, f"{file}:{line}({function})")
        )
        found[name] = cumulative / total
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default=BEFORE, help="git revision of the old way (default: %(default)s)")
    parser.add_argument("--naive-sample", type=int, default=8, help="guides made by the command line")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    load = os.getloadavg()[0]
    started = time.perf_counter()
    current = now()
    old = before(args.before)
    command_line = naive(args.naive_sample)
    profile = cProfile.Profile()
    now(profile)
    breakdown = shares(profile)
    n = {**current, "per_guide": current["cpu"] / current["guides"], "per_page": current["cpu"] / current["pages"]}
    b = {**old, "per_guide": old["cpu"] / old["guides"], "per_page": old["cpu"] / old["pages"]}
    c = {**command_line, "per_guide": command_line["cpu"] / command_line["guides"]}
    result = {
        "load_average": [load, os.getloadavg()[0]],
        "seconds": time.perf_counter() - started,
        "now": n,
        "before": b,
        "naive": c,
        "profile_shares": breakdown,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "guide-cpu.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}; CPU seconds")
    print(f"  now:    {n['per_guide']:.3f} s a guide, {n['per_page']:.3f} s a page ({n['guides']:.0f} guides)")
    print(f"  before: {b['per_guide']:.3f} s a guide, {b['per_page']:.3f} s a page ({args.before})")
    print(f"  naive:  {c['per_guide']:.3f} s a guide (one weasyprint command each, {c['guides']:.0f} guides)")
    print("profile of now (share of CPU, nested: drawing includes QR codes):")
    for name, share in breakdown.items():
        print(f"  {name:<26} {share:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
