"""Recent changes: which procedures are new, changed, abolished or replaced, and their Atom feed.

A change is a procedure and the day it changed: its ``updated`` date, or the day it was abolished or
replaced when that is later. What kind of change it is comes from the record itself:

- ``replaced`` / ``abolished``: the record says so (``replaced_by`` / ``status: abolished``) and its
  ``status_date`` has come;
- ``new``: the record was last checked within :data:`NEW_WITHIN` of the day the procedure came into force
  (``effective_from``);
- ``changed``: anything else.

The feed's entry ids are ``tag:`` URIs made of the site's host, the day of the change and the code
(RFC 4151), so an entry keeps its id from build to build and a new change of the same procedure is a new
entry. Nothing depends on the day of the build.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.model.texts import Texts
from generator.text.vietnamese import format_date

NEW_WITHIN = timedelta(days=90)
CHANGES_SHOWN = 50
"""Changes on the page and in the feed: the newest ones, so neither grows with the catalogue."""
TIME_ZONE = "+07:00"
"""Vietnam's time; a change is dated at the start of its day there."""


@dataclass(frozen=True)
class Change:
    procedure: Procedure
    kind: str
    """``new``, ``changed``, ``abolished`` or ``replaced``."""
    day: date
    replacement: Procedure | None = None
    """The procedure that replaces this one, when it is published."""


def change_of(catalogue: Catalogue, p: Procedure) -> Change:
    if catalogue.is_withdrawn(p):
        day = max(p.updated, p.status_date or p.updated)
        replacement = catalogue.by_code.get(p.replaced_by) if p.replaced_by else None
        return Change(p, "replaced" if p.replaced_by else "abolished", day, replacement)
    if p.effective_from and p.updated - p.effective_from <= NEW_WITHIN:
        return Change(p, "new", p.updated)
    return Change(p, "changed", p.updated)


def recent_changes(catalogue: Catalogue, limit: int = CHANGES_SHOWN) -> list[Change]:
    """The *limit* newest changes, newest first (ties by code), in one pass over the catalogue."""
    changes = (change_of(catalogue, p) for p in catalogue.procedures)
    return heapq.nsmallest(limit, changes, key=lambda c: (-c.day.toordinal(), c.procedure.code))


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00{TIME_ZONE}"


def entry_id(host: str, change: Change) -> str:
    """``tag:example.gov.vn,2026-11-15:thu-tuc/1.004222``: the same change keeps its id."""
    return f"tag:{host},{change.day.isoformat()}:thu-tuc/{change.procedure.code}"


def page_summary(texts: Texts, change: Change) -> str:
    """:func:`summary` as the changes page shows it: the page links the replacement itself."""
    return summary(texts, change, with_replacement=False)


def summary(texts: Texts, change: Change, *, with_replacement: bool = True) -> str:
    """What the change is, in a sentence or three: the code, the editor's note, the replacement.

    The page links the replacement itself (*with_replacement* false); the feed names it.
    """
    t = texts.changes
    p = change.procedure
    parts = [t.code.format(code=p.code)]
    if p.change_note:
        parts.append(p.change_note if p.change_note.endswith((".", "!", "?")) else p.change_note + ".")
    if change.kind == "new" and p.effective_from:
        parts.append(t.effective.format(date=format_date(p.effective_from)))
    if change.replacement and not with_replacement:
        parts.append(t.replaced_by)
    if change.replacement and with_replacement:
        parts.append(f"{t.replaced_by} {change.replacement.title} ({change.replacement.code}).")
    return " ".join(parts)


def atom_feed(catalogue: Catalogue, texts: Texts, changes: list[Change]) -> str | None:
    """``thay-doi/atom.xml``, or ``None`` when the site's address (``site_url``) is not set: a feed needs it."""
    site = catalogue.site.site_url
    if not site:
        return None
    host = urlsplit(site).hostname or ""
    t = texts.changes
    page = urls.absolute(site, urls.CHANGES)
    updated = max((c.day for c in changes), default=date(2000, 1, 1))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
        f"<id>{escape(page)}</id>",
        f"<title>{escape(t.feed_title.format(site=catalogue.site.site_name))}</title>",
        f"<subtitle>{escape(' '.join(t.lead.format(n=len(changes)).split()))}</subtitle>",
        f"<updated>{_timestamp(updated)}</updated>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(urls.absolute(site, urls.CHANGES_FEED))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(page)}/>',
        f"<author><name>{escape(catalogue.settings.agency.name)}</name></author>",
        f"<rights>{escape(catalogue.settings.open_data.licence)}</rights>",
    ]
    for change in changes:
        p = change.procedure
        title = t.feed_entry.format(kind=t[change.kind], title=p.title)
        lines += [
            "<entry>",
            f"<id>{escape(entry_id(host, change))}</id>",
            f"<title>{escape(title)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(urls.absolute(site, urls.procedure(p)))}/>',
            f"<updated>{_timestamp(change.day)}</updated>",
            f"<category term={quoteattr(change.kind)} label={quoteattr(t[change.kind])}/>",
            f'<summary type="text">{escape(summary(texts, change))}</summary>',
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
