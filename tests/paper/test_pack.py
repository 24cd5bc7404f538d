"""The print pack (``catalogue print``), checked as a press operator checks files before printing: PDF/X
version and output intent, trim and bleed boxes on every page, fonts embedded, nothing but black on a
one-colour job, images sharp enough, booklets in fours, QR codes that lead to the right page, tickets
that match their files. The pack of a small catalogue is made in the test (slow: it renders PDFs)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pikepdf
import pytest
import zxingcpp
from PIL import Image

from generator.load.catalogue import load_catalogue
from generator.pack import PackOptions, impose, make_pack, pad_pages
from generator.paper.press import MIN_PPI, inspect, press
from generator.problems import CatalogueError
from generator.project import SITE_DIR

from ..conftest import BASE, ROOT, MakeProject, PdfPool

SITE = "https://thutuc.thunghiem.gov.vn/"
TRIM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A3": (297.0, 420.0)}


def _project(make_project: MakeProject) -> Path:
    return _configure(make_project())


def _configure(project: Path) -> Path:
    """The base catalogue with a site address (the posters' QR codes) and a poster of its procedure."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("docs_dir:", f"site_url: {SITE}\ndocs_dir:", 1)
    text = text.replace(
        '    featured: ["1.004194"]', '    featured: ["1.004194"]\n    print:\n      posters: ["1.004194"]'
    )
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory, pdf_pool: PdfPool) -> Path:
    """The print pack of the base catalogue (one procedure, one form), with a poster of its procedure;
    made once for the checks that read it."""
    project = tmp_path_factory.mktemp("pack") / "project"
    shutil.copytree(BASE, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    _configure(project)
    made = make_pack(project, PackOptions(zip=True, workers=1))
    assert made.out == project / "print"
    return made.out


def _pdfs(pack: Path) -> list[Path]:
    return sorted(pack.glob("*/*.pdf"))


def test_every_file_is_pdf_x4_for_a_one_colour_black_press(pack: Path) -> None:
    files = _pdfs(pack)
    kinds = {path.parent.name for path in files}
    assert kinds == {"huong-dan", "so-tay", "bieu-mau", "ap-phich"}
    for path in files:
        found = inspect(path.read_bytes())
        assert found.version == "PDF/X-4", path.name
        assert found.output_intent.startswith("FOGRA29L"), path.name
        assert found.unembedded_fonts == [], path.name
        assert found.colours == [], f"{path.name}: {found.colours[:5]}"
        assert found.least_ppi >= MIN_PPI, f"{path.name}: an image at {found.least_ppi:.0f} ppi"
        with pikepdf.open(path) as pdf:
            assert pdf.pdf_version >= "1.6"
            assert "/Annots" not in pdf.pages[0].obj, "links mean nothing on paper"


def test_every_page_has_its_trim_and_3_mm_of_bleed(pack: Path) -> None:
    for path in _pdfs(pack):
        found = inspect(path.read_bytes())
        for number, (trim, bleed) in enumerate(found.boxes, start=1):
            width, height = round(trim[2] - trim[0], 1), round(trim[3] - trim[1], 1)
            expected = {*TRIM.values(), *((h, w) for w, h in TRIM.values()), (296.0, 210.0)}
            assert (width, height) in expected, f"{path.name} page {number}: trim {width} × {height} mm"
            assert bleed == (trim[0] - 3, trim[1] - 3, trim[2] + 3, trim[3] + 3), f"{path.name} page {number}"
        if path.parent.name == "so-tay":
            assert {trim[2] - trim[0] for trim, _ in found.boxes} == ({296.0} if "dan-trang" in path.name else {148.0})
        if path.parent.name in ("huong-dan", "bieu-mau"):
            assert (width, height) == TRIM["A4"], path.name


def test_handbooks_are_booklets_of_four_pages_a_sheet_and_stay_unimposed_too(pack: Path) -> None:
    for book in sorted((pack / "so-tay").glob("*.pdf")):
        if book.stem.endswith("-dan-trang"):
            continue
        pages = inspect(book.read_bytes()).pages
        sheets = inspect((book.parent / f"{book.stem}-dan-trang.pdf").read_bytes()).pages
        assert pages % 4 == 0, book.name
        assert sheets == pages // 2, f"{book.name}: {pages} A5 pages on {sheets} sides of A4"


def test_blank_pages_pad_a_handbook_to_whole_sheets_or_signatures() -> None:
    pdf = pikepdf.new()
    for _ in range(5):
        pdf.add_blank_page(page_size=(420, 595))
    out = io.BytesIO()
    pdf.save(out)
    for multiple, pages in ((4, 8), (16, 16)):
        with pikepdf.open(io.BytesIO(pad_pages(out.getvalue(), multiple))) as padded:
            assert len(padded.pages) == pages
            assert padded.pages[-1].trimbox == padded.pages[0].trimbox


def _qr_urls(path: Path, tmp: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", str(path), str(tmp / "page")], check=True)
    [png] = tmp.glob("page*.png")
    found = [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    png.unlink()
    return found


def test_the_posters_qr_codes_lead_to_the_procedures_page(pack: Path, tmp_path: Path) -> None:
    page = SITE + "thu-tuc/dang-ky-tam-tru/"
    posters = sorted((pack / "ap-phich").glob("*.pdf"))
    names = {path.name for path in posters}
    for size in ("a4", "a3"):
        for way in ("doc", "ngang"):
            assert f"cong-an-cap-xa-{size}-{way}.pdf" in names
            assert f"thu-tuc-dang-ky-tam-tru-{size}-{way}.pdf" in names
    for path in posters:
        assert _qr_urls(path, tmp_path) == [page], path.name
    text = subprocess.run(
        ["pdftotext", str(pack / "ap-phich/cong-an-cap-xa-a3-ngang.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(text.split())
    assert "Đăng ký tạm trú" in text and "1.004194" in text and "Nộp trực tuyến một phần" in text


def test_tickets_say_what_each_file_is_and_its_checksum(pack: Path) -> None:
    ticket = json.loads((pack / "phieu-in.json").read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in ticket["files"]}
    assert set(files) == {path.relative_to(pack).as_posix() for path in _pdfs(pack)}
    for name, entry in files.items():
        data = (pack / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == inspect(data).pages
        one_side = entry["kind"] == "poster" or entry["pages"] == 1
        assert entry["colours"] == ("1/0 K" if one_side else "1/1 K"), name
        assert entry["bleed_mm"] == 3 and entry["standard"] == "PDF/X-4"
        assert entry["content_updated"] == "2026-11-20" or name.startswith("bieu-mau/")
        own = json.loads((pack / name.replace(".pdf", ".phieu-in.json")).read_text(encoding="utf-8"))
        assert own == entry
        assert (pack / name.replace(".pdf", ".phieu-in.html")).is_file()
    booklet = next(entry for entry in files.values() if entry["kind"] == "booklet")
    assert booklet["sheets"] * 2 == booklet["pages"] and booklet["trim_mm"] == [296.0, 210.0]
    page = (pack / "phieu-in.html").read_text(encoding="utf-8")
    assert "Đóng ghim giữa" in page and "huong-dan/huong-dan-dang-ky-tam-tru.phieu-in.html" in page
    own = (pack / "huong-dan/huong-dan-dang-ky-tam-tru.phieu-in.html").read_text(encoding="utf-8")
    assert "1/1: một màu đen (K), in hai mặt" in own and "210 × 297 mm" in own
    with zipfile.ZipFile(pack / "zip" / "cong-an-cap-xa.zip") as archive:
        assert "phieu-in.json" in archive.namelist()
        assert "huong-dan/huong-dan-dang-ky-tam-tru.pdf" in archive.namelist()


def test_the_pack_never_goes_into_the_site(make_project: MakeProject) -> None:
    project = _project(make_project)
    with pytest.raises(CatalogueError, match="published with the site"):
        make_pack(project, PackOptions(out=project / SITE_DIR / "in"))
    (project / "notes").mkdir()
    (project / "notes" / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not a print pack"):
        make_pack(project, PackOptions(out=project / "notes"))
    assert (project / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_a_poster_code_that_is_no_procedure_is_a_problem(make_project: MakeProject) -> None:
    project = _project(make_project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('posters: ["1.004194"]', 'posters: ["9.999999"]'))
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(project)
    assert [f"{p.key}: {p.message}" for p in raised.value.problems] == [
        'extra.catalogue.print.posters[0]: no procedure has code "9.999999"'
    ]


def _page_with(content: bytes, image: bool = False) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    if image:
        pixels = Image.new("RGB", (10, 10), (255, 255, 255))
        pixels.putpixel((1, 1), (0, 0, 0))
        stream = pikepdf.Stream(pdf, pixels.tobytes())
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height, stream.BitsPerComponent = 10, 10, 8
        stream.ColorSpace = pikepdf.Name.DeviceRGB
        page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream))
    page.obj.Contents = pdf.make_stream(content)
    profile = pdf.make_stream(b"icc")
    pdf.Root.OutputIntents = pikepdf.Array(
        [pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, DestOutputProfile=profile)]
    )
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_rgb_and_four_colour_black_become_greys_of_the_black_plate() -> None:
    content = (
        b"1 0 0 rg 0 0 10 10 re f 0 0 0 RG 0 0 m 5 5 l S 0.6 0.5 0.4 1 k 0 0 5 5 re f "
        b"/DeviceRGB cs 0.5 0.5 0.5 sc 0 0 1 1 re f"
    )
    assert len(inspect(_page_with(content)).colours) == 4
    pressed, _ = press(_page_with(content), date(2026, 11, 20))
    found = inspect(pressed)
    assert found.colours == []
    with pikepdf.open(io.BytesIO(pressed)) as pdf:
        operators = [
            (str(i.operator), [float(v) for v in i.operands if not isinstance(v, pikepdf.Name)])
            for i in pikepdf.parse_content_stream(pdf.pages[0])
            if str(i.operator) in ("g", "G", "sc")
        ]
    assert operators == [("g", [0.299]), ("G", [0.0]), ("g", [0.0]), ("sc", [0.5])]


def test_a_two_level_image_is_made_grey_and_sharp_enough_for_the_press() -> None:
    drawn = b"q 72 0 0 72 10 10 cm /Im0 Do Q"  # 10 pixels over one inch: 10 ppi
    assert inspect(_page_with(drawn, image=True)).least_ppi == pytest.approx(10)
    pressed, done = press(_page_with(drawn, image=True), date(2026, 11, 20))
    found = inspect(pressed)
    assert found.colours == [] and found.least_ppi >= MIN_PPI and done.images == 1
    with pikepdf.open(io.BytesIO(pressed)) as pdf:
        image = pdf.pages[0].Resources.XObject.Im0
        assert image.ColorSpace == pikepdf.Name.DeviceGray and image.BitsPerComponent == 1


def test_a_handbook_too_thick_to_staple_is_imposed_in_signatures_of_16_pages() -> None:
    mm = 72 / 25.4
    pdf = pikepdf.new()
    for number in range(80):
        page = pdf.add_blank_page(page_size=(154 * mm, 216 * mm))
        page.obj.TrimBox = pikepdf.Array([3 * mm, 3 * mm, 151 * mm, 213 * mm])
        page.obj.BleedBox = page.obj.MediaBox
        # each page a bar of its own width, to tell the pages apart on the sheets
        page.obj.Contents = pdf.make_stream(f"0 g 20 20 {number + 1} 10 re f".encode())
    pdf.Root.OutputIntents = pikepdf.Array(
        [pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX)]
    )
    with pdf.open_metadata() as meta:
        meta["pdfxid:GTS_PDFXVersion"] = "PDF/X-4"
    out = io.BytesIO()
    pdf.save(out)
    booklet = impose(out.getvalue())
    assert booklet is not None
    found = inspect(booklet)
    assert found.pages == 40 and found.version == "PDF/X-4"
    assert {trim for trim, _ in found.boxes} == {(3.0, 3.0, 299.0, 213.0)}
    with pikepdf.open(io.BytesIO(booklet)) as sheets:
        first, ninth = (_bars(sheets, side) for side in (0, 8))
    assert first == [16, 1] and ninth == [32, 17], "each signature of four sheets is nested on its own"


def _bars(pdf: pikepdf.Pdf, side: int) -> list[int]:
    """The pages (by their bar's width) drawn on one side of a sheet, in the order they are drawn."""

    def widths(content: pikepdf.Object, resources: pikepdf.Object) -> list[int]:
        found = []
        for instruction in pikepdf.parse_content_stream(content):
            if str(instruction.operator) == "re":
                found.append(int(float(instruction.operands[2])))
            elif str(instruction.operator) == "Do":
                form = resources.XObject[str(instruction.operands[0])]
                found += widths(form, form.get("/Resources", pikepdf.Dictionary()))
        return found

    page = pdf.pages[side]
    return widths(page.obj, page.Resources)
