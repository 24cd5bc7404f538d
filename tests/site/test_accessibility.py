"""WCAG 2.1 A and AA in a real browser: axe-core on every kind of page, in every display mode."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

PAGES = {
    "home": "",
    "fields": "linh-vuc/",
    "field": "linh-vuc/dang-ky-quan-ly-cu-tru/",
    "agency": "co-quan/cong-an-cap-xa/",
    "agency office": "co-quan/phong-quan-ly-xuat-nhap-canh-cong-an-tinh-quang-ngai/",
    "level": "cap/tinh/",
    "a-z": "a-z/",
    "letter": "a-z/dd/",
    "procedure": "thu-tuc/dang-ky-thuong-tru/",
    "procedure offline": "thu-tuc/xac-nhan-thong-tin-ve-cu-tru/",
    "procedure in person": "thu-tuc/cap-the-can-cuoc-cho-cong-dan-tu-du-14-tuoi-tro-len/",
    "procedure with cases, answered": "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/?cau-1=lam-lan-dau",
    "case page": "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/truong-hop/lam-lan-dau/",
    "forms": "bieu-mau/",
    "form": "bieu-mau/CT01/",
    "form fill": "bieu-mau/CT01/dien-truc-tuyen/",
    "levels guide": "huong-dan/muc-do-dich-vu-cong/",
    "account guide": "huong-dan/tao-tai-khoan-dich-vu-cong/",
    "contact": "lien-he/",
    "statement": "tuyen-bo-tiep-can/",
    "search": "tim-kiem/?q=ho+chieu",
    "changes": "thay-doi/",
    "open data": "du-lieu/",
    "search, partial": "tim-kiem/?q=dang+ky+tam+tru+xyzzy",
    "journeys": "su-kien/",
    "journey": "su-kien/sinh-con/",
    "journey with a choice": "su-kien/chuyen-noi-o/",
    "offline": "khong-co-mang/",
    "not found": "404.html",
}
MODES = {
    "light": ("light", ""),
    "dark": ("dark", ""),
    "high contrast": ("light", "localStorage.setItem('tt-contrast', 'high');"),
    "high contrast dark": ("dark", "localStorage.setItem('tt-contrast', 'high');"),
    "200% text": ("light", "localStorage.setItem('tt-size', '4');"),
}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", PAGES)
def test_no_wcag_violations(browser: Browser, base_url: str, kind: str, mode: str) -> None:
    scheme, script = MODES[mode]
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)  # type: ignore[arg-type]
    if script:
        context.add_init_script(script)
    page = context.new_page()
    try:
        page.goto(base_url + PAGES[kind], wait_until="networkidle")
        if kind.startswith("search"):
            page.wait_for_selector("#tt-results a")
        results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        violations = results.response["violations"]
        # Targets of at least 24×24 px (WCAG 2.2's 2.5.8, which issue 6 asks for); and in high contrast, 7:1 (1.4.6).
        extra = ["target-size", "color-contrast-enhanced"] if "high contrast" in mode else ["target-size"]
        violations += AXE.run(page, options={"runOnly": {"type": "rule", "values": extra}}).response["violations"]
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
            for v in violations
        ]
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("size", ["0", "4"], ids=["100% text", "200% text"])
def test_pages_reflow_at_320_px_without_sideways_scrolling(browser: Browser, base_url: str, size: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.add_init_script(f"localStorage.setItem('tt-size', '{size}');")
    page = context.new_page()
    wide = []
    try:
        for kind, url in PAGES.items():
            page.goto(base_url + url)
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if widths[0] > widths[1]:
                wide.append(f"{kind}: {widths[0]} px wide")
    finally:
        context.close()
    assert not wide
