"""What the service worker saves, and what "Lưu để xem khi không có mạng" saves with a procedure."""

from __future__ import annotations

import json
from pathlib import Path

from generator.load.catalogue import load_catalogue
from generator.pdf.jobs import RenderedPdf
from generator.web import offline

from ..conftest import ROOT

SITE_FILES = [
    "index.html",
    "404.html",
    "linh-vuc/index.html",
    "linh-vuc/dang-ky-quan-ly-cu-tru/index.html",
    "co-quan/index.html",
    "cap/index.html",
    "a-z/index.html",
    "a-z/dd/index.html",
    "bieu-mau/index.html",
    "bieu-mau/CT01/index.html",
    "tim-kiem/index.html",
    "khong-co-mang/index.html",
    "thu-tuc/dang-ky-thuong-tru/index.html",
    "thu-tuc/dang-ky-thuong-tru/huong-dan-dang-ky-thuong-tru.pdf",
    "assets/stylesheets/main.85b4b897.min.css",
    "assets/javascripts/theme.js",
    "assets/fonts/be-vietnam-pro-400.woff2",
    "assets/images/logo.svg",
    "search/manifest.json",
    "search/docs.a5136db1b5a0.json",
    "search/t.00296e92b653.json",
    "sitemap.xml",
]


def _search_sizes(shard_bytes: int) -> dict[str, int]:
    docs, shard = "search/docs.a5136db1b5a0.json", "search/t.00296e92b653.json"
    return {"search/manifest.json": 4_000, docs: 20_000, shard: shard_bytes}


def test_install_saves_the_shell_the_home_and_index_pages_and_a_small_search_index() -> None:
    chosen = offline.precached(SITE_FILES, _search_sizes(12_000))
    assert chosen == sorted(
        [
            "index.html",
            "linh-vuc/index.html",
            "co-quan/index.html",
            "cap/index.html",
            "a-z/index.html",
            "bieu-mau/index.html",
            "tim-kiem/index.html",
            "khong-co-mang/index.html",
            "assets/stylesheets/main.85b4b897.min.css",
            "assets/javascripts/theme.js",
            "assets/fonts/be-vietnam-pro-400.woff2",
            "assets/images/logo.svg",
            "search/manifest.json",
            "search/docs.a5136db1b5a0.json",
            "search/t.00296e92b653.json",
        ]
    )


def test_a_large_search_index_saves_only_its_manifest_and_titles_at_install() -> None:
    chosen = offline.precached(SITE_FILES, _search_sizes(offline.SEARCH_PRECACHE_BYTES))
    assert "search/manifest.json" in chosen and "search/docs.a5136db1b5a0.json" in chosen
    assert "search/t.00296e92b653.json" not in chosen


def test_procedures_and_guides_are_not_saved_at_install() -> None:
    chosen = offline.precached(SITE_FILES, _search_sizes(100))
    assert not [path for path in chosen if path.startswith(("thu-tuc/", "a-z/dd/", "linh-vuc/dang-ky"))]
    assert "404.html" not in chosen and "sitemap.xml" not in chosen


def test_the_build_hash_changes_with_any_file_and_not_with_order() -> None:
    files = {"index.html": offline.digest(b"<h1>Trang chu</h1>"), "a.pdf": offline.digest(b"%PDF-1.7")}
    same = dict(reversed(list(files.items())))
    assert offline.build_id(files) == offline.build_id(same)
    changed = {**files, "a.pdf": offline.digest(b"%PDF-1.7 changed")}
    assert offline.build_id(changed) != offline.build_id(files)
    assert len(offline.build_id(files)) == offline.HASH_CHARS


def test_the_worker_gets_its_settings_before_its_script() -> None:
    text = offline.service_worker(
        "self.addEventListener('fetch', f);\n",
        "0123456789abcdef",
        {"index.html": "aaaa", "assets/javascripts/theme.js": "bbbb"},
    )
    head, script = text.split("\n", 2)[1:]
    settings = json.loads(head.removeprefix("self.TT_OFFLINE = ").removesuffix(";"))
    assert settings == {
        "build": "0123456789abcdef",
        "offline": "khong-co-mang/",
        "precache": [["assets/javascripts/theme.js", "bbbb"], ["", "aaaa"]],
    }
    assert script == "self.addEventListener('fetch', f);\n"


