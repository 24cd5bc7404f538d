"""The case chooser: the questions that lead a citizen to their own case of a procedure's documents.

A record with several lists of documents (``documents[].case``) asks its ``questions``, or, without
them, one question listing its cases. Each answer fits some cases; the cases that fit every answer
given are the citizen's. A path of answers (one per question, in order) names a page of its own, so
the chooser works without JavaScript, when an answer changes more than the papers shown (see
``Chooser.pages``); the path stops as soon as one case is left. An answer's
address is its words' slug, or, for the question made from the cases, the case's number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.model.records import ANSWER_SLUG_LIMIT, Procedure
from generator.model.texts import Texts
from generator.text.vietnamese import slugify


@dataclass(frozen=True)
class Choice:
    """One answer: what the citizen reads, its address, and the cases (indexes of documents) it fits."""

    label: str
    slug: str
    cases: frozenset[int]


@dataclass(frozen=True)
class Ask:
    """One question: its words, the name of its field in the address (``cau-1``), its answers."""

    text: str
    name: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Chooser:
    """The questions of one procedure and what each path of answers leads to."""

    asks: tuple[Ask, ...]
    names: tuple[str, ...]
    """Each list of documents' case, as the page says it."""
    pages: bool = True
    """Whether each path of answers has a page of its own. Only when an answer changes more than which papers
    show (the record asks its own questions, or says which fee is for which case): otherwise, without
    JavaScript, an answer leads to its case's papers on the procedure's own page, and the build makes no
    page for it (thousands of near-copies of procedure pages in a large catalogue)."""

    def cases(self, path: tuple[int, ...]) -> frozenset[int]:
        """The cases that fit every answer of *path* (the index of the answer to each question, in order)."""
        fit = frozenset(range(len(self.names)))
        for ask, answer in zip(self.asks, path, strict=False):
            fit &= ask.choices[answer].cases
        return fit

    def done(self, path: tuple[int, ...]) -> bool:
        """Whether *path* needs no further question: one case is left, or no question is."""
        return len(path) >= len(self.asks) or len(self.cases(path)) <= 1

    def paths(self) -> Iterator[tuple[int, ...]]:
        """Every path of answers that has a page, shortest first: each answer to the first question, then on."""
        frontier: list[tuple[int, ...]] = [()]
        while frontier:
            following = []
            for path in frontier:
                if self.done(path):
                    continue
                for answer in range(len(self.asks[len(path)].choices)):
                    if self.cases(longer := (*path, answer)):
                        following.append(longer)
            yield from following
            frontier = following

    def slugs(self, path: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(self.asks[q].choices[a].slug for q, a in enumerate(path))

    def query(self, path: tuple[int, ...]) -> str:
        """The answers as the form sends them: ``cau-1=bi-mat``."""
        return "&".join(f"{self.asks[q].name}={self.asks[q].choices[a].slug}" for q, a in enumerate(path))


def chooser(procedure: Procedure, texts: Texts) -> Chooser | None:
    """The case chooser of *procedure*, or None when it has one list of documents."""
    if len(procedure.documents) < 2:
        return None
    names = tuple(
        group.case or texts.checklist.case_n.format(n=index) for index, group in enumerate(procedure.documents, 1)
    )
    if procedure.questions:
        index = {group.case: i for i, group in reversed(list(enumerate(procedure.documents))) if group.case}
        asks = tuple(
            Ask(
                question.ask,
                f"cau-{number}",
                _unique(
                    (answer.label, frozenset(index[name] for name in answer.cases if name in index))
                    for answer in question.answers
                ),
            )
            for number, question in enumerate(procedure.questions, 1)
        )
    else:
        # Answered by the case's number: its page is truong-hop/2/, short beside a long case's words.
        asks = (
            Ask(
                texts.chooser.ask_case,
                "cau-1",
                tuple(Choice(name, str(i), frozenset({i - 1})) for i, name in enumerate(names, 1)),
            ),
        )
    fees_by_case = any(fee.cases for channel in procedure.channels for fee in channel.fees)
    return Chooser(asks, names, pages=bool(procedure.questions) or fees_by_case)


def _unique(answers: Iterator[tuple[str, frozenset[int]]]) -> tuple[Choice, ...]:
    """Choices with addresses of their own: a second answer that reads like an earlier one gets ``-2``."""
    choices: list[Choice] = []
    taken: set[str] = set()
    for label, cases in answers:
        slug = base = slugify(label, ANSWER_SLUG_LIMIT) or "tra-loi"
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        choices.append(Choice(label, slug, cases))
    return tuple(choices)


def narrowed(procedure: Procedure, cases: frozenset[int], texts: Texts) -> Procedure:
    """*procedure* as one of its *cases* reads it: only their documents, and only the fees that apply to them.

    A way of submitting whose fees all belong to other cases says so in words, never "free".
    """
    names = {procedure.documents[i].case for i in cases}
    channels = []
    for channel in procedure.channels:
        fees = tuple(fee for fee in channel.fees if not fee.cases or names.intersection(fee.cases))
        update: dict[str, object] = {"fees": fees}
        if channel.fees and not fees and channel.fees_text is None:
            update["fees_text"] = texts.chooser.fee_unstated
        channels.append(channel.model_copy(update=update) if fees != channel.fees else channel)
    documents = tuple(group for i, group in enumerate(procedure.documents) if i in cases)
    return procedure.model_copy(update={"documents": documents, "channels": tuple(channels)})
