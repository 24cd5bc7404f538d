"""Links in hand-written pages that lead to another website say so, as links in records do.

Records' Markdown goes through :mod:`generator.text.markdown`, which marks every
link; the pages editors write in ``pages/`` go through Python-Markdown (run by
MkDocs), and this extension gives their links to other hosts the same
``rel="noopener external"`` and the same words for screen readers (the
site's strings, ``site.external``).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

HIDDEN = "tt-sr-only"


class _MarkExternal(Treeprocessor):
    def __init__(self, md: Markdown, note: str, own_host: str) -> None:
        super().__init__(md)
        self.note = note
        self.own_host = own_host

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            parts = urlsplit(link.get("href", ""))
            if parts.scheme not in ("http", "https") or (parts.hostname or "") == self.own_host:
                continue
            rel = (link.get("rel") or "").split()
            link.set("rel", " ".join([*rel, *(word for word in ("noopener", "external") if word not in rel)]))
            if any(HIDDEN in (child.get("class") or "").split() for child in link):
                continue
            hidden = etree.SubElement(link, "span", {"class": HIDDEN})
            hidden.text = f" {self.note}"


class ExternalLinks(Extension):
    """Mark links to hosts other than *own_host* with ``rel`` and a hidden *note*."""

    def __init__(self, note: str, own_host: str = "") -> None:
        super().__init__()
        self.note = note
        self.own_host = own_host

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline patterns (priority 20) have made the links.
        md.treeprocessors.register(_MarkExternal(md, self.note, self.own_host), "tt_external_links", 5)


def makeExtension(**options: str) -> ExternalLinks:
    return ExternalLinks(**options)
