"""A site that cannot be turned against its readers: a Content Security Policy in every page
that allows only the scripts the site ships.

(The browser side, every kind of page loaded under its policy with no violation and no
request to another host, is in test_browser.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build import build
from generator.csp import inline_scripts, script_hash
from generator.problems import CatalogueError

from .conftest import MakeProject


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


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


def test_the_policy_follows_the_templates(make_project: MakeProject) -> None:
    """Hashes come from the built pages, so editing an inline script cannot leave a stale one."""
    project = make_project()
    main = project / "templates" / "overrides" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("(function(){", "(function(){/* v2 */"), "utf-8")
    build(project)
    html = (project / "site" / "thu-tuc" / "dang-ky-tam-tru" / "index.html").read_text(encoding="utf-8")
    ours = next(text for text in inline_scripts(html) if "/* v2 */" in text)
    assert f"'{script_hash(ours)}'" in html


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
