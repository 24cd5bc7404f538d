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
from generator.problems import key_path


class JourneyOption(Record):
    """A procedure to do: one of this catalogue (``procedure``), or one elsewhere (``title`` and ``url``).

    Also one choice of a step that offers several (``one_of``): the same keys, the same rules.
    """

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
    why: Text = Field(
        title="Vì sao",
        description="one plain sentence: why this step is needed, and when; for an option of one_of, when to choose it",
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        outside = self.title is not None or self.url is not None or self.agency is not None
        if self.procedure is not None and outside:
            yield ("procedure",), "give either procedure (a code of this catalogue) or title and url, not both"
        elif self.procedure is None:
            if self.title is None:
                yield ("title",), 'missing; write procedure: "1.004222" or, for another agency\'s, title and url'
            if self.url is None:
                yield ("url",), "missing; a step of another agency links to where to read or do it (https)"


class JourneyStep(JourneyOption):
    """One step: a procedure of this catalogue (``procedure``) or elsewhere (``title`` and ``url``), or a choice
    of several (``one_of``), each with its why.

    A choice is one step, not several: moving house needs temporary *or* permanent registration, not both.
    """

    one_of: tuple[JourneyOption, ...] | None = Field(
        None,
        min_length=2,
        title="Một trong các thủ tục sau",
        description="(extension) at least two procedures, each written as a step (procedure, or title and url; "
        "and why: when to choose it), of which the citizen does one; the step's own why says what they are for, "
        "and the step names no procedure itself",
    )

    @property
    def options(self) -> tuple[JourneyOption, ...]:
        """What the citizen may do at this step: its choices, or the step itself."""
        return self.one_of if self.one_of is not None else (self,)

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if self.one_of is None:
            yield from super().rule_problems()
            return
        for key in ("procedure", "title", "url", "agency"):
            if getattr(self, key) is not None:
                yield (
                    (key,),
                    (
                        f"a step with one_of names its procedures in its options; move {key} into one of them "
                        "or remove it (the step keeps only why)"
                    ),
                )


class Journey(Record):
    """Sự kiện cuộc sống: the procedures one life event leads to, in order (``journeys/<slug>.yaml``)."""

    title: Text = Field(title="Tên sự kiện", description="what happened, as people say it: Sinh con")
    slug: Slug | None = Field(None, title="Đường dẫn", description="URL name; default: the file name")
    summary: MarkdownText = Field(title="Tóm tắt", description="one or two plain sentences: who it is for")
    steps: tuple[JourneyStep, ...] = Field(min_length=2, title="Các bước", description="in the order to do them")
    note: MarkdownText | None = Field(None, title="Ghi chú", description="anything else, shown after the steps")
    updated: Day = Field(title="Ngày cập nhật", description="when the journey was last checked")

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        seen: dict[str, str] = {}
        for step, choice, option in self.procedures():
            loc = option_loc(step, choice)
            assert option.procedure is not None
            if option.procedure in seen:
                yield (*loc, "procedure"), f'"{option.procedure}" is already {seen[option.procedure]}'
            seen.setdefault(option.procedure, key_path(loc))

    def procedures(self) -> Iterator[tuple[int, int | None, JourneyOption]]:
        """Every step or choice that names a procedure of this catalogue: (step, choice or None, it), from 0."""
        for index, step in enumerate(self.steps):
            if step.one_of is None:
                if step.procedure is not None:
                    yield index, None, step
                continue
            for choice, option in enumerate(step.one_of):
                if option.procedure is not None:
                    yield index, choice, option


def option_loc(step: int, choice: int | None) -> Loc:
    """The key path of a step (``steps[1]``) or of one of its choices (``steps[1].one_of[0]``)."""
    return ("steps", step) if choice is None else ("steps", step, "one_of", choice)
