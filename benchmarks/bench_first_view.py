"""The bytes of a first view: a phone opens a page of the site with nothing cached.

Target (issue 18): the home page and a procedure page cost at most 60 KB on a
cold load, every request counted, as a web server with gzip sends them.

The script serves a built site gzipped (``tests/browser.py``'s ``GzipHandler``,
level 6, keep-alive) and opens each page in headless Chromium at phone size in
a new browser context (empty cache), twice:

- **first view**: service workers blocked; every response the page gets until
  the network is idle (the page, styles, scripts, fonts, images, the search
  index a search needs);
- **with the offline copy**: service workers allowed; the same, plus what the
  worker saves in the background once the page has loaded (the shell, the home
  and index pages, the search index). The difference is the offline copy's cost.

A response counts the bytes sent: its headers and its body (gzipped text,
fonts as they are).

Run: ``.venv/bin/python benchmarks/bench_first_view.py`` (builds the sample
into a temporary folder), or ``--site DIR`` for a site already built;
``--compare DIR`` measures a second site (the site before a change) beside it.
Exit status 1 when a target fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser

from tests.browser import chromium, recording_handler, serve

ROOT = Path(__file__).resolve().parent.parent
KB = 1024
PAGES = {
    "home": "",
    "procedure": "thu-tuc/dang-ky-thuong-tru/",
    "search": "tim-kiem/?q=ho+chieu",
    "form": "bieu-mau/CT01/",
    "form fill": "bieu-mau/CT01/dien-truc-tuyen/",
}
TARGETS = {"home": 60 * KB, "procedure": 60 * KB}
SETTLE_MS = 1500
WORKER_READY = """() => navigator.serviceWorker.getRegistration().then(found => found && Promise.race([
  navigator.serviceWorker.ready, new Promise(done => setTimeout(done, 60000))]).then(() => true))"""
"""Resolves when the page's service worker (if it has one) has installed, or after a minute."""
"""Quiet time after the network is idle, for a service worker still saving files."""


@dataclass
class View:
    requests: int
    bytes: int


def measure(browser: Browser, base: str, log: list[tuple[str, int]], url: str, *, workers: bool) -> View:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, service_workers="allow" if workers else "block"
    )
    page = context.new_page()
    try:
        log.clear()
        page.goto(base + url, wait_until="networkidle")
        if workers:
            # ready: the worker has installed, so it has saved everything it saves at install.
            page.evaluate(WORKER_READY)
            page.wait_for_timeout(SETTLE_MS)
            page.wait_for_load_state("networkidle")
        return View(len(log), sum(size for _, size in log))
    finally:
        context.close()


def measure_site(browser: Browser, site: Path) -> dict[str, tuple[View, View]]:
    log: list[tuple[str, int]] = []
    with serve(site, recording_handler(log)) as base:
        return {
            kind: (measure(browser, base, log, url, workers=False), measure(browser, base, log, url, workers=True))
            for kind, url in PAGES.items()
        }


def _kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


def table(results: dict[str, dict[str, tuple[View, View]]]) -> str:
    lines = [
        "| site | page | first view | requests | with the offline copy (background) |",
        "|---|---|---|---|---|",
    ]
    for name, pages in results.items():
        for kind, (first, total) in pages.items():
            extra = total.bytes - first.bytes
            lines.append(
                f"| {name} | {kind} | {_kb(first.bytes)} | {first.requests} | "
                f"{_kb(total.bytes)} (+{_kb(extra)}, {total.requests - first.requests} requests) |"
            )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample into a temporary folder)")
    parser.add_argument("--compare", type=Path, help="a second built site to measure beside it (e.g. before a change)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="first-view-") as work:
        site = args.site
        if site is None:
            from generator.build import build

            site = Path(work) / "site"
            build(ROOT, site_dir=site)
        results = {}
        with chromium() as browser:
            if args.compare:
                results["before"] = measure_site(browser, args.compare)
            results["this"] = measure_site(browser, site)
    print(table(results))
    failed = [
        f"{kind}: {_kb(results['this'][kind][0].bytes)} > {_kb(limit)}"
        for kind, limit in TARGETS.items()
        if results["this"][kind][0].bytes > limit
    ]
    for line in failed:
        print("FAIL", line)
    if not failed:
        print("PASS: " + ", ".join(f"{kind} ≤ {_kb(limit)}" for kind, limit in TARGETS.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
