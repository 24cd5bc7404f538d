"""Addresses by code and withdrawn procedures, in Chromium: a redirect lands on the page, a notice leads on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from ..browser import serve
from ..conftest import BASE, ROOT, Builder
from ..data.test_opendata import EXTRA


@pytest.fixture(scope="module")
def withdrawn_site(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> Iterator[str]:
    """The base catalogue with a replaced and an abolished procedure, built and served."""
    from generator.build import BuildOptions

    project = tmp_path_factory.mktemp("addresses") / "project"
    shutil.copytree(BASE, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    for name, content in EXTRA.items():
        (project / name).write_text(content, encoding="utf-8")
    build_project(project, today=date(2026, 11, 30), options=BuildOptions(pdfs=False))
    with serve(project / "site") as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page that records console errors (a Content Security Policy violation is one).

    Service workers are blocked: these tests are about addresses, and the offline copy (tests/site/test_offline.py)
    fetches files of its own.
    """
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page, errors
    context.close()


def test_address_by_code_lands_on_the_procedure_page(page: tuple[Page, list[str]], withdrawn_site: str) -> None:
    tab, errors = page
    tab.goto(withdrawn_site + "ma/1.004194/")
    tab.wait_for_url(withdrawn_site + "thu-tuc/dang-ky-tam-tru/")
    assert tab.locator("h1").inner_text() == "Đăng ký tạm trú"
    assert tab.locator('script[type="application/ld+json"]').count() == 1
    assert errors == []


def test_replaced_procedure_code_leads_to_its_notice_and_on_to_the_replacement(
    page: tuple[Page, list[str]], withdrawn_site: str
) -> None:
    tab, errors = page
    tab.goto(withdrawn_site + "ma/1.000999/")
    tab.wait_for_url(withdrawn_site + "thu-tuc/dang-ky-tam-tru-cu/")
    notice = tab.get_by_role("note")
    assert "Thủ tục này đã được thay thế từ ngày 01/07/2025." in notice.inner_text()
    assert tab.locator(".tt-primary").count() == 0
    notice.get_by_role("link", name="Đăng ký tạm trú").click()
    tab.wait_for_url(withdrawn_site + "thu-tuc/dang-ky-tam-tru/")
    assert errors == []


def test_abolished_procedure_page_says_so(page: tuple[Page, list[str]], withdrawn_site: str) -> None:
    tab, errors = page
    tab.goto(withdrawn_site + "ma/1.000888/")
    tab.wait_for_url(withdrawn_site + "thu-tuc/cap-so-ho-khau/")
    assert "Thủ tục này đã bị bãi bỏ từ ngày 01/01/2023." in tab.get_by_role("note").inner_text()
    tab.goto(withdrawn_site + "linh-vuc/dang-ky-quan-ly-cu-tru/")
    assert tab.get_by_role("link", name="Cấp sổ hộ khẩu").count() == 0
    assert errors == []


def test_redirect_works_without_javascript(browser: Browser, withdrawn_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(withdrawn_site + "ma/1.004194/")
    tab.wait_for_url(withdrawn_site + "thu-tuc/dang-ky-tam-tru/")
    context.close()
