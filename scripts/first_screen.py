"""Where a procedure page puts what a citizen came for, measured in headless Chromium.

    python scripts/first_screen.py site/ thu-tuc/dang-ky-thuong-tru/ [--width 390 --height 800] [--size 4]

Serves SITE on a free localhost port and prints, for each page, the distance in
CSS pixels from the top of the page to the fee, the time limit, the first paper
to bring, the first link to the national portal (in the key facts since issue 14)
and the primary button, and the screen it falls on
(1 = visible without scrolling). ``--size`` sets the text size (0-4: 100% to 200%).
The selectors also match the layout before issue 14, so the script measures both.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import math
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

TARGETS = {
    "fee": ['[data-tt-fact="fee"] dd', 'table.tt-fees td[data-label="Phí, lệ phí"]'],
    "time": ['[data-tt-fact="time"] dd', 'table.tt-fees td[data-label="Thời hạn"]'],
    # With the case chooser, what to bring starts with its first answer (every case is closed until then).
    "first paper": [".tt-chooser .tt-radio", ".tt-doclist > li .tt-doc__name"],
    "portal link": ["a.tt-portal-link", "a.tt-primary"],
    "primary button": ["a.tt-primary"],
}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # The browser may close the page while a file is still being sent.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


def positions(page: Page) -> dict[str, float | None]:
    """Top of each target, in CSS pixels from the top of the page (None when the page has none)."""
    found: dict[str, float | None] = {}
    for name, selectors in TARGETS.items():
        found[name] = None
        for selector in selectors:
            box = page.locator(selector).first
            if box.count():
                found[name] = page.evaluate("e => e.getBoundingClientRect().top + window.scrollY", box.element_handle())
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("pages", nargs="+", help="site-relative URLs of procedure pages")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--size", default="0", help="text size step, 0 (100%%) to 4 (200%%)")
    args = parser.parse_args()
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": args.width, "height": args.height})
        context.add_init_script(f"localStorage.setItem('tt-size', '{args.size}');")
        page = context.new_page()
        for url in args.pages:
            page.goto(base + url)
            page.evaluate("document.fonts.ready.then(() => true)")
            print(f"{url} at {args.width}×{args.height}:")
            for name, top in positions(page).items():
                where = "absent" if top is None else f"{top:6.0f} px, screen {math.floor(top / args.height) + 1}"
                print(f"  {name:12} {where}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
