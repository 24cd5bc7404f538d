"""Fees and times as a citizen reads them: in the key facts, on cards, in "who pays what"; and the sentences made
from a record (coming in person, what online means, the documents' lead), which must agree with it."""

from __future__ import annotations

from typing import Any

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.records import Channel, InPerson, Procedure
from generator.render.wording import Wording

from ..conftest import ROOT


@pytest.fixture(scope="module")
def wording() -> Wording:
    return Wording(load_texts(ROOT / "templates"))


@pytest.fixture(scope="module")
def sample() -> Catalogue:
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def residence(sample: Catalogue) -> Procedure:
    return sample.by_code["1.004222"]


def _with(p: Procedure, *channels: dict[str, Any]) -> Procedure:
    return p.model_copy(update={"channels": tuple(Channel.model_validate(c) for c in channels)})


def _fee(name: str, amount: int, **more: str) -> dict[str, Any]:
    return {"name": name, "amount": str(amount), **more}


def test_the_key_fact_gives_each_way_its_fee_only_when_they_differ(wording: Wording, residence: Procedure) -> None:
    assert wording.fee_fact(residence) == "20.000 đồng khi nộp trực tiếp; 10.000 đồng khi nộp trực tuyến"
    assert wording.time_fact(residence) == "7 ngày làm việc"
    same = _with(
        residence,
        {"method": "in_person", "time": {"value": "3", "unit": "working_days"}},
        {"method": "post", "time": {"value": "5", "unit": "working_days"}},
    )
    assert wording.fee_fact(same) == "Miễn phí"
    assert wording.time_fact(same) == "3 ngày làm việc khi nộp trực tiếp; 5 ngày làm việc khi gửi qua bưu điện"


def test_cards_never_mix_a_fee_with_a_price_per_copy(wording: Wording, residence: Procedure) -> None:
    record = _with(
        residence,
        {
            "method": "in_person",
            "time": {"value": "10", "unit": "days"},
            "fees": [
                _fee("Phí cung cấp thông tin", 200000),
                _fee("Học sinh, sinh viên", 100000),
                _fee("Từ Phiếu thứ 3", 5000, per="Phiếu"),
            ],
        },
    )
    assert wording.glance_fee(record) == "100.000 – 200.000 đồng"
    assert wording.fee_fact(record) == "100.000 – 200.000 đồng"
    assert "Từ Phiếu thứ 3: 5.000 đồng mỗi Phiếu" in wording.fees_text(record.channels[0]), "the printed guide"
    only_per = _with(
        residence,
        {
            "method": "in_person",
            "time": {"value": "1", "unit": "days"},
            "fees": [_fee("Theo danh sách", 5000, per="người")],
        },
    )
    assert wording.glance_fee(only_per) == "5.000 đồng mỗi người"


def test_cards_show_times_with_their_unit_and_never_cut_them(wording: Wording, residence: Procedure) -> None:
    long = "Trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ (Điều 26 Luật Căn cước)."
    record = _with(
        residence,
        {"method": "in_person", "time": {"text": long}},
        {"method": "online", "time": {"text": "Tiếp nhận ngay."}},
    )
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
    partial = _with(
        residence,
        {
            "method": "in_person",
            "time": {"value": "8", "unit": "working_days"},
            "fees": [_fee("Cấp mới", 200000), _fee("Cấp lại do bị mất", 400000)],
        },
        {
            "method": "online",
            "time": {"value": "8", "unit": "working_days"},
            "fees": [_fee("Cấp mới", 160000)],
            "fees_text": "Cấp lại: hiển thị khi thanh toán.",
        },
    )
    table = wording.fee_table(partial)
    assert table is not None
    assert [row.amounts for row in table.rows] == [["200.000 đồng", "160.000 đồng"], ["400.000 đồng", None]]
    assert [method for method, _ in table.texts] == ["Trực tuyến"]
    free = _with(residence, {"method": "online", "time": {"value": "1", "unit": "days"}})
    assert wording.fee_table(free) is None


# -- sentences that follow the record ---------------------------------------------------------------

