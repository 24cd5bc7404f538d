"""Printed guides and handbooks, read back as a print shop and a screen reader would."""

from __future__ import annotations

import io
import pickle
import re
import subprocess
from pathlib import Path
from typing import Any

import jinja2
import pypdf
import pypdfium2
import pytest
import zxingcpp

from generator import urls
from generator.build import BuildOptions, build
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.paper import guides
from generator.pdf import pool
from generator.pdf.jobs import MARGINS, PdfJob, PdfStats, PrintProfile
from generator.pdf.pool import _Progress

from ..conftest import ROOT, Builder, MakeProject, PdfPool
from ..where_fixture import settings_with

LONGEST = "cap-ho-chieu-pho-thong-o-trong-nuoc"
"""The sample's longest procedure (three pages of A4)."""
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)
BLEED = 3 / 25.4 * 72


def guide_of(site: Path, slug: str) -> Path:
    return site / "thu-tuc" / slug / f"huong-dan-{slug}.pdf"


def text_of(pdf: Path, page: int | None = None) -> str:
    """What ``pdftotext`` (poppler) reads out of the PDF: what a print shop or a search engine gets."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", "-layout", *pages, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, check=True, text=True).stdout


def box(page: pypdf.PageObject, name: str) -> tuple[float, float, float, float]:
    b = getattr(page, name)
    return (round(float(b.left), 1), round(float(b.bottom), 1), round(float(b.right), 1), round(float(b.top), 1))


def test_guide_is_a4_tagged_with_metadata_and_fonts(sample_site: Path) -> None:
    pdf = pypdf.PdfReader(guide_of(sample_site, LONGEST))
    assert 2 <= len(pdf.pages) <= 4
    for page in pdf.pages:
        assert box(page, "trimbox") == (0, 0, *[round(x, 1) for x in A4])
        assert box(page, "mediabox") == box(page, "trimbox")
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == "Cấp hộ chiếu phổ thông ở trong nước"
    assert meta.author == "Công an tỉnh Quảng Ngãi"
    catalog: Any = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "vi"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    fonts = set()
    for page in pdf.pages:
        resources: Any = page["/Resources"]
        for reference in resources["/Font"].values():
            font: Any = reference.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            fonts.add(str(font["/BaseFont"]).split("+", 1)[1])
            assert re.match(r"/[A-Z]{6}\+", str(font["/BaseFont"])), "fonts are subset"
    assert fonts == {"Be-Vietnam-Pro", "Be-Vietnam-Pro-Bold"}


def test_guide_text_copies_out_with_every_diacritic(sample_site: Path) -> None:
    text = text_of(guide_of(sample_site, LONGEST))
    for expected in (
        "Cấp hộ chiếu phổ thông ở trong nước",
        "Mã thủ tục: 1.001456",
        "Tờ khai đề nghị cấp hộ chiếu phổ thông (Mẫu TK01)",
        "Giấy tờ cần chuẩn bị",
        "Phường Cẩm Thành, tỉnh Quảng Ngãi",  # the agency's address, from the settings (agencies)
        "0255 0000 105",  # the agency's own phone, not only the publisher's hotline
        "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14",  # legal bases cited by their kind
        "Trang 1/3",
        "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam",
    ):
        assert expected in " ".join(text.split()), expected


def test_guide_qr_codes_hold_the_page_and_the_portal(sample_site: Path) -> None:
    pdf = pypdfium2.PdfDocument(guide_of(sample_site, LONGEST))
    image = pdf[0].render(scale=200 / 72).to_pil()
    found = sorted(r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode)
    page = f"https://thutuc.congan-quangngai.example/thu-tuc/{LONGEST}/"
    portal = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001456"
    assert found == sorted([page, portal])
    text = " ".join(text_of(guide_of(sample_site, LONGEST), 1).split())
    # Beside each code, an address a person can type (the host, then the code to look up), never a
    # long address broken mid-word.
    assert "dichvucong.gov.vn – mã 1.001456" in text
    assert "ma_thu_tuc" not in text


def test_offline_procedure_guide_has_only_the_page_qr(sample_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    offline = next(p for p in catalogue.procedures if p.online == "none")
    pdf = pypdfium2.PdfDocument(guide_of(sample_site, offline.slug or ""))
    codes = zxingcpp.read_barcodes(pdf[0].render(scale=200 / 72).to_pil())
    assert [c.text for c in codes] == [f"https://thutuc.congan-quangngai.example/thu-tuc/{offline.slug}/"]


def test_handbook_has_cover_contents_bookmarks_and_a_page_per_procedure(sample_site: Path) -> None:
    catalogue = load_catalogue(ROOT)
    path = sample_site / urls.handbook(None)
    pdf = pypdf.PdfReader(path)
    assert pdf.metadata is not None and pdf.metadata.title == "Sổ tay thủ tục hành chính – Tất cả thủ tục"
    outline: list[Any] = pdf.outline
    fields = [item for item in outline if not isinstance(item, list)]
    # A bookmark per field, then the list of commune police some of the procedures send citizens to.
    assert [f.title for f in fields] == [
        "Mục lục",
        *(f"Lĩnh vực {name}" for name in catalogue.by_field()),
        "Danh sách Công an xã, phường, đặc khu",
    ]
    titles = [item.title for sub in outline if isinstance(sub, list) for item in sub]
    assert titles == [p.title for ps in catalogue.by_field().values() for p in ps]
    cover = " ".join(text_of(path, 1).split())
    assert "Sổ tay thủ tục hành chính" in cover and "26 thủ tục" in cover and "CÔNG AN TỈNH QUẢNG NGÃI" in cover
    assert "Trang" not in cover, "no page number on the cover"
    assert "Bản mẫu: địa chỉ, điện thoại" in cover, "a sample says its contacts are an example"
    last = " ".join(text_of(path, len(pdf.pages)).split())
    # The commune police list ends the handbook: its heading, and the last commune police of the settings.
    assert "Công an xã, phường, đặc khu" in last and catalogue.settings.communes[-1].name in last
    # Page labels: i, ii for the cover and contents, then 1, 2… as printed at the foot of the pages.
    labels = pdf.page_labels
    body = labels.index("1")
    assert labels[:body] == ["i", "ii", "iii", "iv"][:body] and body % 2 == 0, "page 1 is a right-hand page"
    assert labels[body:] == [str(n) for n in range(1, len(labels) - body + 1)]
    contents = " ".join(text_of(path, 2).split())
    # Each procedure (and field) starts on the page the contents give for it, where its bookmark leads.
    marks = {
        item.title: pdf.get_destination_page_number(item) for sub in outline if isinstance(sub, list) for item in sub
    }
    for procedure in (ps[0] for ps in catalogue.by_field().values()):
        number = int(re.search(re.escape(procedure.title) + r"[ .]*(\d+)", contents)[1])  # type: ignore[index]
        index = labels.index(str(number))
        assert marks[procedure.title] == index
        start = " ".join(text_of(path, index + 1).split())
        assert start.startswith("CÔNG AN TỈNH QUẢNG NGÃI " + procedure.title), start[:80]
        assert f"Trang {number}" in start


def test_field_handbook_is_linked_from_the_field_page_with_its_size(sample_site: Path) -> None:
    field = "Quản lý xuất nhập cảnh"
    path = sample_site / urls.handbook(field)
    page = (sample_site / urls.field(field) / "index.html").read_text(encoding="utf-8")
    assert f'href="{path.name}" type="application/pdf"' in page
    assert f"Sổ tay thủ tục lĩnh vực {field} (PDF, " in page
    procedure = (sample_site / "thu-tuc" / LONGEST / "index.html").read_text(encoding="utf-8")
    size = guide_of(sample_site, LONGEST).stat().st_size
    assert f"Tải hướng dẫn in (PDF, {round(size / 1024)} KB)" in procedure


def test_a5_with_bleed_and_crop_marks(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project()
    build_project(project, options=BuildOptions(paper="A5", bleed=True, workers=1))
    [guide] = (project / "site" / "thu-tuc").glob("*/*.pdf")
    page = pypdf.PdfReader(guide).pages[0]
    w, h = (round(x, 1) for x in A5)
    b = round(BLEED, 1)
    assert box(page, "trimbox") == (0, 0, w, h)
    assert box(page, "bleedbox") == (-b, -b, round(w + b, 1), round(h + b, 1))
    assert box(page, "mediabox") == box(page, "bleedbox")


def _footer_spans(page: Any, bottom_margin_pt: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """The horizontal extents of the page number ("Trang 3") and of the rest of the text in the bottom margin."""
    text = page.get_textpage()
    chars = []  # (character, left, right) of the visible characters in the bottom margin
    for index in range(text.count_chars()):
        left, _, right, top = text.get_charbox(index)
        character = text.get_text_range(index, 1)
        if top <= bottom_margin_pt and right > left and character.strip():
            chars.append((character, left, right))
    footer = "".join(c for c, _, _ in chars)
    match = re.search(r"Trang\d+", footer)
    assert match, f"a page number in the bottom margin: {footer!r}"
    number = chars[match.start() : match.end()]
    other = chars[: match.start()] + chars[match.end() :]
    assert other, "a notice in the bottom margin"
    return (min(c[1] for c in number), max(c[2] for c in number)), (min(c[1] for c in other), max(c[2] for c in other))


def test_the_example_notice_keeps_clear_of_the_page_numbers_on_a5(
    make_project: MakeProject, build_project: Builder
) -> None:
    project = make_project({"mkdocs.yml": settings_with()})
    build_project(project, options=BuildOptions(paper="A5", workers=1))
    pdf = pypdfium2.PdfDocument(project / "site" / urls.handbook(None))
    bottom = MARGINS["A5"].bottom * 72 / 25.4
    labels = pypdf.PdfReader(project / "site" / urls.handbook(None)).page_labels
    numbered = [index for index, label in enumerate(labels) if label.isdigit()][:2]  # a right- and a left-hand page
    assert len(numbered) == 2
    for index in numbered:
        (n0, n1), (o0, o1) = _footer_spans(pdf[index], bottom)
        assert n1 < o0 or o1 < n0, f"page {labels[index]}: the notice runs into the page number"
    pdf.close()


def test_print_settings_come_from_mkdocs_yml(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "    print:\n      paper: A5\n", encoding="utf-8")
    build_project(project, options=BuildOptions(workers=1))
    [guide] = (project / "site" / "thu-tuc").glob("*/*.pdf")
    assert box(pypdf.PdfReader(guide).pages[0], "trimbox")[2:] == tuple(round(x, 1) for x in A5)


def test_rebuild_renders_only_what_changed_and_bytes_are_identical(
    make_project: MakeProject, build_project: Builder
) -> None:
    project = make_project()
    site = project / "site"
    first = build_project(project, options=BuildOptions(workers=1))
    # the guide, its field's handbook, the whole handbook; the form's printable and fillable PDFs;
    # made of the procedure's part, laid out once (its field has no title page: one procedure)
    assert (first.pdfs, first.pdfs_rendered) == (5, 6)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")}
    again = build_project(project, options=BuildOptions(workers=1))
    assert again.pdfs_rendered == 0
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")} == before

    # Identical bytes from a cold cache: no dates, no random identifiers.
    for cached in (project / ".catalogue" / "pdf-cache").rglob("*.pdf"):
        cached.unlink()
    cold = build_project(project, options=BuildOptions(workers=1))
    assert cold.pdfs_rendered == 6
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")} == before

    record = next((project / "procedures").glob("*.yaml"))
    record.write_text(record.read_text(encoding="utf-8").replace("Đăng ký tạm trú", "Đăng ký tạm trú mới", 1))
    changed = build_project(project, options=BuildOptions(workers=1))
    assert changed.pdfs_rendered == 4  # the part laid out again; the guide and both handbooks assembled


def test_a_rebuild_knows_unchanged_parts_by_their_memo_without_writing_their_html(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, build_project: Builder
) -> None:
    project = make_project({"mkdocs.yml": settings_with()})
    site = project / "site"
    build_project(project, options=BuildOptions(workers=1))
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")}
    written: list[str] = []
    render = jinja2.Template.render

    def counted(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        written.append(str(template.name))
        return render(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    again = build_project(project, options=BuildOptions(workers=1))
    assert again.pdfs_rendered == 0
    assert "part.html" not in written and "front.html" not in written

    # The memo's keys are the keys the HTML gives: without the memo, the same files, nothing rendered.
    (project / ".catalogue" / "pdf-cache" / pool.MEMO_FILE).write_text("not json", encoding="utf-8")
    written.clear()
    rebuilt = build_project(project, options=BuildOptions(workers=1))
    assert rebuilt.pdfs_rendered == 0 and "part.html" in written
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*.pdf")} == before

    # New generator code may write different HTML from the same records: the memo no longer counts.
    monkeypatch.setattr(pool, "_code_digest", lambda: "other code")
    written.clear()
    assert build_project(project, options=BuildOptions(workers=1)).pdfs_rendered == 0
    assert "part.html" in written and "front.html" in written

    # A setting a part shows (the office's telephone) lays the part out again.
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("per_commune: true", 'phone: "0200 0000 999"'))
    changed = build_project(project, options=BuildOptions(workers=1))
    assert changed.pdfs_rendered >= 4  # the part, the guide, the field's and the whole handbook
    assert "0200 0000 999" in text_of(guide_of(site, "dang-ky-tam-tru"))


def test_a_job_travels_with_its_html_written() -> None:
    """A job whose HTML is written when needed goes to a worker (or a Dask cluster) with the HTML, not the
    function that writes it, which cannot be pickled; written or not before it leaves."""
    for written in (False, True):
        job = PdfJob("a.pdf", lambda: "<html lang=vi></html>", ("guide.css",), memo="m")
        if written:
            assert job.html == "<html lang=vi></html>"
        copy = pickle.loads(pickle.dumps(job))
        assert (copy.document, copy.html, copy.memo, copy.stylesheets) == (job.html, job.html, "m", ("guide.css",))


def test_the_build_leaves_the_renderer_to_its_workers(make_project: MakeProject, build_project: Builder) -> None:
    """The pool's fork server imports WeasyPrint for every worker, beside the build; the build never does."""
    project = make_project()
    script = (
        "import sys; from pathlib import Path; from generator.build import BuildOptions, build; "
        f"report = build(Path({str(project)!r}), options=BuildOptions(workers=2)); "
        "print(report.pdfs_rendered, 'weasyprint' in sys.modules)"
    )
    run = subprocess.run(build_project.python("-c", script), capture_output=True, text=True, check=True, cwd=ROOT)
    assert run.stdout.split() == ["6", "False"]


