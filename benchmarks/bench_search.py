"""Check the bytes a phone downloads per search, on a synthetic catalogue of N procedures (2,000 by default).

Targets: the first query, every request counted (page, CSS, fonts, scripts,
index), under 150 KB as a web server with gzip sends it; each further query
under 50 KB. The script builds the catalogue (``bench_build.make_catalogue``,
``catalogue build --no-pdf``), serves the site gzipped and opens
``/tim-kiem/?q=<query>`` in headless Chromium (``tests/browser.py``) with a cold
cache, once per query; then it types the other queries one after the other into
the search box of one page. A response counts the bytes a server with gzip
(level 6) sends for its file: text gzipped, other files (fonts, images) as they
are; a URL asked for again is counted once.

Run: ``.venv/bin/python benchmarks/bench_search.py`` (see README.md). Figures go
to ``benchmarks/out/search.json``; the exit status is 1 when a target fails.
Why the site has a search of its own (Material's built-in search and Pagefind
were measured against it): docs/decisions/0001-search-own-index.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import platform
import re
import statistics
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote_plus, unquote, urlsplit

# benchmarks/ is not a package: run as a script, this folder is sys.path[0] and bench_build imports.
from bench_build import make_catalogue, representative_code, run_checked, say, work_folder
from playwright.sync_api import Browser, Page, Response, ViewportSize

from tests.browser import chromium, serve

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "search.json"
DEFAULT_SIZE = 2000
KB = 1024

MAX_FIRST_QUERY_BYTES = 150 * KB
MAX_FURTHER_QUERY_BYTES = 50 * KB

CODE_QUERY = "{code}"
"""Replaced by the code of the first synthetic copy of ``dang-ky-thuong-tru`` (9.000004)."""
QUERIES = (
    "đăng ký thường trú",
    "dang ky tam tru",
    "hộ chiếu",
    "can cuoc",
    CODE_QUERY,
    "giấy phép lái xe",
    "xoa dang ky",
    "lý lịch tư pháp",
    "bien so xe",
    "tam vang",
)
DEBOUNCE_MS = 200
"""search.js searches this long after the last keystroke."""
VIEWPORT: ViewportSize = {"width": 390, "height": 844}
"""A phone, as in tests/test_browser.py."""
RESULT_TIMEOUT_MS = 120_000

TEXT_SUFFIXES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"})


# --- bytes a web server sends ----------------------------------------------------------


def compressible(path: Path) -> bool:
    """Text, which a server gzips; fonts and images are sent as they are."""
    return path.suffix.lower() in TEXT_SUFFIXES


@functools.cache
def gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@functools.cache
def served_size(path: Path) -> int:
    """Bytes of the response body a server with gzip (level 6) sends for *path*."""
    return len(gzipped(path)) if compressible(path) else path.stat().st_size


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site as a production server would: text gzipped, keep-alive connections."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or not compressible(path):
            return super().send_head()
        body = gzipped(path)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def _files(folder: Path) -> Iterator[Path]:
    for base, _, names in os.walk(folder):
        for name in sorted(names):
            yield Path(base) / name


def build_catalogue(work: Path, n: int, log: Path) -> tuple[Path, str]:
    """Write and build the synthetic catalogue; returns the site and the code to query."""
    project = work / f"catalogue-{n}"
    say(f"N={n}: writing the synthetic catalogue to {project}")
    make_catalogue(ROOT, project, n)
    say(f"N={n}: catalogue build --no-pdf")
    catalogue = str(Path(sys.prefix) / "bin" / "catalogue")
    run = run_checked([catalogue, "build", "--no-pdf", "--project", str(project)], log, "build")
    say(f"N={n}: built in {run.seconds:.1f} s")
    return project / "site", representative_code(ROOT)


# --- measuring in the browser ------------------------------------------------------------

OBSERVER = """(() => {
  /* Each time the search status changes to a final text (not empty, not "loading"),
     note when: performance.now() counts from the start of the navigation. */
  const done = (window.__benchDone = []);
  window.__benchInputAt = null;
  document.addEventListener("input", () => { window.__benchInputAt = performance.now(); }, true);
  let last = null;
  new MutationObserver(() => {
    const status = document.getElementById("tt-search-status");
    const results = document.getElementById("tt-results");
    if (!status || !results || status.textContent === last) return;
    last = status.textContent;
    if (!last || last === results.dataset.loading) return;
    done.push({ t: performance.now(), status: last, inputAt: window.__benchInputAt });
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();"""


def is_search(path: str) -> bool:
    """Whether a path of the site belongs to the search (the rest is the page itself)."""
    return path == "assets/javascripts/search.js" or path.startswith("search/")


@dataclass(frozen=True)
class Transfer:
    path: str
    status: int
    bytes: int


KINDS = (
    ("fonts", (".woff2", ".woff", ".ttf", ".otf")),
    ("css", (".css",)),
    ("scripts", (".js", ".mjs")),
    ("images", (".svg", ".png", ".jpg", ".webp", ".ico")),
)


def kind(path: str) -> str:
    if is_search(path):
        return "search"
    suffix = Path(path).suffix.lower()
    return next((name for name, suffixes in KINDS if suffix in suffixes), "html and other")


@dataclass
class QueryRun:
    query: str
    found: int
    ms: float
    """First query: from navigation start to the results on screen. Further ones: from
    the keystroke to the results, less the debounce."""
    transfers: list[Transfer]

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.transfers)

    @property
    def search_bytes(self) -> int:
        return sum(t.bytes for t in self.transfers if is_search(t.path))

    def by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for transfer in self.transfers:
            kinds[kind(transfer.path)] = kinds.get(kind(transfer.path), 0) + transfer.bytes
        return dict(sorted(kinds.items(), key=lambda item: -item[1]))


class Recorder:
    """Every response of a page, with the bytes a gzip server sends for it; a URL is counted once."""

    def __init__(self, base: str, site: Path) -> None:
        self.base = base
        self.site = site
        self.transfers: list[Transfer] = []
        self.foreign: list[str] = []
        self._seen: set[str] = set()

    def on_response(self, response: Response) -> None:
        url = response.url
        if not url.startswith(self.base):
            if not url.startswith(("data:", "blob:")):
                self.foreign.append(url)
            return
        if url in self._seen:  # the browser asked again (revalidation): not new bytes
            return
        self._seen.add(url)
        path = unquote(urlsplit(url).path).lstrip("/")
        file = self.site / path
        if not path or path.endswith("/"):
            file = file / "index.html"
        size = served_size(file) if response.status == HTTPStatus.OK and file.is_file() else 0
        self.transfers.append(Transfer(path, response.status, size))


_COUNT = re.compile(r"\d+")


def _query_run(query: str, done: dict[str, Any], transfers: list[Transfer], ms: float) -> QueryRun:
    status = str(done["status"])
    number = _COUNT.search(status)
    if number is None and not status.startswith("Không tìm thấy"):
        raise SystemExit(f"bench: the search for {query!r} ended with {status!r}")
    return QueryRun(query, int(number.group(0)) if number else 0, ms, transfers)


def _wait_done(page: Page, count: int) -> dict[str, Any]:
    page.wait_for_function("n => window.__benchDone.length >= n", arg=count, timeout=RESULT_TIMEOUT_MS)
    entry: dict[str, Any] = page.evaluate("n => window.__benchDone[n - 1]", count)
    return entry


def run_session(browser: Browser, base: str, site: Path, queries: Sequence[str]) -> tuple[list[QueryRun], list[str]]:
    """Open the search page with the first query (cold cache), then type the others into its box.

    Returns the queries and the requests to other hosts (there should be none).
    """
    # The site's policy forbids evaluating strings, which wait_for_function does; this measures bytes, not policy.
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER)
        recorder = Recorder(base, site)
        page.on("response", recorder.on_response)
        page.goto(f"{base}tim-kiem/?q={quote_plus(queries[0])}")
        done = _wait_done(page, 1)
        page.wait_for_load_state("networkidle")  # fonts and late requests count for the first query
        runs = [_query_run(queries[0], done, list(recorder.transfers), float(done["t"]))]
        for number, query in enumerate(queries[1:], start=2):
            mark = len(recorder.transfers)
            page.fill("#tt-search-q", query)
            done = _wait_done(page, number)
            ms = float(done["t"]) - float(done["inputAt"]) - DEBOUNCE_MS
            runs.append(_query_run(query, done, recorder.transfers[mark:], ms))
        return runs, recorder.foreign
    finally:
        context.close()


# --- index sizes -----------------------------------------------------------------------


@dataclass(frozen=True)
class FileSize:
    path: str
    raw: int
    served: int


def group_size(paths: Sequence[Path], label: str) -> FileSize:
    return FileSize(label, sum(p.stat().st_size for p in paths), sum(served_size(p) for p in paths))


def our_index(site: Path) -> dict[str, FileSize]:
    """The index under ``search/`` and its notable files, raw and as served."""
    folder = site / "search"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    shards = [folder / name for name in manifest["shards"].values()]

    def one(path: Path) -> FileSize:
        return FileSize(path.relative_to(site).as_posix(), path.stat().st_size, served_size(path))

    files = list(_files(folder))
    return {
        "index (all of search/)": group_size(files, f"{len(files)} files"),
        "manifest": one(folder / "manifest.json"),
        "docs (every title)": one(folder / manifest["docs"]),
        "shards": group_size(shards, f"{len(shards)} files"),
        "largest shard (served)": one(max(shards, key=served_size)),
        "search.js": one(site / "assets" / "javascripts" / "search.js"),
    }


# --- report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    max_first_bytes: int
    """The largest first query over every query tried as the first one (cold cache)."""
    max_first_search_bytes: int
    first_by_kind: dict[str, int]
    """Of that largest first query."""
    max_further_bytes: int
    first_result_ms: float
    """Median over the cold runs, loopback."""
    further_ms: float
    misses: list[str]

    @property
    def first_ok(self) -> bool:
        return self.max_first_bytes < MAX_FIRST_QUERY_BYTES

    @property
    def further_ok(self) -> bool:
        return self.max_further_bytes < MAX_FURTHER_QUERY_BYTES


def summarize(cold: Sequence[QueryRun], session: Sequence[QueryRun]) -> Summary:
    largest = max(cold, key=lambda q: q.bytes)
    further = session[1:]
    return Summary(
        max_first_bytes=largest.bytes,
        max_first_search_bytes=max(q.search_bytes for q in cold),
        first_by_kind=largest.by_kind(),
        max_further_bytes=max((q.bytes for q in further), default=0),
        first_result_ms=statistics.median(q.ms for q in cold),
        further_ms=statistics.median(q.ms for q in further) if further else 0.0,
        misses=[q.query for q in session if q.found == 0],
    )


def _kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


def report(index: dict[str, FileSize], cold: Sequence[QueryRun], session: Sequence[QueryRun], s: Summary) -> str:
    lines = ["Index (raw / as served):"]
    lines += [f"  {name:24} {_kb(f.raw):>10} {_kb(f.served):>10}  {f.path}" for name, f in index.items()]
    lines += ["", f"  {'query':20} {'found':>6} {'cold: all':>10} {'search':>9} {'1st result':>10}  {'further':>9}"]
    first = {q.query: q for q in cold}
    for number, run in enumerate(session):
        c = first[run.query]
        further = _kb(run.bytes) if number else "(first)"
        lines.append(
            f"  {run.query:20} {run.found:>6} {_kb(c.bytes):>10} {_kb(c.search_bytes):>9} {c.ms:>8.0f}ms  {further:>9}"
        )
    kinds = ", ".join(f"{name} {_kb(size)}" for name, size in s.first_by_kind.items())
    page = s.max_first_bytes - s.max_first_search_bytes

    def target(ok: bool, name: str, measured: int, limit: int) -> str:
        return f"  {'PASS' if ok else 'FAIL'}  {name:52} {_kb(measured):>9}  (target < {limit // KB} KB)"

    lines += [
        "",
        f"Largest first query: {kinds}.",
        f"Time to first result (median, loopback): {s.first_result_ms:.0f} ms; further query {s.further_ms:.0f} ms.",
        "",
        "Targets:",
        target(
            s.first_ok, "first query, all requests (largest of the cold runs)", s.max_first_bytes, MAX_FIRST_QUERY_BYTES
        ),
        target(s.further_ok, "each further query (largest)", s.max_further_bytes, MAX_FURTHER_QUERY_BYTES),
        f"  of the first query, the search's own files: {_kb(s.max_first_search_bytes)}; the page: {_kb(page)}",
    ]
    if s.misses:
        lines.append(f"  note: found nothing for {', '.join(s.misses)}")
    return "\n".join(lines)


# --- command line ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Check the bytes a phone downloads per search query.")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, metavar="N", help="procedures (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, metavar="DIR", help="build here and keep it (default: a temp folder)")
    parser.add_argument("--out", type=Path, default=OUT, metavar="FILE", help="JSON results (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.size < 26:
        parser.error("--size must be at least 26 (every sample record is copied once)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    with work_folder(args.workdir, prefix="catalogue-bench-search-") as work:
        site, code = build_catalogue(work, args.size, work / "log.txt")
        queries = [code if q == CODE_QUERY else q for q in QUERIES]
        index = our_index(site)
        with chromium() as browser, serve(site, _GzipHandler) as base:
            say(f"one page, {len(queries)} queries typed one after the other")
            session, foreign = run_session(browser, base, site, queries)
            say("each query as the first one, with a cold cache")
            cold = [run_session(browser, base, site, [query])[0][0] for query in queries]
    if foreign:
        say(f"warning: requests to other hosts: {foreign[:3]}")
    summary = summarize(cold, session)
    print(report(index, cold, session, summary))
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "queries": queries,
        "python": platform.python_version(),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "kb": KB,
        "targets": {"first_query_bytes": MAX_FIRST_QUERY_BYTES, "further_query_bytes": MAX_FURTHER_QUERY_BYTES},
    }
    document = {
        "meta": meta,
        "summary": asdict(summary),
        "index": {name: asdict(size) for name, size in index.items()},
        "session": [asdict(q) for q in session],
        "cold": [asdict(q) for q in cold],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nFigures written to {args.out}")
    return 0 if summary.first_ok and summary.further_ok else 1


if __name__ == "__main__":
    sys.exit(main())
