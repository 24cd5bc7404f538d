"""A site that cannot be turned against its readers: a Content Security Policy in every page
that allows only the scripts the site ships, and links that say when they leave the site.

(The browser side, every kind of page loaded under its policy with no violation and no
request to another host, is in test_browser.py.)
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.build import BuildOptions, build
from generator.html.csp import inline_scripts, script_hash, secure_page
from generator.load.catalogue import load_catalogue
from generator.problems import CatalogueError

from ..conftest import ROOT, Builder, MakeProject

EXTERNAL = yaml.safe_load((ROOT / "templates" / "strings" / "vi.yaml").read_text(encoding="utf-8"))["site"]["external"]
OWN_HOST = "thutuc.congan-quangngai.example"


class _Links(HTMLParser):
    """Every link of a page: its attributes and the text inside it, hidden text marked."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict[str, str], str]] = []
        self._open: list[tuple[dict[str, str], list[str]]] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open.append(({k: v or "" for k, v in attrs}, []))
        elif tag == "span" and self._open:
            self._hidden += "tt-sr-only" in (dict(attrs).get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            attrs, text = self._open.pop()
            self.links.append((attrs, "".join(text)))
            self._hidden = 0

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(f"[hidden:{data}]" if self._hidden else data)


def _pages(site: Path) -> dict[str, str]:
    """The pages citizens read: the browser editor (``quan-tri/``) has a policy of its own, tested below."""
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).as_posix().startswith("quan-tri/")
    }


