"""Building a catalogue: escaping, normal forms, publication dates, and failures that change nothing."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from generator.build import build
from generator.problems import CatalogueError

from .conftest import BASE, Builder, MakeProject, docx_bytes

RECORD = (BASE / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def _page(project: Path, slug: str) -> str:
    return (project / "site" / "thu-tuc" / slug / "index.html").read_text(encoding="utf-8")


def test_text_fields_are_shown_as_text_never_as_html(make_project: MakeProject, build_project: Builder) -> None:
    hostile = RECORD.replace("title: Đăng ký tạm trú", 'title: "Đăng ký <script>alert(1)</script> tạm trú"')
    hostile = hostile.replace("summary: Dành", "summary: <img src=x onerror=alert(1)> Dành")
    hostile = hostile.replace("[tạm trú, KT3]", '["\\"><script>alert(2)</script>"]')
    project = make_project({"procedures/dang-ky-tam-tru.yaml": hostile})
    build_project(project)
    html = _page(project, "dang-ky-tam-tru")
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<title>Đăng ký &lt;script&gt;alert(1)&lt;/script&gt; tạm trú" in html


def test_text_is_published_in_nfc(make_project: MakeProject, build_project: Builder) -> None:
    nfd = unicodedata.normalize("NFD", RECORD)
    project = make_project({"procedures/dang-ky-tam-tru.yaml": nfd})
    build_project(project)
    html = _page(project, "dang-ky-tam-tru")
    assert '<h1 id="noi-dung">Đăng ký tạm trú</h1>' in html
    assert unicodedata.normalize("NFC", html) == html


def test_values_stay_as_the_editor_wrote_them(make_project: MakeProject, build_project: Builder) -> None:
    record = RECORD.replace('code: "1.004194"', "code: 2.000200").replace("title: Đăng ký tạm trú", "title: no")
    project = make_project({"procedures/dang-ky-tam-tru.yaml": record})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('"1.004194"', "2.000200"), encoding="utf-8")
    build_project(project)
    html = _page(project, "dang-ky-tam-tru")
    assert "2.000200" in html
    assert '<h1 id="noi-dung">no</h1>' in html


def test_procedures_outside_their_validity_window_are_not_published(
    make_project: MakeProject, build_project: Builder
) -> None:
    expired = RECORD.replace('code: "1.004194"', 'code: "1.004195"').replace(
        "updated: 2026-11-20", "updated: 2026-11-20\neffective_until: 2026-01-01"
    )
    future = RECORD.replace('code: "1.004194"', 'code: "1.004196"').replace(
        "updated: 2026-11-20", "updated: 2026-11-20\neffective_from: 2027-01-01"
    )
    project = make_project({"procedures/het-hieu-luc.yaml": expired, "procedures/sap-co-hieu-luc.yaml": future})
    build_project(project, today=date(2026, 11, 28))
    assert (project / "site" / "thu-tuc" / "dang-ky-tam-tru").is_dir()
    assert not (project / "site" / "thu-tuc" / "het-hieu-luc").exists()
    assert not (project / "site" / "thu-tuc" / "sap-co-hieu-luc").exists()


def test_a_failed_build_leaves_the_previous_site_untouched(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project()
    build_project(project)
    before = _tree_hash(project / "site")
    broken = RECORD.replace("amount: 7000", "amount: bảy nghìn")
    (project / "procedures" / "dang-ky-tam-tru.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        build_project(project)
    assert "channels[0].fees[0].amount" in str(error.value)
    assert _tree_hash(project / "site") == before
    assert [p.name for p in project.iterdir() if "staging" in p.name] == []


def test_a_render_failure_leaves_the_previous_site_untouched(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project()
    build_project(project)
    before = _tree_hash(project / "site")
    config = project / "mkdocs.yml"  # a navigation entry naming no page: MkDocs warns while rendering
    config.write_text(config.read_text("utf-8") + "nav:\n  - Không có: khong-co.md\n", "utf-8")
    with pytest.raises(CatalogueError) as error:
        build_project(project)
    assert str(error.value).startswith("mkdocs.yml: A reference to 'khong-co.md' is included in the 'nav'")
    assert _tree_hash(project / "site") == before


def test_a_rebuild_replaces_the_site(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project()
    build_project(project)
    (project / "site" / "stray.txt").write_text("left over", encoding="utf-8")
    build_project(project)
    assert not (project / "site" / "stray.txt").exists()
    assert (project / "site" / "index.html").is_file()


def test_handwritten_pages_can_use_settings(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project({"pages/gio-lam-viec.md": "# Giờ làm việc\n\nGọi {{ agency.hotline }}.\n"})
    build_project(project)
    html = (project / "site" / "gio-lam-viec" / "index.html").read_text(encoding="utf-8")
    assert "Gọi 0200 000 000." in html


def test_handwritten_page_with_unknown_setting_is_reported(make_project: MakeProject) -> None:
    project = make_project({"pages/gio-lam-viec.md": "# Giờ làm việc\n\n{{ agency.fax }}\n"})
    with pytest.raises(CatalogueError) as error:
        build(project)
    assert str(error.value).startswith("pages/gio-lam-viec.md")
    assert "fax" in str(error.value)


def test_handwritten_page_cannot_replace_a_generated_one(make_project: MakeProject) -> None:
    project = make_project({"pages/thu-tuc/dang-ky-tam-tru.md": "# Trang khác\n"})
    with pytest.raises(CatalogueError) as error:
        build(project)
    assert "pages/thu-tuc/dang-ky-tam-tru.md" in str(error.value)


def test_official_form_file_is_offered_byte_for_byte(make_project: MakeProject, build_project: Builder) -> None:
    payload = docx_bytes("official template")
    form = "id: CT03\ntitle: Phiếu khai báo tạm vắng\nsource: Thông tư 66/2023/TT-BCA\nfile: CT03.docx\n"
    project = make_project({"forms/CT03.yaml": form, "forms/CT03.docx": payload})
    build_project(project)
    assert (project / "site" / "bieu-mau" / "CT03" / "CT03.docx").read_bytes() == payload
    html = (project / "site" / "bieu-mau" / "CT03" / "index.html").read_text(encoding="utf-8")
    assert 'href="CT03.docx"' in html and "DOCX" in html


def test_settings_problems_name_the_key(make_project: MakeProject) -> None:
    project = make_project()
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for change, expected in (
        ('"1.004194"]\n    fax: "0200"', 'mkdocs.yml:20:5: extra.catalogue.fax: unknown key "fax"'),
        ('"1.004194", "9.999999"]', 'mkdocs.yml:19:28: extra.catalogue.featured[1]: no procedure has code "9.999999"'),
        (
            '"1.004194"]\n    portal: {home: "https://dichvucong.gov.vn.example.com/"}',
            "mkdocs.yml:20:20: extra.catalogue.portal.home: must be an https:// address on one of allowed_hosts",
        ),
        (
            '"1.004194"]\n    portal: {lookup: "https://dichvucong.gov.vn@example.com/"}',
            'mkdocs.yml:20:22: extra.catalogue.portal.lookup: "https://dichvucong.gov.vn@example.com/" has a name',
        ),
    ):
        (project / "mkdocs.yml").write_text(config.replace('"1.004194"]', change), encoding="utf-8")
        with pytest.raises(CatalogueError) as error:
            build(project)
        assert str(error.value).startswith(expected)


def test_long_lists_are_split_into_pages(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, build_project: Builder
) -> None:
    from generator.web import pages

    monkeypatch.setattr(pages, "LIST_PAGE_SIZE", 1)
    second = RECORD.replace('code: "1.004194"', 'code: "1.004195"').replace(
        "title: Đăng ký tạm trú", "title: Gia hạn tạm trú"
    )
    project = make_project({"procedures/gia-han-tam-tru.yaml": second})
    build_project(project)
    field = project / "site" / "linh-vuc" / "dang-ky-quan-ly-cu-tru"
    first = _article(field / "index.html")
    page_two = _article(field / "trang-2" / "index.html")
    assert "Đăng ký tạm trú" in first and "Gia hạn tạm trú" not in first
    assert "Gia hạn tạm trú" in page_two and "Trang 2/2" in page_two
    assert 'href="trang-2/" rel="next"' in first
    assert 'href="../" rel="prev"' in page_two
