"""Both HTML engines render the same catalogue: MkDocs (Material) and Zensical, its successor (experimental)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator import urls
from generator.build import BuildOptions
from generator.html.config import write_config
from generator.html.zensical import available
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts

from ..conftest import ROOT, Builder, MakeProject

_LINK = re.compile(r"""\s(?:href|src)="([^"]+)\"""")


def broken_links(site: Path) -> list[str]:
    """Every link of every page of *site* to a file of the site itself that is not there."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, mailto:, data:, or a fragment of this page
            base = site if parts.path.startswith("/") else page.parent  # the site is served at the root
            path = (base / unquote(parts.path).lstrip("/")).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {target}")
    return broken


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_the_mkdocs_site_has_no_broken_link(sample_site: Path) -> None:
    assert broken_links(sample_site) == []


@pytest.mark.skipif(not available(), reason='Zensical is not installed (pip install -e ".[zensical]")')
def test_zensical_builds_the_same_pages_with_no_broken_link(
    sample_site: Path, tmp_path: Path, build_project: Builder
) -> None:
    site = tmp_path / "zensical-site"
    build_project(ROOT, site_dir=site, options=BuildOptions(engine="zensical"))
    for procedure in load_catalogue(ROOT).procedures:
        assert (site / urls.page_file(urls.procedure(procedure))).is_file(), procedure.slug
    assert pages(site) == pages(sample_site)
    assert broken_links(site) == []
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in home
    assert "Cỡ chữ" in home  # the theme's texts reach the overrides through the written configuration


def test_the_engine_configuration_is_a_file_any_mkdocs_yml_reader_can_use(make_project: MakeProject) -> None:
    project = make_project()
    docs, site = project / ".catalogue" / "docs", project / "site"
    written = write_config(project, docs, site, load_texts(project / "templates"))
    text = written.path.read_text(encoding="utf-8")
    assert written.path == project / ".catalogue" / "mkdocs.yml"
    assert 'INHERIT: "../mkdocs.yml"' in text
    assert 'docs_dir: "docs"' in text
    assert '"generator.html.external_links"' in text
    assert '"display_label": "Cỡ chữ và độ tương phản"' in text
