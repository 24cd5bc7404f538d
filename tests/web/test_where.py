"""Where to go in person: agency pages, a procedure's place to hand in the dossier, guides and handbooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.records import LegalDocument
from generator.model.texts import Texts
from generator.paper import forms, guides
from generator.pdf.jobs import PrintProfile
from generator.render.wording import Wording
from generator.web.pages import docs_tree

from ..conftest import MakeProject
from ..where_fixture import AGENCIES, passport_record, settings_with

PASSPORT_OFFICE = "co-quan/phong-quan-ly-xuat-nhap-canh-cong-an-tinh-thu-nghiem/index.md"
COMMUNE_POLICE = "co-quan/cong-an-cap-xa/index.md"


def _catalogue(make_project: MakeProject, settings: str = AGENCIES) -> tuple[Catalogue, Texts]:
    project = make_project({"mkdocs.yml": settings_with(settings), "procedures/ho-chieu.yaml": passport_record()})
    return load_catalogue(project), load_texts(project / "templates")


@pytest.fixture
def pages(make_project: MakeProject) -> dict[str, str]:
    catalogue, texts = _catalogue(make_project)
    return {path: str(content) for path, content in docs_tree(catalogue, texts).items() if path.endswith(".md")}


def _section(html: str, id_: str) -> str:
    start = html.index(f'aria-labelledby="{id_}"')
    return html[start : html.index("</section>", start)]


def test_agency_page_says_where_it_is_and_how_to_reach_it(pages: dict[str, str]) -> None:
    contact = _section(pages[PASSPORT_OFFICE], "lien-he-co-quan")
    assert "Số 2 đường Thử, phường Thử" in contact
    assert "Thứ Hai đến Thứ Sáu: 7:30–11:30" in contact
    assert '<a href="tel:02000000105" class="tt-tel">0200 0000 105</a>' in contact
    assert '<a href="mailto:xuatnhapcanh@congan-thunghiem.example">' in contact
    assert '<a href="https://www.openstreetmap.org/search?query=Th%E1%BB%AD" rel="noopener external">' in contact
    assert "(ví dụ)" in contact, "example contacts say so"
    page = pages[PASSPORT_OFFICE]
    assert "<iframe" not in page and "<img" not in page, "a plain map link: nothing embedded"


def test_commune_police_page_lists_every_commune_with_a_filter_that_needs_no_script(pages: dict[str, str]) -> None:
    page = pages[COMMUNE_POLICE]
    assert "Các thủ tục dưới đây làm tại Công an xã, phường hoặc đặc khu nơi bạn cư trú" in page
    listed = _section(page, "danh-sach-tieu-de")
    names = re.findall(r"<h3>([^<]+)</h3>", listed)
    assert names == ["Công an xã An Bình", "Công an phường Thử"], "sorted by the commune's own name"
    assert '<a href="tel:02000000201" class="tt-tel">0200 0000 201</a>' in listed
    assert 'data-name="cong an xa an binh"' in listed, "names folded for typing without diacritics"
    assert '<div class="tt-filter" data-tt-filter hidden>' in listed, "the box shows only with the script"
    assert "assets/javascripts/communes.js" in page


def test_commune_procedure_sends_citizens_to_their_commune_not_to_the_province(pages: dict[str, str]) -> None:
    page = pages["thu-tuc/dang-ky-tam-tru/index.md"]
    where = _section(page, "noi-nop")
    assert "Thủ tục này làm tại Công an xã, phường hoặc đặc khu nơi bạn cư trú" in where
    assert 'href="../../co-quan/cong-an-cap-xa/#danh-sach"' in where
    assert "Số 1 đường Thử" not in where, "not the provincial headquarters' address"


def test_provincial_procedure_shows_its_agency_and_any_reception_point(pages: dict[str, str]) -> None:
    where = _section(pages["thu-tuc/ho-chieu/index.md"], "noi-nop")
    assert "Số 2 đường Thử, phường Thử" in where and 'href="tel:02000000105"' in where
    assert "bất kỳ điểm tiếp nhận nào trong tỉnh" in where and "118/2025/NĐ-CP" in where


def test_an_undescribed_agency_gives_the_hotline_to_ask(make_project: MakeProject) -> None:
    project = make_project({"procedures/ho-chieu.yaml": passport_record()})
    catalogue, texts = load_catalogue(project), load_texts(project / "templates")
    page = str(docs_tree(catalogue, texts)["thu-tuc/ho-chieu/index.md"])
    where = _section(page, "noi-nop")
    assert 'Hãy gọi đường dây nóng <a href="tel:0200000000" class="tt-tel">0200 000 000</a>' in where
    assert "(ví dụ)" not in where


def _print_documents(catalogue: Catalogue, texts: Texts) -> dict[str, str]:
    """The HTML of every part (a procedure's pages, a field's title page, the commune list) and handbook front."""
    parts, assemblies = guides.pdf_jobs(catalogue, texts, PrintProfile())
    fronts = {a.path: a.front.html for a in assemblies if a.front is not None}
    return {job.path: job.html for job in parts} | fronts


def test_guides_print_the_agency_contacts_and_the_commune_list(make_project: MakeProject) -> None:
    catalogue, texts = _catalogue(make_project)
    jobs = _print_documents(catalogue, texts)
    passport = jobs["thu-tuc/ho-chieu/huong-dan-ho-chieu.pdf#trang"]
    where = passport[passport.index('<section class="where">') :]
    assert "Số 2 đường Thử, phường Thử" in where and '<a href="tel:02000000105">0200 0000 105</a>' in where
    assert "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14" in passport
    commune = jobs["thu-tuc/dang-ky-tam-tru/huong-dan-dang-ky-tam-tru.pdf#trang"]
    where = commune[commune.index('<section class="where">') :]
    assert "Thủ tục này làm tại Công an xã" in where and "Số 1 đường Thử, phường Thử" not in where
    communes = jobs["so-tay-thu-tuc-hanh-chinh.pdf#cong-an-cap-xa"]
    assert "Công an xã An Bình" in communes
    handbook = jobs["so-tay-thu-tuc-hanh-chinh.pdf"]
    assert "Danh sách Công an xã, phường, đặc khu" in handbook[handbook.index('<nav class="toc"') :]


def test_every_guide_says_it_is_an_example_while_the_settings_say_so(make_project: MakeProject) -> None:
    catalogue, texts = _catalogue(make_project)
    documents = list(_print_documents(catalogue, texts).values())
    assert documents
    for html in documents:
        assert "@bottom-center" in html and "Bản mẫu: địa chỉ, điện thoại" in html
    # A form names no address nor phone: its printed sheet is the paper form, with no words for the screen.
    sheets = [job.html for job in forms.pdf_jobs(catalogue, texts)]
    assert sheets
    for html in sheets:
        assert "Bản mẫu" not in html and "@bottom-center" not in html


def test_no_pdf_mentions_an_example_for_a_confirmed_catalogue(make_project: MakeProject) -> None:
    catalogue, texts = _catalogue(make_project, AGENCIES.replace("example: true", "example: false"))
    documents = [*_print_documents(catalogue, texts).values(), *(job.html for job in forms.pdf_jobs(catalogue, texts))]
    for html in documents:
        assert "Bản mẫu" not in html and "(ví dụ)" not in html


@pytest.mark.parametrize(
    ("number", "title", "cited"),
    [
        ("68/2020/QH14", "Luật Cư trú", "Luật Cư trú số 68/2020/QH14"),
        ("68/2020/QH14", "Cư trú", "Luật Cư trú số 68/2020/QH14"),
        (
            "154/2024/NĐ-CP",
            "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
            "Nghị định số 154/2024/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
        ),
        ("55/2021/TT-BCA", "quy định chi tiết Luật Cư trú", "Thông tư số 55/2021/TT-BCA quy định chi tiết Luật Cư trú"),
        ("1523/QĐ-BCA-C06", "công bố thủ tục hành chính", "Quyết định số 1523/QĐ-BCA-C06 công bố thủ tục hành chính"),
        (
            "202/2025/QH15",
            "Nghị quyết về việc sắp xếp đơn vị hành chính cấp tỉnh",
            "Nghị quyết số 202/2025/QH15 về việc sắp xếp đơn vị hành chính cấp tỉnh",
        ),
        (
            "01/2024/TTLT-BCA-BQP",
            "Thông tư liên tịch hướng dẫn",
            "Thông tư liên tịch số 01/2024/TTLT-BCA-BQP hướng dẫn",
        ),
        ("12/C06-P2", "Hướng dẫn của Cục C06", "Hướng dẫn của Cục C06 số 12/C06-P2"),  # no known symbol
    ],
)
def test_legal_bases_are_cited_by_their_kind(make_project: MakeProject, number: str, title: str, cited: str) -> None:
    texts = load_texts(Path(make_project()) / "templates")
    document = LegalDocument.model_validate({"number": number, "title": title})
    assert Wording(texts).legal_citation(document) == cited
