"""The docs name only what exists: repository paths, ``catalogue`` commands and options, local links.

Read as a reader follows them: README.md, CONTRIBUTING.md, docs/**/*.md and benchmarks/README.md.
What counts as a mention:

- a **repository path**: a word in code (a backticked span or a fenced block) or a link target that
  starts with one of the project's folders (``generator/``, ``tests/``, ``templates/``, ``docs/``…)
  or is a top-level file (``mkdocs.yml``, ``constraints.txt``, ``CONTRIBUTING.md``). ``<slug>``,
  ``*`` and ``…`` are placeholders: the path must then match at least one file. Build outputs
  (``site/``, ``.catalogue/``, ``benchmarks/out/``) and site addresses (``/thu-tuc/…``) are not
  repository paths and are not checked;
- a **command**: ``catalogue SUB --option`` (also ``python -m generator``), checked against the
  real argument parser of ``generator/cli/main.py``, options in its comment included;
  ``pytest … tests/x.py -m "marker"`` (the files and the markers must exist); ``./run SUB``;
- a **local link**: ``[text](file#anchor)``, the file relative to the doc, the anchor a heading of
  the target (GitHub's anchors).

Every offence is reported as ``file:line: what``.
"""

from __future__ import annotations

import argparse
import re
import shlex
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.cli.main import _parser

from .conftest import ROOT

REPO_FOLDERS = (
    "generator",
    "tests",
    "templates",
    "docs",
    "benchmarks",
    "scripts",
    "procedures",
    "forms",
    "journeys",
    "pages",
    "communes",
    ".ci",
)
"""A code word starting with one of these folders names a file of the repository."""
OUTPUTS = ("site/", ".catalogue/", "benchmarks/out/", ".venv/", "node_modules/")
"""What builds, benchmarks and installs write: not in the repository, never checked."""
TOP_LEVEL = re.compile(r"[A-Z][A-Z_-]*\.md|[\w-][\w.-]*\.(?:yml|toml|cfg|ini)|constraints\.txt|package(?:-lock)?\.json")
"""A code word without a folder that names a top-level file."""
PLACEHOLDER = re.compile(r"<[^>]*>|…|\.\.\.|\*+")
SHELL_BLOCKS = {"", "sh", "shell", "bash", "console"}
FRONT_PAGE_LINES = 150
IMAGE_BYTES = 150 * 1024

