"""Property-based tests: random valid records always load (and a few really build); random
mutations of them are either still valid or reported cleanly; the loader never crashes.

Examples come from the Hypothesis profile loaded in ``conftest.py``: few, derandomized and
without a database in the test suite; ``HYPOTHESIS_PROFILE=deep`` runs many more.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.load.catalogue import load_catalogue
from generator.load.yamlsource import parse, read_text
from generator.model.scalars import CODE_PATTERN
from generator.problems import CatalogueError

from ..conftest import Builder
from ..hostile import project_from_base

RECORD_PATH = "procedures/thu-tuc-sinh-ngau-nhien.yaml"

# -- valid records -------------------------------------------------------------------

# Vietnamese letters, digits and the punctuation editors type, including characters
# that mean something to YAML, HTML or Markdown; plain text must survive them all.
_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐƯ"
_PLAIN = _LETTERS + "0123456789 ,.;:!?()[]{}<>&\"'*_#%@`|-–/\\+=~"
# Markdown fields: no link or autolink syntax at random (links are generated whole).
_MARKDOWN = _LETTERS + "0123456789 ,.;:!?()&\"'*_#%-–/+="


def _text(alphabet: str, max_size: int = 40) -> st.SearchStrategy[str]:
    word = st.text(alphabet=_LETTERS, min_size=1, max_size=8)
    return st.tuples(word, st.text(alphabet=alphabet, max_size=max_size)).map("".join)


plain = _text(_PLAIN)
_link = st.builds(
    "[{}](https://{}.gov.vn/{})".format,
    st.text(alphabet=_LETTERS, min_size=1, max_size=10),
    st.from_regex(r"[a-z]{2,10}", fullmatch=True),
    st.from_regex(r"[a-z0-9/-]{0,12}", fullmatch=True),
)
markdown = st.lists(st.one_of(_text(_MARKDOWN), _link), min_size=1, max_size=3).map(" ".join)
whole = st.integers(min_value=0, max_value=10**9).map(str)
day = st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat)
time_limit = st.one_of(
    st.fixed_dictionaries(
        {
            "value": st.from_regex(r"[1-9][0-9]{0,2}([.,][0-9])?", fullmatch=True),
            "unit": st.sampled_from(["working_days", "days", "hours", "months"]),
        }
    ),
    st.fixed_dictionaries({"text": plain}),
)
fee = st.fixed_dictionaries({"name": plain, "amount": whole}, optional={"note": markdown})
document = st.fixed_dictionaries(
    {"name": plain},
    optional={"form": st.just("CT01"), "required": st.sampled_from(["true", "false", "yes", "no"]), "note": markdown},
).flatmap(
    lambda d: st.sampled_from([{"originals": "1"}, {"copies": "2"}, {"originals": "1", "copies": "0"}]).map(
        lambda counts: {**d, **counts}
    )
)


def _channel(method: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"method": st.just(method), "time": time_limit},
        optional={"fees": st.lists(fee, max_size=2), "fees_text": markdown, "note": markdown},
    )


@st.composite
def channels(draw: st.DrawFn, online: str) -> list[dict[str, Any]]:
    offline = draw(st.lists(st.sampled_from(["in_person", "post"]), min_size=online == "none", max_size=2))
    methods = (["online"] if online != "none" else []) + offline
    return [draw(_channel(method)) for method in methods]


@st.composite
def procedures(draw: st.DrawFn) -> dict[str, Any]:
    online = draw(st.sampled_from(["full", "partial", "none"]))
    record = draw(
        st.fixed_dictionaries(
            {
                "code": st.from_regex(CODE_PATTERN.replace("*", "{0,2}"), fullmatch=True).filter(
                    lambda c: c != "1.004194"
                ),
                "title": plain,
                "field": plain,
                "agency": plain,
                "levels": st.lists(st.sampled_from(["bo", "tinh", "xa"]), min_size=1, unique=True),
                "applicants": st.lists(plain, min_size=1, max_size=3),
                "steps": st.lists(markdown, min_size=1, max_size=4),
                "documents": st.lists(
                    st.fixed_dictionaries(
                        {"items": st.lists(document, min_size=1, max_size=3)}, optional={"case": plain}
                    ),
                    min_size=1,
                    max_size=2,
                ),
                "results": st.lists(plain, min_size=1, max_size=2),
                "legal_basis": st.lists(
                    st.fixed_dictionaries(
                        {"number": plain, "title": plain},
                        optional={"date": day, "url": st.just("https://vbpl.vn/van-ban?id=1&a=b")},
                    ),
                    min_size=1,
                    max_size=2,
                ),
                "updated": day,
            },
            optional={
                "summary": markdown,
                "authority": plain,
                "decision": plain,
                "requirements": st.lists(markdown, min_size=1, max_size=2),
                "keywords": st.lists(plain, max_size=3),
            },
        )
    )
    return {**record, "online": online, "channels": draw(channels(online))}


def _dump(record: dict[str, Any]) -> str:
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=72)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base catalogue (one procedure, the form CT01) where each example writes its record."""
    return project_from_base(tmp_path_factory.mktemp("properties"))


