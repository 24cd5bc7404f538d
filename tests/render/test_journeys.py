"""Life events: journeys/ records become step-by-step pages, and procedures say which journeys they are part of."""

from __future__ import annotations

import re
from pathlib import Path

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.render.pages import docs_tree

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


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_sample_ships_life_events_that_name_real_steps() -> None:
    catalogue = load_catalogue(ROOT)
    assert len(catalogue.journeys) >= 2
    titles = [j.title for j in catalogue.journeys]
    assert "Sinh con" in titles and "Chuyển đến nơi ở mới" in titles
    for journey in catalogue.journeys:
        for step in journey.steps:
            assert step.why
            assert step.procedure in catalogue.by_code if step.procedure else step.url


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
    assert "Một phần của: Chuyển đến nơi ở mới (bước 2/3)" in part
    assert "Bước trước: Đăng ký tạm trú" in part and "Bước tiếp theo: Xác nhận thông tin về cư trú" in part
    assert "Một phần của: Sinh con (bước 2/3)" in part
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
    assert set(schema["$defs"]["JourneyStep"]["properties"]) == {"procedure", "title", "url", "agency", "why"}
