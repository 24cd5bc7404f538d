"""Nothing moves while a page loads on a phone: cumulative layout shift at most 0.02 on every kind of page.

Layout shift is a property of the page, not of the machine: what a script will hide is hidden from
the first paint, the place of what a script will show is kept, and no font is swapped in after the
text was drawn. Each page is opened as a first visit (empty cache, no service worker) on a
390 × 800 phone, with its shifts collected by a ``PerformanceObserver`` (type ``layout-shift``,
buffered; ``scripts/layout_shift.py``), twice: served as it is, and with every script and font held
back by the server (:data:`LATE` seconds), so whatever they change happens after the first paint on
any machine, fast or busy. Nothing here is timed: the held-back files make the order of events
certain, and the page is read once it has settled.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from ..browser import GzipHandler, serve
from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from layout_shift import late_handler, layout_shift, phone, settled

MOST = 0.02
"""The most a page may move while it loads (Core Web Vitals call up to 0.1 good)."""
LATE = 1.0
"""Seconds the server holds back each script and font in the "late" runs."""
PAGES = {
    "home": "",
    "procedure": "thu-tuc/dang-ky-thuong-tru/",
    "procedure with cases": "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/",
    "search results": "tim-kiem/?q=ho+chieu",
    "search, few results": "tim-kiem/?q=giay+phep",
    "search, nothing found": "tim-kiem/?q=xyzzy",
    "search, some words found": "tim-kiem/?q=dang+ky+tam+tru+xyzzy",
    "search, empty": "tim-kiem/",
    "form": "bieu-mau/CT01/",
    "form fill": "bieu-mau/CT01/dien-truc-tuyen/",
    "fields": "linh-vuc/",
    "field": "linh-vuc/dang-ky-quan-ly-cu-tru/",
    "a-z": "a-z/",
}


@pytest.fixture(scope="module", params=["as served", "scripts and fonts late"])
def served(request: pytest.FixtureRequest, sample_site: Path) -> Iterator[str]:
    handler = late_handler(LATE) if request.param != "as served" else GzipHandler
    with serve(sample_site, handler) as url:
        yield url


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_does_not_move_while_it_loads(browser: Browser, served: str, kind: str) -> None:
    with phone(browser) as page:
        found = layout_shift(page, PAGES[kind], served)
    assert found.cls <= MOST, found.report()


@pytest.mark.parametrize("query", ["ho chieu", "xyzzy"])
def test_typed_search_results_arriving_late_move_nothing(browser: Browser, sample_site: Path, query: str) -> None:
    """Results that come after the reader stopped typing (more than half a second after a key, when
    a shift counts again) take the place kept for them: the index is held back to make them late."""
    with serve(sample_site, late_handler(LATE, (".json",))) as url, phone(browser) as page:
        layout_shift(page, "tim-kiem/", url)
        page.locator("#tt-search-q").press_sequentially(query)
        status = page.locator("#tt-search-status")
        page.wait_for_function(
            "s => s.textContent && s.textContent !== document.getElementById('tt-results').dataset.loading",
            arg=status.element_handle(),
            timeout=120_000,
        )
        page.wait_for_load_state("networkidle", timeout=120_000)
        found = settled(page, f"typed {query!r}")
    assert found.cls <= MOST, found.report()
