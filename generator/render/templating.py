"""The one kind of Jinja environment every room renders with: the site's pages, what is printed, the editor.

Every environment has the same filters and values and the same syntax. Its
comments are ``{## … ##}``, not Jinja's default ``{# … #}``: page bodies sit
inside Markdown, whose heading ids (``## Title {#id}``) look like Jinja
comments, and a ``{# … #}`` written by habit would reach the page as text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.runtime

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.texts import Texts
from generator.render.wording import Wording
from generator.text import markdown
from generator.text.vietnamese import fold_diacritics, format_date, sort_key

COMMENT = ("{##", "##}")
"""How a template comment starts and ends."""


def template_env(folder: Path, catalogue: Catalogue, texts: Texts) -> jinja2.Environment:
    """A Jinja environment for the templates in *folder*, with the filters and values every template uses."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        comment_start_string=COMMENT[0],
        comment_end_string=COMMENT[1],
    )
    w = Wording(texts)
    external = texts.site.external
    env.filters["md"] = lambda text: markdown.render(text, external)
    env.filters["md_heading"] = markdown.heading_text
    env.filters["lead_sentence"] = markdown.lead_sentence
    env.filters["rel"] = _relative
    env.filters["host"] = lambda url: urlsplit(url).hostname or ""
    env.globals.update(
        t=texts,
        urls=urls,
        settings=catalogue.settings,
        money=w.money,
        duration=w.duration,
        fees_text=w.fees_text,
        fee_amount=w.fee_amount,
        fee_fact=w.fee_fact,
        time_fact=w.time_fact,
        fee_table=w.fee_table,
        glance_time=w.glance_time,
        glance_fee=w.glance_fee,
        counts=w.counts,
        documents_lead=w.documents_lead,
        in_person_items=w.in_person_items,
        in_person_text=w.in_person_text,
        in_person_heading=w.in_person_heading,
        visit_sentence=w.visit_sentence,
        online_explain=w.online_explain,
        cite=w.legal_citation,
        field_detail=w.field_detail,
        file_size=w.file_size,
        vndate=format_date,
        fold=fold_diacritics,
        communes=sorted(catalogue.settings.communes, key=lambda office: sort_key(place_name(office.name))),
        commune_table=catalogue.commune_table,
    )
    return env


_UNIT_WORDS = ("công an ", "xã ", "phường ", "thị trấn ", "đặc khu ")


def place_name(name: str) -> str:
    """The commune a commune police is named after, for sorting a list citizens scan by place:
    "Công an phường Cẩm Thành" → "Cẩm Thành"."""
    for word in _UNIT_WORDS:
        if name.lower().startswith(word):
            name = name[len(word) :]
    return name


@jinja2.pass_context
def _relative(context: jinja2.runtime.Context, target: str) -> str:
    """Template filter ``rel``: a link to *target* from the page being rendered."""
    return urls.relative(context["page_url"], target)
