"""Life events: journeys/ records become step-by-step pages, and procedures say which journeys they are part of."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rdflib

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.render import Content
from generator.web.pages import docs_tree

from ..conftest import BASE, ROOT, MakeProject

MOVING = """\
title: Chuyển đến nơi ở mới
summary: Khi bạn thuê trọ ở nơi khác.
steps:
  - title: Thuê nhà, ký hợp đồng thuê
    url: https://dichvucong.gov.vn/
    agency: Chủ nhà
    why: Hợp đồng thuê là giấy tờ chứng minh chỗ ở hợp pháp.
  - procedure: "1.004194"
    why: Đăng ký tạm trú tại nơi ở mới trong 30 ngày.
updated: 2026-11-30
"""


pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SCHEMA = rdflib.Namespace("https://schema.org/")
CV = rdflib.Namespace("http://data.europa.eu/m8g/")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def sample() -> tuple[Catalogue, dict[str, Content]]:
    """The sample catalogue and its docs tree (no HTML engine, no PDFs)."""
    catalogue = load_catalogue(ROOT)
    return catalogue, docs_tree(catalogue, load_texts(ROOT / "templates"))


def _page(tree: dict[str, Content], path: str) -> str:
    page = tree[path]
    assert isinstance(page, str)
    return page


def test_the_sample_ships_life_events_that_name_real_steps() -> None:
    catalogue = load_catalogue(ROOT)
    assert len(catalogue.journeys) >= 2
    titles = [j.title for j in catalogue.journeys]
    assert "Sinh con" in titles and "Chuyển đến nơi ở mới" in titles
    for journey in catalogue.journeys:
        for step in journey.steps:
            assert step.why
            for option in step.options:
                assert option.why
                assert option.procedure in catalogue.by_code if option.procedure else option.url


def test_a_journey_page_numbers_its_steps_and_says_why(sample_site: Path) -> None:
    html = (sample_site / "su-kien" / "sinh-con" / "index.html").read_text(encoding="utf-8")
    text = _text(html[html.index("<article") : html.index("</article>")])
    assert text.index("Bước 1 Đăng ký khai sinh") < text.index("Bước 2 Đăng ký thường trú") < text.index("Bước 3")
    assert "Trong 60 ngày kể từ ngày được đăng ký khai sinh" in text
    assert 'href="../../thu-tuc/dang-ky-thuong-tru/"' in html
    assert "7 ngày làm việc" in text, "a step of this catalogue shows its time, fee and online service like a card"
    assert 'href="https://dichvucong.gov.vn/" rel="noopener external"' in html
    assert "Thực hiện tại: Ủy ban nhân dân cấp xã" in text


def test_the_journeys_are_listed_on_their_page_and_the_home_page(sample_site: Path) -> None:
    listing = _text((sample_site / "su-kien" / "index.html").read_text(encoding="utf-8"))
    assert "Sinh con" in listing and "3 bước" in listing
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert 'href="su-kien/sinh-con/"' in home


def test_a_procedure_page_says_which_journeys_it_is_part_of(sample_site: Path) -> None:
    html = (sample_site / "thu-tuc" / "dang-ky-thuong-tru" / "index.html").read_text(encoding="utf-8")
    part = _text(html[html.index('<nav class="tt-part-of"') :])
    assert "Một phần của: Sinh con (bước 2/3)" in part
    assert "Bước trước: Đăng ký khai sinh" in part
    alone = (sample_site / "thu-tuc" / "cap-lai-giay-phep-lai-xe" / "index.html").read_text(encoding="utf-8")
    assert "tt-part-of" not in alone


def test_a_step_whose_procedure_is_not_in_force_is_named_not_linked(make_project: MakeProject) -> None:
    record = (BASE / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")
    project = make_project(
        {
            "journeys/chuyen-noi-o.yaml": MOVING,
            "procedures/dang-ky-tam-tru.yaml": record + "effective_until: 2020-01-01\n",
            "procedures/ban-sao.yaml": record.replace('"1.004194"', '"1.004195"'),
        }
    )
    catalogue = load_catalogue(project)
    page = str(docs_tree(catalogue, load_texts(project / "templates"))["su-kien/chuyen-noi-o/index.md"])
    assert "Thủ tục có mã 1.004194 hiện chưa áp dụng hoặc đã hết hiệu lực." in page
    assert "thu-tuc/dang-ky-tam-tru/" not in page


def test_journey_schema_comes_from_the_model() -> None:
    from generator.model.schema import json_schemas

    schema = json_schemas()["journey"]
    assert schema["required"] == ["title", "summary", "steps", "updated"]
    assert set(schema["$defs"]["JourneyStep"]["properties"]) == {"procedure", "title", "url", "agency", "why", "one_of"}
    assert set(schema["$defs"]["JourneyOption"]["properties"]) == {"procedure", "title", "url", "agency", "why"}
    assert schema["$defs"]["JourneyStep"]["properties"]["one_of"]["anyOf"][0]["minItems"] == 2


# -- a step that offers a choice (one_of) -------------------------------------------------------


def test_moving_house_asks_for_temporary_or_permanent_registration_not_both(
    sample: tuple[Catalogue, dict[str, Content]],
) -> None:
    catalogue, tree = sample
    moving = next(j for j in catalogue.journeys if j.slug == "chuyen-noi-o")
    assert len(moving.steps) == 2
    first = moving.steps[0]
    assert first.one_of is not None and [o.procedure for o in first.one_of] == ["1.004194", "1.004222"]
    page = _page(tree, "su-kien/chuyen-noi-o/index.md")
    text = _text(page)
    assert text.index("Bước 1 Một trong các thủ tục sau") < text.index("Đăng ký tạm trú Nếu bạn thuê, mượn")
    assert text.index("Đăng ký tạm trú") < text.index("hoặc Đăng ký thường trú Nếu nơi ở mới là chỗ ở lâu dài")
    assert text.index("hoặc Đăng ký thường trú") < text.index("Bước 2 Xác nhận thông tin về cư trú")
    assert "Bước 3" not in text, "the two registrations are one step, not steps 1 and 2"
    options = re.findall(r'<li class="tt-journey__option">(.*?)</li>', page, re.DOTALL)
    assert len(options) == 2
    assert "3 ngày làm việc" in _text(options[0]) and "7 ngày làm việc" in _text(options[1]), "each option its facts"
    listing = _text(_page(tree, "su-kien/index.md"))
    assert "Chuyển đến nơi ở mới" in listing and "2 bước" in listing


def test_each_option_says_on_its_page_it_is_one_of_the_choices_of_its_step(
    sample: tuple[Catalogue, dict[str, Content]],
) -> None:
    _, tree = sample
    for slug, other in (("dang-ky-tam-tru", "Đăng ký thường trú"), ("dang-ky-thuong-tru", "Đăng ký tạm trú")):
        page = _page(tree, f"thu-tuc/{slug}/index.md")
        nav = page[page.index('<nav class="tt-part-of"') : page.index("</nav>")]
        moving = _text(nav[: nav.index("Sinh con")] if "Sinh con" in nav else nav)
        assert "Một phần của: Chuyển đến nơi ở mới (bước 1/2, chỉ cần làm một trong 2 thủ tục)" in moving
        assert f"Thay vào đó có thể chọn: {other}" in moving
        assert "Bước tiếp theo: Xác nhận thông tin về cư trú" in moving
        assert "Bước trước" not in moving
    after = _page(tree, "thu-tuc/xac-nhan-thong-tin-ve-cu-tru/index.md")
    part = _text(after[after.index('<nav class="tt-part-of"') :])
    assert "Một phần của: Chuyển đến nơi ở mới (bước 2/2)" in part
    assert "Bước trước: Đăng ký tạm trú hoặc Đăng ký thường trú" in part


def _how_to(page: str) -> rdflib.Graph:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "HowTo"
    # Read as RDF, with schema.org's terms (its context file is not fetched).
    data["@context"] = {"@vocab": "https://schema.org/"}
    return rdflib.Graph().parse(data=json.dumps(data), format="json-ld")


def test_the_journey_page_carries_its_steps_and_the_choice_as_schema_org(
    sample: tuple[Catalogue, dict[str, Content]],
) -> None:
    catalogue, tree = sample
    site = catalogue.site.site_url
    graph = _how_to(_page(tree, "su-kien/chuyen-noi-o/index.md"))
    [how_to] = graph.subjects(rdflib.RDF.type, SCHEMA.HowTo)
    steps = sorted(graph.objects(how_to, SCHEMA.step), key=lambda s: int(str(graph.value(s, SCHEMA.position))))
    assert len(steps) == 2
    choice = graph.value(steps[0], SCHEMA.potentialAction)
    assert (choice, rdflib.RDF.type, SCHEMA.ChooseAction) in graph
    options = {str(o) for o in graph.objects(choice, SCHEMA.actionOption)}
    assert options == {f"{site}thu-tuc/dang-ky-tam-tru/#dich-vu", f"{site}thu-tuc/dang-ky-thuong-tru/#dich-vu"}
    directions = list(graph.objects(steps[0], SCHEMA.itemListElement))
    whys = {str(graph.value(d, SCHEMA.about)): str(graph.value(d, SCHEMA.text)) for d in directions}
    assert whys[f"{site}thu-tuc/dang-ky-tam-tru/#dich-vu"].startswith("Nếu bạn thuê, mượn hoặc ở nhờ")
    assert graph.value(steps[1], SCHEMA.potentialAction) is None, "a plain step offers no choice"
    assert str(graph.value(steps[1], SCHEMA.about)) == f"{site}thu-tuc/xac-nhan-thong-tin-ve-cu-tru/#dich-vu"
    births = _how_to(_page(tree, "su-kien/sinh-con/index.md"))
    outside = [s for s in births.subjects(rdflib.RDF.type, SCHEMA.GovernmentService) if "su-kien/sinh-con/" in str(s)]
    assert len(outside) == 2, "each step of another agency is its own node, though both link to the portal's home"


def test_the_cpsv_ap_life_event_carries_the_same_steps(sample: tuple[Catalogue, dict[str, Content]]) -> None:
    catalogue, tree = sample
    site = catalogue.site.site_url
    graph = rdflib.Graph().parse(data=_page(tree, "du-lieu/cpsv-ap.jsonld"), format="json-ld")
    event = rdflib.URIRef(f"{site}su-kien/chuyen-noi-o/")
    assert (event, rdflib.RDF.type, CV.LifeEvent) in graph
    related = {str(s) for s in graph.objects(event, CV.hasRelatedService)}
    assert f"{site}thu-tuc/dang-ky-thuong-tru/#dich-vu" in related and len(related) == 3
    [first] = [s for s in graph.objects(event, SCHEMA.step) if int(str(graph.value(s, SCHEMA.position))) == 1]
    choice = graph.value(first, SCHEMA.potentialAction)
    assert (choice, rdflib.RDF.type, SCHEMA.ChooseAction) in graph
    assert len(list(graph.objects(choice, SCHEMA.actionOption))) == 2


def test_a_choice_among_other_agencies_procedures_and_one_not_in_force(make_project: MakeProject) -> None:
    record = (BASE / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")
    journey = """\