def test_the_editor_page_allows_only_the_sites_own_script(sample_site: Path) -> None:
    html = (sample_site / "quan-tri" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert len(found) == 1
    directives = dict(d.strip().split(" ", 1) for d in found[0].split(";"))
    assert directives["script-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["connect-src"] == "'self' blob: data: https://api.github.com"
    assert list(inline_scripts(html)) == []


def test_every_link_to_another_site_says_so(sample_site: Path) -> None:
    unmarked = []
    for name, html in _pages(sample_site).items():
        parser = _Links()
        parser.feed(html)
        for attrs, text in parser.links:
            host = urlsplit(attrs.get("href", "")).hostname
            if not host or host == OWN_HOST:
                continue
            rel = attrs.get("rel", "").split()
            said = re.search(r"\[hidden:[^\]]*" + re.escape(EXTERNAL) + r"\]$", text)
            if "noopener" not in rel or "external" not in rel or not said:
                unmarked.append((name, attrs.get("href"), text))
    assert unmarked == []


def test_portal_links_lead_only_to_allowed_hosts(sample_site: Path) -> None:
    settings = load_catalogue(ROOT).settings
    portal = re.compile(r'<a class="md-button md-button--primary tt-primary" href="([^"]+)"')
    hrefs = [href for html in _pages(sample_site).values() for href in portal.findall(html)]
    assert len(hrefs) >= 20
    assert [href for href in hrefs if not settings.host_allowed(href) or not href.startswith("https://")] == []


def test_every_page_allows_exactly_its_own_inline_scripts(sample_site: Path) -> None:
    policy = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
    for name, html in _pages(sample_site).items():
        found = policy.findall(html)
        assert len(found) == 1, name
        if "<script" in html:  # the redirect pages by code have none
            assert html.index("Content-Security-Policy") < html.index("<script"), name
        directives = dict(d.strip().split(" ", 1) for d in found[0].split(";"))
        allowed = set(re.findall(r"'(sha256-[^']+)'", directives["script-src"]))
        assert allowed == {script_hash(text) for text in inline_scripts(html)}, name
        assert "unsafe" not in found[0] and "*" not in found[0], name
        assert directives["object-src"] == "'none'" and directives["default-src"] == "'self'"


def test_the_policy_follows_the_templates(make_project: MakeProject, build_project: Builder) -> None:
    """Hashes come from the built pages, so editing an inline script cannot leave a stale one."""
    project = make_project()
    main = project / "templates" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("(function(){", "(function(){/* v2 */"), "utf-8")
    build_project(project)
    html = (project / "site" / "thu-tuc" / "dang-ky-tam-tru" / "index.html").read_text(encoding="utf-8")
    ours = next(text for text in inline_scripts(html) if "/* v2 */" in text)
    assert f"'{script_hash(ours)}'" in html


def test_a_script_in_a_handwritten_page_is_refused_before_anything_is_built(make_project: MakeProject) -> None:
    page = '# Giới thiệu\n\n<script>alert(document.cookie)</script>\n\n<span onclick="alert(1)">Bấm</span>\n'
    project = make_project({"pages/gioi-thieu.md": page})
    with pytest.raises(CatalogueError) as error:
        build(project)
    assert [str(p) for p in error.value.problems] == [
        "pages/gioi-thieu.md:3:1: an inline <script> would run in readers' browsers; a page may not carry scripts",
        "pages/gioi-thieu.md:5:1: the event handler onclick= on <span> would run code in readers' browsers; remove it",
    ]
    assert not (project / "site").exists()
    assert not (project / ".catalogue").exists()


def test_the_built_pages_are_checked_again() -> None:
    """The second net, on the HTML an engine wrote: what a Markdown extension could still produce."""
    known = (re.compile(re.escape("ours()")),)
    theme = frozenset({"assets/javascripts/display.js"})
    html = (
        '<html><head><meta charset="utf-8"><script>ours()</script></head><body>'
        '<script src="../assets/javascripts/display.js"></script><script src="../anh/logo.png"></script>'
        '<script src="https://evil.example/x.js"></script><svg/onload=alert(1)><img src="x"/onerror=alert(2)>'
        '<meta http-equiv=refresh content="0;url=https://evil.example/"><script type="text/jscript">x()</script>'
        '<script type="application/ld+json">{}</script><iframe srcdoc="&lt;script&gt;y()&lt;/script&gt;"></iframe>'
        "</body></html>"
    )
    _, blocked = secure_page(html, known, "gioi-thieu/index.html", theme)
    policy = "would not run: the site's security policy allows only the scripts the site ships; remove it"
    assert blocked == [
        f"an inline script (x()…) {policy}",
        f"a script from ../anh/logo.png {policy}",
        f"a script from https://evil.example/x.js {policy}",
        f"an event handler (<svg onload=…) {policy}",
        f"an event handler (<img onerror=…) {policy}",
        f"a page of its own in srcdoc= (<iframe srcdoc=…) {policy}",
        'a redirect (<meta http-equiv="refresh">) would send readers elsewhere; remove it',
    ]


def test_settings_values_are_text_everywhere(make_project: MakeProject, build_project: Builder) -> None:
    """Markup in site_name or the agency's contacts is shown as typed: no element, no redirect, no live link.

    (A hotline must be a telephone number, so markup there is refused when the settings are read.)
    """
    project = make_project({"pages/lien-he.md": "# Liên hệ\n\n{{ agency.address }}\n\n{{ agency.hours }}\n"})
    config = project / "mkdocs.yml"
    name = 'Thủ tục </title><meta http-equiv="refresh" content="0;url=https://evil.example/"> & <b>x</b>'
    text = (
        config.read_text(encoding="utf-8")
        .replace("site_name: Thủ tục hành chính – Công an tỉnh Thử Nghiệm", f"site_name: '{name}'")
        .replace(
            "address: Số 1 đường Thử, phường Thử", "address: 'Số 1 [bấm đây](https://evil.example/) <script>x</script>'"
        )
        .replace('hotline: "0200 000 000"', "hotline: \"0200 000 000\"\n      hours: '<img src=x onerror=alert(1)>'")
    )
    config.write_text(text, encoding="utf-8")
    build_project(project, options=BuildOptions(pdfs=False))  # the second net would refuse a redirect or a handler
    site = project / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'evil.example/"' not in html and 'href="https://evil.example' not in html, page
        assert "<b>x</b>" not in html and "<script>x" not in html and "<img src=x" not in html, page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Thủ tục &lt;/title&gt;&lt;meta http-equiv=&#34;refresh&#34;" in home.replace("&quot;", "&#34;")
    contact = (site / "lien-he" / "index.html").read_text(encoding="utf-8")
    assert "Số 1 &#91;bấm đây&#93;&#40;https&#58;//evil&#46;example/&#41; &#60;script&#62;x" in contact