def test_pool_renders_in_parallel_and_matches_one_process(make_project: MakeProject, pdf_pool: PdfPool) -> None:
    project = make_project()
    catalogue = load_catalogue(project)
    strings = load_texts(project / "templates")
    jobs, assemblies = guides.pdf_jobs(catalogue, strings, PrintProfile())
    jobs += [
        PdfJob(f"copy-{i}.pdf", jobs[0].html.replace("Đăng ký", f"Bản {i}: Đăng ký"), jobs[0].stylesheets)
        for i in range(4)
    ]
    stats = PdfStats()
    pooled = pdf_pool(project, jobs, PrintProfile(), assemblies=assemblies, workers=2, stats=stats)
    assert stats.rendered == len(jobs) + len(assemblies) == 8
    pooled_bytes = {path: pdf.file.read_bytes() for path, pdf in pooled.items()}
    for file in (project / ".catalogue" / "pdf-cache").rglob("*.pdf"):
        file.unlink()
    single = pdf_pool(project, jobs, PrintProfile(), assemblies=assemblies, workers=1)
    assert {path: pdf.file.read_bytes() for path, pdf in single.items()} == pooled_bytes


@pytest.mark.parametrize(
    "css",
    [
        "@import url(file:///etc/passwd);",
        "body { background: url(http://127.0.0.1:9/x.png) }",
        "body { background: url(../../../../../../etc/hostname) }",
    ],
)
def test_renderer_refuses_anything_outside_the_project(
    make_project: MakeProject, css: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    project = make_project()
    sheet = project / "templates" / "paper" / "guide.css"
    sheet.write_text(css + "\n" + sheet.read_text(encoding="utf-8"), encoding="utf-8")  # @import comes first
    assert main(["build", "--project", str(project), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "could not make this PDF: refused to read" in err
    assert "a PDF may use only files inside" in err
    assert "Traceback" not in err
    assert not (project / "site").exists()


def test_renderer_refuses_an_image_outside_the_project(make_project: MakeProject) -> None:
    project = make_project()
    head = project / "templates" / "paper" / "_head.html"
    head.write_text(
        head.read_text(encoding="utf-8").replace("</head>", '<link rel="icon" href="file:///etc/passwd"></head>')
    )
    html = project / "templates" / "paper" / "part.html"
    html.write_text(html.read_text(encoding="utf-8").replace("<body", '<body><img src="file:///etc/passwd" alt="x"'))
    from generator.problems import CatalogueError

    with pytest.raises(CatalogueError, match=r"refused to read 'file:///etc/passwd'"):
        build(project, options=BuildOptions(workers=1))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = _Terminal()
    meter = _Progress(2, terminal)
    meter.step()
    meter.step()
    meter.done()
    assert re.search(r"PDF 2/2 · [\d.]+/s · 0 s left", terminal.getvalue())
    log = io.StringIO()
    meter = _Progress(2, log)
    meter.step()
    meter.done()
    assert log.getvalue() == ""
    monkeypatch.setenv("CI", "true")
    terminal = _Terminal()
    _Progress(1, terminal).step()
    assert terminal.getvalue() == ""


def test_no_pdf_builds_the_pages_alone_and_keeps_the_cache(make_project: MakeProject, build_project: Builder) -> None:
    project = make_project()
    assert build_project.main("build", "--project", str(project), "--jobs", "1") == 0
    cached = sorted((project / ".catalogue" / "pdf-cache").rglob("*.pdf"))
    assert cached
    assert build_project.main("build", "--project", str(project), "--no-pdf") == 0
    site = project / "site"
    assert not list(site.rglob("*.pdf"))
    assert not [p for p in site.rglob("*.html") if ".pdf" in p.read_text(encoding="utf-8")], "no links to PDFs"
    assert sorted((project / ".catalogue" / "pdf-cache").rglob("*.pdf")) == cached
