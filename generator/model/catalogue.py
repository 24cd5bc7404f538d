"""The checked catalogue: everything the renderers need, immutable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.model.communes import CommuneTable
from generator.model.journeys import Journey, JourneyOption, JourneyStep
from generator.model.records import Form, Procedure
from generator.model.settings import Settings, SiteConfig
from generator.text.vietnamese import sort_key


@dataclass(frozen=True)
class OfficialFile:
    """A form's official file, offered for download as it is, or made safe (a PDF without its JavaScript)."""

    path: Path
    name: str
    size: int
    content: Path | bytes | None = None
    """What is published: the file itself, or the bytes it was made safe as (None: the file itself)."""

    @property
    def published(self) -> Path | bytes:
        return self.path if self.content is None else self.content


@dataclass(frozen=True)
class JourneyPlace:
    """Where a procedure stands in a journey: the journey, the number of its step (from 0) and, when the
    step offers a choice (``one_of``), the number of its option there (from 0)."""

    journey: Journey
    index: int
    option: int | None = None

    @property
    def step(self) -> JourneyStep:
        return self.journey.steps[self.index]

    @property
    def alternatives(self) -> tuple[JourneyOption, ...]:
        """The other options of its step, any of which the citizen may do instead of this procedure."""
        choices = self.step.one_of or ()
        return tuple(option for number, option in enumerate(choices) if number != self.option)

    @property
    def previous(self) -> JourneyStep | None:
        return self.journey.steps[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> JourneyStep | None:
        steps = self.journey.steps
        return steps[self.index + 1] if self.index + 1 < len(steps) else None


@dataclass(frozen=True)
class Catalogue:
    """Everything the renderers need, checked: published procedures, forms, journeys, settings."""

    project: Path
    site: SiteConfig
    settings: Settings
    procedures: tuple[Procedure, ...]
    """Published procedures (in force today), in Vietnamese alphabetical order, each with its slug."""
    forms: tuple[Form, ...]
    files: dict[str, OfficialFile]
    """Official file of each form that has one, by form id."""
    withdrawn: frozenset[str] = frozenset()
    """Codes of published procedures that are abolished or replaced today: their pages stay, with a notice,
    and their code addresses still lead there, but they leave every list, the search and the handbooks
    (see :attr:`current`)."""
    journeys: tuple[Journey, ...] = ()
    """Life events, in Vietnamese alphabetical order, each with its slug."""
    commune_table: CommuneTable | None = None
    """The province's communes before and after 1 July 2025 (``extra.catalogue.communes_table``)."""

    @cached_property
    def by_code(self) -> dict[str, Procedure]:
        """Every published procedure by code, withdrawn ones included."""
        return {p.code: p for p in self.procedures}

    @cached_property
    def current(self) -> tuple[Procedure, ...]:
        """The published procedures that are not withdrawn: what lists, search and handbooks show."""
        return tuple(p for p in self.procedures if p.code not in self.withdrawn)

    def is_withdrawn(self, procedure: Procedure) -> bool:
        return procedure.code in self.withdrawn

    @cached_property
    def forms_by_id(self) -> dict[str, Form]:
        return {f.id: f for f in self.forms}

    def journeys_of(self, procedure: Procedure) -> list[JourneyPlace]:
        """The journeys *procedure* is a step of, with its neighbours there."""
        return self._journey_places.get(procedure.code, [])

    @cached_property
    def _journey_places(self) -> dict[str, list[JourneyPlace]]:
        places: dict[str, list[JourneyPlace]] = defaultdict(list)
        for journey in self.journeys:
            for step, choice, option in journey.procedures():
                assert option.procedure is not None
                places[option.procedure].append(JourneyPlace(journey, step, choice))
        return dict(places)

    def portal_url(self, procedure: Procedure) -> str:
        return procedure.portal_url or self.settings.portal_link(procedure.code)

    def by_field(self) -> dict[str, list[Procedure]]:
        return _group(self.current, lambda p: [p.field])

    def by_agency(self) -> dict[str, list[Procedure]]:
        return _group(self.current, lambda p: [p.agency])

    def by_level(self) -> dict[str, list[Procedure]]:
        return _group(self.current, lambda p: list(p.levels))

    def using_form(self) -> dict[str, list[Procedure]]:
        """Procedures whose dossier includes each form, by form id."""
        return _group(self.current, lambda p: sorted({d.form for g in p.documents for d in g.items if d.form}))


def _group(procedures: Iterable[Procedure], keys: Callable[[Procedure], Iterable[str]]) -> dict[str, list[Procedure]]:
    groups: dict[str, list[Procedure]] = defaultdict(list)
    for procedure in procedures:
        for key in keys(procedure):
            groups[key].append(procedure)
    return dict(sorted(groups.items(), key=lambda item: sort_key(item[0])))
