"""A Content Security Policy in every page, so the site cannot be turned against its readers.

A static site has no server to send headers, so each page carries its policy in
``<meta http-equiv="Content-Security-Policy">``: scripts, styles, fonts, images
and requests only from the site itself, no plugins, no ``<base>`` elsewhere, and
inline scripts only when a template wrote them. Those are allowed by the
SHA-256 of their text, computed here from the built page (Material's inline
scripts embed the page's relative base URL, so their hash differs from page to
page); a template edit or a theme update can never leave a stale hash behind.

An inline script is a template's when its text matches an inline script of a
theme template, the text of each ``{{ ... }}`` in it standing for a value
without quotes, backslashes or angle brackets (so nothing could close the
string it sits in). A ``<script src>`` is the theme's when it loads a file of a
theme folder. Any other script (of any type but JSON data: ``text/jscript`` runs
too), any ``on...=`` event handler attribute (also written ``<svg/onload=…>``),
any ``srcdoc=`` and any ``<meta http-equiv="refresh">`` is refused:
it was not written by us. Records cannot produce one (their text is escaped),
and the load stage refuses them in hand-written pages
(:mod:`generator.load.handwritten`); this is the second net, on the built pages.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import urls
from generator.problems import CatalogueError, Problem

log = logging.getLogger(__name__)

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
"""The policy; ``script-src`` gets the hashes of the page's own inline scripts."""

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC = re.compile(r"""[\s/]src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
"""Script types a browser never runs; every other type may be a script (``text/jscript`` is one)."""
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_VALUE = r"""[^"'`<>\\\n]*"""
# A start tag and each of its attributes (values quoted or not), to find on...= handlers.
# Attributes are separated by spaces or a slash: browsers read <svg/onload=…> as <svg onload=…>.
_ATTRIBUTE = r"""[\s/]+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(rf"<([a-zA-Z][^\s/>]*)((?:{_ATTRIBUTE})*)[\s/]*>")
_REFRESH = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?\s*refresh""", re.IGNORECASE)
_HANDLER_NAME = re.compile(r"on[a-z]+", re.IGNORECASE)
_SRCDOC = re.compile(r"srcdoc", re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


def policy(hashes: Iterable[str]) -> str:
    """The policy text, allowing inline scripts with these ``sha256-...`` *hashes*."""
    allowed = "".join(f" '{h}'" for h in sorted(set(hashes)))
    return "; ".join(f"{name} {value}{allowed if name == 'script-src' else ''}" for name, value in DIRECTIVES)


EDITOR_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("media-src", "'self' blob:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self' blob: data:"),
    ("frame-src", "blob:"),
    ("worker-src", "'self' blob:"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
"""The browser editor's policy (``/quan-tri/``): its one script from the site, and the repository's API.

Sveltia CMS sets styles from its script (``'unsafe-inline'`` for styles only,
never for scripts) and previews the files an editor picks as ``blob:`` addresses.
"""


def editor_policy(api_origin: str) -> str:
    """The editor page's policy: like the site's, plus what Sveltia CMS needs and *api_origin* to save to."""
    extra = {"connect-src": f" {api_origin}"}
    return "; ".join(f"{name} {value}{extra.get(name, '')}" for name, value in EDITOR_DIRECTIVES)


def script_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def inline_scripts(html: str) -> Iterator[str]:
    """The text of every script in *html* that has no ``src`` and is not data (JSON): what a browser may run."""
    for match in _SCRIPT.finditer(html):
        attributes, text = match.groups()
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).split(";")[0].strip().lower() in DATA_TYPES):
            continue
        yield text


def script_sources(html: str) -> Iterator[str]:
    """The address of every ``<script src=…>`` in *html*."""
    for match in _SCRIPT.finditer(html):
        src = _SRC.search(match.group(1))
        if src:
            yield next(value for value in src.groups() if value is not None)


def theme_files(folders: Iterable[Path]) -> frozenset[str]:
    """Every file of the theme folders, by its path there (``assets/javascripts/display.js``)."""
    found = set()
    for folder in folders:
        for root, _, names in os.walk(folder):
            found |= {(Path(root) / name).relative_to(folder).as_posix() for name in names}
    return frozenset(found)


def _theme_script(page: str, src: str, theme: frozenset[str]) -> bool:
    """Whether the script at *src*, loaded by the site page *page*, is a file of the theme."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return False
    if parts.path.startswith("/"):  # the 404 page's addresses start at the site's base path, which may be deeper
        segments = posixpath.normpath(unquote(parts.path)).lstrip("/").split("/")
        return any("/".join(segments[n:]) in theme for n in range(len(segments)))
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) in theme


def template_scripts(folders: Iterable[Path]) -> tuple[re.Pattern[str], ...]:
    """A pattern for each inline script of the Jinja templates in *folders*."""
    patterns = []
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            for text in inline_scripts(path.read_text(encoding="utf-8")):
                parts = _JINJA.split(text)
                if any(part.startswith(("{%", "{#")) for part in parts):
                    continue  # text that changes with a condition cannot be matched safely
                regex = "".join(_VALUE if part.startswith("{{") else re.escape(part) for part in parts)
                patterns.append(re.compile(regex, re.DOTALL))
    return tuple(patterns)


def secure_page(
    html: str, known: tuple[re.Pattern[str], ...], page: str = "", theme: frozenset[str] | None = None
) -> tuple[str, list[str]]:
    """*html* with its policy, and a message for each thing in it the policy would block or that must not be there.

    *page* is the page's path in the site; with *theme* (:func:`theme_files`), a
    ``<script src>`` must load a file of the theme.
    """
    hashes, blocked = [], []
    for text in inline_scripts(html):
        if any(pattern.fullmatch(text) for pattern in known):
            hashes.append(script_hash(text))
        else:
            blocked.append(f"an inline script ({' '.join(text.split())[:40]}…)")
    if theme is not None:
        blocked += [f"a script from {src[:60]}" for src in script_sources(html) if not _theme_script(page, src, theme)]
    without_scripts = _SCRIPT.sub("", html)
    blocked += [f"an event handler (<{tag} {name}=…)" for tag, name in _handlers(without_scripts)]
    blocked += [f"a page of its own in srcdoc= (<{tag} srcdoc=…)" for tag, _ in _attributes(without_scripts, _SRCDOC)]
    blocked = [
        f"{what} would not run: the site's security policy allows only the scripts the site ships; remove it"
        for what in blocked
    ]
    if not page.startswith(urls.BY_CODE):  # the addresses by code are the site's own redirect pages
        blocked += [REFRESH_PROBLEM for _ in _REFRESH.finditer(html)]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    charset = _CHARSET.search(html)
    at = charset.end() if charset else html.lower().index("<head>") + len("<head>")
    return html[:at] + meta + html[at:], blocked


REFRESH_PROBLEM = 'a redirect (<meta http-equiv="refresh">) would send readers elsewhere; remove it'


def _handlers(html: str) -> Iterator[tuple[str, str]]:
    """Each ``on...`` attribute of *html*'s start tags, with its tag."""
    return _attributes(html, _HANDLER_NAME)


def _attributes(html: str, name: re.Pattern[str]) -> Iterator[tuple[str, str]]:
    """Each attribute of *html*'s start tags whose name is *name*, with its tag."""
    for tag in _TAG.finditer(html):
        for attribute in re.finditer(_ATTRIBUTE, tag.group(2)):
            if name.fullmatch(attribute.group(1)):
                yield tag.group(1), attribute.group(1)


def secure_site(
    site: Path,
    templates: Iterable[Path],
    sources: dict[str, str],
    pages: Iterable[str],
    theme: frozenset[str] | None = None,
) -> None:
    """Give each of *pages* (paths in *site*, as the engine rendered them) its policy; raise if one has what the
    policy blocks.

    *sources* names, by page path in *site*, the file an editor wrote it from; *theme* is
    :func:`theme_files` of *templates* when the caller keeps it (the theme's thousands of icons are walked
    once per preview, not once per edit).
    """
    templates = list(templates)
    known = template_scripts(templates)
    theme = theme if theme is not None else theme_files(templates)
    problems = []
    for name in sorted(pages):
        path = site / name
        html, blocked = secure_page(path.read_text(encoding="utf-8"), known, name, theme)
        for what in blocked:
            problems.append(Problem(sources.get(name, name), 0, 0, "", what))
        path.write_text(html, encoding="utf-8")
    if problems:
        raise CatalogueError(problems)
    log.debug("Content Security Policy written into %s", site)
