"""The site without a connection, in Chromium: the service worker the build writes (generator/web/offline.py).

The network is cut the way a phone loses it: the web server stops (every request
is refused) and the browser is told it is offline.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.build import build

from ..browser import serve
from ..conftest import MakeProject

PROCEDURE = "thu-tuc/dang-ky-thuong-tru/"
SAVED = "thu-tuc/dang-ky-tam-tru/"
SAVED_GUIDE = "thu-tuc/dang-ky-tam-tru/huong-dan-dang-ky-tam-tru.pdf"
UNVISITED = "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/"
WAIT_MS = 20_000

CACHES = "() => caches.keys()"
CACHED = "([name, url]) => caches.open(name).then(c => c.match(url)).then(Boolean)"
CACHE_NAMES = "(wanted) => caches.keys().then(k => JSON.stringify(k.sort()) === JSON.stringify(wanted))"
FETCH = """async (url) => {
  const r = await fetch(url);
  const body = new Uint8Array(await r.arrayBuffer());
  return [r.status, r.headers.get('content-type'), String.fromCharCode(...body.slice(0, 5)), body.length];
}"""


def _ready(page: Page) -> str:
    """Wait until the service worker controls *page*; its build."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=WAIT_MS)
    build_id: str = page.locator('meta[name="tt-build"]').get_attribute("content") or ""
    assert build_id
    return build_id


def _until(page: Page, script: str, arg: object) -> None:
    """Wait until the promise *script* returns (given *arg*) resolves to true; Playwright's
    wait_for_function would take the promise itself as true."""
    for _ in range(WAIT_MS // 250):
        if page.evaluate(script, arg):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"still false after {WAIT_MS} ms: {script} {arg}")


def _wait_cached(page: Page, cache: str, url: str) -> None:
    _until(page, CACHED, [cache, url])


def _save(page: Page) -> None:
    box = page.locator("[data-tt-offline-save]")
    expect(box).to_be_visible()
    box.get_by_role("button", name="Lưu để xem khi không có mạng").click()
    expect(box.get_by_role("status")).to_contain_text("Đã lưu", timeout=WAIT_MS)
    expect(box.get_by_role("button", name="Bỏ lưu")).to_be_focused()


def _styled(page: Page) -> None:
    """The page has its stylesheets: Material's header colours and the site's font."""
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header not in ("", "rgba(0, 0, 0, 0)", "transparent")
    assert "Be Vietnam Pro" in page.evaluate("getComputedStyle(document.body).fontFamily")


def _cut(context: BrowserContext) -> None:
    context.set_offline(True)


def test_visited_saved_and_unvisited_pages_without_a_connection(browser: Browser, sample_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        with serve(sample_site) as base:
            page.goto(base)
            page.goto(base + PROCEDURE)
            build_id = _ready(page)
            cache = f"tt-offline-{build_id}"
            _wait_cached(page, cache, base + PROCEDURE)
            page.goto(base + SAVED)
            _save(page)
            _wait_cached(page, cache + "-saved", base + SAVED_GUIDE)
        _cut(context)  # the server has stopped: nothing answers any more

        # A visited procedure, reloaded.
        page.goto(base + PROCEDURE)
        expect(page.locator("h1")).to_have_text("Đăng ký thường trú")
        _styled(page)

        # Search: the index was saved when the worker installed.
        page.goto(base + "tim-kiem/?q=ho+chieu")
        expect(page.locator("#tt-results a").first).to_contain_text("hộ chiếu", timeout=WAIT_MS)
        page.locator("#tt-search-q").fill("tam tru")
        expect(page.locator("#tt-results")).to_contain_text("Đăng ký tạm trú", timeout=WAIT_MS)

        # A page never opened: the site's offline page, at the address asked for, listing the saved procedure.
        page.goto(base + UNVISITED)
        assert page.url == base + UNVISITED
        expect(page.locator("h1")).to_have_text("Xem khi không có mạng")
        expect(page.locator("[data-tt-offline-now]")).to_be_visible()
        _styled(page)
        saved = page.locator("[data-tt-offline-list] li")
        expect(saved).to_have_count(1)
        expect(saved).to_contain_text("Đăng ký tạm trú")
        guide = saved.get_by_role("link", name="Hướng dẫn in (PDF)")
        assert guide.get_attribute("href") == base + SAVED_GUIDE

        # The saved procedure's guide and form, never opened before.
        status, kind, start, size = page.evaluate(FETCH, base + SAVED_GUIDE)
        assert (status, kind, start) == (200, "application/pdf", "%PDF-") and size > 10_000
        saved.get_by_role("link", name="Đăng ký tạm trú").click()
        expect(page.locator("h1")).to_have_text("Đăng ký tạm trú")
        page.get_by_role("link", name="Mẫu CT01").first.click()
        expect(page.locator("h1")).to_have_text("Tờ khai thay đổi thông tin cư trú")
        _styled(page)

        # The home page and an index, saved at install; their links lead to saved pages.
        page.goto(base)
        expect(page.locator("h1")).to_be_visible()
        page.goto(base + "linh-vuc/")
        expect(page.locator("h1")).to_have_text("Tất cả lĩnh vực")
    finally:
        context.close()


def test_the_saved_list_removes_a_procedure(browser: Browser, sample_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(sample_site) as base:
            page.goto(base + SAVED)
            _ready(page)
            _save(page)
            page.goto(base + "khong-co-mang/")
            saved = page.locator("[data-tt-offline-list] li")
            expect(saved).to_have_count(1)
            saved.get_by_role("button", name="Bỏ lưu thủ tục Đăng ký tạm trú").click()
            expect(page.locator(".tt-offline-saved").get_by_role("status")).to_have_text(
                "Đã bỏ lưu thủ tục Đăng ký tạm trú."
            )
            expect(saved).to_have_count(0)
            expect(page.locator("[data-tt-offline-empty]")).to_be_visible()
            page.goto(base + SAVED)
            expect(page.get_by_role("button", name="Lưu để xem khi không có mạng")).to_be_visible()
    finally:
        context.close()


def test_a_new_build_replaces_the_cache(browser: Browser, make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    site = tmp_path / "site"
    build(project, site_dir=site)
    context = browser.new_context()
    page = context.new_page()
    record = project / "procedures/dang-ky-tam-tru.yaml"
    try:
        with serve(site) as base:
            page.goto(base + "thu-tuc/dang-ky-tam-tru/")
            old = _ready(page)
            _save(page)
            assert sorted(page.evaluate(CACHES)) == [f"tt-offline-{old}", f"tt-offline-{old}-saved"]

            record.write_text(
                record.read_text(encoding="utf-8").replace(
                    "title: Đăng ký tạm trú", "title: Đăng ký tạm trú (sửa đổi)"
                ),
                encoding="utf-8",
            )
            build(project, site_dir=site)
            new = (site / "index.html").read_text(encoding="utf-8").split('name="tt-build" content="')[1][:16]
            assert new != old

            page.goto(base)  # a visit checks for a new worker; it installs beside the old one, then replaces it
            wanted = sorted([f"tt-offline-{new}", f"tt-offline-{new}-saved"])
            _until(page, CACHE_NAMES, wanted)
        _cut(context)

        # Offline, the saved procedure is the new build's, with the new build's stylesheet.
        page.goto(base + "thu-tuc/dang-ky-tam-tru/")
        expect(page.locator("h1")).to_have_text("Đăng ký tạm trú (sửa đổi)")
        assert page.locator('meta[name="tt-build"]').get_attribute("content") == new
        _styled(page)
    finally:
        context.close()
