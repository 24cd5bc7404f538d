"""Reading the national page's cells and flattened tables, one fault of the real records at a time."""

from __future__ import annotations

import unicodedata

import pytest

from generator.national.cells import (
    FeeEntry,
    Note,
    clean,
    fee_data,
    read_time,
    split_form_files,
    stated_amounts,
    unit_in,
)
from generator.national.mapping import split_items, split_names, steps
from generator.national.page import channel_rows, legal_rows, paper_groups


def test_text_is_cleaned_as_a_record_holds_it() -> None:
    nfd = unicodedata.normalize("NFD", "Ủy ban Nhân dân\xa0xã,\xa0phường\t\u200bthị trấn.  ")
    assert clean(nfd) == "Ủy ban Nhân dân xã, phường thị trấn."
    assert clean("a\r\nb\n\n\n\nc") == "a\nb\n\nc"


@pytest.mark.parametrize(
    ("cell", "data"),
    [
        ("5 Ngày làm việc", {"value": "5", "unit": "working_days"}),
        ("30 Ngày", {"value": "30", "unit": "days"}),
        ("3 Giờ", {"value": "3", "unit": "hours"}),
        ("07", {"text": "7"}),  # no unit: the number alone, never a guessed unit
        ("1 Năm", {"text": "1 Năm"}),
        ("Không có thông tin", None),
        ("Không quy định", {"text": "Không quy định"}),
    ],
)
def test_time_cells(cell: str, data: dict[str, str] | None) -> None:
    assert read_time(cell).data() == data


def test_a_unit_the_record_gives_elsewhere_is_used_when_there_is_just_one() -> None:
    assert unit_in(["Trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ"], "7") == "working_days"
    assert unit_in(["7 ngày làm việc; hoặc 7 ngày"], "7") is None
    assert unit_in(["17 ngày làm việc"], "7") is None


def test_amounts_stated_in_words() -> None:
    assert stated_amounts("Lệ phí 20.000 đồng/lần; cấp lại 20 triệu đồng/giấy phép; 25.000đ") == {
        20000,
        20_000_000,
        25000,
    }


def _fees(*entries: FeeEntry) -> tuple[list[dict[str, str]], list[str], list[Note]]:
    notes: list[Note] = []
    fees, words = fee_data(list(entries), ("channels", 0), notes)
    return fees, words, notes


def test_fee_cells_as_an_editor_reads_them() -> None:
    assert _fees(FeeEntry("free", description="Không có")) == ([], [], [])
    council = "Mức thu do Hội đồng nhân dân tỉnh quyết định"
    assert _fees(FeeEntry("free", description=council)) == ([], [council], [])
    fees, words, notes = _fees(FeeEntry("free", description="Lệ phí: 50.000 đồng"))
    assert (fees, words, [n.reason for n in notes]) == ([], ["Lệ phí: 50.000 đồng"], ["fee_free_amount"])
    fees, _, _ = _fees(FeeEntry("amount", 40000, "40,000 Việt Nam Đồng", "đồng/lần"))
    assert fees == [{"name": "Phí, lệ phí", "amount": "40000", "per": "lần"}]
    fees, _, notes = _fees(FeeEntry("amount", 20, "20 VNĐ", "20.000 vnđ /tờ khai"))
    assert fees == [{"name": "Phí, lệ phí", "amount": "20000", "note": "20.000 vnđ /tờ khai"}]
    assert [n.reason for n in notes] == ["fee_thousands"]
    _, words, notes = _fees(FeeEntry("unknown", text="Không có thông tin"))
    assert (words, [n.reason for n in notes]) == (["Không có thông tin"], ["fee_unknown"])
    _, words, _ = _fees(FeeEntry("foreign", text="150 USD", description="quy đổi theo tỷ giá"))
    assert words == ["150 USD (quy đổi theo tỷ giá)"]


def test_channel_rows_are_cut_at_each_way_of_submitting() -> None:
    rows = channel_rows(
        "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm việc40,000 Việt Nam Đồng(- Xe ô tô "
        "(dưới 10 chỗ))Nộp tại trụ sở; Trực tuyến trên Cổng.Dịch vụ bưu chínhKhông có thông tinMiễn "
        "phí"
    )
    assert rows is not None
    assert [(row.method, row.time.data()) for row in rows] == [
        ("in_person", {"value": "5", "unit": "working_days"}),
        ("post", None),
    ]
    assert rows[0].fees[0].description == "- Xe ô tô (dưới 10 chỗ)"
    assert rows[0].description == "Nộp tại trụ sở; Trực tuyến trên Cổng."


def test_a_time_run_into_a_fee_is_cut_only_where_the_description_says() -> None:
    settled = channel_rows("Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)")
    assert settled is not None and settled[0].time.value == "1" and settled[0].fees[0].amount == 20
    open_question = channel_rows("Trực tuyến120 VNĐTrực tiếp2 Ngày làm việcMiễn phí")
    assert open_question is not None and open_question[0].together == "120 VNĐ"


