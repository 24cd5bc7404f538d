"""Open data: the catalogue's records as files anyone can download and reuse (``/du-lieu/``).

- ``thu-tuc.json``: every published procedure as the record model says (each ``record`` is valid against
  ``/schema/procedure.schema.json``), with its page address and its status today;
- ``thu-tuc.csv``: one row per procedure, flat columns a spreadsheet opens as they are (UTF-8 with a BOM,
  every cell quoted, nothing a spreadsheet could run as a formula in any locale);
- ``dcat.jsonld``: the dataset and its files described in DCAT, for open data portals to harvest.

The CPSV-AP file and the schema.org data of each page are :mod:`generator.data.linkeddata`.
Every function is pure and makes the same bytes from the same catalogue: no clock, records in code order.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.schema import SCHEMA_ID
from generator.model.texts import Texts
from generator.render.wording import Wording
from generator.text import markdown
from generator.text.vietnamese import format_date

JSON_FORMAT = 1
"""Version of the JSON file's layout (not of the record format, which the schema describes)."""
_FORMULA = re.compile(r"(^|[,;\t|\r\n])([\s\"]*)([=+\-@\uff1d\uff0b\uff0d\uff20])")
"""A character a spreadsheet would start a formula with (``=``, ``+``, ``-``, ``@`` and their full-width forms),
at the start of a cell or after a list separator an office's spreadsheet may split on instead of the comma
(``;`` on Vietnamese Windows, a tab, ``|``), with the spaces and quotes that may stand between."""


def plain_data(value: Any) -> Any:
    """A model dump as JSON values: numbers stay numbers (7, not "7"), dates are ``YYYY-MM-DD``."""
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_data(procedure: Procedure) -> dict[str, Any]:
    """The record as the editor wrote it (keys they left out are left out), slug included."""
    data: dict[str, Any] = plain_data(procedure.model_dump(mode="python", exclude_none=True))
    return data


def status(catalogue: Catalogue, procedure: Procedure) -> str:
    """``active``, ``abolished`` or ``replaced``, today."""
    if not catalogue.is_withdrawn(procedure):
        return "active"
    return "replaced" if procedure.replaced_by else "abolished"


def by_code_order(catalogue: Catalogue) -> list[Procedure]:
    """Data files list procedures by code: a title edit does not move a row."""
    return sorted(catalogue.procedures, key=lambda p: p.code)


def last_updated(catalogue: Catalogue) -> date:
    """The newest ``updated`` date of the published procedures: the date the data is from."""
    return max((p.updated for p in catalogue.procedures), default=date(2000, 1, 1))


def json_file(catalogue: Catalogue, texts: Texts, item: Callable[[Procedure], str] | None = None) -> str:
    """``thu-tuc.json``: a header saying what, whose and under which licence, then every procedure.

    *item* gives a procedure's entry (:func:`json_item`) when the caller keeps them: the compact JSON of a
    list is its items' JSON joined by commas, so each is written on its own.
    """
    site = catalogue.site.site_url
    agency = catalogue.settings.agency.name
    licence = catalogue.settings.open_data
    items = [item(p) if item else json_item(catalogue, p) for p in by_code_order(catalogue)]
    data = {
        "$schema": urls.absolute(site, urls.OPEN_DATA_JSON_SCHEMA),
        "format": JSON_FORMAT,
        "title": texts.open_data.dataset_title.format(agency=agency),
        "publisher": agency,
        "licence": {"name": licence.licence, "url": licence.licence_url},
        "modified": last_updated(catalogue).isoformat(),
        "count": len(items),
        "procedures": [],
    }
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return head.removesuffix("[]}") + "[" + ",".join(items) + "]}\n"


def json_item(catalogue: Catalogue, p: Procedure) -> str:
    """The compact JSON of *p*'s entry in ``thu-tuc.json``."""
    site = catalogue.site.site_url
    entry = {
        "url": urls.absolute(site, urls.procedure(p)),
        "code_url": urls.absolute(site, urls.by_code(p.code)),
        "status": status(catalogue, p),
        "record": record_data(p),
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``thu-tuc.json``; each ``record`` refers to the procedure record's own schema."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_ID}open-data.schema.json",
        "title": "Open data: procedures",
        "type": "object",
        "required": ["format", "title", "publisher", "licence", "modified", "count", "procedures"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": JSON_FORMAT},
            "title": {"type": "string"},
            "publisher": {"type": "string"},
            "licence": {
                "type": "object",
                "required": ["name", "url"],
                "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
            },
            "modified": {"type": "string", "format": "date"},
            "count": {"type": "integer", "minimum": 0},
            "procedures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["url", "code_url", "status", "record"],
                    "additionalProperties": False,
                    "properties": {
                        "url": {"type": "string", "description": "the procedure's page"},
                        "code_url": {"type": "string", "description": "the stable address by code (/ma/<code>/)"},
                        "status": {"enum": ["active", "abolished", "replaced"]},
                        "record": {"$ref": "procedure.schema.json"},
                    },
                },
            },
        },
    }


