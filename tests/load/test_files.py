"""What is published of a file an editor uploads: as it is, made safe, or refused (generator/load/files.py).

The hostile corpus (tests/hostile.py) holds the refusals with their exact
messages; these tests check what is accepted: that a cleaned PDF has nothing
left that runs and still opens, that an SVG written again still draws, that
ordinary Office files and links inside a content folder pass untouched.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from generator.load.files import Checked, check_file, link_problem, name_problem
from generator.load.svg import rebuild

from .. import payloads

LIMIT = 20 * 2**20


def _checked(tmp_path: Path, name: str, data: bytes) -> Checked:
    path = tmp_path / name
    path.write_bytes(data)
    result = check_file(path, LIMIT)
    assert isinstance(result, Checked), result
    return result


_RUNS = (
    b"/JavaScript",
    b"/JS",
    b"/AA",
    b"/Launch",
    b"/EF",
    b"/EmbeddedFile",
    b"/FileAttachment",
    b"/XFA",
    b"/SubmitForm",
    b"/ImportData",
    b"/GoToR",
    b"/GoToE",
)


def _active(pdf: pikepdf.Pdf) -> list[str]:
    """Every name in *pdf*'s objects (with what they hold directly) that a reader would run or open."""
    found = []
    for item in pdf.objects:
        obj = item.stream_dict if isinstance(item, pikepdf.Stream) else item
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            text = obj.unparse(resolved=True)
            found += [name.decode() for name in _RUNS if re.search(re.escape(name) + rb"(?![A-Za-z])", text)]
    return found


@pytest.mark.parametrize(
    ("options", "removed"),
    [
        ({"javascript": "app.alert(1)"}, {"JavaScript"}),
        ({"launch": "cmd.exe"}, {"an action that starts another program (/Launch)"}),
        ({"embedded": b"MZ", "attachment": True}, {"embedded files", "attached files, sounds, movies or rich media"}),
        ({"page_action": True}, {"actions run when the document is opened or a page shown (/AA)"}),
    ],
    ids=["javascript", "launch", "embedded-file", "page-action"],
)
def test_a_pdf_is_published_without_what_runs(tmp_path: Path, options: dict[str, object], removed: set[str]) -> None:
    data = payloads.pdf(**options)  # type: ignore[arg-type]
    assert _active(pikepdf.open(io.BytesIO(data)))  # the payload is there to begin with
    checked = _checked(tmp_path, "huong-dan.pdf", data)
    assert isinstance(checked.content, bytes) and set(checked.removed) == removed
    cleaned = pikepdf.open(io.BytesIO(checked.content))
    assert _active(cleaned) == [] and len(cleaned.pages) == 1
    assert _checked(tmp_path, "lai.pdf", checked.content).content == tmp_path / "lai.pdf"  # clean now: as it is


def test_a_plain_pdf_and_one_opening_at_a_page_are_published_as_they_are(tmp_path: Path) -> None:
    for name, data in (("a.pdf", payloads.pdf()), ("b.pdf", payloads.pdf(go_to=True))):
        checked = _checked(tmp_path, name, data)
        assert checked.content == tmp_path / name and checked.removed == ()


def test_cleaning_a_pdf_gives_the_same_bytes_every_time(tmp_path: Path) -> None:
    data = payloads.pdf(javascript="app.alert(1)", embedded=b"MZ")
    first = _checked(tmp_path, "a.pdf", data).content
    second = _checked(tmp_path, "b.pdf", data).content
    assert isinstance(first, bytes) and first == second


def test_ordinary_office_files_are_published_as_they_are(tmp_path: Path) -> None:
    for name, data in (
        ("mau.docx", payloads.docx("Tờ khai", field="PAGE", link="https://dichvucong.gov.vn/")),
        ("bang.xlsx", payloads.xlsx(formula="SUM(B1:B3)")),
        ("to-khai.odt", payloads.odt()),
        ("mau-cu.doc", payloads.doc()),
        ("bang-cu.xls", payloads.xls()),
    ):
        checked = _checked(tmp_path, name, data)
        assert checked.content == tmp_path / name, name


def test_an_svg_written_again_draws_the_same_and_drops_a_drawing_programs_metadata() -> None:
    drawn = (
        '<?xml version="1.0"?>\n<!-- Inkscape -->\n<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 20 10" inkscape:version="1.3"><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/'
        '02/22-rdf-syntax-ns#"/></metadata><defs><linearGradient id="g"><stop offset="0" stop-color="#0a5"/>'
        '</linearGradient></defs><a href="https://dichvucong.gov.vn/"><rect width="10" height="10" fill="url(#g)" '
        'style="stroke: url(#g)"/></a><use xlink:href="#g" x="10"/><text x="1" y="9">A &amp; B &lt; C</text>'
        '<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/></svg>'
    )
    result = rebuild(drawn.encode())
    assert result.problems == []
    text = result.data.decode()
    assert "inkscape" not in text and "metadata" not in text and "<!--" not in text
    for kept in (
        'fill="url(#g)"',
        'xlink:href="#g"',
        "A &amp; B &lt; C",
        'href="https://dichvucong.gov.vn/"',
        'stop-color="#0a5"',
        "data:image/png;base64",
    ):
        assert kept in text, kept
    assert rebuild(result.data).data == result.data  # written again, it is the same


def test_links_inside_a_content_folder_to_its_own_files_are_followed(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    (folder / "anh").mkdir(parents=True)
    (folder / "anh" / "so-do.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "so-do.png").symlink_to("anh/so-do.png")
    (folder / "ban-sao.png").symlink_to("so-do.png")  # a link to a link, inside the folder
    assert link_problem(folder / "so-do.png", folder) is None
    assert link_problem(folder / "ban-sao.png", folder) is None
    (folder / "vong.png").symlink_to("vong.png")
    assert "leads nowhere" in (link_problem(folder / "vong.png", folder) or "")


@pytest.mark.parametrize(
    "name", ["mau-to-khai-CT01.pdf", "Mẫu CT01 (bản 2).docx", "so_do_1.png", "Tờ khai.odt", "ảnh.jpg"]
)
def test_names_of_letters_digits_and_a_few_signs_are_accepted(name: str) -> None:
    assert name_problem(name) is None


@pytest.mark.parametrize(
    "name",
    ["mau #1.pdf", "a?.pdf", "50%.pdf", "a&b.pdf", "<a>.pdf", ".an.pdf", "a..pdf", "a  b.pdf", "a.pdf ", "-a.pdf"],
)
def test_names_a_link_could_not_carry_are_refused(name: str) -> None:
    assert name_problem(name) is not None
