"""The small Markdown subset editors may use in long text fields.

Paragraphs, lists, bold, italic and links; raw HTML is shown as text, never
interpreted. Built on markdown-it-py, a CommonMark-compliant parser whose
"zero" preset lets us switch on exactly the rules the record format allows.
"""

from __future__ import annotations

import html
import re
from functools import cache, lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

_RULES = ["list", "emphasis", "link", "autolink", "escape", "newline", "entity", "backticks"]


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(_RULES)
    parser.add_render_rule("link_open", _link_open)
    parser.add_render_rule("link_close", _link_close)
    return parser


def _link_open(self: Any, tokens: Any, idx: int, options: Any, env: dict[str, str]) -> str:
    """Every link in a record leads to another website (check allows https only)."""
    tokens[idx].attrSet("rel", "noopener external")
    return str(self.renderToken(tokens, idx, options, env))


def _link_close(self: Any, tokens: Any, idx: int, options: Any, env: dict[str, str]) -> str:
    note = env.get("external", "")
    hidden = f'<span class="tt-sr-only"> {html.escape(note)}</span>' if note else ""
    return hidden + str(self.renderToken(tokens, idx, options, env))


@cache
def _link_finder() -> MarkdownIt:
    """A parser that turns every link into a token, even ones the renderer refuses,
    so a ``javascript:`` target is reported to the editor instead of silently dropped."""
    parser = MarkdownIt("zero", {"html": False}).enable(_RULES)
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def links(text: str) -> list[str]:
    """Every link target written in *text*, in order."""
    targets = []
    for token in _link_finder().parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                targets.append(str(child.attrGet("href") or ""))
    return targets


MAX_LIST_DEPTH = 8
"""Lists nested deeper than this reach markdown-it's nesting limit, past which it silently drops the rest."""


def too_deep(text: str) -> bool:
    """Whether *text* nests lists deeper than :data:`MAX_LIST_DEPTH`, so rendering would cut it short."""
    parser = _parser()
    limit = int(parser.options["maxNesting"]) - 1
    return any(token.level >= limit for token in parser.parse(text))


@lru_cache(maxsize=8192)
def render(text: str, external: str = "") -> Markup:
    """HTML of *text*; a single paragraph is returned without its ``<p>``.

    *external* is told to screen readers after each link ("opens another site").
    """
    out = _parser().render(text, {"external": external}).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return Markup(out)


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>&])")


def heading_text(text: str) -> Markup:
    """Plain *text* written so Python-Markdown shows it exactly, as a heading line.

    Markdown punctuation is backslash-escaped and ``<``, ``>``, ``&`` become
    entities, so a title such as ``<script>`` or ``1.004222 *mới*`` is shown as
    typed, never interpreted.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group(1)
        return {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(char, "\\" + char)

    return Markup(_MARKDOWN_PUNCTUATION.sub(escape, " ".join(text.split())))


def plain(text: str) -> str:
    """A Markdown field as one line of plain text (meta descriptions, data files): no markup, no link targets."""
    return " ".join(html.unescape(render(text).striptags()).split())


_SENTENCE_END = re.compile(r"[.!?](?=\s+(\S))")


def lead_sentence(text: str) -> tuple[str, str]:
    """*text* split after its first sentence: (the sentence, the rest, "" when there is none).

    A page opens with one plain sentence of what it is for; the rest follows
    further down. Only a first paragraph of plain sentences is split, never
    inside a link or emphasis, so both halves stay valid Markdown.
    """
    paragraph = text.split("\n\n", 1)[0]
    for match in _SENTENCE_END.finditer(paragraph):
        if not (match.group(1).isupper() or match.group(1) in '"“('):
            continue
        head = text[: match.end()]
        if head.count("[") == head.count("]") and head.count("(") == head.count(")") and head.count("*") % 2 == 0:
            rest = text[match.end() :].strip()
            return (head, rest) if rest else (text, "")
    return text, ""