def test_papers_counts_notes_and_form_files() -> None:
    groups = paper_groups(
        "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai hải quan: 01 bản chính1 bản chínhBản sao hợp "
        "đồng0 bản chính,1 bản saoGhi chú thêm0 bản chínhTrường hợp ủy quyền:Tên giấy tờMẫu đơn, tờ "
        "khaiSố lượngĐơn theo Mẫu số 181 bản chính"
    )
    assert groups is not None
    first, second = groups
    assert (first.case, [(p.name, p.originals, p.copies) for p in first.papers]) == (
        "",
        [("Tờ khai hải quan: 01 bản chính", 1, 0), ("Bản sao hợp đồng", 0, 1), ("Ghi chú thêm", 0, 0)],
    )
    assert (second.case, second.papers[0].name, second.papers[0].originals) == (
        "Trường hợp ủy quyền",
        "Đơn theo Mẫu số 18",
        1,
    )


@pytest.mark.parametrize(
    ("written", "name", "files"),
    [
        ("Đơn đề nghị (bản chính)Mẫu số 07.docx", "Đơn đề nghị (bản chính)", ["Mẫu số 07.docx"]),
        (
            "theo Thông tư 01/2025/TT-NHNN;Phlcs08Thngt01.docx",
            "theo Thông tư 01/2025/TT-NHNN;",
            ["Phlcs08Thngt01.docx"],
        ),
        ("ban hành ngày 01/01/2026Mau 3. Don khai bao.docx", "ban hành ngày 01/01/2026", ["Mau 3. Don khai bao.docx"]),
        ("Nghị định số 23/2026/NĐ-CPMau04.docx", "Nghị định số 23/2026/NĐ-CP", ["Mau04.docx"]),
        ("theo mẫu;Mus01.docxPhlcIV.docx", "theo mẫu;", ["Mus01.docx", "PhlcIV.docx"]),
        ("Tờ khai.docx", "Tờ khai.docx", []),
    ],
)
def test_form_files_glued_to_a_name(written: str, name: str, files: list[str]) -> None:
    assert split_form_files(written) == (name, files)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            "Tên văn bản pháp lýMã văn bảnLuật Quản lý thuế năm 201938/2019/QH14Nghị định 126/2020/NĐ-CP126/2020/NĐ-CP",
            [("Luật Quản lý thuế năm 2019", "38/2019/QH14"), ("Nghị định 126/2020/NĐ-CP", "126/2020/NĐ-CP")],
        ),
        (
            "Luật 08/2017/QH1408/2017/QH14Thông tư số 03/2023/TT-BTP ngày 02/8/2023Thông tư số 03/2023/TT-BTP",
            [("Luật 08/2017/QH14", "08/2017/QH14"), ("Thông tư số 03/2023/TT-BTP ngày 02/8/2023", "03/2023/TT-BTP")],
        ),
        (
            "Nghị quyết số 66.7/2025/NQ-CP ngày 1/7/2025;66.7/2025/NQ-CP Nghị định 17/2012/NĐ-CP17/2012/NĐ-CP",
            [
                ("Nghị quyết số 66.7/2025/NQ-CP ngày 1/7/2025", "66.7/2025/NQ-CP"),
                ("Nghị định 17/2012/NĐ-CP", "17/2012/NĐ-CP"),
            ],
        ),
        (
            "Thông tư ngày 15/5/2026.55/2026/TT-BTCQuy định mức thu150/2016/TT-BTC",
            [("Thông tư ngày 15/5/2026.", "55/2026/TT-BTC"), ("Quy định mức thu", "150/2016/TT-BTC")],
        ),
        (
            "Thông tư số 08/2026/TT-BNNMT ngày 26/01/202608/2026Luật số 146/2025/QH15 sửa đổi146/2025/QH15",
            [
                ("Thông tư số 08/2026/TT-BNNMT ngày 26/01/2026", "08/2026/TT-BNNMT"),
                ("Luật số 146/2025/QH15 sửa đổi", "146/2025/QH15"),
            ],
        ),
    ],
)
def test_legal_documents_run_together(text: str, rows: list[tuple[str, str]]) -> None:
    assert legal_rows(text) == rows


def test_steps_at_each_numbered_step_else_at_the_first_list_marker() -> None:
    assert steps("Bước 1: Nộp hồ sơ.\nBước 2. Nhận kết quả.\n+ Trực tiếp.", ("steps",), []) == [
        "Nộp hồ sơ.",
        "Nhận kết quả.\n\n+ Trực tiếp.",
    ]
    assert split_items("a) Nộp hồ sơ:\n- trực tiếp;\nb) Giải quyết.") == ["Nộp hồ sơ:\n\n- trực tiếp;", "Giải quyết."]
    assert split_items("Một đoạn.\nĐoạn khác.") == ["Một đoạn.", "Đoạn khác."]
    assert split_items("Xem [Điều 5](http://x)") == ["Xem \\[Điều 5\\](http://x)"]  # never a link that fails the check


def test_names_joined_by_commas_that_hold_commas() -> None:
    assert split_names("Ủy ban Nhân dân xã, phường, thị trấn., Công an tỉnh") == [
        "Ủy ban Nhân dân xã, phường, thị trấn",
        "Công an tỉnh",
    ]
    assert split_names("Doanh nghiệp, Tổ chức (không bao gồm doanh nghiệp, HTX)") == [
        "Doanh nghiệp",
        "Tổ chức (không bao gồm doanh nghiệp, HTX)",
    ]
    assert split_names("Không có thông tin") == []
