"""A full build lets each page go once it is written: the docs tree's memory does not grow with the catalogue.

Issue 29: the build's peak memory doubled without anyone noticing, because every
page was kept (in the docs tree and in the page memo) until the last one was
written. Here the docs tree of N and of 2N synthetic procedures is made and
"written" one file at a time, as a full build does, and tracemalloc counts what
is still allocated when the last procedure page has been written: the extra N
pages must leave (next to) nothing behind. A memo that keeps pages (the
preview's) is measured the same way, to show the measure sees a page kept.
"""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections.abc import Iterable
from datetime import date

from generator import urls
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.texts import Texts
from generator.render import Content
from generator.web.pages import PageMemo, docs_files

from ..conftest import ROOT

TODAY = date(2026, 11, 30)
N = 30


def _synthetic(catalogue: Catalogue, copies: int) -> Catalogue:
    """The sample catalogue plus *copies* procedures, each a sample with its own code, title and address."""
    samples = catalogue.procedures
    extra = tuple(
        samples[i % len(samples)].model_copy(
            update={
                "code": f"9.{i:06d}",
                "title": f"{samples[i % len(samples)].title} – trường hợp số {i}",
                "slug": f"{samples[i % len(samples)].slug}-{i}",
            }
        )
        for i in range(copies)
    )
    return dataclasses.replace(catalogue, procedures=samples + extra)


def _kept_after_procedure_pages(files: Iterable[tuple[str, Content]]) -> tuple[int, int]:
    """Bytes still allocated when the last procedure page has been written, over those when the first had been;
    and the bytes of the procedure pages in between."""
    first = last = weight = 0
    procedure_pages = 0
    for path, content in files:
        if path.startswith(urls.PROCEDURES) and path.endswith("index.md"):
            assert isinstance(content, str)
            procedure_pages += 1
            if procedure_pages == 1:
                first = tracemalloc.get_traced_memory()[0]
            else:
                weight += len(content.encode("utf-8"))
            last = tracemalloc.get_traced_memory()[0]
        del content  # written: the build holds nothing of it
    return last - first, weight


def _measure(catalogue: Catalogue, texts: Texts, copies: int, memo: PageMemo | None) -> tuple[int, int]:
    synthetic = _synthetic(catalogue, copies)
    tracemalloc.start()
    try:
        return _kept_after_procedure_pages(docs_files(synthetic, texts, {}, [], memo))
    finally:
        tracemalloc.stop()


def test_no_procedure_page_outlives_its_turn_at_n_and_2n() -> None:
    catalogue = load_catalogue(ROOT, TODAY)
    texts = load_texts(ROOT / "templates")
    # Templates compiled, and the bounded caches (texts rendered, slugs) filled for every procedure measured below,
    # so that what is left is what the docs tree itself keeps.
    _measure(catalogue, texts, 2 * N, None)

    kept_n, weight_n = _measure(catalogue, texts, N, None)
    kept_2n, weight_2n = _measure(catalogue, texts, 2 * N, None)
    extra_pages = weight_2n - weight_n
    assert extra_pages > N * 10_000  # the N extra procedure pages weigh something worth measuring
    # Kept pages would leave their whole weight behind (twice: memo and tree, before issue 29); what is left is
    # the allocator's noise and the bounded caches' entries for the extra procedures' own texts (up to a quarter
    # of the pages' weight, seen in the whole fast lane).
    assert kept_2n - kept_n < extra_pages / 2, (kept_n, kept_2n, extra_pages)

    # The control: a memo that keeps every page (the preview's) is seen keeping them.
    kept_n, _ = _measure(catalogue, texts, N, PageMemo())
    kept_2n, _ = _measure(catalogue, texts, 2 * N, PageMemo())
    assert kept_2n - kept_n > extra_pages / 2, (kept_n, kept_2n, extra_pages)
