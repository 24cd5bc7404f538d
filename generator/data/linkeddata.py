"""Linked data: schema.org in every procedure page, and the whole catalogue in CPSV-AP 3.

- :func:`government_service`: a ``GovernmentService`` (name, code, provider, area, outputs, one ``Offer``
  per fee, one ``ServiceChannel`` per way to submit) that search engines read from the page;
- :func:`cpsv_ap`: ``/du-lieu/cpsv-ap.jsonld``, the catalogue in the EU Core Public Service Vocabulary
  Application Profile 3 (``cpsv:PublicService`` with its ``cv:Cost``, ``cv:Channel``, ``cv:Evidence``,
  ``cv:Output``, competent authority, field and legal basis). Life events (``cv:LifeEvent``) come from
  the caller as :class:`LifeEvent` values, so the journeys of the catalogue plug in with one mapping;
- :func:`how_to`: a journey's page as a schema.org ``HowTo``, its steps in order. CPSV-AP has no words for
  order or choice, so each life event of the CPSV-AP file carries the same steps in schema.org terms
  (``schema:step``). A step that offers a choice (``one_of``) is one ``HowToStep`` whose ``ChooseAction``
  lists the options (``actionOption``): the citizen does one of them, not each.

Node identifiers are the procedure's page address with a fragment (``…/thu-tuc/<slug>/#kenh-1``), so every
node is stable while the page is, and the same catalogue gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.data.opendata import plain_text
from generator.model.catalogue import Catalogue
from generator.model.journeys import Journey, JourneyOption
from generator.model.records import Procedure, TimeLimit
from generator.model.texts import Texts
from generator.render.wording import Wording
from generator.text.vietnamese import slugify

VND = "http://publications.europa.eu/resource/authority/currency/VND"
VIETNAMESE = "http://publications.europa.eu/resource/authority/language/VIE"
CPSV_AP_CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def json_ld(data: Any, *, indent: int | None = None) -> str:
    """JSON text that is safe inside ``<script type="application/ld+json">``: no ``<``, ``>`` or ``&`` as such."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def iso_duration(time: TimeLimit) -> str | None:
    """``P7D``, ``PT8H``, ``P1M``; ``None`` for working days (no fixed length) or text."""
    if time.value is None or time.value != time.value.to_integral_value():
        return None
    n = int(time.value)
    return {"days": f"P{n}D", "hours": f"PT{n}H", "months": f"P{n}M"}.get(time.unit or "")


# -- schema.org in the page ----------------------------------------------------


def government_service(catalogue: Catalogue, texts: Texts, p: Procedure) -> dict[str, Any]:
    """The procedure as a schema.org ``GovernmentService``."""
    wording = Wording(texts)
    page = urls.absolute(catalogue.site.site_url, urls.procedure(p))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "@id": page + "#dich-vu",
        "name": p.title,
        "identifier": p.code,
        "url": page,
        "serviceType": p.field,
        "provider": {"@type": "GovernmentOrganization", "name": p.agency},
        "areaServed": {"@type": "AdministrativeArea", "name": catalogue.settings.open_data.area},
        "audience": [{"@type": "Audience", "audienceType": who} for who in p.applicants],
        "serviceOutput": [{"@type": "Thing", "name": result} for result in p.results],
        "offers": [],
        "availableChannel": [],
    }
    if p.summary:
        data["description"] = plain_text(p.summary)
    for c in p.channels:
        method = texts.methods[c.method]
        for fee in c.fees:
            data["offers"].append(
                {"@type": "Offer", "name": fee.name, "price": fee.amount, "priceCurrency": "VND", "description": method}
            )
        if c.fees_text:
            data["offers"].append({"@type": "Offer", "description": f"{method}: {plain_text(c.fees_text)}"})
        elif not c.fees:
            data["offers"].append(
                {"@type": "Offer", "name": texts.money.free, "price": 0, "priceCurrency": "VND", "description": method}
            )
        channel: dict[str, Any] = {
            "@type": "ServiceChannel",
            "name": method,
            "description": f"{texts.methods[c.method + '_where'].format(agency=p.agency)} "
            f"{texts.procedure.time}: {wording.duration(c.time)}.",
        }
        if duration := iso_duration(c.time):
            channel["processingTime"] = duration
        if c.method == "online":
            channel["serviceUrl"] = catalogue.portal_url(p)
            if visit := wording.visit_sentence(p):  # the data says what the page says: the trip remains
                channel["description"] += f" {visit}"
        else:
            channel["serviceLocation"] = {"@type": "Place", "name": p.agency}
        data["availableChannel"].append(channel)
    return data


