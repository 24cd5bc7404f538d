"""Read the editors' hand-written pages (``pages/``) and check that they cannot be turned against the site.

Hand-written pages are content, like records (``docs/security.md``): an editor,
soon through a browser editor, may write anything there. So nothing in them is
run: the few settings values a page may show (``{{ agency.name }}``...) are
substituted as text, never through a template engine, and anything else between
``{{ }}`` or ``{% %}`` is a problem. A page may not carry a script, an event
handler or a redirect; the other files may only be of the kinds a reader's
browser shows without running code (images, documents), an SVG only without
scripts; and no file may publish where the catalogue or the theme publishes.
Every problem names the file, and the line and column where there is one, so
``catalogue check`` finds all of them before a build.
"""

from __future__ import annotations

import html
import importlib.metadata
import importlib.util
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

from generator import urls
from generator.load.files import check_file, link_problem, name_problem, walk, warn_removed
from generator.load.filetypes import KINDS
from generator.model.catalogue import Catalogue
from generator.problems import CatalogueError, Problem
from generator.project import PAGES_DIR

PAGE_SUFFIX = ".md"
FILE_TYPES = frozenset(KINDS)
"""What may sit beside the pages: images and documents, which a browser shows without running anything."""
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd"})
"""What MkDocs renders as a page; only ``.md`` is read (and checked) as one."""
VALUES = (
    "agency.name",
    "agency.address",
    "agency.hotline",
    "agency.email",
    "agency.hours",
    "agency.map",
    "agency.tel",
    "agency.mailto",
    "portal.home",
    "portal.lookup",
)
"""The settings values a page may show, written ``{{ agency.name }}``."""
KNOWN = ", ".join(f"{{{{ {name} }}}}" for name in VALUES)


@dataclass(frozen=True)
class Page:
    """One file of ``pages/``, as the docs tree holds it."""

    source: str
    """Where the editor wrote it: ``pages/lien-he.md``."""
    path: str
    """Its path in the docs tree: ``lien-he.md``."""
    content: str | Path | bytes
    """Markdown with the settings values filled in, a file to copy as it is, or a file made safe
    (:mod:`generator.load.files`)."""

    @property
    def url(self) -> str | None:
        """The address a Markdown page is published at (``lien-he/``); None for a file copied as it is."""
        if not self.path.endswith(PAGE_SUFFIX):
            return None
        return urls.published_file(self.path).removesuffix("index.html")


def read_pages(catalogue: Catalogue) -> list[Page]:
    """Every hand-written page; raises :class:`CatalogueError` naming each problem of each page."""
    problems: list[Problem] = []
    files: dict[str, str] = {}
    pages = list(_pages(catalogue, problems, files))
    problems += address_problems(files, theme_files(catalogue))
    problems += link_problems(pages, catalogue)
    if problems:
        raise CatalogueError(problems)
    return pages