FENCE = re.compile(r"^ {0,3}(```+|~~~+)\s*([\w-]*)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
HTML_LINK = re.compile(r"<(?:img|a|source)\b[^>]*?\s(?:src|href|srcset)=\"([^\"]+)\"", re.IGNORECASE)
WORD = re.compile(r"[^\s`'\"()\[\]{},;|=]+")
OPERATORS = {"&&", "||", "|", ";", "&", "(", ")"}
REDIRECTS = {">", ">>", "<", "2>", "2>&1"}


@dataclass(frozen=True)
class Code:
    """A piece of code in a doc: an inline span or one line of a fenced block."""

    line: int
    text: str
    shell: bool
    """Whether commands in it are read: inline spans and lines of shell blocks."""


@dataclass(frozen=True)
class Doc:
    path: Path
    text: str

    def lines(self) -> list[str]:
        return self.text.splitlines()

    def prose(self) -> str:
        """The text with fenced blocks and code spans blanked out (same offsets, same lines)."""
        out = []
        fenced = False
        for line in self.text.splitlines(keepends=True):
            if FENCE.match(line):
                fenced = not fenced
                out.append(_blank(line))
            elif fenced:
                out.append(_blank(line))
            else:
                out.append(CODE_SPAN.sub(lambda m: _blank(m.group(0)), line))
        return "".join(out)

    def code(self) -> Iterator[Code]:
        fence: str | None = None
        language = ""
        for number, line in enumerate(self.lines(), 1):
            match = FENCE.match(line)
            if match and (fence is None or match.group(1).startswith(fence)):
                fence, language = (None, "") if fence else (match.group(1), match.group(2).lower())
            elif fence is not None:
                yield Code(number, line, language in SHELL_BLOCKS)
            else:
                for span in CODE_SPAN.finditer(line):
                    yield Code(number, span.group(2).strip(), True)

    def anchors(self) -> set[str]:
        """GitHub's anchors of the headings (``-1``, ``-2`` for repeats) and of ``<a id>`` elements."""
        found: set[str] = set()
        seen: dict[str, int] = {}
        fenced = False
        for line in self.lines():
            if FENCE.match(line):
                fenced = not fenced
                continue
            heading = HEADING.match(line)
            if heading and not fenced:
                slug = heading_slug(heading.group(2))
                count = seen.get(slug, 0)
                seen[slug] = count + 1
                found.add(slug if count == 0 else f"{slug}-{count}")
            found.update(HTML_ANCHOR.findall(line))
        return found


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def heading_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its text, lower case, without punctuation, spaces as dashes."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class Checker:
    """Finds what a doc names that does not exist in *root*."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.parser = _parser()
        self.commands = _subparsers(self.parser)
        self.markers = _markers(root / "pyproject.toml")
        self.run_commands = _run_commands(root / "run")
        self._docs: dict[Path, Doc] = {}

    def doc(self, path: Path) -> Doc:
        if path not in self._docs:
            self._docs[path] = Doc(path, path.read_text(encoding="utf-8"))
        return self._docs[path]

    def offences(self, path: Path) -> list[str]:
        doc = self.doc(path)
        name = path.relative_to(self.root).as_posix()
        found: list[tuple[int, str]] = []
        for code in doc.code():
            found += [(code.line, message) for message in self.code_offences(code)]
        found += self.link_offences(doc)
        return [f"{name}:{line}: {message}" for line, message in sorted(found)]

    # Paths

    def path_offence(self, word: str) -> str | None:
        """Why *word* names a repository path that does not exist, or None."""
        path = _path_in(word)
        if path is None:
            return None
        pattern = PLACEHOLDER.sub("*", path)
        if "*" in pattern:
            return None if next(self.root.glob(pattern.rstrip("/")), None) else f"{path}: no file matches"
        return None if (self.root / path).exists() else f"{path}: no such file or folder"

    # Commands

    def code_offences(self, code: Code) -> Iterator[str]:
        for word in WORD.findall(code.text.replace("\\|", "|")):
            problem = self.path_offence(word)
            if problem:
                yield problem
        if code.shell:
            for command, comment in _commands(code.text):
                yield from self.command_offences(command, comment)

    def command_offences(self, words: list[str], comment: str) -> Iterator[str]:
        while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=\S*", words[0]):
            words = words[1:]
        if not words:
            return
        program = words[0].rsplit("/", 1)[-1]
        if program == "catalogue":
            yield from self.catalogue_offences(words[1:], comment)
        elif program.startswith("python") and words[1:3] == ["-m", "generator"]:
            yield from self.catalogue_offences(words[3:], comment)
        elif program.startswith("python") and words[1:3] == ["-m", "pytest"]:
            yield from self.pytest_offences(words[3:])
        elif program == "pytest":
            yield from self.pytest_offences(words[1:])
        elif words[0] in ("./run", "run") and len(words) > 1 and words[1] not in self.run_commands:
            yield f"./run {words[1]}: no such command (./run {' | '.join(sorted(self.run_commands))})"

    def catalogue_offences(self, args: list[str], comment: str) -> Iterator[str]:
        if not args or _placeholder(args[0]):
            return
        if args[0].startswith("-"):
            parser, rest, name = self.parser, args, "catalogue"
        elif args[0] in self.commands:
            parser, rest, name = self.commands[args[0]], args[1:], f"catalogue {args[0]}"
        else:
            yield f"catalogue {args[0]}: no such command"
            return
        options = parser._option_string_actions
        positionals = [action for action in parser._actions if not action.option_strings]
        index = 0
        while index < len(rest):
            word = rest[index].strip("[]")
            index += 1
            if word.startswith("-"):
                option, _, value = word.partition("=")
                action = options.get(option)
                if action is None:
                    yield f"{name} {option}: no such option"
                    continue
                if action.nargs != 0 and not value and index < len(rest):
                    value = rest[index]
                    index += 1
                if action.choices and value and not _placeholder(value) and value not in action.choices:
                    yield f"{name} {option} {value}: expected one of {', '.join(map(str, action.choices))}"
            elif not _placeholder(word):
                if not positionals:
                    yield f"{name}: unexpected argument {word!r}"
                    continue
                action = positionals.pop(0)
                for choice in word.split("|"):
                    if action.choices and choice not in action.choices:
                        yield f"{name} {choice}: expected one of {', '.join(map(str, action.choices))}"
        for option in re.findall(r"(?<![\w-])--?[a-z][\w-]*", comment):
            if option not in options:
                yield f"{name} {option}: no such option"

    def pytest_offences(self, args: list[str]) -> Iterator[str]:
        index = 0
        while index < len(args):
            word = args[index]
            index += 1
            if word in ("-m", "-k", "-p", "--maxfail", "--durations") and index < len(args):
                if word == "-m":
                    for marker in re.findall(r"[A-Za-z_]\w*", args[index]):
                        if marker not in {"and", "or", "not", *self.markers}:
                            yield f"pytest -m: no marker {marker!r} (pyproject.toml declares {sorted(self.markers)})"
                index += 1
            elif not word.startswith("-") and not _placeholder(word) and _path_in(word) is None:
                path = word.split("::")[0]
                if not (self.root / path).exists():
                    yield f"pytest {path}: no such test file or folder"

    # Links

    def link_offences(self, doc: Doc) -> Iterator[tuple[int, str]]:
        prose = doc.prose()
        targets = [(m.start(1), m.group(1)) for m in LINK.finditer(prose)]
        targets += [(m.start(1), m.group(1)) for m in REFERENCE.finditer(prose)]
        targets += [(m.start(1), m.group(1)) for m in HTML_LINK.finditer(prose)]
        for offset, target in targets:
            problem = self.link_offence(doc, target)
            if problem:
                yield _line_of(prose, offset), problem

    def link_offence(self, doc: Doc, target: str) -> str | None:
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) or target.startswith("/"):
            return None  # another site, mail, phone; or an address of the published site
        file, _, anchor = target.partition("#")
        path = (doc.path.parent / file).resolve() if file else doc.path
        if not path.exists():
            return f"link {target}: no such file"
        if not path.is_relative_to(self.root):
            return f"link {target}: outside the repository"
        if file and (problem := self.path_offence(path.relative_to(self.root).as_posix())):
            return f"link {target}: {problem}"
        if anchor and path.suffix == ".md" and anchor not in self.doc(path).anchors():
            return f"link {target}: no heading #{anchor} in {path.relative_to(self.root).as_posix()}"
        return None


def _path_in(word: str) -> str | None:
    """The repository path *word* names (without anchor, line numbers or node id), or None."""
    word = word.strip(".:!?").removeprefix("./")
    word = re.sub(r"(:\d+)+$", "", word.split("#")[0].split("::")[0])
    if not word or word.startswith(("/", "~", "../")) or "://" in word or word.startswith(OUTPUTS):
        return None
    first = word.split("/")[0]
    if "/" in word and first in REPO_FOLDERS:
        return word
    return word if TOP_LEVEL.fullmatch(word) else None


def _placeholder(word: str) -> bool:
    return bool(PLACEHOLDER.search(word)) or bool(re.fullmatch(r"[A-Z][A-Z_]*", word))


def _commands(text: str) -> Iterator[tuple[list[str], str]]:
    """Each command of a shell line or span, as its words, with the line's comment."""
    text = text.replace("\\|", "|").removeprefix("$ ")
    code, comment = re.split(r"(?:^|\s)#", text, maxsplit=1) if re.search(r"(?:^|\s)#", text) else (text, "")
    # Alternatives in brackets ([procedure|form]) are one word, not a pipe.
    code = re.sub(r"\[[^\]]*\]", lambda m: m.group(0).replace("|", "\x00"), code)
    lexer = shlex.shlex(code, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        words = [word.replace("\x00", "|") for word in lexer]
    except ValueError:  # an unclosed quote: a fragment of a command, read word by word
        words = [word.replace("\x00", "|") for word in code.split()]
    command: list[str] = []
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word in REDIRECTS:
            skip = True
        elif word in OPERATORS:
            yield command, ""
            command = []
        else:
            command.append(word)
    yield command, comment


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("catalogue has no subcommands")


def _markers(pyproject: Path) -> set[str]:
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]["markers"]
    return {marker.split(":")[0].strip() for marker in declared}


def _run_commands(script: Path) -> set[str]:
    """The subcommands of ./run: the patterns of its ``case``."""
    return set(re.findall(r"^  ([a-z]+)\)$", script.read_text(encoding="utf-8"), re.MULTILINE))


def docs(root: Path) -> list[Path]:
    return [
        root / "README.md",
        root / "CONTRIBUTING.md",
        *sorted((root / "docs").rglob("*.md")),
        root / "benchmarks" / "README.md",
    ]


def test_the_docs_name_only_what_exists() -> None:
    checker = Checker(ROOT)
    offences = [offence for path in docs(ROOT) for offence in checker.offences(path)]
    assert not offences, "\n".join(offences)


def test_the_images_of_the_docs_are_small() -> None:
    images = sorted((ROOT / "docs" / "images").glob("*.png"))
    assert images
    large = [f"{p.relative_to(ROOT)}: {p.stat().st_size} bytes" for p in images if p.stat().st_size > IMAGE_BYTES]
    assert not large


def test_the_readme_is_a_front_page() -> None:
    """At most 150 lines, and a Quick start of exactly the two commands CI runs one of."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= FRONT_PAGE_LINES
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.split("#")[0].strip()
        for block in re.findall(r"```[\w-]*\n(.*?)```", quick_start, re.DOTALL)
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands == ["./run site", "./run test"]
    assert "exec ./run test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_checker_reports_each_offence_with_its_line(tmp_path: Path) -> None:
    for name in ("pyproject.toml", "run"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "generator" / "paper").mkdir(parents=True)
    (tmp_path / "generator" / "paper" / "forms.py").write_text("", encoding="utf-8")
    (tmp_path / "procedures" / "cu-tru").mkdir(parents=True)
    (tmp_path / "procedures" / "cu-tru" / "dang-ky-thuong-tru.yaml").write_text("", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "print.md").write_text("# Print\n\n## Paper and bleed\n", encoding="utf-8")
    (tmp_path / "docs" / "operators.md").write_text(
        "# Operators\n"
        "Forms are made by `generator/paper/forms.py` and `generator/formdocx.py`.\n"
        "Records are `procedures/<field>/<slug>.yaml`, pages `pages/<name>.md`; the site is `site/thu-tuc/<slug>/`,\n"
        "its address `/thu-tuc/<slug>/`, the cache `.catalogue/pdf-cache/` and the settings `mkdocs.yml`.\n"
        "Run `catalogue build --paper A5 --bleed`, `catalogue build --paper A3`, `catalogue publish`\n"
        "and `catalogue schema [procedure\\|form\\|page] [--markdown]`.\n"
        "See [print](print.md#paper-and-bleed), [bleed](print.md#bleed), [the\n"
        "architecture](architecture.md) and [the portal](https://dichvucong.gov.vn/).\n"
        '<img src="images/print.png" alt="A guide">\n'
        "```sh\n"
        "catalogue serve --port 8001 --open     # --no-pdf, --watch\n"
        ".venv/bin/pytest tests/test_docs.py -m 'not browser and not fast'\n"
        "./run deploy\n"
        "```\n"
        "```text\n"
        "procedures/cu-tru/dang-ky-thuong-tru.yaml:18:50: channels[1].fees[0].amount: expected a whole number\n"
        "```\n",
        encoding="utf-8",
    )
    assert Checker(tmp_path).offences(tmp_path / "docs" / "operators.md") == [
        "docs/operators.md:2: generator/formdocx.py: no such file or folder",
        "docs/operators.md:3: pages/<name>.md: no file matches",
        "docs/operators.md:4: mkdocs.yml: no such file or folder",
        "docs/operators.md:5: catalogue build --paper A3: expected one of A4, A5",
        "docs/operators.md:5: catalogue publish: no such command",
        "docs/operators.md:6: catalogue schema page: expected one of procedure, form, journey",
        "docs/operators.md:7: link print.md#bleed: no heading #bleed in docs/print.md",
        "docs/operators.md:8: link architecture.md: no such file",
        "docs/operators.md:9: link images/print.png: no such file",
        "docs/operators.md:11: catalogue serve --open: no such option",
        "docs/operators.md:11: catalogue serve --watch: no such option",
        "docs/operators.md:12: pytest -m: no marker 'fast' (pyproject.toml declares ['browser', 'slow'])",
        "docs/operators.md:12: tests/test_docs.py: no such file or folder",
        "docs/operators.md:13: ./run deploy: no such command (./run serve | site | test)",
    ]
