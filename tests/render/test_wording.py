"""Fees and times as a citizen reads them: in the key facts, on cards, in "who pays what"."""

from __future__ import annotations

from typing import Any

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.records import Channel, Procedure
from generator.render.wording import Wording

from ..conftest import ROOT


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording(load_texts(ROOT / "templates"))


@pytest.fixture(scope="module")
def residence() -> Procedure:
    return load_catalogue(ROOT).by_code["1.004222"]


def _with(p: Procedure, *channels: dict[str, Any]) -> Procedure:
    return p.model_copy(update={"channels": tuple(Channel.model_validate(c) for c in channels)})


def _fee(name: str, amount: int, **more: str) -> dict[str, Any]:
    return {"name": name, "amount": str(amount), **more}


def test_the_key_fact_gives_each_way_its_fee_only_when_they_differ(wording: Wording, residence: Procedure) -> None:
    assert wording.fee_fact(residence) == "20.000 đồng khi nộp trực tiếp; 10.000 đồng khi nộp trực tuyến"
    assert wording.time_fact(residence) == "7 ngày làm việc"
    same = _with(residence, {"method": "in_person", "time": {"value": "3", "unit": "working_days"}},
                 {"method": "post", "time": {"value": "5", "unit": "working_days"}})  # fmt: skip
    assert wording.fee_fact(same) == "Miễn phí"
    assert wording.time_fact(same) == "3 ngày làm việc khi nộp trực tiếp; 5 ngày làm việc khi gửi qua bưu điện"


def test_cards_never_mix_a_fee_with_a_price_per_copy(wording: Wording, residence: Procedure) -> None:
    record = _with(residence, {
        "method": "in_person", "time": {"value": "10", "unit": "days"},
        "fees": [_fee("Phí cung cấp thông tin", 200000), _fee("Học sinh, sinh viên", 100000),
                 _fee("Từ Phiếu thứ 3", 5000, per="Phiếu")],
    })  # fmt: skip
    assert wording.glance_fee(record) == "100.000 – 200.000 đồng"
    assert wording.fee_fact(record) == "100.000 – 200.000 đồng"
    assert "Từ Phiếu thứ 3: 5.000 đồng mỗi Phiếu" in wording.fees_text(record.channels[0]), "the printed guide"
    only_per = _with(residence, {"method": "in_person", "time": {"value": "1", "unit": "days"},
                                 "fees": [_fee("Theo danh sách", 5000, per="người")]})  # fmt: skip
    assert wording.glance_fee(only_per) == "5.000 đồng mỗi người"


def test_cards_show_times_with_their_unit_and_never_cut_them(wording: Wording, residence: Procedure) -> None:
    long = "Trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ (Điều 26 Luật Căn cước)."
    record = _with(residence, {"method": "in_person", "time": {"text": long}},
                   {"method": "online", "time": {"text": "Tiếp nhận ngay."}})  # fmt: skip
    glance = wording.glance_time(record)
    assert glance == "Xem thời hạn trong phần Cách thức thực hiện / Tiếp nhận ngay."
    assert "…" not in glance
    assert wording.time_fact(record).startswith(long), "the page itself says it whole"


def test_who_pays_what_has_a_row_per_fee_and_a_column_per_way(wording: Wording, residence: Procedure) -> None:
    table = wording.fee_table(residence)
    assert table is not None and not table.same
    assert table.columns == ["Trực tiếp", "Trực tuyến"]
    assert [(row.name, row.amounts) for row in table.rows] == [
        ("Lệ phí đăng ký thường trú", ["20.000 đồng", "10.000 đồng"])
    ]
    assert len(table.notes) == 1, "the same exemption on both ways is said once"
    partial = _with(residence,
                    {"method": "in_person", "time": {"value": "8", "unit": "working_days"},
                     "fees": [_fee("Cấp mới", 200000), _fee("Cấp lại do bị mất", 400000)]},
                    {"method": "online", "time": {"value": "8", "unit": "working_days"},
                     "fees": [_fee("Cấp mới", 160000)], "fees_text": "Cấp lại: hiển thị khi thanh toán."})  # fmt: skip
    table = wording.fee_table(partial)
    assert table is not None
    assert [row.amounts for row in table.rows] == [["200.000 đồng", "160.000 đồng"], ["400.000 đồng", None]]
    assert [method for method, _ in table.texts] == ["Trực tuyến"]
    free = _with(residence, {"method": "online", "time": {"value": "1", "unit": "days"}})
    assert wording.fee_table(free) is None
