"""The JSON Schema of records, and the format's documentation made from it.

Both come from the model classes, so they cannot drift from what ``check``
accepts. Editors point their IDE at the schema (the YAML language server reads
``# yaml-language-server: $schema=...``); ``docs/record-format.md`` is the
Markdown made here.
"""

from __future__ import annotations

from typing import Any

from generator.model.journeys import Journey
from generator.model.records import Form, Procedure, Record

SCHEMA_ID = "https://catalogue.invalid/schema/"
_RECORDS: dict[str, type[Record]] = {"procedure": Procedure, "form": Form, "journey": Journey}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) of each record kind, by kind."""
    schemas = {}
    for name, cls in _RECORDS.items():
        schema = cls.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{SCHEMA_ID}{name}.schema.json"
        schemas[name] = schema
    return schemas


def _type_text(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        kinds = [_type_text(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type", "")
    if kind == "array":
        return f"list of {_type_text(spec.get('items', {}))}"
    if spec.get("contentMediaType") == "text/markdown":
        return "Markdown"
    if spec.get("pattern") == "^https://":
        return "https URL"
    if spec.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if "pattern" in spec:
        return f"{kind} matching `{spec['pattern']}`"
    names = {"string": "text", "integer": "whole number", "number": "number", "boolean": "`true` \\| `false`"}
    return names.get(str(kind), str(kind))


def _table(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", "", schema.get("description", "").strip(), ""]
    lines += ["| key | required | type | meaning |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for key, spec in schema.get("properties", {}).items():
        meaning = " – ".join(x for x in (spec.get("title", ""), spec.get("description", "")) if x)
        default = spec.get("default")
        if default not in (None, [], ()):
            meaning += f" (default: `{default}`)"
        lines.append(f"| `{key}` | {'yes' if key in required else 'no'} | {_type_text(spec)} | {meaning} |")
    return [*lines, ""]


def format_markdown() -> str:
    """The record format as Markdown: one table per part of a record."""
    out = [
        "# Record format (generated)",
        "",
        "Made by `catalogue schema --markdown` from the model in `generator/model/records.py` and "
        "`generator/model/journeys.py`; do not edit.",
        "The contract and its reasons: [record-contract.md](record-contract.md).",
        "",
    ]
    for name, schema in json_schemas().items():
        out += [f"## {name.capitalize()} record", ""]
        out += _table(schema["title"], schema)
        for part, sub in schema.get("$defs", {}).items():
            if part != schema["title"]:
                out += _table(part, sub)
    return "\n".join(out).rstrip() + "\n"
