"""The case chooser's logic: which questions a procedure asks, where each path of answers leads, and the
fees each case reads (the messages for bad values are golden files: tests/fixtures/errors/procedures/case-*)."""

from __future__ import annotations

import pytest

from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model import cases
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.texts import Texts
from generator.render.wording import Wording

from ..conftest import ROOT

PASSPORT = "1.001456"
PERMANENT = "1.004222"


@pytest.fixture(scope="module")
def sample() -> tuple[Catalogue, Texts]:
    return load_catalogue(ROOT), load_texts(ROOT / "templates")


def _procedure(sample: tuple[Catalogue, Texts], code: str) -> Procedure:
    return sample[0].by_code[code]


def test_the_passport_record_asks_its_own_questions(sample: tuple[Catalogue, Texts]) -> None:
    chooser = cases.chooser(_procedure(sample, PASSPORT), sample[1])
    assert chooser is not None
    assert [ask.text for ask in chooser.asks] == [
        "Bạn làm hộ chiếu lần đầu, làm lại hay bị mất?",
        "Người cần làm hộ chiếu đã đủ 14 tuổi chưa?",
    ]
    assert [ask.name for ask in chooser.asks] == ["cau-1", "cau-2"]
    lost = [choice.label for choice in chooser.asks[0].choices].index("Hộ chiếu cũ bị mất")
    assert chooser.asks[0].choices[lost].slug == "ho-chieu-cu-bi-mat"
    assert [chooser.names[i] for i in chooser.cases((lost,))] == ["Hộ chiếu cũ bị mất"]
    assert chooser.done((lost,))
    assert not chooser.done((0,))  # first time: two cases left, the age decides
    assert chooser.query((0, 1)) == "cau-1=lam-lan-dau&cau-2=chua-du-14-tuoi"


def test_a_path_has_a_page_until_one_case_is_left(sample: tuple[Catalogue, Texts]) -> None:
    chooser = cases.chooser(_procedure(sample, PASSPORT), sample[1])
    assert chooser is not None
    assert list(chooser.paths()) == [(0,), (1,), (2,), (3,), (0, 0), (0, 1)]
    assert chooser.slugs((0, 1)) == ("lam-lan-dau", "chua-du-14-tuoi")
    every = set().union(*(chooser.cases(path) for path in chooser.paths() if chooser.done(path)))
    assert every == set(range(len(chooser.names)))  # every case has its page


def test_the_lost_passport_reads_its_own_fee_and_papers(sample: tuple[Catalogue, Texts]) -> None:
    procedure, texts = _procedure(sample, PASSPORT), sample[1]
    chooser = cases.chooser(procedure, texts)
    assert chooser is not None
    lost = cases.narrowed(procedure, chooser.cases((3,)), texts)
    papers = [item.name for group in lost.documents for item in group.items]
    assert "Đơn trình báo mất hộ chiếu phổ thông" in papers
    assert not any("khai sinh" in name for name in papers)
    in_person, online = lost.channels
    assert [(fee.name, fee.amount) for fee in in_person.fees] == [("Cấp lại hộ chiếu do bị hỏng hoặc bị mất", 400000)]
    assert online.fees == () and online.fees_text == texts.chooser.fee_unstated  # never "free"
    wording = Wording(texts)
    assert wording.fee_fact(lost).startswith("400.000 đồng khi nộp trực tiếp")
    first = cases.narrowed(procedure, chooser.cases((0, 0)), texts)
    assert wording.fee_fact(first) == "200.000 đồng khi nộp trực tiếp; 160.000 đồng khi nộp trực tuyến"
    assert [group.case for group in first.documents] == ["Cấp hộ chiếu lần đầu (người từ đủ 14 tuổi)"]


def test_several_cases_without_questions_get_one_listing_them(sample: tuple[Catalogue, Texts]) -> None:
    procedure, texts = _procedure(sample, PERMANENT), sample[1]
    assert not procedure.questions
    chooser = cases.chooser(procedure, texts)
    assert chooser is not None
    (ask,) = chooser.asks
    assert ask.text == "Bạn thuộc trường hợp nào?"
    assert [choice.label for choice in ask.choices] == [group.case for group in procedure.documents]
    assert [set(choice.cases) for choice in ask.choices] == [{i} for i in range(len(procedure.documents))]
    assert list(chooser.paths()) == [(i,) for i in range(len(procedure.documents))]
    assert [choice.slug for choice in ask.choices] == ["1", "2", "3", "4"]  # truong-hop/1/: short and unique
    assert not chooser.pages  # its answers change only the papers shown: no page per answer


def test_paths_have_pages_when_an_answer_changes_more_than_the_papers(sample: tuple[Catalogue, Texts]) -> None:
    procedure, texts = _procedure(sample, PERMANENT), sample[1]
    channel = procedure.channels[0]
    fee = channel.fees[0].model_copy(update={"cases": (procedure.documents[1].case,)})
    by_case = procedure.model_copy(update={"channels": (channel.model_copy(update={"fees": (fee,)}),)})
    chooser = cases.chooser(by_case, texts)
    assert chooser is not None and chooser.pages


def test_one_list_of_papers_has_no_chooser(sample: tuple[Catalogue, Texts]) -> None:
    single = [p for p in sample[0].procedures if len(p.documents) == 1]
    assert single
    assert all(cases.chooser(p, sample[1]) is None for p in single)


def test_unnamed_cases_are_answered_by_number(sample: tuple[Catalogue, Texts]) -> None:
    procedure, texts = _procedure(sample, PERMANENT), sample[1]
    groups = procedure.documents[:3]
    alike = procedure.model_copy(
        update={
            "documents": (
                groups[0].model_copy(update={"case": None}),
                *(g.model_copy(update={"case": "Thuê nhà"}) for g in groups[1:]),
            )
        }
    )
    chooser = cases.chooser(alike, texts)
    assert chooser is not None
    assert [choice.label for choice in chooser.asks[0].choices] == ["Trường hợp 1", "Thuê nhà", "Thuê nhà"]
    assert [choice.slug for choice in chooser.asks[0].choices] == ["1", "2", "3"]