title: Người thân qua đời
summary: Những việc gia đình làm khi người thân mất.
steps:
  - why: Báo việc người thân mất, theo nơi họ mất.
    one_of:
      - {title: Đăng ký khai tử, url: https://dichvucong.gov.vn/, agency: Ủy ban nhân dân cấp xã, why: Nếu mất tại nhà.}
      - {procedure: "1.004195", why: Thủ tục cũ để so sánh.}
  - {procedure: "1.004194", why: Xóa tạm trú của người đã mất.}
updated: 2026-11-30
"""
    project = make_project(
        {
            "journeys/qua-doi.yaml": journey,
            "procedures/ban-cu.yaml": record.replace('"1.004194"', '"1.004195"') + "effective_until: 2020-01-01\n",
        }
    )
    catalogue = load_catalogue(project)
    page = str(docs_tree(catalogue, load_texts(project / "templates"))["su-kien/qua-doi/index.md"])
    text = _text(page)
    assert "Bước 1 Một trong các thủ tục sau" in text
    assert "Đăng ký khai tử (mở trang khác) Nếu mất tại nhà. Thực hiện tại: Ủy ban nhân dân cấp xã" in text
    assert "hoặc Thủ tục có mã 1.004195 hiện chưa áp dụng hoặc đã hết hiệu lực." in text
    graph = _how_to(page)
    names = {str(graph.value(s, SCHEMA.name)) for s in graph.subjects(rdflib.RDF.type, SCHEMA.GovernmentService)}
    assert {"Đăng ký khai tử", "Thủ tục có mã 1.004195 hiện chưa áp dụng hoặc đã hết hiệu lực."} <= names