def test_saving_a_procedure_saves_its_guide_and_every_file_of_its_forms() -> None:
    catalogue = load_catalogue(ROOT)
    p = next(p for p in catalogue.procedures if p.code == "1.004222")
    guide = "thu-tuc/dang-ky-thuong-tru/huong-dan-dang-ky-thuong-tru.pdf"
    pdfs = {path: RenderedPdf(Path("/dev/null"), 1) for path in (guide, "bieu-mau/CT01/CT01-mau-in.pdf")}
    files = offline.saved_files(p, catalogue, pdfs)
    assert files[0] == guide
    assert "bieu-mau/CT01/" in files and "bieu-mau/CT01/dien-truc-tuyen/" in files
    assert "bieu-mau/CT01/CT01-mau-in.pdf" in files and "bieu-mau/CT01/CT01-mau-word.docx" in files
    assert "bieu-mau/CT01/CT01-dien-tren-may.pdf" not in files  # not made in this build
    assert len(files) == len(set(files))
    data = offline.save_data(p, catalogue, pdfs)
    assert data["title"] == "Đăng ký thường trú" and data["code"] == "1.004222"
    assert data["guide"] == "huong-dan-dang-ky-thuong-tru.pdf"
    assert "../../bieu-mau/CT01/" in data["files"]  # type: ignore[operator]


def test_without_pdfs_a_procedure_saves_no_guide() -> None:
    catalogue = load_catalogue(ROOT)
    p = next(p for p in catalogue.procedures if p.code == "1.004222")
    data = offline.save_data(p, catalogue, {})
    assert data["guide"] is None
    assert not [f for f in data["files"] if str(f).endswith(".pdf")]  # type: ignore[attr-defined]


def test_the_built_site_has_its_worker_and_only_the_theme_it_uses(sample_site: Path) -> None:
    worker = (sample_site / offline.SERVICE_WORKER).read_text(encoding="utf-8")
    settings = json.loads(worker.split("\n")[1].removeprefix("self.TT_OFFLINE = ").removesuffix(";"))
    assert worker.endswith((ROOT / "templates" / offline.WORKER_SOURCE).read_text(encoding="utf-8"))
    stamp = f'<meta name="tt-build" content="{settings["build"]}">'
    # Every reader's page; the browser editor (quan-tri/) is no page of the site's and is never kept offline.
    pages = [p for p in sample_site.rglob("*.html") if p.relative_to(sample_site).parts[0] != "quan-tri"]
    assert all(stamp in page.read_text(encoding="utf-8") for page in pages)
    for address, check in settings["precache"]:
        path = sample_site / address / "index.html" if address.endswith("/") or not address else sample_site / address
        assert offline.digest(path.read_bytes()) == check, address
    assert [a for a, _ in settings["precache"] if a.startswith("thu-tuc/")] == []
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "bundle." not in home and "__config" not in home and "theme.js" in home
    assert not list(sample_site.rglob("*.map"))
    assert not (sample_site / "assets/javascripts/lunr").exists()
    assert not (sample_site / "assets/javascripts/workers").exists()
    saved = (sample_site / "thu-tuc/dang-ky-thuong-tru/index.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="tt-offline-data">' in saved
    assert "Lưu để xem khi không có mạng" in saved
    offline_page = (sample_site / "khong-co-mang/index.html").read_text(encoding="utf-8")
    assert "Thủ tục đã lưu trên máy này" in offline_page


def test_files_editors_put_beside_their_pages_are_never_saved_at_install() -> None:
    """An 8 MB photo in pages/assets/images/ would be downloaded in the background on every first visit."""
    photo, plan = "assets/images/anh-tru-so.jpg", "assets/javascripts/so-do.svg"
    chosen = offline.precached([*SITE_FILES, photo, plan], _search_sizes(100), handwritten={photo, plan})
    assert photo not in chosen and plan not in chosen
    assert "assets/images/logo.svg" in chosen  # the theme's own
