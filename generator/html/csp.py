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
string it sits in). Any other inline script, and any ``on...=`` event handler
attribute, is refused: the browser would block it, and it was not written by
us. Records cannot produce one (their text is escaped), but a hand-written
page can.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

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
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_JAVASCRIPT_TYPES = {"text/javascript", "application/javascript", "module"}
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.DOTALL)
_VALUE = r"""[^"'`<>\\\n]*"""
# A start tag and each of its attributes (values quoted or not), to find on...= handlers.
_ATTRIBUTE = r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(rf"<([a-zA-Z][^\s/>]*)((?:{_ATTRIBUTE})*)\s*/?>")
_HANDLER_NAME = re.compile(r"on[a-z]+", re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


def policy(hashes: Iterable[str]) -> str:
    """The policy text, allowing inline scripts with these ``sha256-...`` *hashes*."""
    allowed = "".join(f" '{h}'" for h in sorted(set(hashes)))
    return "; ".join(f"{name} {value}{allowed if name == 'script-src' else ''}" for name, value in DIRECTIVES)


def script_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def inline_scripts(html: str) -> Iterator[str]:
    """The text of every script in *html* that the browser runs and that has no ``src``."""
    for match in _SCRIPT.finditer(html):
        attributes, text = match.groups()
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _JAVASCRIPT_TYPES):
            continue
        yield text


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


def secure_page(html: str, known: tuple[re.Pattern[str], ...], head: str = "") -> tuple[str, list[str]]:
    """*html* with its policy (and *head*, more elements for the head), and what in it the policy would block."""
    hashes, blocked = [], []
    for text in inline_scripts(html):
        if any(pattern.fullmatch(text) for pattern in known):
            hashes.append(script_hash(text))
        else:
            blocked.append(f"an inline script ({' '.join(text.split())[:40]}…)")
    blocked += [f"an event handler (<{tag} {name}=…)" for tag, name in _handlers(_SCRIPT.sub("", html))]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    charset = _CHARSET.search(html)
    at = charset.end() if charset else html.lower().index("<head>") + len("<head>")
    return html[:at] + meta + head + html[at:], blocked


def _handlers(html: str) -> Iterator[tuple[str, str]]:
    """Each ``on...`` attribute of *html*'s start tags, with its tag."""
    for tag in _TAG.finditer(html):
        for attribute in re.finditer(_ATTRIBUTE, tag.group(2)):
            if _HANDLER_NAME.fullmatch(attribute.group(1)):
                yield tag.group(1), attribute.group(1)


def secure_site(site: Path, templates: Iterable[Path], sources: dict[str, str], head: str = "") -> None:
    """Give every HTML page of *site* its policy; raise if a page has what the policy blocks.

    *sources* names, by page path in *site*, the file an editor wrote it from; *head*
    is added to every page's head after the policy.
    """
    known = template_scripts(templates)
    problems = []
    for path in sorted(site.rglob("*.html")):
        html, blocked = secure_page(path.read_text(encoding="utf-8"), known, head)
        name = path.relative_to(site).as_posix()
        for what in blocked:
            problems.append(Problem(sources.get(name, name), 0, 0, "", f"{what} would not run: the site's "
                                    "security policy allows only the scripts the site ships; remove it"))  # fmt: skip
        path.write_text(html, encoding="utf-8")
    if problems:
        raise CatalogueError(problems)
    log.debug("Content Security Policy written into %s", site)
