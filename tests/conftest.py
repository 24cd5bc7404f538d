"""Shared fixtures: small real-looking catalogues built in temporary folders."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser

if TYPE_CHECKING:
    from generator.build import BuildOptions, BuildReport
    from generator.cli.preview import Preview
    from generator.pdf.jobs import RenderedPdf

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"

MakeProject = Callable[..., Path]
PdfPool: TypeAlias = "Callable[..., dict[str, RenderedPdf]]"
Pip = Callable[..., subprocess.CompletedProcess[str]]

# Property-based tests (test_properties.py): in the suite, few examples, the same ones on
# every run (derandomized, no example database), so a failure reproduces anywhere;
# HYPOTHESIS_PROFILE=deep searches much longer, at random, remembering what fails.
settings.register_profile(
    "suite",
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile("deep", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def docx_bytes(text: str) -> bytes:
    """A minimal Word document: a zip with the parts Word and LibreOffice write."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        document = f'<?xml version="1.0"?><w:document xmlns:w="{main}"><w:t>{text}</w:t></w:document>'
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


SITE_TESTS = Path(__file__).resolve().parent / "site"
"""Where browser tests live: every test there drives Chromium (or Lighthouse's)."""
BROWSER_FIXTURES = {"browser", "base_url"}
SLOW_FIXTURES = {
    "build_project",  # builds a whole site (sample_site and every other building fixture use it)
    "pdf_pool",  # renders PDFs in a pool of worker processes
    "package_index",  # asks the package index, over the network
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they use: ``browser`` every test in tests/site/, ``slow`` every test that uses
    (directly or through other fixtures) one of :data:`SLOW_FIXTURES`. Nothing is marked by hand."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        in_site = item.path.is_relative_to(SITE_TESTS)
        if BROWSER_FIXTURES & used and not in_site:
            raise pytest.UsageError(f"{item.nodeid} drives Chromium: browser tests live in tests/site/")
        if in_site:
            item.add_marker(pytest.mark.browser)
        if SLOW_FIXTURES & used:
            item.add_marker(pytest.mark.slow)


class Builder:
    """The one way a test builds a site, whichever way it runs the pipeline; every test that uses the
    ``build_project`` fixture, directly or through another fixture, is marked ``slow``.

    A test that expects a build to be refused before anything is made may call ``build`` or ``main``
    itself; in the fast lane, one that renders pages anyway fails (``_fast_tests_build_nothing``).
    """

    def __call__(
        self,
        project: Path,
        *,
        today: date | None = None,
        site_dir: Path | None = None,
        options: BuildOptions | None = None,
    ) -> BuildReport:
        """``generator.build.build``: in this process."""
        from generator.build import build

        return build(project, today=today, site_dir=site_dir, options=options)

    def main(self, *argv: str) -> int:
        """``catalogue ARGV`` (``build ...``) in this process, as the command line runs it; its exit status."""
        from generator.cli import main

        return main(list(argv))

    def command(self, *argv: str) -> list[str]:
        """``catalogue ARGV`` (``build ...``, ``serve ...``) as a process of its own, for ``subprocess``."""
        return self.python("-m", "generator", *argv)

    def python(self, *argv: str) -> list[str]:
        """A Python process of its own that builds (``-c CODE``), for ``subprocess``."""
        return [sys.executable, *argv]

    def preview(self, project: Path, *, today: date | None = None, pdfs: bool = True) -> Preview:
        """``catalogue serve``'s preview: the pipeline again after every edit."""
        from generator.cli.preview import Preview

        return Preview(project, today=today, pdfs=pdfs)


@pytest.fixture(scope="session")
def build_project() -> Builder:
    """Builds sites: every test that uses it is marked ``slow``."""
    return Builder()


@pytest.fixture(scope="session")
def pdf_pool() -> PdfPool:
    """``generator.pdf.pool.render_pdfs``, which starts worker processes: every test that uses it is marked ``slow``."""
    from generator.pdf.pool import render_pdfs

    return render_pdfs


@pytest.fixture(scope="session")
def package_index() -> Pip:
    """``pip ARGS`` asking the package index, over the network: every test that uses it is marked ``slow``."""

    def pip(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pip", *args], check=False, capture_output=True, text=True, cwd=ROOT
        )

    return pip


@pytest.fixture(autouse=True)
def _fast_tests_build_nothing(request: pytest.FixtureRequest) -> Iterator[None]:
    """In a test not marked ``slow``, rendering a site's pages fails: build through ``build_project``."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    from generator.build import Pipeline

    def refuse(*args: object, **kwargs: object) -> list[Path]:
        raise AssertionError("this test renders a whole site: build through the build_project fixture (it is slow)")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Pipeline, "html", refuse)
        yield


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """A catalogue folder: the base fixture (one procedure, one form) plus *extra* files.

    *extra* maps a path inside the project to text or bytes; ``None`` removes a file.
    """

    def make(extra: dict[str, str | bytes | None] | None = None) -> Path:
        project = tmp_path / "project"
        shutil.copytree(BASE, project)
        shutil.copytree(ROOT / "templates", project / "templates")
        for name, content in (extra or {}).items():
            path = project / name
            if content is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return project

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by every browser test."""
    from .browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> Path:
    """The bundled sample catalogue, built once for the whole session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    build_project(ROOT, site_dir=site)
    return site


@pytest.fixture(scope="session")
def base_url(sample_site: Path) -> Iterator[str]:
    """The sample site served on a free localhost port, for the whole session."""
    from .browser import serve

    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def twin_sites(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> tuple[Path, Path]:
    """The base catalogue built twice: every text field plain, then every text field carrying markup."""
    from .hostile import markup_twins

    twins = markup_twins(tmp_path_factory.mktemp("twins"))
    for project in twins:
        build_project(project, today=date(2026, 11, 28))
    return twins[0] / "site", twins[1] / "site"