def csv_file(catalogue: Catalogue, texts: Texts) -> str:
    """``thu-tuc.csv``: a BOM, a header row, one row per procedure (RFC 4180, CRLF line ends)."""
    t = texts.open_data
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 only when the file says so
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    header = (
        t.col_code,
        t.col_title,
        t.col_field,
        t.col_agency,
        t.col_levels,
        t.col_online,
        t.col_time,
        t.col_fees,
        t.col_status,
        t.col_url,
    )
    writer.writerow(header)
    for row in csv_rows(catalogue, texts):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def csv_rows(catalogue: Catalogue, texts: Texts) -> Iterator[list[str]]:
    wording = Wording(texts)
    site = catalogue.site.site_url
    for p in by_code_order(catalogue):
        yield [
            p.code,
            p.title,
            p.field,
            p.agency,
            "; ".join(texts.levels[level] for level in p.levels),
            texts.online[p.online],
            "; ".join(f"{texts.methods[c.method]}: {wording.duration(c.time)}" for c in p.channels),
            "; ".join(f"{texts.methods[c.method]}: {_plain(wording.fees_text(c))}" for c in p.channels),
            status_text(catalogue, texts, p),
            urls.absolute(site, urls.procedure(p)),
        ]


def status_text(catalogue: Catalogue, texts: Texts, procedure: Procedure) -> str:
    t = texts.open_data
    kind = status(catalogue, procedure)
    if kind == "active" or procedure.status_date is None:
        return t.status_active
    day = format_date(procedure.status_date)
    if kind == "replaced":
        return t.status_replaced.format(code=procedure.replaced_by, date=day)
    return t.status_abolished.format(date=day)


def _plain(markup: Markup) -> str:
    return " ".join(html.unescape(markup.striptags()).split())


def plain_text(text: str) -> str:
    """A Markdown field as one line of plain text."""
    return markdown.plain(text)


def _cell(value: str) -> str:
    """A value a spreadsheet shows as text in any locale: each formula character at its start or after a list
    separator gets an apostrophe before it (and the writer quotes every cell)."""
    return _FORMULA.sub(lambda m: f"{m.group(1)}{m.group(2)}'{m.group(3)}", value)


def dcat(catalogue: Catalogue, texts: Texts, sizes: dict[str, int]) -> str:
    """``dcat.jsonld``: the catalogue, its one dataset and each file of it (with its size in *sizes*)."""
    t = texts.open_data
    site = catalogue.site.site_url
    agency = catalogue.settings.agency.name
    licence = catalogue.settings.open_data
    modified = {"@value": last_updated(catalogue).isoformat(), "@type": "xsd:date"}

    def text(value: str) -> dict[str, str]:
        return {"@value": value, "@language": "vi"}

    def distribution(url: str, title: str, media: str, conforms: str | None = None) -> dict[str, Any]:
        item: dict[str, Any] = {
            "@id": urls.absolute(site, url),
            "@type": "dcat:Distribution",
            "dct:title": text(title),
            "dcat:accessURL": {"@id": urls.absolute(site, urls.OPEN_DATA)},
            "dcat:downloadURL": {"@id": urls.absolute(site, url)},
            "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
            "dct:license": {"@id": licence.licence_url},
            "dct:modified": modified,
        }
        if url in sizes:
            item["dcat:byteSize"] = {"@value": str(sizes[url]), "@type": "xsd:nonNegativeInteger"}
        if conforms:
            item["dct:conformsTo"] = {"@id": conforms}
        return item

    publisher = {"@id": urls.absolute(site, urls.HOME) + "#co-quan", "@type": "foaf:Agent", "foaf:name": text(agency)}
    dataset = {
        "@id": urls.absolute(site, urls.OPEN_DATA) + "#thu-tuc",
        "@type": "dcat:Dataset",
        "dct:title": text(t.dataset_title.format(agency=agency)),
        "dct:description": text(t.dataset_description.format(agency=agency)),
        "dct:identifier": urls.absolute(site, urls.OPEN_DATA) + "#thu-tuc",
        "dct:publisher": {"@id": publisher["@id"]},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
        "dct:license": {"@id": licence.licence_url},
        "dct:modified": modified,
        "dcat:keyword": [text(word.strip()) for word in t.keywords.split(";")],
        "dcat:landingPage": {"@id": urls.absolute(site, urls.OPEN_DATA)},
        "dcat:distribution": [
            distribution(urls.OPEN_DATA_CSV, "CSV", "text/csv"),
            distribution(
                urls.OPEN_DATA_JSON, "JSON", "application/json", urls.absolute(site, urls.OPEN_DATA_JSON_SCHEMA)
            ),
            distribution(
                urls.OPEN_DATA_CPSV_AP, "CPSV-AP 3 (JSON-LD)", "application/ld+json", "http://data.europa.eu/m8g/"
            ),
        ],
    }
    data = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": [
            {
                "@id": urls.absolute(site, urls.OPEN_DATA_DCAT) + "#danh-muc",
                "@type": "dcat:Catalog",
                "dct:title": text(catalogue.site.site_name),
                "dct:description": text(t.lead),
                "dct:publisher": {"@id": publisher["@id"]},
                "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
                "dct:modified": modified,
                "foaf:homepage": {"@id": urls.absolute(site, urls.HOME)},
                "dcat:dataset": {"@id": dataset["@id"]},
            },
            dataset,
            publisher,
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
