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
- removes the comments from the site's own stylesheets (``catalogue.css``:
  a quarter of its bytes as served), keeping their rules as written; a
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
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

THEME_FOLDERS = ("assets/javascripts", "assets/stylesheets")
"""Where the theme puts its scripts and stylesheets; only these are removed when unused."""
_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{8})\.min\.css$")
"""A theme stylesheet named after its content (``main.57a0d79d.min.css``): the ones cut to the site."""
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


def trim_theme(site: Path) -> TrimReport:
    """Remove what no page of *site* uses from the theme's files (see the module's documentation)."""
    pages = sorted(site.rglob("*.html"))
    texts = {path: path.read_text(encoding="utf-8") for path in pages}
    removed = _remove_source_maps(site)
    removed += _remove_unloaded(site, texts.values())
    used = _used_names(site, texts.values())
    before = after = 0
    renamed: dict[str, str] = {}
    for stylesheet in sorted((site / "assets/stylesheets").glob("*.min.css")):
        match = _HASHED.match(stylesheet.name)
        if not match:
            continue
        css = stylesheet.read_text(encoding="utf-8")
        cut = cut_stylesheet(css, used)
        before, after = before + len(css.encode()), after + len(cut.encode())
        digest = hashlib.sha256(cut.encode()).hexdigest()[:8]
        name = f"{match['stem']}.{digest}.min.css"
        stylesheet.unlink()
        (stylesheet.parent / name).write_text(cut, encoding="utf-8")
        renamed[f"assets/stylesheets/{stylesheet.name}"] = f"assets/stylesheets/{name}"
    for stylesheet in sorted((site / "assets/stylesheets").glob("*.css")):
        if not _HASHED.match(stylesheet.name):
            css = stylesheet.read_text(encoding="utf-8")
            stripped = strip_comments(css)
            if stripped != css:
                stylesheet.write_text(stripped, encoding="utf-8")
    for path, html in texts.items():
        changed = html
        for old, new in renamed.items():
            changed = changed.replace(old, new)
        if changed != html:
            path.write_text(changed, encoding="utf-8")
    log.debug("Theme trimmed: %d files removed, stylesheets %d → %d bytes", removed, before, after)
    return TrimReport(removed, before, after)


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


def _remove_unloaded(site: Path, pages: Iterable[str]) -> int:
    """Remove files in :data:`THEME_FOLDERS` that no page names, then folders left empty."""
    text = "\n".join(pages)
    removed = 0
    for folder in THEME_FOLDERS:
        root = site / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*"), reverse=True):
            name = path.relative_to(site).as_posix()
            if path.is_file() and name not in text:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                shutil.rmtree(path)
    return removed


def _used_names(site: Path, pages: Iterable[str]) -> set[str]:
    """Every class and ``id`` of the site's pages, and every word of its scripts (a script may set a class)."""
    used: set[str] = set()
    for html in pages:
        for match in _CLASS_ATTRIBUTE.finditer(html):
            used.update((match[1] or match[2] or match[3] or "").split())
        for match in _ID_ATTRIBUTE.finditer(html):
            used.add(match[1] or match[2] or match[3] or "")
        for script in re.findall(r"<script\b[^>]*>(.*?)</script", html, re.DOTALL):
            used.update(_SCRIPT_WORD.findall(script))
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


def strip_comments(css: str) -> str:
    """*css* without its comments (a ``/*`` inside a string is text; ``/*!`` comments are kept) and without
    the blank lines they leave."""
    kept: list[str] = []
    quote = ""
    at = i = 0
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
            end = len(css) if close < 0 else close + 2
            if not css.startswith("/*!", i):
                kept.append(css[at:i])
                at = end
            i = end
            continue
        i += 1
    kept.append(css[at:])
    return re.sub(r"\n[ \t]*(?=\n)", "", "".join(kept)).lstrip("\n")


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
