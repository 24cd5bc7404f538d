"""The record model declared once gives the JSON Schema editors' tools read and the format's documentation."""

from __future__ import annotations

import pytest
from jsonschema import validators

from generator.model.schema import format_markdown, json_schemas

from ..conftest import ROOT


@pytest.mark.parametrize("kind", sorted(json_schemas()))
def test_each_schema_is_a_valid_json_schema(kind: str) -> None:
    schema = json_schemas()[kind]
    validators.validator_for(schema).check_schema(schema)
    assert schema["$schema"].startswith("https://json-schema.org/")


def test_the_procedure_schema_states_the_contract() -> None:
    schema = json_schemas()["procedure"]
    assert {"code", "title", "field", "agency", "levels", "online", "steps", "channels"} <= set(schema["required"])
    assert schema["properties"]["online"]["enum"] == ["full", "partial", "none"]


def test_record_format_documentation_is_up_to_date() -> None:
    documented = (ROOT / "docs" / "record-format.md").read_text(encoding="utf-8")
    assert format_markdown() == documented, "run: catalogue schema --markdown > docs/record-format.md"
