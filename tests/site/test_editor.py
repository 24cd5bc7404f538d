"""The browser editor (``/quan-tri/``) end to end in Chromium: change a fee, save, and the record checks.

Sveltia CMS's local mode works on a folder the editor picks with the File
System Access API (``showDirectoryPicker``). Headless Chromium cannot be made
to pick a folder on disk (Playwright has no hook for that picker: issues 8850
and 11288 of microsoft/playwright), so the test gives the editor the
browser's origin-private file system instead: a real ``FileSystemDirectoryHandle``
holding a copy of the project's records, forms and pages. Everything from
there on is Sveltia CMS's own local-mode code: it lists the records, edits
one, and writes the YAML file through the handle. The test then copies the
saved file back into the project on disk and runs ``catalogue check`` on it.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from generator.build import BuildOptions, check
from generator.editor.files import sveltia_package

from ..browser import serve
from ..conftest import ROOT, Builder

pytestmark = pytest.mark.skipif(sveltia_package(ROOT) is None, reason="npm ci installs Sveltia CMS")

RECORD = "procedures/cu-tru/dang-ky-tam-tru.yaml"
COPIED = ("procedures", "forms", "pages", "communes", "templates", "mkdocs.yml")

FILL = """async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry('repo', {recursive: true}); } catch (e) {}
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let dir = repo;
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const writer = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
}"""
READ = """async (path) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  const parts = path.split('/');
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
  return await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
}"""
PICKER = "window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo');"
FIND_INPUT = """(value) => {
  const input = [...document.querySelectorAll('input')].find((e) => e.value === value);
  if (!input) {  // the editor renders fields as they scroll into view: scroll on, look again
    for (const pane of document.querySelectorAll('*')) {
      const scrolls = getComputedStyle(pane).overflowY !== 'visible';
      if (scrolls && pane.scrollHeight > pane.clientHeight + 10) pane.scrollTop += 400;
    }
    return null;
  }
  input.scrollIntoView({block: 'center'});
  input.id ||= 'catalogue-test-' + value.replace(/[^0-9a-z]/gi, '');
  return input.id;
}"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, build_project: Builder) -> Path:
    folder = tmp_path_factory.mktemp("editor") / "project"
    for name in COPIED:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, folder / name)
    build_project(folder, options=BuildOptions(pdfs=False))
    return folder


def _editable_files(project: Path) -> dict[str, str]:
    files = {}
    for folder, pattern in (("procedures", "*.yaml"), ("forms", "*.yaml"), ("pages", "*.md")):
        for path in sorted((project / folder).rglob(pattern)):
            files[path.relative_to(project).as_posix()] = path.read_text(encoding="utf-8")
    return files


def _open_record(browser: Browser, base: str, project: Path) -> tuple[Page, list[str], set[str]]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.add_init_script(PICKER)
    page = context.new_page()
    page.set_default_timeout(90_000)
    hosts: set[str] = set()
    blocked: list[str] = []
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base + "404.html")
    page.evaluate(FILL, _editable_files(project))
    page.goto(base + "quan-tri/", wait_until="commit")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()  # the entrance, then the editor's sign-in
    page.get_by_role("button", name="Làm việc với kho mã nguồn cục bộ").click()
    expect(page.get_by_text("Thủ tục hành chính").filter(visible=True).first).to_be_visible()
    page.goto(base + "quan-tri/#/collections/procedures/entries/cu-tru/dang-ky-tam-tru")
    expect(page.get_by_text("Mã thủ tục").first).to_be_visible()
    return page, blocked, hosts


def _saved(page: Page, wanted: str, seconds: float = 60) -> str:
    """The record as the editor saved it, once it contains *wanted* (the save is asynchronous)."""
    deadline = time.monotonic() + seconds
    text: str = page.evaluate(READ, RECORD)
    while wanted not in text and time.monotonic() < deadline:
        page.wait_for_timeout(300)
        text = page.evaluate(READ, RECORD)
    return text


def test_an_editor_changes_a_fee_and_the_record_still_checks(browser: Browser, project: Path) -> None:
    with serve(project / "site") as base:
        page, blocked, hosts = _open_record(browser, base, project)
        page.screenshot(path=str(project.parent / "editor-procedure.png"))
        fee = page.wait_for_function(FIND_INPUT, arg="7000", polling=300).json_value()
        page.fill(f"#{fee}", "8000")
        page.get_by_role("button", name="Lưu").click()
        saved = _saved(page, "amount: 8000")
    assert "amount: 7000" not in saved
    assert "title: Đăng ký tạm trú" in saved
    (project / RECORD).write_text(saved, encoding="utf-8")
    catalogue = check(project)  # raises with every problem if the saved record is not valid
    tam_tru = next(p for p in catalogue.procedures if p.code == "1.004194")
    before = [fee.amount for c in check(ROOT).by_code["1.004194"].channels for fee in c.fees]
    assert [fee.amount for c in tam_tru.channels for fee in c.fees] == [8000 if a == 7000 else a for a in before]
    assert hosts == {base.split("/")[2]}, "the editor requested files from another host"
    assert not [m for m in blocked if "githubstatus" not in m], blocked


def test_an_invalid_code_is_explained_in_vietnamese_and_not_saved(browser: Browser, project: Path) -> None:
    with serve(project / "site") as base:
        page, _, _ = _open_record(browser, base, project)
        code = page.wait_for_function(FIND_INPUT, arg="1.004194", polling=300).json_value()
        page.fill(f"#{code}", "1.0041")
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_text("Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số").first).to_be_visible()
        saved = page.evaluate(READ, RECORD)
    assert yaml.safe_load(saved)["code"] == "1.004194", "the editor must not save a code it explained as wrong"
