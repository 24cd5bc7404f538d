"""The site without a connection, in Chromium: the service worker the build writes (generator/web/offline.py).

The network is cut the way a phone loses it: the web server stops (every request
is refused) and the browser is told it is offline.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from urllib.parse import quote

from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.build import BuildOptions

from ..browser import GzipHandler, serve
from ..conftest import BASE, Builder, MakeProject, docx_bytes

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
        page.locator("details.tt-docgroup > summary").first.click()  # its cases start closed under the chooser
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


def test_a_new_build_replaces_the_cache(
    browser: Browser, make_project: MakeProject, tmp_path: Path, build_project: Builder
) -> None:
    project = make_project()
    site = tmp_path / "site"
    build_project(project, site_dir=site)
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
            build_project(project, site_dir=site)
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


class _Failing(GzipHandler):
    """Answers 503 for the paths in :attr:`broken` (a file the server or a CDN cannot send today)."""

    broken: ClassVar[set[str]] = set()

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.path in self.broken:
            self.send_error(503)
            return None
        return super().send_head()  # type: ignore[no-untyped-call]


OFFICIAL = "Mẫu CT01 (bản 2).docx"
"""An official file named with spaces, marks and brackets: every link to it must be percent-encoded."""


def test_a_saved_procedure_whose_file_fails_is_dropped_and_the_new_build_installs(
    browser: Browser, make_project: MakeProject, tmp_path: Path, build_project: Builder
) -> None:
    form = (BASE / "forms" / "CT01.yaml").read_text(encoding="utf-8") + f'file: "{OFFICIAL}"\n'
    project = make_project({"forms/CT01.yaml": form, f"forms/{OFFICIAL}": docx_bytes("Tờ khai")})
    site = tmp_path / "site"
    build_project(project, site_dir=site, options=BuildOptions(pdfs=False))
    official = "/bieu-mau/CT01/" + quote(OFFICIAL, safe="()")  # as the page links it, and browsers write it
    broken: set[str] = set()
    handler = type("Failing", (_Failing,), {"broken": broken})
    context = browser.new_context()
    page = context.new_page()
    record = project / "procedures/dang-ky-tam-tru.yaml"
    try:
        with serve(site, handler) as base:
            page.goto(base + SAVED)
            old = _ready(page)
            _save(page)  # fetches the official file by its encoded address, or fails
            _wait_cached(page, f"tt-offline-{old}-saved", base.rstrip("/") + official)

            record.write_text(
                record.read_text(encoding="utf-8").replace(
                    "title: Đăng ký tạm trú", "title: Đăng ký tạm trú (sửa đổi)"
                ),
                encoding="utf-8",
            )
            build_project(project, site_dir=site, options=BuildOptions(pdfs=False))
            new = (site / "index.html").read_text(encoding="utf-8").split('name="tt-build" content="')[1][:16]
            assert new != old
            broken.add(official)  # the saved procedure's official file now fails to download

            page.goto(base)  # the new worker installs all the same, dropping that one procedure
            _until(page, CACHE_NAMES, sorted([f"tt-offline-{new}", f"tt-offline-{new}-saved"]))
            saved = page.evaluate(
                """(name) => caches.open(name).then(c => c.match(new URL('__saved.json', location.href)))
                   .then(r => r ? r.json() : null)""",
                f"tt-offline-{new}-saved",
            )
            assert saved == []
            page.goto(base + SAVED)
            expect(page.locator("h1")).to_have_text("Đăng ký tạm trú (sửa đổi)")
            assert page.locator('meta[name="tt-build"]').get_attribute("content") == new
    finally:
        context.close()


TAMPER = """([name, url]) => caches.open(name).then(c => c.put(url, new Response('window.tampered = 1;',
  {headers: {'Content-Type': 'text/javascript'}})))"""


def test_a_copy_of_a_theme_file_that_differs_from_the_build_is_never_served(
    browser: Browser, make_project: MakeProject, tmp_path: Path, build_project: Builder
) -> None:
    """Whatever wrote into the offline cache (a script of the site's own origin, once), the copy is checked."""
    site = tmp_path / "site"
    build_project(make_project(), site_dir=site, options=BuildOptions(pdfs=False))
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(site) as base:
            page.goto(base + SAVED)
            build_id = _ready(page)
            theme = base + "assets/javascripts/theme.js"
            _wait_cached(page, f"tt-offline-{build_id}", theme)
            page.evaluate(TAMPER, [f"tt-offline-{build_id}", theme])
            page.reload()
            _ready(page)
            assert page.evaluate("window.tampered") is None
            assert page.evaluate("() => fetch('assets/javascripts/theme.js').then(r => r.text())").find("tampered") < 0
            _cut(context)
            page.reload()  # offline, the copy that differed is gone: the page still loads from the cache
            expect(page.locator("h1")).to_have_text("Đăng ký tạm trú")
            assert page.evaluate("window.tampered") is None
    finally:
        context.close()
