"""Ship only the theme the site uses: the lightest first view for slow phones.

Material for MkDocs (and Zensical) ship a 114 KB script bundle, 1 MB of search
code the catalogue does not use (it has its own search) and 2 MB of source
maps. The theme overrides (``templates/overrides/main.html``) load
``theme.js`` instead of the bundle; after the engine has rendered the site,
:func:`trim_theme`

- removes every source map and the comments that point to them;
- removes the theme's scripts and stylesheets that no page loads (the bundle,
  its search worker, lunr and its language files);
- cuts from each remaining theme stylesheet the rules no page can match: a
  rule whose every selector needs a class or an ``id`` that no page and no
  script of the site uses. The cut file gets a name with the hash of its new
  content, and every page is pointed at it, so a cache that keeps hashed files
  for ever never serves one site's cut with another site's pages;
- minifies the site's own stylesheets and scripts (``catalogue.css``,
  ``search.js``; rcssmin and rjsmin): a third of their bytes as served; a
  ``/*! ... */`` comment stays.

Only what cannot match is cut: a selector counts as matchable when every class
and ``id`` outside parentheses (``:not(...)``, ``:is(...)``) appears somewhere
in the site's pages or in its scripts' text, so a class a script sets later
is kept as long as the script names it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import rcssmin
import rjsmin

log = logging.getLogger(__name__)

THEME_FOLDERS = ("assets/javascripts", "assets/stylesheets")
"""Where the theme puts its scripts and stylesheets; only these are removed when unused."""
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})\.min\.css$")
"""A theme stylesheet named after its content (``main.57a0d79d.min.css``): the ones cut to the site."""
_THEME_FILE = re.compile(r"assets/(?:javascripts|stylesheets)/[^\s\"'<>()?#]+")
"""A theme file a page names (in a link, a script or the text of an inline script)."""
_SOURCE_MAP = re.compile(r"\n?/[*/]# sourceMappingURL=[^\s*]+(?:\s*\*/)?\s*$")
_CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_NAME = r"-?[_a-zA-Z][-_a-zA-Z0-9]*"
_SCRIPT_WORD = re.compile(r"[-_a-zA-Z0-9]+")
_SELECTOR_CLASS = re.compile(rf"\.({_NAME})")
_SELECTOR_ID = re.compile(rf"#({_NAME})")
_NESTING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document")


@dataclass(frozen=True)
class TrimReport:
    removed: int
    """Files removed (source maps, unused scripts and stylesheets)."""
    bytes_before: int
    """Bytes of the theme stylesheets before they were cut."""
    bytes_after: int


@dataclass(frozen=True)
class _PageFacts:
    """What trimming needs of one page: the theme files it names and the classes and ``id`` it uses."""

    stat: tuple[int, int]
    loads: frozenset[str]
    names: frozenset[str]


@dataclass
class TrimMemo:
    """What the last trim of a site folder learnt, for a folder trimmed again after an incremental render.

    ``catalogue serve``'s preview renders only the pages an edit changed into
    the folder it keeps, and the engine copies the theme's files back; a
    page whose file is unchanged since the last trim is not read again, and
    the stylesheets are cut from the engine's originals as in a full build.
    A full build starts with an empty memo.
    """

    pages: dict[str, _PageFacts] = field(default_factory=dict)
    cuts: dict[str, str] = field(default_factory=dict)
    """The cut stylesheet made from each of the engine's stylesheets, by path in the site."""
    selectors: frozenset[str] = frozenset()
    """The class and ``id`` names the theme's stylesheets name, which :attr:`pages`' names were kept from."""


