"""Benchmark the site's search on a synthetic catalogue of N procedures (2,000 by default).

It answers the issue "bytes for the first query under 150 KB, under 50 KB for each
further query" and compares the candidates on the same catalogue:

* **ours**: ``generator/search.py`` + ``search.js`` (a manifest, a docs file and
  shards of words fetched as a query needs them);
* **pagefind**: Pagefind run over a copy of the built site, each procedure page
  given a hidden copy of its words that contain ``đ``, spelt with ``d`` (Pagefind
  ignores other diacritics itself but keeps ``đ``), and the query's ``đ`` folded too;
* **material**: Material for MkDocs' built-in search (lunr in a web worker) on the
  same docs tree, with each text of its index followed by its folded form.

For each candidate a headless Chromium opens ``/tim-kiem/?q=<query>`` with a cold
cache (Pagefind and Material through a small script that replaces ``search.js`` on
that same page), records every response and counts the bytes a web server with
gzip would send: gzip level 6 of the file on disk for text (html, css, js, json,
svg...), the file as it is for what is compressed already (woff2, png, Pagefind's
gzipped files). Further queries are typed into the page's search box. Time to first
result is read in the page (``performance.now()`` when the status first shows a
count), on loopback and with the network throttled through the Chrome DevTools
Protocol. The pages are served gzipped (as a production server would), so the
throttled link carries compressed bytes.

Pagefind is a benchmark-only tool, not a dependency of the project::

    .venv/bin/pip install pagefind-bin     # the binary ships in the wheel

Run: ``.venv/bin/python benchmarks/bench_search.py`` (about 10 minutes; see README.md).
Figures go to ``benchmarks/out/search.json``; the exit status is 1 when our search
misses a target.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import importlib.util
import io
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote_plus, unquote, urlsplit

# benchmarks/ is not a package: run as a script, this folder is sys.path[0] and bench_build imports.
from bench_build import freeze_docs, make_catalogue, representative_code, run_checked, say, work_folder
from playwright.sync_api import Browser, Page, Response, ViewportSize

from generator.vietnamese import fold_diacritics
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
"""search.js (and the harnesses below) search this long after the last keystroke."""
SHOWN = 10
"""Results whose data Pagefind must load (and Material lists) before a results list can show titles."""
VIEWPORT: ViewportSize = {"width": 390, "height": 844}
"""A phone, as in tests/test_browser.py."""
RESULT_TIMEOUT_MS = 300_000

TEXT_SUFFIXES = frozenset({".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map"})
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Throttle:
    name: str
    down_kbps: int
    up_kbps: int
    latency_ms: int

    def conditions(self) -> dict[str, Any]:
        """Parameters of ``Network.emulateNetworkConditions`` (throughputs in bytes per second)."""
        return {
            "offline": False,
            "latency": self.latency_ms,
            "downloadThroughput": self.down_kbps * 1000 / 8,
            "uploadThroughput": self.up_kbps * 1000 / 8,
        }


THROTTLE_3G = Throttle("3G", down_kbps=1600, up_kbps=750, latency_ms=150)


# --- bytes a web server sends ----------------------------------------------------------


def compressible(path: Path, head: bytes) -> bool:
    """Text a server would gzip; files that are gzip data already (Pagefind's) are sent as they are."""
    return path.suffix.lower() in TEXT_SUFFIXES and not head.startswith(GZIP_MAGIC)


@functools.cache
def gzipped(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


@functools.cache
def served_size(path: Path) -> int:
    """Bytes of the response body a server with gzip (level 6) sends for *path*."""
    with path.open("rb") as file:
        head = file.read(2)
    return len(gzipped(path)) if compressible(path, head) else path.stat().st_size


def gzip_size(path: Path) -> int:
    return len(gzipped(path))


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site as a production server would: text gzipped, keep-alive connections."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        with path.open("rb") as file:
            head = file.read(2)
        if not compressible(path, head):
            return super().send_head()
        body = gzipped(path)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve_gzip(site: Path) -> AbstractContextManager[str]:
    """tests/browser.py's ``serve``, sending text gzipped as a production server would."""
    return serve(site, _GzipHandler)


def _files(folder: Path) -> Iterator[Path]:
    for base, _, names in os.walk(folder):
        for name in sorted(names):
            yield Path(base) / name


# --- building the sites ------------------------------------------------------------------


def build_catalogue(work: Path, n: int, log: Path) -> tuple[Path, str]:
    """Write and build the synthetic catalogue; returns the project folder and the code to query."""
    project = work / f"catalogue-{n}"
    say(f"N={n}: writing the synthetic catalogue to {project}")
    make_catalogue(ROOT, project, n)
    say(f"N={n}: catalogue build")
    started = time.perf_counter()
    run_checked(
        [str(Path(sys.prefix) / "bin" / "catalogue"), "build", "--no-pdf", "--project", str(project)], log, "build"
    )
    say(f"N={n}: built in {time.perf_counter() - started:.1f} s")
    return project, representative_code(ROOT)


def build_material(project: Path, log: Path) -> Path:
    """The same docs tree rendered by MkDocs with Material's search plugin on; returns the site."""
    say("material: mkdocs build with plugins: [search]")
    floor_config = freeze_docs(project)  # mkdocs.yml plus what our build adds (the site's texts)
    settings = json.loads(floor_config.read_text(encoding="utf-8"))
    settings["plugins"] = ["search"]
    config = project / "mkdocs.material.yml"
    config.write_text(json.dumps(settings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    site = project / "material-site"
    shutil.rmtree(site, ignore_errors=True)
    mkdocs = str(Path(sys.prefix) / "bin" / "mkdocs")
    run_checked([mkdocs, "build", "-q", "-f", str(config), "-d", str(site)], log, "mkdocs build with search")
    return site


def fold(text: str) -> str:
    """Lowercase, NFD, no combining marks, đ → d: the generator's own folding."""
    return fold_diacritics(text)


FOLDED_INDEX = "search_index.folded.json"


def write_folded_index(site: Path) -> Path:
    """A copy of Material's index where each title and text is followed by its folded form."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for key in ("title", "text"):
            if doc.get(key):
                doc[key] = f"{doc[key]} {fold(doc[key])}"
    path = site / "search" / FOLDED_INDEX
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return path


ARTICLE = '<article class="md-content__inner md-typeset">'
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+")
_H1 = re.compile(r"<h1[^>]*>.*?</h1>", re.DOTALL)


def d_words(fragment: str) -> str:
    """The words of an HTML fragment that contain đ, each spelt with d (in order, repeats kept)."""
    text = html.unescape(_TAG.sub(" ", fragment))
    found = [w for w in _WORD.findall(text) if "đ" in w.lower()]
    return " ".join(w.replace("đ", "d").replace("Đ", "D") for w in found)


def _hidden(words: str, weight: int | None = None) -> str:
    if not words:
        return ""
    attribute = f' data-pagefind-weight="{weight}"' if weight else ""
    return f"<div hidden{attribute}>{words}</div>"


def mark_for_pagefind(page: Path) -> None:
    """Index the page's article only, plus a hidden copy of its đ-words spelt with d.

    The title's words get Pagefind's weight of an h1 (7), the others the default.
    """
    text = page.read_text(encoding="utf-8")
    start = text.find(ARTICLE)
    end = text.find("</article>", start)
    if start < 0 or end < 0:
        raise SystemExit(f"bench: no {ARTICLE} in {page}")
    article = text[start + len(ARTICLE) : end]
    heading = _H1.search(article)
    title = heading.group(0) if heading else ""
    extra = _hidden(d_words(title), weight=7) + _hidden(d_words(_H1.sub(" ", article, count=1)))
    marked = ARTICLE.replace("<article ", "<article data-pagefind-body ")
    page.write_text(text[:start] + marked + article + extra + text[end:], encoding="utf-8")


def build_pagefind(site: Path, target: Path, log: Path) -> Path:
    """A copy of *site* with Pagefind's index of the procedure pages; returns the copy."""
    say("pagefind: copying the site and adding the folded words")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(site, target)
    pages = sorted((target / "thu-tuc").glob("*/index.html"))
    for page in pages:
        mark_for_pagefind(page)
    say(f"pagefind: indexing {len(pages)} procedure pages")
    run_checked([sys.executable, "-m", "pagefind_bin", "--site", str(target)], log, "pagefind")
    return target


# --- the search pages --------------------------------------------------------------------

SEARCH_SCRIPT = '<script src="../assets/javascripts/search.js" defer></script>'

HARNESS_COMMON = """
  var results = document.getElementById("tt-results");
  var status = document.getElementById("tt-search-status");
  var input = document.getElementById("tt-search-q");
  var pending = 0, timer = null;
  function render(count, items) {
    results.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li"), a = document.createElement("a");
      li.className = "tt-card";
      a.className = "tt-card__title";
      a.href = item[1];
      a.textContent = item[0];
      li.appendChild(a);
      results.appendChild(li);
    });
    status.textContent = count ? results.dataset.count.replace("{n}", count) : results.dataset.none;
  }
  function run(query) {
    var mine = ++pending;
    status.textContent = results.dataset.loading;
    search(query).then(function (found) { if (mine === pending) render(found[0], found[1]); },
                       function (error) { status.textContent = results.dataset.error; console.error(error); });
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE);
  });
  var initial = new URL(location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); }
"""

PAGEFIND_HARNESS = """<script type="module">
  const DEBOUNCE = %(debounce)d, SHOWN = %(shown)d;
  let pagefind = null;
  /* Pagefind ignores diacritics but keeps đ: the pages carry their đ-words spelt with d. */
  async function search(query) {
    pagefind = pagefind || await import("../pagefind/pagefind.js");
    const found = await pagefind.search(query.replace(/đ/g, "d").replace(/Đ/g, "D"));
    const data = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()));
    return [found.results.length, data.map((page) => [page.meta.title, page.url])];
  }
  %(common)s
</script>"""

MATERIAL_HARNESS = """<script>document.addEventListener("DOMContentLoaded", function () {
  /* Runs where search.js ran (deferred): after the page's __config script. */
  var DEBOUNCE = %(debounce)d, SHOWN = %(shown)d;
  /* What Material's bundle does: fetch the index, hand it to the search worker (SETUP=0,
     READY=1), then post each query (QUERY=2) and read the result (RESULT=3). */
  var config = JSON.parse(document.getElementById("__config").textContent);
  var worker = new Worker(new URL(config.search, location.href));
  function reply(type) {
    return new Promise(function (resolve) {
      worker.addEventListener("message", function listener(event) {
        if (event.data.type !== type) return;
        worker.removeEventListener("message", listener);
        resolve(event.data.data);
      });
    });
  }
  var ready = fetch("../search/%(index)s").then(function (response) { return response.json(); })
    .then(function (index) {
      var answer = reply(1);
      worker.postMessage({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
      return answer;
    });
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/đ/g, "d");
  }
  function search(query) {
    return ready.then(function () {
      var answer = reply(3);
      worker.postMessage({ type: 2, data: fold(query) });
      return answer;
    }).then(function (result) {
      var items = result.items.slice(0, SHOWN).map(function (group) { return [group[0].title, group[0].location]; });
      return [result.items.length, items];
    });
  }
  %(common)s
});</script>"""


def install_harness(site: Path, script: str) -> None:
    """Replace search.js on the search page of *site* with *script* (the page is otherwise the same)."""
    page = site / "tim-kiem" / "index.html"
    text = page.read_text(encoding="utf-8")
    if SEARCH_SCRIPT not in text:
        raise SystemExit(f"bench: {SEARCH_SCRIPT} not found in {page}; edit the script")
    page.write_text(text.replace(SEARCH_SCRIPT, script), encoding="utf-8")


def harness(template: str, **values: object) -> str:
    return template % {"debounce": DEBOUNCE_MS, "shown": SHOWN, "common": HARNESS_COMMON, **values}


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
    done.push({ t: performance.now(), status: last, inputAt: window.__benchInputAt,
                shown: results.querySelectorAll("li").length });
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();"""


# --- measuring in the browser ------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str
    site: Path
    is_search: Callable[[str], bool] = field(repr=False)
    """Whether a path under the site belongs to the search (the rest is the page itself)."""
    cold_runs: int | None = None
    """How many queries to try as the first one (None: all)."""


def _ours(path: str) -> bool:
    return path == "assets/javascripts/search.js" or path.startswith("search/")


def _pagefind(path: str) -> bool:
    return path.startswith("pagefind/")


def _material(path: str) -> bool:
    return path.startswith(("search/", "assets/javascripts/workers/", "assets/javascripts/lunr/"))


@dataclass(frozen=True)
class Transfer:
    path: str
    status: int
    bytes: int
    search: bool


KINDS = (
    ("fonts", (".woff2", ".woff", ".ttf", ".otf")),
    ("css", (".css",)),
    ("scripts", (".js", ".mjs")),
    ("images", (".svg", ".png", ".jpg", ".webp", ".ico")),
)


def kind(transfer: Transfer) -> str:
    if transfer.search:
        return "search"
    suffix = Path(transfer.path).suffix.lower()
    return next((name for name, suffixes in KINDS if suffix in suffixes), "html and other")


@dataclass
class QueryRun:
    query: str
    found: int
    shown: int
    status: str
    ms: float
    """First query: from navigation start to the results on screen. Further ones: from
    the keystroke to the results, less the 200 ms debounce."""
    transfers: list[Transfer]

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.transfers)

    @property
    def search_bytes(self) -> int:
        return sum(t.bytes for t in self.transfers if t.search)

    def by_kind(self) -> dict[str, int]:
        kinds: dict[str, int] = {}
        for transfer in self.transfers:
            kinds[kind(transfer)] = kinds.get(kind(transfer), 0) + transfer.bytes
        return dict(sorted(kinds.items(), key=lambda item: -item[1]))


@dataclass(frozen=True)
class Loaded:
    """One entry of the page's Resource Timing: milliseconds from navigation start."""

    path: str
    start_ms: float
    end_ms: float
    encoded_bytes: int
    """The body as it came over the wire (0 for a response from the cache)."""


TIMELINE = """() => [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")]
  .map((e) => [e.name, e.startTime, e.responseEnd, e.encodedBodySize])"""


def timeline(page: Page, base: str) -> list[Loaded]:
    entries: list[list[Any]] = page.evaluate(TIMELINE)
    return [
        Loaded(url[len(base) :] if url.startswith(base) else url, float(start), float(end), int(size))
        for url, start, end, size in entries
    ]


@dataclass
class Session:
    candidate: str
    throttle: str | None
    queries: list[QueryRun]
    foreign: list[str]
    """Requests to other hosts (there should be none)."""
    timeline: list[Loaded] = field(default_factory=list)
    """The page's own requests up to the first result (workers' requests are not in it)."""


class Recorder:
    """Every response of a page, with the bytes a gzip server sends for it; a path is counted once."""

    def __init__(self, base: str, candidate: Candidate) -> None:
        self.base = base
        self.candidate = candidate
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
        file = self.candidate.site / path
        if not path or path.endswith("/"):
            file = file / "index.html"
        ok = response.status == HTTPStatus.OK and file.is_file()
        size = served_size(file) if ok else 0
        self.transfers.append(Transfer(path, response.status, size, self.candidate.is_search(path)))


_COUNT = re.compile(r"\d+")


def _query_run(query: str, done: dict[str, Any], transfers: list[Transfer], ms: float) -> QueryRun:
    status = str(done["status"])
    number = _COUNT.search(status)
    if number is None and not status.startswith("Không tìm thấy"):
        raise SystemExit(f"bench: the search for {query!r} ended with {status!r}")
    return QueryRun(query, int(number.group(0)) if number else 0, int(done["shown"]), status, ms, transfers)


def _wait_done(page: Page, count: int) -> dict[str, Any]:
    page.wait_for_function("n => window.__benchDone.length >= n", arg=count, timeout=RESULT_TIMEOUT_MS)
    entry: dict[str, Any] = page.evaluate("n => window.__benchDone[n - 1]", count)
    return entry


def run_session(
    browser: Browser, base: str, candidate: Candidate, queries: Sequence[str], throttle: Throttle | None
) -> Session:
    """Open the search page with the first query (cold cache), then type the others into its box."""
    # The site's policy forbids evaluating strings, which wait_for_function does; this measures bytes, not policy.
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    try:
        page = context.new_page()
        page.add_init_script(OBSERVER)
        recorder = Recorder(base, candidate)
        page.on("response", recorder.on_response)
        if throttle is not None:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", throttle.conditions())
        page.goto(f"{base}tim-kiem/?q={quote_plus(queries[0])}")
        done = _wait_done(page, 1)
        loaded = timeline(page, base)
        page.wait_for_load_state("networkidle")  # fonts and late requests count for the first query
        runs = [_query_run(queries[0], done, list(recorder.transfers), float(done["t"]))]
        for number, query in enumerate(queries[1:], start=2):
            mark = len(recorder.transfers)
            page.fill("#tt-search-q", query)
            done = _wait_done(page, number)
            ms = float(done["t"]) - float(done["inputAt"]) - DEBOUNCE_MS
            runs.append(_query_run(query, done, recorder.transfers[mark:], ms))
        return Session(candidate.key, throttle.name if throttle else None, runs, recorder.foreign, loaded)
    finally:
        context.close()


@dataclass
class Measured:
    session: Session
    """The first query with a cold cache, then each further one typed into the same page."""
    cold: list[QueryRun]
    """Each query as the first one, cold cache, loopback."""
    throttled: list[QueryRun]
    """The first few queries as the first one, cold cache, throttled."""
    throttled_session: Session | None = None
    """All the queries in one page, throttled (further-query latency on a slow link)."""


def measure(
    browser: Browser,
    *,
    server: Callable[[Path], AbstractContextManager[str]],
    candidate: Candidate,
    queries: Sequence[str],
    throttled_queries: int,
    throttle: Throttle | None,
) -> Measured:
    with server(candidate.site) as base:
        say(f"{candidate.key}: one page, {len(queries)} queries")
        session = run_session(browser, base, candidate, queries, None)
        say(f"{candidate.key}: each query with a cold cache")
        cold = [run_session(browser, base, candidate, [q], None).queries[0] for q in queries[: candidate.cold_runs]]
        throttled: list[QueryRun] = []
        throttled_session = None
        if throttle is not None and throttled_queries > 0:
            say(f"{candidate.key}: throttled to {throttle.name}")
            throttled_session = run_session(browser, base, candidate, queries, throttle)
            throttled = [throttled_session.queries[0]]
            for query in queries[1:throttled_queries]:
                throttled.append(run_session(browser, base, candidate, [query], throttle).queries[0])
    return Measured(session, cold, throttled, throttled_session)


# --- index sizes -----------------------------------------------------------------------


@dataclass(frozen=True)
class FileSize:
    path: str
    raw: int
    gzip: int
    served: int


def file_size(path: Path, root: Path) -> FileSize:
    return FileSize(path.relative_to(root).as_posix(), path.stat().st_size, gzip_size(path), served_size(path))


@dataclass(frozen=True)
class IndexSize:
    files: int
    raw: int
    gzip: int
    """Every file gzipped (level 6), compressed ones included."""
    served: int
    """What a gzip server sends for every file: text gzipped, compressed files as they are."""
    notable: dict[str, FileSize]


def group_size(paths: Sequence[Path], label: str) -> FileSize:
    return FileSize(
        f"{len(paths)} {label}",
        sum(p.stat().st_size for p in paths),
        sum(gzip_size(p) for p in paths),
        sum(served_size(p) for p in paths),
    )


def index_size(paths: Sequence[Path], root: Path, notable: dict[str, Path | FileSize]) -> IndexSize:
    total = group_size(paths, "files")
    sizes = {name: item if isinstance(item, FileSize) else file_size(item, root) for name, item in notable.items()}
    return IndexSize(len(paths), total.raw, total.gzip, total.served, sizes)


def _one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        raise SystemExit(f"bench: no {pattern} in {folder}")
    return found[0]


def our_index(site: Path) -> IndexSize:
    folder = site / "search"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    shards = [folder / name for name in manifest["shards"].values()]
    notable: dict[str, Path | FileSize] = {
        "manifest": folder / "manifest.json",
        "docs": folder / manifest["docs"],
        "shards": group_size(shards, "files"),
        "largest shard (raw)": max(shards, key=lambda p: p.stat().st_size),
        "largest shard (gzip)": max(shards, key=gzip_size),
        "search.js": site / "assets" / "javascripts" / "search.js",
    }
    return index_size(list(_files(folder)), site, notable)


def material_index(site: Path) -> IndexSize:
    """Material's index with folded text, as the browser loads it.

    Material's search/ also holds our index files (they are in the docs tree); they are not counted.
    """
    javascripts = site / "assets" / "javascripts"
    index = site / "search" / FOLDED_INDEX
    notable: dict[str, Path | FileSize] = {
        "search_index.json as Material writes it": site / "search" / "search_index.json",
        "search_index.json with folded text": index,
        "search worker": _one(javascripts / "workers", "search.*.min.js"),
        "lunr.stemmer.support": javascripts / "lunr" / "min" / "lunr.stemmer.support.min.js",
        "lunr.vi": javascripts / "lunr" / "min" / "lunr.vi.min.js",
    }
    return index_size([index], site, notable)


def pagefind_index(site: Path) -> IndexSize:
    folder = site / "pagefind"
    chunks = sorted((folder / "index").glob("*.pf_index"))
    fragments = sorted((folder / "fragment").glob("*.pf_fragment"))
    if not chunks or not fragments:
        raise SystemExit(f"bench: Pagefind wrote no index in {folder}")
    notable: dict[str, Path | FileSize] = {
        "pagefind.js": folder / "pagefind.js",
        "pagefind-worker.js": folder / "pagefind-worker.js",
        "wasm": _one(folder, "wasm.*.pagefind"),
        "pf_meta": _one(folder, "*.pf_meta"),
        "index chunks": group_size(chunks, "files"),
        "largest index chunk": max(chunks, key=lambda p: p.stat().st_size),
        "fragments (one per page)": group_size(fragments, "files"),
        "largest fragment": max(fragments, key=lambda p: p.stat().st_size),
    }
    return index_size(list(_files(folder)), site, notable)


# --- summary and report -----------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    candidate: str
    name: str
    index_served: int
    first_bytes: int
    """The session's first query: everything the page loaded."""
    first_search_bytes: int
    first_by_kind: dict[str, int]
    max_cold_bytes: int
    """The largest first query over every query tried as the first one."""
    max_cold_search_bytes: int
    further_bytes: list[int]
    max_further_bytes: int
    first_result_ms: float
    """Median over the cold runs, loopback."""
    further_ms: float
    """Median latency of the further queries (after the debounce), loopback."""
    throttled_first_result_ms: float | None
    throttled_further_ms: float | None
    misses: list[str]
    """Queries that found nothing."""

    @property
    def first_ok(self) -> bool:
        return self.max_cold_bytes < MAX_FIRST_QUERY_BYTES

    @property
    def further_ok(self) -> bool:
        return self.max_further_bytes < MAX_FURTHER_QUERY_BYTES


def summarize(candidate: Candidate, measured: Measured, index: IndexSize) -> Summary:
    first = measured.session.queries[0]
    further = measured.session.queries[1:]
    cold = measured.cold
    throttled_further = measured.throttled_session.queries[1:] if measured.throttled_session else []
    return Summary(
        candidate=candidate.key,
        name=candidate.name,
        index_served=index.served,
        first_bytes=first.bytes,
        first_search_bytes=first.search_bytes,
        first_by_kind=first.by_kind(),
        max_cold_bytes=max(q.bytes for q in cold),
        max_cold_search_bytes=max(q.search_bytes for q in cold),
        further_bytes=[q.bytes for q in further],
        max_further_bytes=max((q.bytes for q in further), default=0),
        first_result_ms=statistics.median(q.ms for q in cold),
        further_ms=statistics.median(q.ms for q in further) if further else 0.0,
        throttled_first_result_ms=statistics.median(q.ms for q in measured.throttled) if measured.throttled else None,
        throttled_further_ms=statistics.median(q.ms for q in throttled_further) if throttled_further else None,
        misses=[q.query for q in measured.session.queries if q.found == 0],
    )


def _kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


def _size(size: int) -> str:
    return f"{size / KB / KB:.1f} MB" if size >= KB * KB else _kb(size)


def _ms(ms: float | None) -> str:
    if ms is None:
        return "-"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def comparison_table(summaries: Sequence[Summary], throttle: Throttle | None) -> str:
    slow = throttle.name if throttle else "throttled"
    head = (
        "candidate",
        "index (served)",
        "1st query: all",
        "search part",
        "further: max",
        "1st result",
        f"1st result {slow}",
        f"further {slow}",
    )
    rows = [head]
    for s in summaries:
        rows.append(
            (
                s.name,
                _size(s.index_served),
                _kb(s.max_cold_bytes),
                _kb(s.max_cold_search_bytes),
                _kb(s.max_further_bytes),
                _ms(s.first_result_ms),
                _ms(s.throttled_first_result_ms),
                _ms(s.throttled_further_ms),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def queries_table(measured: Measured) -> str:
    """Per query: results, bytes and time as the first query (cold), then typed after the previous one."""
    header = (
        f"  {'query':20} {'found':>6} {'cold: all':>10} {'search':>9} {'1st result':>10}  {'further':>9} {'time':>7}"
    )
    lines = [header]
    cold = {q.query: q for q in measured.cold}
    for number, run in enumerate(measured.session.queries):
        first = cold.get(run.query)
        first_text = f"{_kb(first.bytes):>10} {_kb(first.search_bytes):>9} {_ms(first.ms):>10}" if first else " " * 31
        further_text = f"{_kb(run.bytes):>9} {_ms(run.ms):>7}" if number else f"{'(first)':>9}"
        lines.append(f"  {run.query:20} {run.found:>6} {first_text}  {further_text}")
    return "\n".join(lines)


def kinds_text(summary: Summary) -> str:
    parts = ", ".join(f"{name} {_kb(size)}" for name, size in summary.first_by_kind.items())
    return f"  first query ({_kb(summary.first_bytes)}): {parts}"


def timeline_text(session: Session) -> str:
    """When each request of the page started and ended, up to the first result."""
    lines = [
        f"  timeline of the first query, loopback (ms from navigation start; result at {session.queries[0].ms:.0f}):"
    ]
    for entry in sorted(session.timeline, key=lambda e: e.start_ms):
        lines.append(f"    {entry.start_ms:7.0f} {entry.end_ms:7.0f}  {_kb(entry.encoded_bytes):>9}  {entry.path}")
    return "\n".join(lines)


def index_text(name: str, index: IndexSize) -> str:
    lines = [
        f"{name}: {index.files} files, {_size(index.raw)} raw, {_size(index.gzip)} gzipped, "
        f"{_size(index.served)} as served"
    ]
    for label, size in index.notable.items():
        lines.append(
            f"  {label:36} {_size(size.raw):>9} raw {_size(size.gzip):>9} gzip {_size(size.served):>9} served"
            f"  {size.path}"
        )
    return "\n".join(lines)


def targets_text(ours: Summary) -> str:
    def line(ok: bool, name: str, measured: int, limit: int) -> str:
        return f"  {'PASS' if ok else 'FAIL'}  {name:52} {_kb(measured):>9}  (target < {limit // KB} KB)"

    page = ours.max_cold_bytes - ours.max_cold_search_bytes
    fonts = ours.first_by_kind.get("fonts", 0)
    return "\n".join(
        [
            "Targets for our search:",
            line(ours.first_ok, "first query, all requests (largest of the cold runs)", ours.max_cold_bytes, 150 * KB),
            line(ours.further_ok, "each further query (largest)", ours.max_further_bytes, 50 * KB),
            f"  of that first query, the search's own files: {_kb(ours.max_cold_search_bytes)};"
            f" the page itself: {_kb(page)} (fonts {_kb(fonts)})",
        ]
    )


# --- command line ------------------------------------------------------------------------------

CANDIDATES = ("ours", "pagefind", "material")


def _candidates(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(chosen) - set(CANDIDATES))
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose among {', '.join(CANDIDATES)}; got {text!r}")
    return [c for c in CANDIDATES if c in chosen]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the site search on a synthetic catalogue.")
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, metavar="N", help="procedures (default: %(default)s)")
    parser.add_argument(
        "--candidates",
        type=_candidates,
        default=list(CANDIDATES),
        metavar="LIST",
        help="comma-separated, among ours, pagefind, material (default: all)",
    )
    parser.add_argument(
        "--throttled",
        type=int,
        default=3,
        metavar="K",
        help="time the first K queries cold on a throttled link as well (default: %(default)s; 0: none)",
    )
    parser.add_argument(
        "--plain-server",
        action="store_true",
        help="serve without gzip (tests/browser.py's serve): throttled times then carry uncompressed bytes",
    )
    parser.add_argument("--workdir", type=Path, metavar="DIR", help="build here and keep it (default: a temp folder)")
    parser.add_argument("--out", type=Path, default=OUT, metavar="FILE", help="JSON results (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.size < 26:
        parser.error("--size must be at least 26 (every sample record is copied once)")
    if args.throttled < 0:
        parser.error("--throttled must be 0 or more")
    if "pagefind" in args.candidates and importlib.util.find_spec("pagefind_bin") is None:
        parser.error("Pagefind is not installed: .venv/bin/pip install pagefind-bin (or leave it out: --candidates)")
    return args


def prepare(key: str, project: Path, work: Path, log: Path) -> tuple[Candidate, IndexSize]:
    site = project / "site"
    if key == "ours":
        return Candidate("ours", "ours (generator/search.py)", site, _ours), our_index(site)
    if key == "pagefind":
        copy = build_pagefind(site, work / "pagefind-site", log)
        install_harness(copy, harness(PAGEFIND_HARNESS))
        return Candidate("pagefind", "Pagefind + đ folding", copy, _pagefind), pagefind_index(copy)
    material = build_material(project, log)
    write_folded_index(material)
    install_harness(material, harness(MATERIAL_HARNESS, index=FOLDED_INDEX))
    # It loads the whole index whatever the query, and each cold run takes long: three are enough.
    candidate = Candidate("material", "Material search + folded text", material, _material, cold_runs=3)
    return candidate, material_index(material)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    if load_before[0] > 0.5:
        say(f"note: load average is {load_before[0]:.2f}; other work on this machine will slow the timings")
    throttle = THROTTLE_3G if args.throttled else None
    server: Callable[[Path], AbstractContextManager[str]] = serve if args.plain_server else serve_gzip
    results: dict[str, Any] = {}
    summaries: list[Summary] = []
    details: list[str] = []
    with work_folder(args.workdir, prefix="catalogue-bench-search-") as work:
        log = work / "log.txt"
        project, code = build_catalogue(work, args.size, log)
        queries = [code if q == CODE_QUERY else q for q in QUERIES]
        prepared = [prepare(key, project, work, log) for key in args.candidates]
        with chromium() as browser:
            for candidate, index in prepared:
                measured = measure(
                    browser,
                    server=server,
                    candidate=candidate,
                    queries=queries,
                    throttled_queries=args.throttled,
                    throttle=throttle,
                )
                summary = summarize(candidate, measured, index)
                summaries.append(summary)
                details += [index_text(candidate.name, index), kinds_text(summary), queries_table(measured)]
                if candidate.key == "ours":
                    details.append(timeline_text(measured.session))
                details.append("")
                results[candidate.key] = {"index": asdict(index), "summary": asdict(summary), **asdict(measured)}
                if measured.session.foreign:
                    say(f"{candidate.key}: warning: requests to other hosts: {measured.session.foreign[:3]}")
    print("\n".join(details))
    print(comparison_table(summaries, throttle))
    print(
        "\n1st query: the largest over each query tried first with a cold cache (page, CSS, fonts, scripts, index);"
        "\nfurther: bytes of the new requests of a query typed after others; times are medians."
    )
    ours = next((s for s in summaries if s.candidate == "ours"), None)
    if ours is not None:
        print()
        print(targets_text(ours))
    load_after = os.getloadavg()
    if max(load_before[0], load_after[0]) > 1.0:
        print(f"\nnote: load average {load_before[0]:.2f} before, {load_after[0]:.2f} after: the timings are inflated")
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": args.size,
        "queries": queries,
        "server": "plain" if args.plain_server else "gzip",
        "throttle": asdict(throttle) if throttle else None,
        "python": platform.python_version(),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "kb": KB,
        "targets": {"first_query_bytes": MAX_FIRST_QUERY_BYTES, "further_query_bytes": MAX_FURTHER_QUERY_BYTES},
    }
    document = {"meta": meta, "summaries": [asdict(s) for s in summaries], "candidates": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nFigures written to {args.out}")
    return 1 if ours is not None and not (ours.first_ok and ours.further_ok) else 0


if __name__ == "__main__":
    sys.exit(main())
