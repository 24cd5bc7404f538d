"""How much a page moves while it loads (cumulative layout shift), measured in headless Chromium.

    python scripts/layout_shift.py site/ "" thu-tuc/dang-ky-thuong-tru/ "tim-kiem/?q=ho+chieu" [--late 1.5] [--throttle]

Serves SITE gzipped on a free localhost port, opens each page in a new browser
context (empty cache, service workers blocked: a first visit) at 390 × 800, and
prints the page's CLS with each shift and the elements it moved. The shifts are
collected by a ``PerformanceObserver`` (type ``layout-shift``, buffered) set up
before the page's first byte; shifts right after the reader's input do not
count, as in the CLS of Core Web Vitals. A search page with ``?q=`` is read
once its results (or its "nothing found") are shown.

``--late SECONDS`` makes the server hold back every script and font that long,
so whatever a script or a font changes happens after the first paint, on any
machine: the way to see what moves when they come late, without depending on
the machine's speed. ``--throttle`` adds Lighthouse's slow phone instead
(Chromium's own throttling: 4× slower CPU, 150 ms round trips, 1.6 Mbit/s).

The test ``tests/site/test_layout_shift.py`` uses :func:`layout_shift` and
:class:`LateHandler` from here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import GzipHandler, chromium, serve  # noqa: E402

WIDTH, HEIGHT = 390, 800

OBSERVE = """
(() => {
  const describe = node => {
    if (!node) return "(gone)";
    if (node.nodeType !== 1) return node.nodeName + " in " + describe(node.parentElement);
    let name = node.localName + (node.id ? "#" + node.id : "");
    if (node.classList && node.classList.length) name += "." + Array.from(node.classList).join(".");
    return name;
  };
  window.__ttShifts = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      window.__ttShifts.push({
        value: entry.value,
        time: Math.round(entry.startTime),
        sources: (entry.sources || []).map(source => ({
          node: describe(source.node),
          from: [source.previousRect.x, source.previousRect.y, source.previousRect.width, source.previousRect.height],
          to: [source.currentRect.x, source.currentRect.y, source.currentRect.width, source.currentRect.height],
        })),
      });
    }
  }).observe({type: "layout-shift", buffered: true});
})();
"""
"""Collects the page's layout shifts into ``window.__ttShifts`` from the start of the document."""

SEARCH_SHOWN = """() => {
  const form = document.querySelector("[data-tt-search]");
  if (!form || !new URL(location.href).searchParams.get("q")) return true;
  const status = document.getElementById("tt-search-status"), results = document.getElementById("tt-results");
  return status.textContent !== "" && status.textContent !== results.dataset.loading;
}"""
"""True once a search page opened with ``?q=`` shows its results or says it found nothing (any other page: at once)."""

SETTLED = """() => document.fonts.ready.then(() => new Promise(done =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(window.__ttShifts), 0)))))"""
"""The shifts, once the fonts are in and two more frames have been drawn (their shifts reported)."""

SLOW_PHONE = {"cpu": 4, "latency": 150, "download": 1_638_400 / 8, "upload": 750_000 / 8}
"""Lighthouse's mobile throttling (its "slow 4G" and a mid-tier phone's CPU): ms and bytes per second."""


@dataclass
class Shift:
    value: float
    time: int
    """When, in ms from the start of the navigation."""
    sources: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:
        moved = "; ".join(f"{s['node']} {_rect(s['from'])} → {_rect(s['to'])}" for s in self.sources)
        return f"{self.value:.4f} at {self.time} ms: {moved}"


def _rect(box: list[float]) -> str:
    x, y, width, height = (round(v) for v in box)
    return f"({x},{y} {width}×{height})"


@dataclass
class Shifts:
    url: str
    shifts: list[Shift]

    @property
    def cls(self) -> float:
        """The page's cumulative layout shift while it loads (all of it falls in one session window or few)."""
        return round(sum(shift.value for shift in self.shifts), 4)

    def report(self) -> str:
        return "\n".join([f"{self.url or '(home)'}: CLS {self.cls:.4f}", *(f"  {shift}" for shift in self.shifts)])


LATE = (".js", ".woff2")
"""What :class:`LateHandler` holds back: scripts and fonts."""


class LateHandler(GzipHandler):
    """Serves the site gzipped, and the files ending in one of *late* only after *delay* seconds (0: at once)."""

    delay: ClassVar[float] = 0.0
    late: ClassVar[tuple[str, ...]] = LATE

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.delay and self.path.split("?")[0].endswith(self.late):
            time.sleep(self.delay)
        return super().send_head()  # type: ignore[no-untyped-call]


def late_handler(delay: float, late: tuple[str, ...] = LATE) -> type[LateHandler]:
    """A :class:`LateHandler` that holds the files ending in *late* (scripts and fonts) back *delay* seconds."""
    return type("Late", (LateHandler,), {"delay": delay, "late": late})


def throttle(page: Page) -> None:
    """Chromium's own CPU and network throttling on *page*: :data:`SLOW_PHONE`."""
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_PHONE["cpu"]})
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": SLOW_PHONE["latency"],
            "downloadThroughput": SLOW_PHONE["download"],
            "uploadThroughput": SLOW_PHONE["upload"],
        },
    )


@contextmanager
def phone(browser: Browser, *, slow: bool = False) -> Iterator[Page]:
    """A new page at 390 × 800 in its own context (empty cache, no service worker), observing layout shifts."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, service_workers="block")
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        if slow:
            throttle(page)
        yield page
    finally:
        context.close()


def layout_shift(page: Page, url: str, base: str) -> Shifts:
    """Open *url* (relative to *base*) in *page* and collect its layout shifts until it has settled:
    loaded, the network idle, the search results shown, the fonts in."""
    page.goto(base + url, wait_until="load", timeout=120_000)
    page.wait_for_function(SEARCH_SHOWN, timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    return settled(page, url)


def settled(page: Page, name: str) -> Shifts:
    """The shifts of *page* so far (called *name*), once its fonts are in and its last frames drawn."""
    return Shifts(name, [Shift(s["value"], s["time"], s["sources"]) for s in page.evaluate(SETTLED)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+", help='site-relative URLs ("" for the home page)')
    parser.add_argument("--late", type=float, default=0.0, help="hold back scripts and fonts this many seconds")
    parser.add_argument("--only", choices=LATE, help="hold back only this kind of file (default: scripts and fonts)")
    parser.add_argument("--throttle", action="store_true", help="Lighthouse's slow phone (CPU 4×, slow 4G)")
    args = parser.parse_args()
    with serve(args.site, late_handler(args.late, (args.only,) if args.only else LATE)) as base, chromium() as browser:
        for url in args.pages:
            with phone(browser, slow=args.throttle) as page:
                print(layout_shift(page, url, base).report())


if __name__ == "__main__":
    main()
