"""Lighthouse on a phone: every accessibility audit passes.

Lighthouse is the npm package that ``./run`` installs at the version
``package-lock.json`` pins (``node_modules/.bin/lighthouse``), driving Debian's
Chromium; the sample site is served gzipped, as a production server would.
Only its accessibility category runs here: its audits are properties of the
page, the same on any machine. Its performance *score* depends on how fast the
machine is (a busy two-core machine scores lower than a quiet desktop), so it
is measured by ``benchmarks/bench_lighthouse.py``; what the score is made of
and does not depend on the machine is tested on its own: layout shift in
``test_layout_shift.py``, bytes, requests and render-blocking resources in
``test_first_view.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..browser import GzipHandler, chromium_path, serve
from ..conftest import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "",
    "procedure": "thu-tuc/dang-ky-thuong-tru/",
    "search": "tim-kiem/?q=ho+chieu",
    "form": "bieu-mau/CT01/dien-truc-tuyen/",
}


@pytest.fixture(scope="module")
def gzip_url(sample_site: Path) -> Iterator[str]:
    with serve(sample_site, GzipHandler) as url:
        yield url


def lighthouse(url: str, *arguments: str) -> dict[str, object]:
    """One Lighthouse run of *url* (mobile, the default) with *arguments*; its report as JSON."""
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: ./run test installs it (npm ci), or run npm ci here")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--quiet",
        "--disable-full-page-screenshot",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        *arguments,
    ]
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    if done.returncode:
        pytest.fail(f"lighthouse failed ({done.returncode}): {done.stderr[-2000:]}")
    report: dict[str, object] = json.loads(done.stdout)
    return report


def failed_audits(report: dict[str, object], category: str) -> list[str]:
    """The audits of *category* that failed, each with the elements it names."""
    categories, audits = report["categories"], report["audits"]
    assert isinstance(categories, dict) and isinstance(audits, dict)
    failed = []
    for ref in categories[category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        if audit.get("score") is not None and audit["score"] < 1:
            items = (audit.get("details") or {}).get("items", [])
            nodes = [item.get("node", {}).get("selector", "") for item in items[:5]]
            failed.append(f"{ref['id']}: {audit.get('title', '')} {nodes}")
    return failed


@pytest.mark.parametrize("kind", PAGES)
def test_lighthouse_accessibility_on_a_phone(gzip_url: str, kind: str) -> None:
    # No throttling: accessibility does not depend on speed, and the run is quicker on a busy machine.
    report = lighthouse(gzip_url + PAGES[kind], "--only-categories=accessibility", "--throttling-method=provided")
    runtime = report.get("runtimeError")
    assert not runtime, runtime  # Lighthouse could not load the page
    assert not failed_audits(report, "accessibility"), failed_audits(report, "accessibility")
    categories = report["categories"]
    assert isinstance(categories, dict)
    assert categories["accessibility"]["score"] == 1.0
