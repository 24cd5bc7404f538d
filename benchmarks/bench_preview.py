"""Benchmark ``catalogue serve``: from saving a record to the open tab showing it.

For each size N (26 is the sample itself; larger sizes are synthetic
catalogues made as ``bench_build.py`` makes them), the script copies the
catalogue into a temporary folder, starts ``catalogue serve`` on it, opens a
procedure page in headless Chromium and then, EDITS times, changes the title
of that procedure in its YAML file and measures the wall time until the open
tab's heading shows the new title. Nobody touches the tab: it reloads by
itself. The server's own "Preview rebuilt in" lines say how much of that was
the rebuild.

For comparison ("before"), it times what ``catalogue serve`` did before the
live preview on every change: a whole ``catalogue build`` (after which the
reader still had to reload the tab).

    .venv/bin/python benchmarks/bench_preview.py                   # N = 26 and 2000
    .venv/bin/python benchmarks/bench_preview.py --sizes 26 --edits 5

Figures go to stdout and ``benchmarks/out/preview.json``. By default the
server makes PDFs in the background at N = 26 (as ``catalogue serve`` does) and
none at larger sizes (``--no-pdf``: a cold PDF cache at 2,000 procedures takes
far longer than the benchmark); ``--pdf``/``--no-pdf`` choose for every size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_build import make_catalogue

from tests.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "preview.json"
COPIED = ("procedures", "forms", "pages", "communes", "templates", "mkdocs.yml")
RECORD = "procedures/cu-tru/dang-ky-tam-tru.yaml"
TARGETS = {26: 2.0, 2000: 5.0}
"""Edit to tab, in seconds, at most (the issue's goals)."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _copy_sample(target: Path) -> None:
    target.mkdir(parents=True)
    for name in COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, target / name)


def _up(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def _title_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("title:"))


def measure_serve(project: Path, edits: int, *, pdfs: bool) -> dict[str, Any]:
    """Start the server, open the page, edit the title *edits* times: seconds until the tab shows each."""
    port = _free_port()
    log = project.parent / "serve.log"
    command = [sys.executable, "-m", "generator", "serve", "--project", str(project), "--port", str(port)]
    started = time.perf_counter()
    with log.open("w") as out:
        server = subprocess.Popen([*command, *([] if pdfs else ["--no-pdf"])], stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/thu-tuc/dang-ky-tam-tru/"
    try:
        if not _up(url, 3600):
            raise SystemExit(f"bench: the preview did not come up; see {log}")
        first = time.perf_counter() - started
        if pdfs:  # an editor at work has the PDFs cached: measure edits, not the first PDF pass
            deadline = time.monotonic() + 3600
            while "PDFs ready" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(1)
        record = project / RECORD
        original = record.read_text(encoding="utf-8")
        times = []
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url)
            for number in range(1, edits + 1):
                title = f"Đăng ký tạm trú (lần sửa {number})"
                time.sleep(1.0)  # let the last reload settle (PDFs start after 3 s without an edit)
                began = time.perf_counter()
                record.write_text(original.replace(_title_line(original), f"title: {title}"), encoding="utf-8")
                page.wait_for_function(
                    "(t) => document.querySelector('h1')?.textContent.trim() === t",
                    arg=title,
                    polling=50,
                    timeout=300_000,
                )
                times.append(time.perf_counter() - began)
                say(f"  edit {number}: {times[-1]:.2f} s")
    finally:
        server.terminate()
        server.wait(timeout=60)
    rebuilds = [float(s) for s in re.findall(r"Preview rebuilt in ([\d.]+) s\b", log.read_text())]
    return {
        "first_build_s": round(first, 2),
        "edit_to_tab_s": [round(t, 2) for t in times],
        "rebuild_s": rebuilds[1:],
        "pdfs": pdfs,
    }


def measure_build(project: Path, *, pdfs: bool) -> float:
    """What serve did before on every change: a whole build, after one edit (PDF cache warm)."""
    command = [sys.executable, "-m", "generator", "build", "--project", str(project), *([] if pdfs else ["--no-pdf"])]
    subprocess.run(command, check=True, capture_output=True)  # warm the PDF cache
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace(_title_line(text), "title: Đăng ký tạm trú (bản dựng đầy đủ)"), encoding="utf-8")
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return round(time.perf_counter() - began, 2)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[26, 2000])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--no-before", dest="before", action="store_false", help="skip the whole-build comparison")
    args = parser.parse_args(argv)
    results = []
    load = os.getloadavg()
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="catalogue-preview-") as work:
            project = Path(work) / "project"
            if n == 26:
                _copy_sample(project)
            else:
                make_catalogue(ROOT, project, n)
            pdfs = args.pdf if args.pdf is not None else n <= 26
            say(f"N = {n}: serve{'' if pdfs else ' --no-pdf'}")
            result: dict[str, Any] = {"n": n, **measure_serve(project, args.edits, pdfs=pdfs)}
            if args.before:
                say(f"N = {n}: whole build after one edit (before)")
                result["before_build_s"] = measure_build(project, pdfs=pdfs)
            result["median_edit_to_tab_s"] = round(statistics.median(result["edit_to_tab_s"]), 2)
            results.append(result)
    print("| N | first preview | edit → tab (median; each) | rebuild (server) | before: whole build |")
    print("|---|---|---|---|---|")
    for r in results:
        each = ", ".join(f"{t:.2f}" for t in r["edit_to_tab_s"])
        rebuild = ", ".join(f"{t:.2f}" for t in r["rebuild_s"])
        goal = TARGETS.get(r["n"])
        verdict = "" if goal is None else (" ✓" if r["median_edit_to_tab_s"] <= goal else f" ✗ (goal {goal} s)")
        print(
            f"| {r['n']} | {r['first_build_s']:.1f} s | **{r['median_edit_to_tab_s']:.2f} s**{verdict} ({each}) "
            f"| {rebuild} s | {r.get('before_build_s', '–')} s |"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"load_average_before": load, "results": results}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