def page_script(catalogue: Catalogue, texts: Texts, p: Procedure) -> Markup:
    """The JSON-LD of *p*'s page, ready for a data block (the browser never runs it)."""
    return Markup(json_ld(government_service(catalogue, texts, p)))


# -- CPSV-AP 3 -------------------------------------------------------------------


@dataclass(frozen=True)
class LifeEvent:
    """A life event (``cv:LifeEvent``) that groups procedures: a journey of the catalogue."""

    url: str
    """Its page, site-root relative (``su-kien/<slug>/``)."""
    title: str
    description: str
    codes: tuple[str, ...]
    """The procedures it leads through, by code (every option of a step that offers a choice)."""
    journey: Journey | None = None
    """The journey itself, for its steps in order and its choices (``schema:step``)."""


def cpsv_ap(
    catalogue: Catalogue,
    texts: Texts,
    life_events: Sequence[LifeEvent] = (),
    service: Callable[[Procedure, list[str]], str] | None = None,
) -> str:
    """``cpsv-ap.jsonld``: every published procedure as a ``cpsv:PublicService``, with life events.

    *service* gives a procedure's nodes (:func:`public_service_json`, with the IRIs of its life events) when
    the caller keeps them.
    """
    site = catalogue.site.site_url
    data_url = urls.absolute(site, urls.OPEN_DATA_CPSV_AP)
    events_of: dict[str, list[str]] = {}
    for event in life_events:
        for code in event.codes:
            events_of.setdefault(code, []).append(urls.absolute(site, event.url))
    graph: list[dict[str, Any]] = []
    graph += _shared(catalogue, data_url)
    graph += _channel_types(data_url, texts)
    graph += _organisations(catalogue)
    graph += _fields(catalogue)
    # The compact JSON of a list is its items' JSON joined by commas: each procedure's nodes are written on their
    # own, so a caller may keep them (``service``: the preview writes only the edited procedure's again).
    nodes = [json_ld(node) for node in graph]
    for p in sorted(catalogue.procedures, key=lambda p: p.code):
        events = events_of.get(p.code, [])
        made = service(p, events) if service else public_service_json(catalogue, texts, p, data_url, events)
        nodes.append(made)
    nodes += [json_ld(_life_event(catalogue, texts, event)) for event in life_events]
    return '{"@context":' + json_ld(CPSV_AP_CONTEXT) + ',"@graph":[' + ",".join(nodes) + "]}\n"


def public_service_json(catalogue: Catalogue, texts: Texts, p: Procedure, data_url: str, events: list[str]) -> str:
    """The compact JSON of *p*'s nodes in :func:`cpsv_ap`'s graph, comma-separated."""
    return ",".join(json_ld(node) for node in _public_service(catalogue, texts, p, data_url, events))


def _vi(text: str) -> dict[str, str]:
    return {"@value": text, "@language": "vi"}


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _shared(catalogue: Catalogue, data_url: str) -> Iterable[dict[str, Any]]:
    """What CPSV-AP 3.2.0's shapes want typed: the language, the currency, the area every agency serves."""
    yield {"@id": VIETNAMESE, "@type": "dct:LinguisticSystem"}
    yield {"@id": VND, "@type": "skos:Concept", "skos:notation": "VND"}
    yield {
        "@id": f"{data_url}#dia-ban",
        "@type": "dct:Location",
        "skos:prefLabel": _vi(catalogue.settings.open_data.area),
    }


