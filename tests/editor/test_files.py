"""The browser editor's configuration is made from the record model, so it cannot drift from it."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.editor.files import api_origin, config_text, editor_config, editor_files, sveltia_package, vendor_files
from generator.html.csp import editor_policy
from generator.load.catalogue import load_catalogue
from generator.load.texts import help_keys, load_texts
from generator.model.schema import json_schemas
from generator.model.settings import Editor
from generator.problems import CatalogueError

from ..conftest import ROOT

TEXTS = load_texts(ROOT / "templates")
EDITOR = Editor(repo="congan-tinh/thu-tuc-hanh-chinh")


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return editor_config(EDITOR, TEXTS, "Thủ tục hành chính")


def _collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in config["collections"] if c["name"] == name)
    return found


def _compare(part: str, schema: dict[str, Any], defs: dict[str, Any], fields: list[dict[str, Any]]) -> None:
    """Every key of *part* has a widget, in order, with the model's label, its help and required flag."""
    spec = schema if schema["title"] == part else defs[part]
    assert [f["name"] for f in fields] == list(spec["properties"]), part
    required = set(spec.get("required", []))
    for widget in fields:
        key = widget["name"]
        prop = spec["properties"][key]
        assert widget["label"] == prop["title"], f"{part}.{key}"
        assert widget["hint"] == TEXTS.editor.help[f"{part}.{key}"]
        assert widget["required"] == (key in required), f"{part}.{key}"
        inner = next((s for s in prop.get("anyOf", []) if s.get("type") != "null"), prop)
        items = inner.get("items", {})
        items = next((kind for kind in items.get("anyOf", []) if "$ref" in kind), items)  # text or keys
        enum = inner.get("enum") or items.get("enum")
        if enum:
            assert widget["widget"] == "select"
            assert [o["value"] for o in widget["options"]] == enum
            assert all(o["label"] and o["label"] != o["value"] for o in widget["options"])
        ref = inner.get("$ref") or items.get("$ref")
        if ref and widget["widget"] != "file":
            _compare(ref.rsplit("/", 1)[-1], schema, defs, widget["fields"])
        if "pattern" in inner:
            assert widget["pattern"][0] == inner["pattern"]


def test_every_key_of_the_model_is_a_widget_with_its_label_help_and_choices(config: dict[str, Any]) -> None:
    schemas = json_schemas()
    for kind, collection in (("procedure", "procedures"), ("form", "forms")):
        schema = schemas[kind]
        _compare(schema["title"], schema, schema.get("$defs", {}), _collection(config, collection)["fields"])


def test_a_tables_columns_are_edited_with_what_goes_in_them(config: dict[str, Any]) -> None:
    fields = {f["name"]: f for f in _collection(config, "forms")["fields"]}
    columns = {f["name"]: f for f in fields["fields"]["fields"]}["columns"]
    assert columns["widget"] == "list" and [f["name"] for f in columns["fields"]] == [
        "label",
        "type",
        "options",
        "length",
        "width",
    ]
    kinds = {f["name"]: f for f in columns["fields"]}["type"]
    assert kinds["options"][1] == {"label": "Số thứ tự dòng (tự điền 1, 2, 3…)", "value": "number"}


def test_lists_are_lists_and_fees_are_whole_numbers(config: dict[str, Any]) -> None:
    fields = {f["name"]: f for f in _collection(config, "procedures")["fields"]}
    assert fields["steps"]["widget"] == "list" and fields["steps"]["min"] == 1
    channel = {f["name"]: f for f in fields["channels"]["fields"]}
    assert channel["method"]["options"][0] == {"label": "Trực tuyến", "value": "online"}
    fee = {f["name"]: f for f in channel["fees"]["fields"]}
    assert fee["amount"] == fee["amount"] | {"widget": "number", "value_type": "int", "min": 0}
    document = {f["name"]: f for f in fields["documents"]["fields"][1]["fields"]}
    assert document["required"]["default"] is True
    assert fields["updated"]["format"] == "YYYY-MM-DD"


def test_the_case_chooser_keys_are_lists_within_their_limits(config: dict[str, Any]) -> None:
    fields = {f["name"]: f for f in _collection(config, "procedures")["fields"]}
    questions = fields["questions"]
    assert questions["widget"] == "list" and questions["max"] == 3 and not questions["required"]
    answers = {f["name"]: f for f in questions["fields"]}["answers"]
    assert (answers["min"], answers["max"]) == (2, 8)
    answer = {f["name"]: f for f in answers["fields"]}
    assert answer["cases"]["widget"] == "list" and answer["cases"]["min"] == 1
    fee = {f["name"]: f for f in {f["name"]: f for f in fields["channels"]["fields"]}["fees"]["fields"]}
    assert fee["cases"]["hint"].startswith("Khi lệ phí chỉ áp dụng cho một số trường hợp")


def test_only_records_forms_and_pages_are_editable_never_settings_or_templates(config: dict[str, Any]) -> None:
    folders = {c["folder"] for c in config["collections"]}
    assert folders == {"procedures", "forms", "pages"}
    assert "files" not in str(config["collections"])  # no file collection could name mkdocs.yml
    text = config_text(config)
    assert "mkdocs.yml" not in text and "templates" not in text
    assert yaml.safe_load(text) == config


def test_invalid_values_are_explained_in_vietnamese(config: dict[str, Any]) -> None:
    code = _collection(config, "procedures")["fields"][0]
    assert code["pattern"][1].startswith("Mã thủ tục gồm một chữ số")