def _pages(catalogue: Catalogue, problems: list[Problem], files: dict[str, str]) -> Iterator[Page]:
    """The pages and files of ``pages/``; adds to *files* the docs-tree path and source of each, even refused ones."""
    folder = catalogue.project / PAGES_DIR
    values = _values(catalogue)
    limit = catalogue.settings.files.max_bytes
    for path in walk(folder) if folder.is_dir() else ():
        name = path.relative_to(folder).as_posix()
        display = f"{PAGES_DIR}/{name}"
        files[name] = display
        problem = link_problem(path, folder) or _kind_problem(path) or _name_problem(name)
        if problem:
            problems.append(Problem(display, 0, 0, "", problem))
            continue
        if path.suffix != PAGE_SUFFIX:
            checked = check_file(path, limit)
            if isinstance(checked, list):
                problems += [Problem(display, p.line, p.column, "", p.message) for p in checked]
                continue
            warn_removed(display, checked.removed)
            yield Page(display, name, checked.content)
            continue
        if path.stat().st_size > limit:
            problems.append(Problem(display, 0, 0, "", f"is larger than {limit // 2**20} MB; split the page"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(display, 0, 0, "", "is not UTF-8; save the file as UTF-8"))
            continue
        found = markup_problems(text, display)
        content = fill_values(text, values, display, found)
        problems += found
        yield Page(display, name, content)


def _name_problem(name: str) -> str | None:
    """Why a name in ``pages/`` (each of its folders and the file) may not be published, or None."""
    for part in name.split("/"):
        problem = name_problem(part)
        if problem:
            return problem if part == name.rpartition("/")[2] else f"is in a folder ({part}) that {problem}"
    return None


def _kind_problem(path: Path) -> str | None:
    """Why a file of this kind cannot be published from ``pages/``, or None."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES and path.suffix != PAGE_SUFFIX:
        return f"rename the file to end in {PAGE_SUFFIX}: only .md files are read and checked as pages"
    if path.suffix == PAGE_SUFFIX or suffix in FILE_TYPES:
        return None
    kinds = ", ".join(sorted(FILE_TYPES))
    what = f"a {path.suffix} file" if path.suffix else "a file without an extension"
    return (
        f"{what} may not be published from pages/: a browser could run it as a program; pages/ holds "
        f"Markdown pages (.md), images and documents ({kinds})"
    )


# -- settings values ------------------------------------------------------------------------------

_TEMPLATE = re.compile(r"\{\{((?:(?!\{\{).)*?)\}\}|\{%.*?%\}|\{\{|\{%", re.DOTALL)
# A value written where a web address goes: a Markdown link or reference, an HTML attribute, mailto:/tel:.
_IN_ADDRESS = re.compile(
    r"""(?:\]\(\s*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?|\b(?:href|src)\s*=\s*["']?)(?:mailto:|tel:)?\Z""",
    re.IGNORECASE | re.MULTILINE,
)
_ADDRESS_SAFE = "-._~:/?#@!$&+,;=%"
"""Characters a value keeps where a web address goes; any other is %-encoded, so it cannot end the link."""


def _values(catalogue: Catalogue) -> dict[str, str]:
    settings = catalogue.settings
    values = {name: getattr(getattr(settings, name.split(".")[0]), name.split(".")[1]) for name in VALUES}
    return {name: str(value) for name, value in values.items() if value is not None}


def fill_values(text: str, values: dict[str, str], display: str, problems: list[Problem]) -> str:
    """*text* with each ``{{ agency.name }}`` replaced by its value, as text; anything else is a problem.

    A value is shown exactly as written: in running text each character that
    Markdown or HTML could read as markup is written as a character reference
    (``&#91;`` for ``[``), so ``[bấm](https://...)`` in an address stays text;
    where a web address goes it is %-encoded.
    """
    lines = _Lines(text)

    def replace(match: re.Match[str]) -> str:
        written = match.group(0)
        name = " ".join((match.group(1) or "").split())
        if name in values:
            before = text[max(0, match.start() - 200) : match.start()]
            return as_address(values[name]) if _IN_ADDRESS.search(before) else as_text(values[name])
        line, column = lines.position(match.start())
        if written.startswith("{%"):
            message = "template statements ({% … %}) are not allowed in a page; write the text itself"
        elif match.group(1) is None:
            message = f"{{{{ is not closed with }}}}; a page may use {KNOWN}"
        elif name in VALUES:
            message = f"{name} is not set in mkdocs.yml (extra.catalogue.{name}); set it or remove it from the page"
        else:
            shown = " ".join(written.split())
            message = f"unknown value {shown[:80]}{'…' if len(shown) > 80 else ''}; a page may use {KNOWN}"
        problems.append(Problem(display, line, column, "", message))
        return ""

    return _TEMPLATE.sub(replace, text)


_MARKUP_CHARACTER = re.compile(r"""[\\`*_{}\[\]()<>#+\-.!|~&"'=:@^$%]""")
"""What Markdown, its extensions or HTML could read as markup; commas, slashes and letters stay as they are."""


def as_text(value: str) -> str:
    """*value* as Markdown that shows it exactly: each character that could be markup as a character reference."""
    return _MARKUP_CHARACTER.sub(lambda m: f"&#{ord(m.group())};", " ".join(value.split()))


def as_address(value: str) -> str:
    return quote(value, safe=_ADDRESS_SAFE)


class _Lines:
    """Line and column (from 1) of an offset in a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


# -- markup that would run code or send readers away -----------------------------------------------

DATA_TYPES = frozenset({"application/json", "application/ld+json"})
"""The only ``<script type>`` a page may carry: data, which no browser runs (any other type may be a script:
browsers run ``text/jscript``, ``text/livescript``, ``application/x-javascript``…)."""
ELEMENTS = frozenset(
    {
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
        "script",
    }
)
"""The HTML a page may write: text, headings, links, images, lists, tables (and data in ``<script>``)."""
ATTRIBUTES = frozenset(
    {
        "id",
        "class",
        "title",
        "lang",
        "dir",
        "alt",
        "href",
        "src",
        "srcset",
        "sizes",
        "width",
        "height",
        "colspan",
        "rowspan",
        "scope",
        "headers",
        "abbr",
        "start",
        "reversed",
        "type",
        "open",
        "datetime",
        "cite",
        "role",
        "name",
        "rel",
        "hreflang",
        "download",
        "loading",
        "decoding",
        "media",
        "markdown",
        "value",
        "span",
    }
)
"""The attributes it may give them (and ``aria-*``); never an event handler, ``style`` or ``srcdoc``."""
_ELEMENT_WHY = {
    "iframe": "would show another page inside this one (with srcdoc=, a page of its own that runs scripts)",
    "frame": "would show another page inside this one",
    "object": "would run a plugin or show another page",
    "embed": "would run a plugin or show another page",
    "applet": "would run a program",
    "form": "would send what readers type somewhere; link to the national portal instead",
    "input": "asks readers to type something; link to the national portal instead",
    "button": "does nothing without a script; use a link",
    "style": "is blocked by the site's security policy; the site's own styles apply",
    "link": "would load a file into the page",
    "base": "would send every link of the page elsewhere",
    "meta": "changes how the page behaves",
    "svg": "can hold scripts; put the drawing in an .svg file beside the page and show it with an image",
    "math": "can hold links that run code",
}
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "cite"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application")
_HANDLER = re.compile(r"on[a-z]+")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_LIST_ITEM = re.compile(r"""(?:^|\s)([^\s=]+)\s*=\s*("[^"]*"|'[^']*'|\S+)""")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


def _bad_address(value: str) -> bool:
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
    return plain.startswith(_BAD_SCHEMES)


def attribute_problem(tag: str, name: str, value: str) -> str | None:
    """Why the attribute *name*=*value* may not be written on <*tag*> (or in an attribute list: *tag* empty)."""
    on = f" on <{tag}>" if tag else " in an attribute list"
    if _HANDLER.fullmatch(name):
        return f"the event handler {name}={on} would run code in readers' browsers; remove it"
    if name == "srcdoc":
        return f"srcdoc={on} would run a page of its own, with its scripts, in readers' browsers; remove it"
    if name in _URL_ATTRIBUTES and _bad_address(value):
        return f'{name}="{value[:40]}"{on} would run code; link to an https:// address'
    if name not in ATTRIBUTES and not name.startswith("aria-"):
        why = "is blocked by the site's security policy" if name == "style" else "is not one a page may use"
        return f"the attribute {name}={on} {why}; remove it"
    return None


class _MarkupScan(HTMLParser):
    """Finds, in a page's raw HTML, what is not on the allow-lists: what would run code or send readers elsewhere."""

    def __init__(self, report: Callable[[tuple[int, int], str], None]) -> None:
        super().__init__(convert_charrefs=True)
        self.report = report

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(c in tag for c in ":@."):
            return  # a Markdown autolink (<https://…>, <ten@co-quan.gov.vn>), not HTML
        where = self.getpos()
        named = {name: value or "" for name, value in attrs}
        if tag == "meta" and named.get("http-equiv", "").strip().lower() == "refresh":
            self.report(where, '<meta http-equiv="refresh"> would send readers to another address; link to it instead')
            return
        if tag not in ELEMENTS:
            why = _ELEMENT_WHY.get(tag, "is not an element a page may use")
            self.report(where, f"<{tag}> {why}; pages hold text, links, images, lists and tables")
            return
        if tag == "script":
            kind = named.get("type", "").split(";")[0].strip().lower()
            if "src" in named:
                self.report(
                    where,
                    f"<script src={named['src'][:60]}> would load a program into readers' browsers;"
                    " a page may not carry scripts",
                )
                return
            if kind not in DATA_TYPES:
                self.report(where, "an inline <script> would run in readers' browsers; a page may not carry scripts")
                return
        for name, value in attrs:
            problem = attribute_problem(tag, name, value or "")
            if problem and not (tag == "script" and name == "type"):
                self.report(where, problem)


def markup_problems(text: str, display: str) -> list[Problem]:
    """Scripts, event handlers, redirects, ``javascript:`` links and any HTML not on the allow-lists in one page.

    The whole text is scanned as HTML (raw HTML in Markdown passes through as
    it is), including code blocks: a page that shows code writes ``&lt;``.
    Markdown's own ways to the same (``[a](javascript:…)``, an attribute list
    ``{: onclick=… }``) are scanned too.
    """
    problems: list[Problem] = []
    lines = _Lines(text)

    def at(offset: int, message: str) -> None:
        problems.append(Problem(display, *lines.position(offset), "", message))

    def report(where: tuple[int, int], message: str) -> None:
        problems.append(Problem(display, where[0], where[1] + 1, "", message))

    scan = _MarkupScan(report)
    scan.feed(text)
    scan.close()
    for match in _ATTR_LIST.finditer(text):
        for item in _ATTR_LIST_ITEM.finditer(match.group(1)):
            problem = attribute_problem("", item.group(1).lower(), item.group(2).strip("\"'"))
            if problem:
                at(match.start(), problem)
    for match in _MD_LINK.finditer(text):
        target = match.group(1) or match.group(2) or ""
        if _bad_address(target):
            at(match.start(), f'the link "{target[:40]}" would run code; link to an https:// address')
    return problems


# -- addresses ----------------------------------------------------------------------------------------

_ROOT_GENERATED = re.compile(r"(index\.html|so-tay-thu-tuc-hanh-chinh(-tap-\d+)?\.pdf)")


def address_problems(files: dict[str, str], theme: dict[str, str]) -> list[Problem]:
    """Files (docs-tree path: source) that would publish where the catalogue, the engine, the theme or another
    page publishes.

    Compared by the file each publishes in the site (``lien-he.md`` and
    ``lien-he/index.md`` are both ``lien-he/index.html``), ignoring case, since
    some web servers do.
    """
    problems = []
    seen: dict[str, str] = {}
    for path, source in files.items():
        published = urls.published_file(path)
        folded = published.casefold()
        where = "/" + published.removesuffix("index.html")
        section = next((s for s in urls.GENERATED_SECTIONS if folded.startswith(s.casefold())), None)
        if section:
            message = (
                f"would publish at {where}, in /{section}, which the catalogue makes from its records;"
                " move it to another folder"
            )
        elif _ROOT_GENERATED.fullmatch(folded) or folded in urls.ENGINE_FILES:
            message = f"would replace {where}, which the catalogue makes; rename it"
        elif folded in theme:
            message = f"would replace the theme's file {theme[folded]}; rename it"
        elif folded in seen:
            message = f"would publish at {where}, like {seen[folded]}; rename one of them"
        else:
            seen[folded] = source
            continue
        problems.append(Problem(source, 0, 0, "", message))
    return problems


def theme_files(catalogue: Catalogue) -> dict[str, str]:
    """Every file of the theme the site publishes (the project's overrides, then the installed theme), casefolded.

    Values name the file for a message: ``templates/overrides/assets/javascripts/display.js``.
    """
    theme = catalogue.site.theme
    name, custom = ("material", None)
    if isinstance(theme, str):
        name = theme
    elif isinstance(theme, dict):
        name, custom = str(theme.get("name") or "material"), theme.get("custom_dir")
    files: dict[str, str] = {}
    folders = [(catalogue.project / str(custom), str(custom))] if custom else []
    installed = _installed_theme(name)
    if installed:
        folders.append((installed, f"{name} (theme)"))
    for folder, label in reversed(folders):
        for path in _files(folder.resolve()):
            files[path.casefold()] = f"{label.rstrip('/')}/{path}"
    return files


@cache
def _installed_theme(name: str) -> Path | None:
    """The folder of the MkDocs theme *name*, found through its entry point without importing MkDocs."""
    for entry in importlib.metadata.entry_points(group="mkdocs.themes"):
        if entry.name == name:
            spec = importlib.util.find_spec(entry.value)
            if spec and spec.submodule_search_locations:
                return Path(next(iter(spec.submodule_search_locations)))
    return None


@cache
def _files(folder: Path) -> tuple[str, ...]:
    """Files under *folder* an engine publishes or renders (not hidden ones, not Python)."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith((".", "__"))]
        for name in names:
            if not name.startswith(".") and not name.endswith((".py", ".pyc")) and name != "mkdocs_theme.yml":
                found.append((Path(root) / name).relative_to(folder).as_posix())
    return tuple(found)


# -- links ----------------------------------------------------------------------------------------------

_LIST_PAGE = re.compile(r"(.*/)trang-\d+/")


def link_problems(pages: list[Page], catalogue: Catalogue) -> list[Problem]:
    """Links in pages to a file that neither the catalogue nor ``pages/`` publishes (the build would stop on them).

    Only relative links to a file (``../thu-tuc/<slug>/index.md``, ``anh.png``)
    are checked, as the HTML engine checks them.
    """
    generated = {urls.docs_path(url) for url in urls.generated_pages(catalogue)}
    written = {page.path for page in pages}
    problems = []
    for page in pages:
        if not isinstance(page.content, str):
            continue
        lines = _Lines(page.content)
        for match in _MD_LINK.finditer(page.content):
            target = match.group(1) or match.group(2) or ""
            path = _relative_file(page.path, target)
            if path is None or path in written or path in generated or _in_generated(path, generated):
                continue
            line, column = lines.position(match.start())
            problems.append(Problem(page.source, line, column, "", _missing(target, path)))
    return problems


def _relative_file(page: str, target: str) -> str | None:
    """The docs-tree file a link from *page* names, or None when it names no file (another site, a folder)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith(("/", "\\")):
        return None
    if not posixpath.splitext(parts.path.rpartition("/")[2])[1]:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))


def _in_generated(path: str, generated: set[str]) -> bool:
    """A later page of a generated list (``linh-vuc/<slug>/trang-2/index.md``)."""
    listed = _LIST_PAGE.fullmatch(path.removesuffix("index.md"))
    return listed is not None and urls.docs_path(listed.group(1)) in generated


def _missing(target: str, path: str) -> str:
    if path.startswith("../"):
        return (
            f'links to "{target}", which leads above the top folder of the site; a link starts from the '
            "folder of the page it is in"
        )
    if path.startswith(urls.GENERATED_SECTIONS) and not path.endswith(PAGE_SUFFIX):
        return (
            f'links to "{target}", a file the catalogue makes after checking links;'
            " link to the page that offers it (its index.md) instead"
        )
    if path.startswith(urls.PROCEDURES):
        return f'links to "{target}", but no published procedure has that address; check the slug'
    return f'links to "{target}", but there is no page or file {path}'
