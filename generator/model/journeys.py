"""Life events (sự kiện cuộc sống): journeys through several procedures, step by step.

A journey (``journeys/<slug>.yaml``) is what a citizen goes through when
something happens in their life (a child is born, they move house): numbered
steps, each naming a procedure of this catalogue by its code, or one elsewhere
(another agency's) by its name and address, with a sentence saying why it is
needed. It follows GOV.UK's "step by step" navigation and the bundled
procedures (thủ tục liên thông) of the national portal; CPSV-AP calls it a
LifeEvent.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from generator.model.records import Record
from generator.model.scalars import Code, Day, HttpsUrl, Loc, MarkdownText, Slug, Text


class JourneyStep(Record):
    """One step: a procedure of this catalogue (``procedure``), or one elsewhere (``title`` and ``url``)."""

    procedure: Code | None = Field(
        None, title="Mã thủ tục", description='code of a procedure of this catalogue, quoted: "1.004222"'
    )
    title: Text | None = Field(
        None, title="Tên bước", description="for a procedure of another agency: its name (with url)"
    )
    url: HttpsUrl | None = Field(
        None, title="Đường dẫn", description="for a procedure of another agency: where to read or do it (https)"
    )
    agency: Text | None = Field(
        None, title="Cơ quan thực hiện", description="for a procedure of another agency: who handles it"
    )
    why: Text = Field(title="Vì sao", description="one plain sentence: why this step is needed, and when")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        outside = self.title is not None or self.url is not None or self.agency is not None
        if self.procedure is not None and outside:
            yield ("procedure",), "give either procedure (a code of this catalogue) or title and url, not both"
        elif self.procedure is None:
            if self.title is None:
                yield ("title",), 'missing; write procedure: "1.004222" or, for another agency\'s, title and url'
            if self.url is None:
                yield ("url",), "missing; a step of another agency links to where to read or do it (https)"


class Journey(Record):
    """Sự kiện cuộc sống: the procedures one life event leads to, in order (``journeys/<slug>.yaml``)."""

    title: Text = Field(title="Tên sự kiện", description="what happened, as people say it: Sinh con")
    slug: Slug | None = Field(None, title="Đường dẫn", description="URL name; default: the file name")
    summary: MarkdownText = Field(title="Tóm tắt", description="one or two plain sentences: who it is for")
    steps: tuple[JourneyStep, ...] = Field(min_length=2, title="Các bước", description="in the order to do them")
    note: MarkdownText | None = Field(None, title="Ghi chú", description="anything else, shown after the steps")
    updated: Day = Field(title="Ngày cập nhật", description="when the journey was last checked")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        seen: dict[str, int] = {}
        for index, step in enumerate(self.steps):
            if step.procedure is None:
                continue
            if step.procedure in seen:
                yield ("steps", index, "procedure"), f'"{step.procedure}" is already steps[{seen[step.procedure]}]'
            seen.setdefault(step.procedure, index)