def _channel_types(data_url: str, texts: Texts) -> Iterable[dict[str, Any]]:
    for method in ("online", "in_person", "post"):
        label = _vi(texts.methods[method])
        yield {"@id": f"{data_url}#kenh-{method}", "@type": "skos:Concept", "skos:prefLabel": label}


def _organisation_iri(catalogue: Catalogue, name: str) -> str:
    return urls.absolute(catalogue.site.site_url, urls.agency(name))


def _organisations(catalogue: Catalogue) -> Iterable[dict[str, Any]]:
    names = sorted({name for p in catalogue.procedures for name in (p.agency, p.authority) if name})
    area = urls.absolute(catalogue.site.site_url, urls.OPEN_DATA_CPSV_AP) + "#dia-ban"
    for name in names:
        yield {
            "@id": _organisation_iri(catalogue, name) + "#co-quan",
            "@type": ["cv:PublicOrganisation", "org:Organization"],
            "skos:prefLabel": _vi(name),
            "dct:spatial": _ref(area),
        }


def _fields(catalogue: Catalogue) -> Iterable[dict[str, Any]]:
    for name in sorted({p.field for p in catalogue.procedures}):
        iri = urls.absolute(catalogue.site.site_url, urls.field(name))
        yield {"@id": iri, "@type": "skos:Concept", "skos:prefLabel": _vi(name)}


