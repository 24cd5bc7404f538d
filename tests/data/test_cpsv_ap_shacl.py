"""``/du-lieu/cpsv-ap.jsonld`` conforms to the official CPSV-AP 3.2.0 SHACL shapes (SEMICeu), with no violation,
for the sample catalogue and for a catalogue of imported national records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyshacl
import pytest
import rdflib

from generator.data.linkeddata import cpsv_ap
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.national.importer import Options, run

from ..conftest import FIXTURES, ROOT, MakeProject
from ..national.conftest import NATIONAL, TABLE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SHAPES = FIXTURES / "cpsv-ap" / "cpsv-ap-SHACL-3.2.0.ttl"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _violations(project: Path, today: date) -> list[str]:
    catalogue = load_catalogue(project, today)
    data = rdflib.Graph().parse(data=cpsv_ap(catalogue, load_texts(project / "templates")), format="json-ld")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    results = report.subjects(rdflib.RDF.type, SH.ValidationResult)
    return sorted(
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: {report.value(r, SH.resultMessage)}"
        for r in results
        if report.value(r, SH.resultSeverity) == SH.Violation
    )


def test_the_sample_conforms_to_cpsv_ap_3_2_0() -> None:
    assert _violations(ROOT, date(2026, 11, 30)) == []


def test_an_imported_catalogue_conforms_to_cpsv_ap_3_2_0(make_project: MakeProject) -> None:
    project = make_project()
    config = project / "mkdocs.yml"
    settings = config.read_text(encoding="utf-8").replace("docs_dir:", "site_url: https://thu.gov.vn/\ndocs_dir:", 1)
    config.write_text(f"{settings.rstrip()}\n{TABLE.strip(chr(10))}\n", encoding="utf-8")
    sources = [NATIONAL / "page-sections", NATIONAL / "html", NATIONAL / "portal"]
    assert len(run(project, sources, Options(today=date(2026, 12, 1))).outcomes) == 4
    assert _violations(project, date(2026, 12, 1)) == []