def trim_theme(site: Path, pages: Iterable[str] | None = None, memo: TrimMemo | None = None) -> TrimReport:
    """Remove what no page of *site* uses from the theme's files (see the module's documentation).

    *pages* are the pages (paths in *site*) to consider, default every HTML file.
    """
    memo = memo if memo is not None else TrimMemo()
    names = sorted(pages) if pages is not None else sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    # Of a page's names only those a stylesheet names can keep a rule: 2,000 pages' every class, id and script
    # word, kept whole, were 105 MB (issue 29); these are a few dozen, shared by all pages.
    selectors = _selector_names(site)
    if selectors != memo.selectors:
        memo.pages, memo.selectors = {}, selectors
    shared: dict[frozenset[str], frozenset[str]] = {}
    facts = {name: _facts(site / name, memo.pages.get(name), selectors, shared) for name in names}
    memo.pages = facts
    removed = _remove_source_maps(site)
    loaded = set().union(*(f.loads for f in facts.values()))
    removed += _remove_unloaded(site, loaded | set(memo.cuts.values()))
    # Our scripts minified first: a word in a comment is no use of a class, and the preview, which trims a
    # folder whose scripts the last trim minified, must find the same words a full build finds.
    minify_own(site)
    used = set().union(*(f.names for f in facts.values())) | _script_words(site)
    before = after = 0
    renamed: dict[str, str] = {}
    # Known before the loop: a cut of an earlier trim is removed in it when its original's new cut differs.
    earlier_cuts = set(memo.cuts.values()) - set(memo.cuts)
    for stylesheet in sorted((site / "assets/stylesheets").glob("*.min.css")):
        original = stylesheet.relative_to(site).as_posix()
        match = _HASHED.match(stylesheet.name)
        if not match or original in earlier_cuts:
            continue  # a cut made by an earlier trim: cut again from the engine's original
        css = stylesheet.read_text(encoding="utf-8")
        cut = cut_stylesheet(css, used)
        before, after = before + len(css.encode()), after + len(cut.encode())
        digest = hashlib.sha256(cut.encode()).hexdigest()[:8]
        name = f"assets/stylesheets/{match['stem']}.{digest}.min.css"
        stylesheet.unlink()
        (site / name).write_text(cut, encoding="utf-8")
        previous = memo.cuts.get(original)
        if previous is not None and previous != name:
            (site / previous).unlink(missing_ok=True)
            renamed[previous] = name
        memo.cuts[original] = name
        renamed[original] = name
    for page, known in facts.items():
        stale = [old for old in renamed if old in known.loads]
        if stale:
            path = site / page
            html = path.read_text(encoding="utf-8")
            for old in stale:
                html = html.replace(old, renamed[old])
            path.write_text(html, encoding="utf-8")
            loads = (known.loads - set(stale)) | {renamed[old] for old in stale}
            facts[page] = _PageFacts(_stat(path), frozenset(loads), known.names)
    log.debug("Theme trimmed: %d files removed, stylesheets %d → %d bytes", removed, before, after)
    return TrimReport(removed, before, after)