def _public_service(
    catalogue: Catalogue, texts: Texts, p: Procedure, data_url: str, events: list[str]
) -> list[dict[str, Any]]:
    """The service node of *p* and the nodes only it uses (channels, costs, evidence, outputs, laws)."""
    wording = Wording(texts)
    site = catalogue.site.site_url
    page = urls.absolute(site, urls.procedure(p))
    service_iri = page + "#dich-vu"
    authority = _organisation_iri(catalogue, p.authority or p.agency) + "#co-quan"
    nodes: list[dict[str, Any]] = []
    service: dict[str, Any] = {
        "@id": service_iri,
        "@type": "cpsv:PublicService",
        "dct:identifier": p.code,
        "dct:title": _vi(p.title),
        "dct:description": _vi(plain_text(p.summary) if p.summary else p.title),
        "dct:language": _ref(VIETNAMESE),
        "cv:hasCompetentAuthority": _ref(authority),
        "cv:thematicArea": _ref(urls.absolute(site, urls.field(p.field))),
        "foaf:page": _ref(page),
        "cv:hasChannel": [],
        "cv:hasCost": [],
        "cpsv:hasInput": [],
        "cpsv:produces": [],
        "cv:hasLegalResource": [],
    }
    for c_index, c in enumerate(p.channels, start=1):
        channel_iri = f"{page}#kenh-{c_index}"
        channel: dict[str, Any] = {
            "@id": channel_iri,
            "@type": "cv:Channel",
            "dct:identifier": f"{p.code}-kenh-{c_index}",
            "dct:type": _ref(f"{data_url}#kenh-{c.method}"),
            "dct:description": _vi(f"{texts.procedure.time}: {wording.duration(c.time)}"),
        }
        if c.method == "online" and (visit := wording.visit_sentence(p)):
            channel["dct:description"] = _vi(f"{texts.procedure.time}: {wording.duration(c.time)}. {visit}")
        if duration := iso_duration(c.time):
            channel["cv:processingTime"] = {"@value": duration, "@type": "xsd:duration"}
        if c.method != "online":
            channel["cv:ownedBy"] = _ref(_organisation_iri(catalogue, p.agency) + "#co-quan")
        nodes.append(channel)
        service["cv:hasChannel"].append(_ref(channel_iri))
        for f_index, fee in enumerate(c.fees, start=1):
            cost_iri = f"{page}#phi-{c_index}-{f_index}"
            nodes.append(
                {
                    "@id": cost_iri,
                    "@type": "cv:Cost",
                    "dct:identifier": f"{p.code}-phi-{c_index}-{f_index}",
                    "dct:description": _vi(fee.name),
                    "cv:hasValue": {"@value": str(Decimal(fee.amount)), "@type": "xsd:double"},
                    "cv:currency": _ref(VND),
                    "cv:ifAccessedThrough": _ref(channel_iri),
                }
            )
            service["cv:hasCost"].append(_ref(cost_iri))
        if c.fees_text:
            cost_iri = f"{page}#phi-{c_index}"
            nodes.append(
                {
                    "@id": cost_iri,
                    "@type": "cv:Cost",
                    "dct:identifier": f"{p.code}-phi-{c_index}",
                    "dct:description": _vi(plain_text(c.fees_text)),
                    "cv:ifAccessedThrough": _ref(channel_iri),
                }
            )
            service["cv:hasCost"].append(_ref(cost_iri))
    for g_index, group in enumerate(p.documents, start=1):
        for d_index, document in enumerate(group.items, start=1):
            evidence_iri = f"{page}#giay-to-{g_index}-{d_index}"
            about = [wording.counts(document)] + ([group.case] if group.case else [])
            nodes.append(
                {
                    "@id": evidence_iri,
                    "@type": "cv:Evidence",
                    "dct:identifier": f"{p.code}-giay-to-{g_index}-{d_index}",
                    "dct:title": _vi(document.name),
                    "dct:description": _vi("; ".join(about)),
                }
            )
            service["cpsv:hasInput"].append(_ref(evidence_iri))
    for r_index, result in enumerate(p.results, start=1):
        output_iri = f"{page}#ket-qua-{r_index}"
        nodes.append(
            {
                "@id": output_iri,
                "@type": "cv:Output",
                "dct:identifier": f"{p.code}-ket-qua-{r_index}",
                "dct:title": _vi(result),
            }
        )
        service["cpsv:produces"].append(_ref(output_iri))
    for l_index, law in enumerate(p.legal_basis, start=1):
        law_iri = f"{page}#can-cu-{l_index}"
        node: dict[str, Any] = {
            "@id": law_iri,
            "@type": "eli:LegalResource",
            "dct:identifier": law.number,
            "dct:title": _vi(law.title),
        }
        if law.url:
            node["foaf:page"] = _ref(law.url)
        nodes.append(node)
        service["cv:hasLegalResource"].append(_ref(law_iri))
    by_code = catalogue.by_code
    related = [_ref(urls.absolute(site, urls.procedure(by_code[c])) + "#dich-vu") for c in p.related if c in by_code]
    if related:
        service["cv:relatedService"] = related
    if p.replaced_by and catalogue.is_withdrawn(p) and p.replaced_by in by_code:
        service["dct:isReplacedBy"] = _ref(urls.absolute(site, urls.procedure(by_code[p.replaced_by])) + "#dich-vu")
    if events:
        service["cv:isGroupedBy"] = [_ref(iri) for iri in events]
    return [service, *nodes]


def _life_event(catalogue: Catalogue, texts: Texts, event: LifeEvent) -> dict[str, Any]:
    site = catalogue.site.site_url
    by_code = catalogue.by_code
    services = [_ref(urls.absolute(site, urls.procedure(by_code[c])) + "#dich-vu") for c in event.codes if c in by_code]
    node = {
        "@id": urls.absolute(site, event.url),
        "@type": "cv:LifeEvent",
        "dct:identifier": slugify(event.title),
        "dct:title": _vi(event.title),
        "dct:description": _vi(event.description),
        "cv:hasRelatedService": services,
    }
    if event.journey is not None:
        node["schema:step"] = _schema_terms(_how_to_steps(catalogue, texts, event.journey))
    return node