ID_CARD = "2.000200"
CRIMINAL_RECORD = "3.000333"
CHANGE_OF_OWNER = "1.013076"
E_ID = "3.000228"
PASSPORT = "1.001456"


def test_coming_in_person_is_worded_from_the_record(wording: Wording, sample: Catalogue) -> None:
    card = sample.by_code[ID_CARD]
    assert wording.in_person_heading(card) == "Phải đến trực tiếp"
    assert wording.in_person_items(card) == [
        "Thu nhận ảnh khuôn mặt, vân tay, mống mắt",
        "Kiểm tra và ký xác nhận Phiếu thu nhận thông tin căn cước",
    ]
    assert wording.visit_sentence(card) == (
        "Nộp trực tuyến không thay được việc đến trực tiếp để thu nhận ảnh khuôn mặt, vân tay, mống mắt; "
        "kiểm tra và ký xác nhận Phiếu thu nhận thông tin căn cước."
    )
    assert wording.in_person_text(card).startswith("Thu nhận ảnh khuôn mặt, vân tay, mống mắt; kiểm tra và ký")
    vehicle = sample.by_code[CHANGE_OF_OWNER]
    assert wording.in_person_heading(vehicle) == "Có thể phải đến trực tiếp", "every visit it lists is in some case"
    assert wording.in_person_items(vehicle) == ["Đưa xe đến để cán bộ đối chiếu (khi cần)"]
    assert wording.visit_sentence(vehicle) is None, "online saves the trip unless the case arises"
    assert wording.visit_sentence(sample.by_code[E_ID]) is None, "nothing online to warn about"
    passport = sample.by_code[PASSPORT]
    assert passport.in_person == () and wording.in_person_items(passport) == [], "its record states no visit"
    signed = card.model_copy(update={"in_person": (InPerson(what="signature"),)})
    assert wording.in_person_items(signed) == ["Ký tên trước mặt cán bộ"], "the kind's words when there is no note"


def test_what_online_means_never_contradicts_the_ways_to_submit(wording: Wording, sample: Catalogue) -> None:
    criminal = sample.by_code[CRIMINAL_RECORD]
    assert {c.method for c in criminal.channels} == {"online", "in_person"} and criminal.online == "full"
    said = wording.online_explain(criminal)
    assert "không phải đến" not in said, "the same section lists handing it in in person"
    assert "không cần đến cơ quan" in said and "cách khác" in said
    online_only = _with(criminal, {"method": "online", "time": {"value": "10", "unit": "days"}})
    assert "không phải đến cơ quan" in wording.online_explain(online_only)
    case = InPerson(what="other", note="bổ sung giấy tờ gốc", when="khi cơ quan yêu cầu")
    sometimes = criminal.model_copy(update={"in_person": (case,)})
    assert "chỉ phải đến cơ quan trong trường hợp" in wording.online_explain(sometimes)
    e_id = sample.by_code[E_ID]
    assert wording.online_explain(e_id).endswith("Chuẩn bị giấy tờ theo danh sách ở trên rồi nộp theo cách dưới đây.")
    printed = wording.online_explain(e_id, printed=True)
    assert "ở trên" not in printed, "the guide lists the documents after this sentence"
    assert wording.online_explain(e_id, has_forms=True).startswith("Thủ tục này chưa nộp trực tuyến được. Tải mẫu")


def test_the_documents_lead_never_asks_for_papers_none_of_which_is_required(
    wording: Wording, sample: Catalogue, residence: Procedure
) -> None:
    card = sample.by_code[ID_CARD]
    assert [d.required for g in card.documents for d in g.items] == [False]
    assert card.nothing_required
    lead = wording.documents_lead(card)
    assert "Chuẩn bị đủ" not in lead and lead.startswith("Không có giấy tờ bắt buộc.")
    assert wording.documents_lead(sample.by_code[E_ID]) == "Chuẩn bị đủ các giấy tờ sau trước khi nộp."
    assert wording.documents_lead(residence) == "Giấy tờ tùy trường hợp; mở trường hợp của bạn."