def _stat(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _facts(
    path: Path, known: _PageFacts | None, selectors: frozenset[str], shared: dict[frozenset[str], frozenset[str]]
) -> _PageFacts:
    """What trimming needs of the page at *path*: its names among *selectors*; equal sets are one (*shared*)."""
    stat = _stat(path)
    if known is not None and known.stat == stat:
        return known
    html = path.read_text(encoding="utf-8")
    loads = frozenset(_THEME_FILE.findall(html))
    names = selectors.intersection(_used_names(html))
    return _PageFacts(stat, shared.setdefault(loads, loads), shared.setdefault(names, names))


def _selector_names(site: Path) -> frozenset[str]:
    """Every class and ``id`` name the theme's stylesheets in *site* may test (and some more: any ``.name`` or
    ``#name`` in their text), which is all :func:`cut_stylesheet` asks of the names pages use."""
    names: set[str] = set()
    for stylesheet in (site / "assets/stylesheets").glob("*.min.css"):
        if _HASHED.match(stylesheet.name):
            css = stylesheet.read_text(encoding="utf-8")
            names.update(_SELECTOR_CLASS.findall(css), _SELECTOR_ID.findall(css))
    return frozenset(names)


def _remove_source_maps(site: Path) -> int:
    removed = 0
    for path in sorted(site.joinpath("assets").rglob("*")):
        if path.suffix == ".map":
            path.unlink()
            removed += 1
        elif path.suffix in (".js", ".css"):
            text = path.read_text(encoding="utf-8")
            stripped = _SOURCE_MAP.sub("", text)
            if stripped != text:
                path.write_text(stripped, encoding="utf-8")
    return removed


def _remove_unloaded(site: Path, loaded: set[str]) -> int:
    """Remove files in :data:`THEME_FOLDERS` that are not *loaded* (named by a page), then folders left empty."""
    removed = 0
    for folder in THEME_FOLDERS:
        root = site / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            name = path.relative_to(site).as_posix()
            if path.is_file() and name not in loaded:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
    return removed


def _used_names(html: str) -> Iterator[str]:
    """Every class and ``id`` of a page, and every word of its inline scripts (a script may set a class)."""
    for match in _CLASS_ATTRIBUTE.finditer(html):
        yield from (match[1] or match[2] or match[3] or "").split()
    for match in _ID_ATTRIBUTE.finditer(html):
        yield match[1] or match[2] or match[3] or ""
    for script in re.findall(r"<script\b[^>]*>(.*?)</script", html, re.DOTALL):
        yield from _SCRIPT_WORD.findall(script)


def _script_words(site: Path) -> set[str]:
    """Every word of the site's scripts: a script may set a class."""
    used: set[str] = set()
    for script in site.joinpath("assets").rglob("*.js"):
        used.update(_SCRIPT_WORD.findall(script.read_text(encoding="utf-8")))
    return used


# -- stylesheets ---------------------------------------------------------------


def cut_stylesheet(css: str, used: set[str]) -> str:
    """*css* without the rules that need a class or ``id`` not in *used*."""
    return "".join(_cut_block(css, used))


def _cut_block(css: str, used: set[str]) -> Iterator[str]:
    at = 0
    while at < len(css):
        brace = _find(css, at, "{;")
        if brace < 0:
            yield css[at:]
            return
        prelude = css[at:brace]
        if css[brace] == ";":  # @charset "UTF-8"; @import ...;
            yield css[at : brace + 1]
            at = brace + 1
            continue
        end = _closing(css, brace)
        body = css[brace + 1 : end]
        head = prelude.strip()
        if head.startswith(_NESTING_AT_RULES):
            inner = "".join(_cut_block(body, used))
            if inner.strip():
                yield f"{prelude}{{{inner}}}"
        elif head.startswith("@"):
            yield css[at : end + 1]  # @font-face, @keyframes, @page: kept as they are
        else:
            selectors = [s for s in _split_selectors(prelude) if _may_match(s, used)]
            if selectors:
                yield ",".join(selectors) + "{" + body + "}"
        at = end + 1


def minify_own(site: Path) -> None:
    """Minify the site's own stylesheets and scripts (``catalogue.css``, ``search.js``: not the theme's
    ``*.min.*`` files) with rcssmin and rjsmin: comments and spaces out, ``/*! ... */`` comments and strings kept.

    Written as readable, commented sources; served, a third fewer bytes gzipped (``search.js`` 9.0 → 5.4 KB).
    Minifying a minified file changes nothing, so the live preview may trim the same site again.
    """
    for folder, suffix, minify in (
        ("assets/stylesheets", ".css", _minify_css),
        ("assets/javascripts", ".js", _minify_js),
    ):
        for path in sorted((site / folder).glob("*" + suffix)):
            if path.name.endswith(".min" + suffix):
                continue  # the theme's, minified already
            text = path.read_text(encoding="utf-8")
            small = minify(text)
            if small != text:
                path.write_text(small, encoding="utf-8")


def _minify_css(css: str) -> str:
    return str(rcssmin.cssmin(css, keep_bang_comments=True))


def _minify_js(script: str) -> str:
    return str(rjsmin.jsmin(script, keep_bang_comments=True))


def _find(css: str, at: int, wanted: str) -> int:
    """The index of the first character of *wanted* at or after *at*, outside strings and comments; -1 if none."""
    quote = ""
    i = at
    while i < len(css):
        char = css[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif css.startswith("/*", i):
            close = css.find("*/", i + 2)
            i = len(css) if close < 0 else close + 1
        elif char in wanted:
            return i
        i += 1
    return -1


def _closing(css: str, opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at *opening*."""
    depth = 0
    i = opening
    while True:
        i = _find(css, i, "{}")
        if i < 0:
            return len(css) - 1
        depth += 1 if css[i] == "{" else -1
        if depth == 0:
            return i
        i += 1


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside ``:is(a, b)``)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return parts


def _may_match(selector: str, used: set[str]) -> bool:
    outside = _outside_brackets(selector)
    names = _SELECTOR_CLASS.findall(outside) + _SELECTOR_ID.findall(outside)
    return all(name in used for name in names)


def _outside_brackets(selector: str) -> str:
    """*selector* without what is inside parentheses and attribute brackets (``:not(.x)``, ``[href$=".pdf"]``)."""
    kept, depth = [], 0
    for char in selector:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)