def _schema_terms(value: Any) -> Any:
    """schema.org data written with the ``schema:`` prefix, for a file whose context is not schema.org's."""
    if isinstance(value, list):
        return [_schema_terms(item) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "@type":
            out[key] = f"schema:{item}"
        elif key.startswith("@"):
            out[key] = item
        else:
            out[f"schema:{key}"] = _schema_terms(item)
    return out


# -- a journey's page: schema.org HowTo ---------------------------------------------


def how_to(catalogue: Catalogue, texts: Texts, journey: Journey) -> dict[str, Any]:
    """The journey as a schema.org ``HowTo``: its steps in order, a choice as one step with its options."""
    page = urls.absolute(catalogue.site.site_url, urls.journey(journey))
    return {
        "@context": "https://schema.org",
        "@type": "HowTo",
        "@id": page + "#cac-buoc",
        "name": journey.title,
        "description": plain_text(journey.summary),
        "url": page,
        "inLanguage": "vi",
        "step": _how_to_steps(catalogue, texts, journey),
    }


def journey_script(catalogue: Catalogue, texts: Texts, journey: Journey) -> Markup:
    """The JSON-LD of a journey's page, ready for a data block."""
    return Markup(json_ld(how_to(catalogue, texts, journey)))


def _how_to_steps(catalogue: Catalogue, texts: Texts, journey: Journey) -> list[dict[str, Any]]:
    """``HowToStep`` nodes: a step names its procedure (``about``); a step that offers a choice has a
    ``HowToDirection`` per option (its why) and a ``ChooseAction`` whose ``actionOption`` are the options."""
    page = urls.absolute(catalogue.site.site_url, urls.journey(journey))
    steps = []
    for number, step in enumerate(journey.steps, start=1):
        node: dict[str, Any] = {"@type": "HowToStep", "position": number, "url": f"{page}#buoc-{number}"}
        if step.one_of is None:
            service = _service(catalogue, texts, step, f"{page}#buoc-{number}-thu-tuc")
            node.update(name=service["name"], text=step.why, about=service)
        else:
            options = [
                _service(catalogue, texts, option, f"{page}#buoc-{number}-{choice}")
                for choice, option in enumerate(step.one_of, start=1)
            ]
            directions = [
                {"@type": "HowToDirection", "position": choice, "text": option.why, "about": service}
                for choice, (option, service) in enumerate(zip(step.one_of, options, strict=True), start=1)
            ]
            node.update(
                name=texts.journey.one_of,
                text=step.why,
                itemListElement=directions,
                potentialAction={"@type": "ChooseAction", "actionOption": [{"@id": s["@id"]} for s in options]},
            )
        steps.append(node)
    return steps


def _service(catalogue: Catalogue, texts: Texts, option: JourneyOption, own_iri: str) -> dict[str, Any]:
    """What a step or option leads to: a procedure of the catalogue (its service node), one not in force
    (named by its code), or another agency's (its name, address and agency; *own_iri*, as addresses repeat)."""
    site = catalogue.site.site_url
    if option.procedure is not None:
        target = catalogue.by_code.get(option.procedure)
        if target is None:
            name = texts.journey.not_published.format(code=option.procedure)
            return {"@type": "GovernmentService", "@id": own_iri, "identifier": option.procedure, "name": name}
        page = urls.absolute(site, urls.procedure(target))
        return {
            "@type": "GovernmentService",
            "@id": page + "#dich-vu",
            "identifier": target.code,
            "name": target.title,
            "url": page,
        }
    assert option.title is not None and option.url is not None
    service: dict[str, Any] = {"@type": "GovernmentService", "@id": own_iri, "name": option.title, "url": option.url}
    if option.agency:
        service["provider"] = {"@type": "GovernmentOrganization", "name": option.agency}
    return service
