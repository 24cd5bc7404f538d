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

from generator.build import build
from generator.html.csp import inline_scripts, script_hash
from generator.load.catalogue import load_catalogue
from generator.problems import CatalogueError

from ..conftest import ROOT, MakeProject

EXTERNAL = yaml.safe_load((ROOT / "templates" / "strings" / "vi.yaml").read_text(encoding="utf-8"))["site"]["external"]
OWN_HOST = "dichvucong.congan.kontum.gov.vn"


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


@pytest.mark.slow
def test_the_editor_page_allows_only_the_sites_own_script(sample_site: Path) -> None:
    html = (sample_site / "quan-tri" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert len(found) == 1
    directives = dict(d.strip().split(" ", 1) for d in found[0].split(";"))
    assert directives["script-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["connect-src"] == "'self' blob: data: https://api.github.com"
    assert list(inline_scripts(html)) == []


@pytest.mark.slow
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
        assert html.index("Content-Security-Policy") < html.index("<script"), name
        directives = dict(d.strip().split(" ", 1) for d in found[0].split(";"))
        allowed = set(re.findall(r"'(sha256-[^']+)'", directives["script-src"]))
        assert allowed == {script_hash(text) for text in inline_scripts(html)}, name
        assert "unsafe" not in found[0] and "*" not in found[0], name
        assert directives["object-src"] == "'none'" and directives["default-src"] == "'self'"


@pytest.mark.slow
def test_the_policy_follows_the_templates(make_project: MakeProject) -> None:
    """Hashes come from the built pages, so editing an inline script cannot leave a stale one."""
    project = make_project()
    main = project / "templates" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("(function(){", "(function(){/* v2 */"), "utf-8")
    build(project)
    html = (project / "site" / "thu-tuc" / "dang-ky-tam-tru" / "index.html").read_text(encoding="utf-8")
    ours = next(text for text in inline_scripts(html) if "/* v2 */" in text)
    assert f"'{script_hash(ours)}'" in html


@pytest.mark.slow
def test_a_script_in_a_handwritten_page_is_refused(make_project: MakeProject) -> None:
    page = '# Giới thiệu\n\n<script>alert(document.cookie)</script>\n\n<button onclick="alert(1)">Bấm</button>\n'
    project = make_project({"pages/gioi-thieu.md": page})
    with pytest.raises(CatalogueError) as error:
        build(project)
    assert [str(p) for p in error.value.problems] == [
        "pages/gioi-thieu.md: an event handler (<button onclick=…) would not run: the site's security policy "
        "allows only the scripts the site ships; remove it",
        "pages/gioi-thieu.md: an inline script (alert(document.cookie)…) would not run: the site's security policy "
        "allows only the scripts the site ships; remove it",
    ]
    assert not (project / "site").exists()