@given(procedures())
def test_valid_records_load_as_written(project: Path, record: dict[str, Any]) -> None:
    (project / RECORD_PATH).write_text(_dump(record), encoding="utf-8")
    loaded = load_catalogue(project, date(2026, 11, 28)).by_code[record["code"]]
    assert loaded.title == _clean(record["title"])
    assert loaded.field == _clean(record["field"])
    assert loaded.steps == tuple(_clean(step) for step in record["steps"])
    assert [c.method for c in loaded.channels] == [c["method"] for c in record["channels"]]
    assert loaded.updated.isoformat() == record["updated"]


@settings(max_examples=2)
@given(procedures())
def test_valid_records_build(
    tmp_path_factory: pytest.TempPathFactory, build_project: Builder, record: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("build")
    project = project_from_base(folder)
    (project / RECORD_PATH).write_text(_dump(record), encoding="utf-8")
    build_project(project, today=date(2026, 11, 28))
    page = (project / "site" / "thu-tuc" / "thu-tuc-sinh-ngau-nhien" / "index.html").read_text(encoding="utf-8")
    assert record["code"] in page
    shutil.rmtree(folder)


# -- mutations -----------------------------------------------------------------------

# Pieces of YAML and text that break records in the ways editors and attackers do.
_FRAGMENTS = [
    "\t",
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.system ",
    "|",
    ">",
    "'",
    '"',
    "#",
    "---\n",
    "? ",
    "<<: *a",
    "\x00",
    "\x07",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\r",
    "~",
    "null",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "<script>",
    "%TAG ! x\n",
    "\\",
    "  ",
    "\n",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = _dump(draw(procedures()))
    lines = text.splitlines(keepends=True)
    kind = draw(st.sampled_from(["drop", "repeat", "insert", "replace", "truncate", "swap", "indent", "bytes"]))
    at = draw(st.integers(0, len(lines) - 1))
    offset = draw(st.integers(0, len(text)))
    piece = draw(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)))
    if kind == "drop":
        text = "".join(lines[:at] + lines[at + 1 :])
    elif kind == "repeat":
        text = "".join(lines[: at + 1] + lines[at:])
    elif kind == "insert":
        text = text[:offset] + piece + text[offset:]
    elif kind == "replace":
        end = draw(st.integers(offset, min(len(text), offset + 20)))
        text = text[:offset] + piece + text[end:]
    elif kind == "truncate":
        text = text[:offset]
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
        text = "".join(lines)
    elif kind == "indent":
        lines[at] = " " * draw(st.integers(1, 5)) + lines[at]
        text = "".join(lines)
    else:
        raw = text.encode("utf-8")
        return raw[:offset] + draw(st.binary(min_size=1, max_size=4)) + raw[offset:]
    return text.encode("utf-8", errors="surrogatepass")


_PROBLEM_LINE = re.compile(r"^procedures/thu-tuc-sinh-ngau-nhien\.yaml(:\d+:\d+)?: \S.*$")
_SUMMARY = re.compile(r"^\d+ problems? in 1 file( \(more not listed\))?; nothing was written\.$")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\ufeff]")


@given(mutated())
def test_mutated_records_are_valid_or_reported_cleanly(project: Path, raw: bytes) -> None:
    (project / RECORD_PATH).write_bytes(raw)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--project", str(project)])
    if code == 0:
        assert out.getvalue().startswith("OK: ")
        return
    assert code == 1
    *problems, summary = err.getvalue().splitlines()
    assert _SUMMARY.match(summary), summary
    assert 1 <= len(problems) <= 21
    for line in problems:
        assert _PROBLEM_LINE.match(line), line
        assert not _INVISIBLE.search(line), line


# -- the loader never crashes -----------------------------------------------------------------


@contextlib.contextmanager
def _reported_only() -> Iterator[None]:
    """Anything but a CatalogueError (a problem for the editor) is a bug in the loader."""
    with contextlib.suppress(CatalogueError):
        yield


@settings(max_examples=200)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_reader_and_parser_never_crash_on_any_bytes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "any.yaml"
    path.write_bytes(raw)
    with _reported_only():
        parse(read_text(path, "any.yaml"), "any.yaml")


_YAMLISH = st.lists(st.sampled_from([*_FRAGMENTS, "a", "b", "1", "đ", " ", "\n", "- a\n", "k: v\n"]), max_size=40)


@settings(max_examples=200)
@given(_YAMLISH)
def test_parser_never_crashes_on_yaml_like_text(pieces: list[str]) -> None:
    with _reported_only():
        parse("".join(pieces), "any.yaml")