def test_every_key_needs_its_help_text(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "strings").mkdir(parents=True)
    text = (ROOT / "templates/strings/vi.yaml").read_text(encoding="utf-8")
    line = "    Fee.amount: Số đồng, chỉ gồm chữ số, không dấu chấm, ví dụ 20000.\n"
    assert line in text
    (templates / "strings/vi.yaml").write_text(text.replace(line, "    Fee.price: Giá.\n"), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_texts(templates)
    messages = [str(p) for p in caught.value.problems]
    assert any("editor.help: Fee.amount: missing" in m for m in messages), messages
    assert any("editor.help.Fee.price: the record model has no such key" in m for m in messages), messages
    assert "Fee.amount" in help_keys() and len(help_keys()) == len(TEXTS.editor.help)


def test_the_editor_talks_to_the_site_and_the_repository_api_only() -> None:
    policy = editor_policy(api_origin(EDITOR))
    assert "connect-src 'self' blob: data: https://api.github.com;" in policy
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy
    gitea = Editor(backend="gitea", repo="so-tu-phap/thu-tuc", api_root="https://git.example.gov.vn/api/v1")
    assert api_origin(gitea) == "https://git.example.gov.vn"


@pytest.mark.skipif(sveltia_package(ROOT) is None, reason="npm ci installs Sveltia CMS")
def test_the_editor_script_loads_its_translations_and_fonts_from_the_site() -> None:
    package = sveltia_package(ROOT)
    assert package is not None
    files = vendor_files(package)
    script = files["quan-tri/sveltia-cms.js"]
    assert isinstance(script, str)
    assert "cdn.jsdelivr.net" not in script and "`https://unpkg.com/@sveltia/cms`" not in script
    assert any(name.endswith("/locales/vi.json") for name in files)
    assert sum(name.endswith(".woff2") for name in files) == 3


def test_the_editor_is_named_after_the_site(config: dict[str, Any]) -> None:
    assert config["app_title"] == "Quản trị nội dung – Thủ tục hành chính"


DEVELOPER_WORDS = ("Sveltia", "CMS", "YAML", "API", "OAuth", "token", "commit", "repository", "backend", "kho mã nguồn")
"""Words a citizen or a new editor should not meet on the editor's entrance."""


def _entrance(project: Path) -> tuple[str, dict[str, str | Path]]:
    package = sveltia_package(ROOT)
    assert package is not None
    catalogue = dataclasses.replace(load_catalogue(ROOT), project=project)
    files = editor_files(catalogue, TEXTS, editor_policy(api_origin(EDITOR)), package)
    page = files["quan-tri/index.html"]
    assert isinstance(page, str)
    return page, files


@pytest.mark.skipif(sveltia_package(ROOT) is None, reason="npm ci installs Sveltia CMS")
def test_the_entrance_says_what_the_editor_is_who_may_sign_in_and_how(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    page, files = _entrance(tmp_path)
    e = TEXTS.editor.entrance
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    assert e.heading in text and "Công an tỉnh Quảng Ngãi" in text
    assert e.who_heading in text and "trên GitHub" in text, "who may sign in, and where their account is"
    assert e.how_heading in text and "Chọn “Đăng nhập bằng mã truy cập”" in text, "no sign-in service: a token"
    assert e.guide_heading in text and e.guide_docs.split(" (")[0] in text, "no guide page: where the guide is"
    assert not [word for word in DEVELOPER_WORDS if word.lower() in text.lower()], text
    # The editor's own script is not loaded by the page: the entrance loads it when an editor signs in.
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="loi-vao.js">']
    assert 'data-script="sveltia-cms.js"' in page and '<a href="../">' in page
    assert files["quan-tri/loi-vao.js"] == tmp_path / "templates" / "editor" / "loi-vao.js"
    assert "quan-tri/loi-vao.css" in files and "quan-tri/sveltia/package.json" in files
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy and "script-src 'self';" in policy[1] and "unsafe-eval" not in policy[1]


@pytest.mark.skipif(sveltia_package(ROOT) is None, reason="npm ci installs Sveltia CMS")
def test_the_entrance_links_to_the_editors_guide_when_the_office_writes_one(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "huong-dan-soan-thao.md").write_text("# Hướng dẫn soạn thảo\n", encoding="utf-8")
    page, _ = _entrance(tmp_path)
    assert f'<a href="../huong-dan-soan-thao/">{TEXTS.editor.entrance.guide_page}</a>' in page
    assert TEXTS.editor.entrance.guide_docs not in page


@pytest.mark.skipif(sveltia_package(ROOT) is None, reason="npm ci installs Sveltia CMS")
def test_with_a_sign_in_service_editors_sign_in_with_their_account(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    package = sveltia_package(ROOT)
    assert package is not None
    catalogue = load_catalogue(ROOT)
    editor = Editor(backend="gitlab", repo="so-tu-phap/thu-tuc", base_url="https://dang-nhap.example.gov.vn")
    settings = catalogue.settings.model_copy(update={"editor": editor})
    catalogue = dataclasses.replace(catalogue, project=tmp_path, settings=settings)
    page = editor_files(catalogue, TEXTS, editor_policy(api_origin(editor)), package)["quan-tri/index.html"]
    assert isinstance(page, str)
    assert "Chọn “Đăng nhập bằng GitLab”, rồi đăng nhập bằng tài khoản GitLab của bạn." in page
    assert "mã truy cập" not in page.split("<h2>")[2], "the token is not the way when the office signs editors in"
