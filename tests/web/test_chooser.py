"""The case chooser in the docs tree: the questions on a procedure's page, and a page for each path of answers
that shows only its cases' papers, fee and time (the browser's side: tests/site/test_chooser.py)."""

from __future__ import annotations

import html
import re

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.paper.guides import GuideWriter
from generator.pdf.jobs import PrintProfile
from generator.render import Content
from generator.web.pages import docs_tree

from ..conftest import ROOT

PASSPORT = "thu-tuc/cap-ho-chieu-pho-thong-o-trong-nuoc/"


@pytest.fixture(scope="module")
def tree() -> dict[str, Content]:
    return docs_tree(load_catalogue(ROOT), load_texts(ROOT / "templates"))


def _page(tree: dict[str, Content], url: str) -> str:
    return str(tree[f"{url}index.md"])


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_the_passport_page_asks_its_first_question_as_radios_in_a_fieldset(tree: dict[str, Content]) -> None:
    page = _page(tree, PASSPORT)
    form = page[page.index('<form class="tt-chooser"') : page.index("</form>")]
    assert 'id="chon" method="get"' in form
    assert 'data-tt-chooser="../../assets/javascripts/chooser.js"' in form
    first, second = re.findall(r"<fieldset[^>]*>", form)
    assert "hidden" not in first and "hidden" in second  # the age is asked only after "first time"
    assert '<legend class="tt-chooser__ask">Bạn làm hộ chiếu lần đầu, làm lại hay bị mất?</legend>' in form
    radios = re.findall(r'<input type="radio" id="(cau-1-\d)" name="cau-1" value="([^"]+)" data-cases="([^"]+)">', form)
    assert [(value, cases) for _, value, cases in radios] == [
        ("lam-lan-dau", "1 2"),
        ("ho-chieu-cu-het-han-hoac-sap-het-han", "3"),
        ("ho-chieu-cu-bi-hong", "4"),
        ("ho-chieu-cu-bi-mat", "5"),
    ]
    for radio_id, _, _ in radios:
        assert f'<label for="{radio_id}">' in form
    # Without JavaScript, each answer's button opens its page; the second question has none on this page.
    assert 'formaction="truong-hop/ho-chieu-cu-bi-mat/"' in form
    assert form.count("tt-go") == 4
    assert "Xem tất cả các trường hợp" in form and 'href="#chon"' in form
    # Every case's papers stay on the page, for print and for "see every case".
    assert page.count('class="tt-docgroup"') == 5
    assert "Bản sao giấy khai sinh" in page and "Đơn trình báo mất hộ chiếu" in page


def test_the_fee_for_each_case_is_on_the_page_for_the_script(tree: dict[str, Content]) -> None:
    page = _page(tree, PASSPORT)
    fee = page[page.index('data-tt-fact="fee"') : page.index('data-tt-fact="time"')]
    assert '<span data-tt-for="">200.000 – 400.000 đồng' in fee
    assert '<span data-tt-for="4 5" hidden>400.000 đồng khi nộp trực tiếp; chưa ghi mức thu khi nộp trực tuyến' in fee
    assert '<span data-tt-for="1-2 3 1 2" hidden>200.000 đồng khi nộp trực tiếp; 160.000 đồng' in fee
    assert '<tr data-tt-cases="4 5"><th scope="row">Cấp lại hộ chiếu do bị hỏng hoặc bị mất' in page


def test_the_lost_passport_page_shows_its_papers_and_fee_only(tree: dict[str, Content]) -> None:
    page = _page(tree, PASSPORT + "truong-hop/ho-chieu-cu-bi-mat/")
    text = _text(page)
    assert page.startswith('---\ntitle: "Cấp hộ chiếu phổ thông ở trong nước: Hộ chiếu cũ bị mất"')
    assert "Đơn trình báo mất hộ chiếu phổ thông" in text
    assert "khai sinh" not in text
    assert "400.000 đồng" in text and "200.000" not in text and "160.000" not in text
    assert "8 ngày làm việc" in text
    assert "Trường hợp của bạn: Hộ chiếu cũ bị mất" in text
    assert "Bạn làm hộ chiếu lần đầu, làm lại hay bị mất? Hộ chiếu cũ bị mất" in text
    assert 'href="../../#chon">Thay đổi câu trả lời' in page
    assert 'href="../../#ho-so">Xem tất cả các trường hợp' in page
    assert "<fieldset" not in page  # nothing left to ask


def test_first_time_asks_the_age_next_and_keeps_the_first_answer(tree: dict[str, Content]) -> None:
    page = _page(tree, PASSPORT + "truong-hop/lam-lan-dau/")
    assert '<input type="hidden" name="cau-1" value="lam-lan-dau">' in page
    assert re.findall(r"<fieldset[^>]*>", page) == ['<fieldset class="tt-chooser__q" data-tt-q="1">']  # shown
    assert '<legend class="tt-chooser__ask">Người cần làm hộ chiếu đã đủ 14 tuổi chưa?</legend>' in page
    assert 'formaction="chua-du-14-tuoi/"' in page
    assert "data-tt-chooser" not in page  # a page of its own works without the script
    child = _text(_page(tree, PASSPORT + "truong-hop/lam-lan-dau/chua-du-14-tuoi/"))
    assert "Bản sao giấy khai sinh hoặc trích lục khai sinh" in child and "200.000 đồng" in child
    assert "400.000" not in child and "trình báo mất" not in child
    assert 'href="../#chon">Thay đổi câu trả lời' in _page(tree, PASSPORT + "truong-hop/lam-lan-dau/chua-du-14-tuoi/")


def test_cases_without_questions_are_asked_in_plain_words(tree: dict[str, Content]) -> None:
    page = _page(tree, "thu-tuc/dang-ky-thuong-tru/")
    assert '<legend class="tt-chooser__ask">Bạn thuộc trường hợp nào?</legend>' in page
    assert page.count('name="cau-1"') == 4
    # Its answers change only which papers show: without JavaScript each leads to its case's papers on the page
    # itself (the details that holds them opens), and the build makes no page per answer.
    assert '<a class="md-button tt-go" href="#truong-hop-3">Xem giấy tờ của tôi</a>' in page
    assert '<ul class="tt-doclist" id="truong-hop-3">' in page
    assert not [path for path in tree if path.startswith("thu-tuc/dang-ky-thuong-tru/truong-hop/")]


def test_a_procedure_with_one_list_of_papers_has_no_chooser(tree: dict[str, Content]) -> None:
    page = _page(tree, "thu-tuc/trinh-bao-mat-ho-chieu-pho-thong/")
    assert "tt-chooser" not in page and "data-tt-for" not in page
    assert not [path for path in tree if path.startswith("thu-tuc/trinh-bao-mat-ho-chieu-pho-thong/truong-hop/")]


def test_the_printed_guide_keeps_every_case() -> None:
    catalogue, texts = load_catalogue(ROOT), load_texts(ROOT / "templates")
    passport = catalogue.by_code["1.001456"]
    (guide,) = [job.html for job in GuideWriter(catalogue, texts, PrintProfile()).parts() if job.source == "1.001456"]
    for group in passport.documents:
        assert group.case and html.escape(group.case, quote=False) in guide
    assert "400.000" in guide and "200.000" in guide
