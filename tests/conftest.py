"""Shared fixtures: small real-looking catalogues built in temporary folders."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"

MakeProject = Callable[..., Path]

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


BROWSER_FIXTURES = {"browser", "base_url"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium are marked ``browser``: ``pytest -m "not browser"`` is the fast lane."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


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
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample catalogue, built once for the whole session."""
    from generator.build import build

    site = tmp_path_factory.mktemp("sample") / "site"
    build(ROOT, site_dir=site)
    return site


@pytest.fixture(scope="session")
def base_url(sample_site: Path) -> Iterator[str]:
    """The sample site served on a free localhost port, for the whole session."""
    from .browser import serve

    with serve(sample_site) as url:
        yield url
