"""Screenshots of a built site in headless Chromium, for looking at pages as a citizen would.

    python scripts/screenshot.py site/ out/ thu-tuc/dang-ky-thuong-tru/ "" --width 360
    python scripts/screenshot.py site/ out/ "" --width 390 --height 844 --first-screen

Serves SITE on a free localhost port and writes one PNG per page and width.
"""

from __future__ import annotations

import argparse
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="+", help='site-relative URLs ("" for the home page)')
    parser.add_argument("--width", type=int, action="append", help="viewport widths (default 390 and 1280)")
    parser.add_argument("--scheme", choices=["light", "dark"], default="light")
    parser.add_argument("--height", type=int, default=800, help="viewport height (default 800)")
    parser.add_argument(
        "--first-screen", action="store_true", help="only what the first screen shows, not the whole page"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(args.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in args.width or [390, 1280]:
            page = browser.new_page(viewport={"width": width, "height": args.height}, color_scheme=args.scheme)
            for url in args.pages:
                page.goto(base + url)
                name = (url.strip("/").replace("/", "_") or "home") + f"-{width}-{args.scheme}.png"
                page.screenshot(path=str(args.out / name), full_page=not args.first_screen)
                print(args.out / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
