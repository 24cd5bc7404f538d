"""The docs tree MkDocs renders: one Markdown file per page, made from the model.

Every function here is pure: it takes the checked catalogue and returns file
contents by docs-tree path. Writing them is the build's business.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.data import feeds, linkeddata, opendata
from generator.load.handwritten import Page
from generator.model import cases
from generator.model.catalogue import Catalogue, JourneyPlace
from generator.model.records import Form, Procedure
from generator.model.schema import json_schemas
from generator.model.settings import AgencyOffice
from generator.model.texts import Texts
from generator.paper import guides
from generator.paper.forms import fill_context
from generator.pdf.jobs import RenderedPdf
from generator.problems import CatalogueError, Problem
from generator.project import TEMPLATES_DIR, WEB_TEMPLATES
from generator.render import Content
from generator.render.templating import template_env
from generator.render.wording import Wording
from generator.text import markdown
from generator.text.vietnamese import OTHER_INITIAL, initial, sort_key
from generator.web import offline
from generator.web.communes import old_communes_json
from generator.web.search import TermsMemo, search_files

LIST_PAGE_SIZE = 100
"""Procedures on one page of a field, agency, level or letter list."""
FORM_USERS_SHOWN = 50
"""Procedures listed on a form's page; the rest are counted."""
THEME_FAVICON = "assets/images/favicon.png"
"""Material's icon, when ``theme.favicon`` names none."""


@dataclass(frozen=True)
class Download:
    url: str
    label: str


@dataclass(frozen=True)
class DataFile:
    """A file of the open data, as the open data page lists it."""

    url: str
    name: str
    media: str
    size: str
    about: str


@dataclass
class PageMemo:
    """What the last docs tree made and from what, so a rebuild renders only pages whose inputs changed.

    A page is made from its template, its title and the values it is given
    (the records it shows, its links); the templates, texts and settings are
    the same for every page, so a memo is only valid while they are unchanged:
    ``catalogue serve`` starts a new one when any of them changes. Records
    read from an unchanged file are the same objects (see
    :class:`generator.load.catalogue.RecordCache`), so comparing inputs is cheap.
    """

    made: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    terms: TermsMemo = field(default_factory=dict)
    fresh: list[str] = field(default_factory=list)
    """Files made (not taken from the memo) by the last docs tree, by path."""
    env: Any = None
    """The page templates, compiled once for the memo's life."""
    keep: bool = True
    """False: remember nothing (a full build, which makes every page once): :meth:`get` only makes."""

    @property
    def rendered(self) -> int:
        return len(self.fresh)

    def get(self, key: str, inputs: Any, make: Callable[[], Any], *, part: bool = False) -> Any:
        """What *make* makes from *inputs*, kept under *key*; a *part* of a file (not a file) is not listed in
        :attr:`fresh`."""
        if not self.keep:
            return make()
        known = self.made.get(key)
        if known is not None and known[0] == inputs:
            return known[1]
        if not part:
            self.fresh.append(key)
        value = make()
        self.made[key] = (inputs, value)
        return value


FORM_FILL_STYLES = "form-fill.css"
"""The fill-in page's own stylesheet (in the theme's ``assets/stylesheets/``), named in its front matter: no other
page loads it."""


class SiteWriter:
    """Renders the page bodies of one catalogue with the project's templates."""

    def __init__(
        self,
        catalogue: Catalogue,
        texts: Texts,
        pdfs: dict[str, RenderedPdf] | None = None,
        memo: PageMemo | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.memo = memo or PageMemo()
        self.pdfs = pdfs or {}
        self.handbooks = guides.handbooks(catalogue)
        self.texts = texts
        self.wording = Wording(texts)
        if self.memo.env is None:
            self.memo.env = template_env(catalogue.project / TEMPLATES_DIR / WEB_TEMPLATES, catalogue, texts)
        self.env = self.memo.env

    def _page(self, url: str, template: str, title: str, description: str = "", **context: Any) -> tuple[str, str]:
        """A docs-tree file: front matter and body.

        Front matter values are HTML-escaped (MkDocs themes print them raw) and
        written as JSON texts, which YAML reads as double-quoted scalars. A
        procedure's ``code`` in *context* goes there too, for the theme (the
        feedback line at the foot of the page).
        """
        return self._derived_page(url, template, title, description, context=context, derived={})

    def _derived_page(
        self,
        url: str,
        template: str,
        title: str,
        description: str,
        *,
        context: dict[str, Any],
        derived: dict[str, Callable[[], Any]],
    ) -> tuple[str, str]:
        """:meth:`_page`, with *derived* values made only when the page is rendered, not to compare inputs.

        Each must follow from *context* and what is the same for every page (settings, texts), as a procedure's
        JSON-LD follows from the procedure: made for 2,000 pages on every edit, it was most of the preview's
        pages stage.
        """
        path = urls.docs_path(url)
        inputs = (template, title, description, sorted(context.items()))

        def make() -> str:
            values = {name: value() for name, value in derived.items()}
            return self._render(url, template, title, description, {**context, **values})

        return path, self.memo.get(path, inputs, make)

    def _render(self, url: str, template: str, title: str, description: str, context: dict[str, Any]) -> str:
        body = self.env.get_template(template).render(page_url=url, **context)
        front = f"title: {_quoted(html.escape(title))}\n"
        if description:
            front += f"description: {_quoted(html.escape(description))}\n"
        if code := context.get("code"):
            front += f"code: {_quoted(html.escape(str(code)))}\n"
        if stylesheet := context.get("stylesheet"):
            front += f"stylesheet: {_quoted(stylesheet)}\n"
        return f"---\n{front}---\n\n{body}"

    def _download(self, path: str, label: str, **values: object) -> Download | None:
        """A link to a PDF of this build, labelled with its size; None when it was not made."""
        pdf = self.pdfs.get(path)
        if pdf is None:
            return None
        return Download(path, label.format(size=self.wording.file_size(pdf.size), **values))

    def _handbook_links(self, name: str | None) -> list[Download]:
        t = self.texts.print
        links = []
        for book in self.handbooks.get(name, []):
            label = t.handbook_link if name else t.handbook_all_link
            volume = ", " + t.volume.format(n=book.volume, total=book.volumes) if book.volumes > 1 else ""
            link = self._download(book.path, label, name=name, volume=volume)
            if link:
                links.append(link)
        return links

    # -- producers ------------------------------------------------------------

    def procedure_pages(self) -> Iterator[tuple[str, str]]:
        c = self.catalogue
        by_code = c.by_code
        for p in c.procedures:
            related = [by_code[code] for code in p.related if code in by_code]
            withdrawn = c.is_withdrawn(p)
            journeys = self.catalogue.journeys_of(p)
            context = {
                "code": p.code,
                "p": p,
                "related": related,
                "portal_url": c.portal_url(p),
                "guide": self._download(urls.guide(p), self.texts.print.guide_link),
                "withdrawn": withdrawn,
                "replacement": by_code.get(p.replaced_by) if p.replaced_by else None,
                "has_forms": any(d.form for g in p.documents for d in g.items),
                "journeys": journeys,
                "by_code": _neighbours(journeys, by_code),
                "offline": offline.save_data(p, self.catalogue, self.pdfs),
                **self._chooser(p, withdrawn),
            }
            yield self._derived_page(
                urls.procedure(p),
                "procedure.html",
                p.title,
                _plain(p.summary) if p.summary else p.title,
                context=context,
                derived={"jsonld": functools.partial(_page_script, c, self.texts, p, withdrawn)},
            )

    def _chooser(self, p: Procedure, withdrawn: bool) -> dict[str, Any]:
        """The case chooser of a procedure page, and the fee each set of cases it leads to reads."""
        chooser = None if withdrawn else cases.chooser(p, self.texts)
        variants: dict[str, list[str]] = {}  # the fee as each set of cases reads it: its sets ("4", "1-2")
        if chooser is not None:
            whole = self.wording.fee_fact(p)
            for path in chooser.paths():
                fit = chooser.cases(path)
                fee = self.wording.fee_fact(cases.narrowed(p, fit, self.texts))
                key = "-".join(str(i + 1) for i in sorted(fit))
                if fee != whole and key not in variants.setdefault(fee, []):
                    variants[fee].append(key)
        fee_variants = [(" ".join(keys), fee) for fee, keys in variants.items()]
        return {"chooser": chooser, "fee_variants": fee_variants, "whole": p, "path": ()}

    def case_pages(self) -> Iterator[tuple[str, str]]:
        """A page for each path of answers to a procedure's case chooser: its cases' papers, fees and time alone,
        so the chooser works without JavaScript and each answer has an address to share."""
        c = self.catalogue
        for p in c.procedures:
            chooser = None if c.is_withdrawn(p) else cases.chooser(p, self.texts)
            if chooser is None or not chooser.pages:
                continue
            for path in chooser.paths():
                fit = chooser.cases(path)
                narrowed = cases.narrowed(p, fit, self.texts)
                said = (
                    chooser.names[next(iter(fit))]
                    if len(fit) == 1
                    else chooser.asks[len(path) - 1].choices[path[-1]].label
                )
                yield self._page(
                    urls.case_page(p, chooser.slugs(path)),
                    "procedure-case.html",
                    self.texts.chooser.page_title.format(title=p.title, case=said),
                    _plain(p.summary) if p.summary else p.title,
                    whole=p,
                    p=narrowed,
                    chooser=chooser,
                    path=path,
                    names=[chooser.names[i] for i in sorted(fit)],
                    portal_url=c.portal_url(p),
                    has_forms=any(d.form for g in narrowed.documents for d in g.items),
                    guide=self._download(urls.guide(p), self.texts.print.guide_link),
                    fee_variants=[],
                )

    def code_redirects(self) -> Iterator[tuple[str, str]]:
        """``ma/<code>/index.html``: a plain page that sends the browser on to the procedure's page.

        Static files, not pages of the docs tree, so the HTML engine copies them as they are and the
        sitemap lists only real pages.
        """
        template = self.env.get_template("redirect.html")
        site = self.catalogue.site.site_url
        theme = self.catalogue.site.theme
        # Named, or the browser asks for /favicon.ico, which the site does not have.
        icon = (theme.get("favicon") if isinstance(theme, dict) else None) or THEME_FAVICON
        for p in self.catalogue.procedures:
            url = urls.by_code(p.code)
            target = urls.relative(url, urls.procedure(p))
            canonical = urls.absolute(site, urls.procedure(p)) if site else target
            yield (
                urls.page_file(url),
                template.render(page_url=url, p=p, target=target, canonical=canonical, icon=urls.relative(url, icon)),
            )

    def changes_pages(self) -> Iterator[tuple[str, str]]:
        """Recent changes (``thay-doi/``) and, when the site's address is known, their Atom feed."""
        changes = feeds.recent_changes(self.catalogue)
        atom = feeds.atom_feed(self.catalogue, self.texts, changes)
        if atom is not None:
            yield urls.CHANGES_FEED, atom
        yield self._page(
            urls.CHANGES,
            "changes.html",
            self.texts.changes.title,
            changes=changes,
            feed=urls.CHANGES_FEED if atom else None,
            summary=feeds.page_summary,
        )

    def _life_events(self) -> list[linkeddata.LifeEvent]:
        """The catalogue's journeys as CPSV-AP life events, each with the procedures of this catalogue it leads to."""
        current = {p.code for p in self.catalogue.current}
        events = []
        for j in self.catalogue.journeys:
            codes = tuple(
                o.procedure for _, _, o in j.procedures() if o.procedure is not None and o.procedure in current
            )
            events.append(linkeddata.LifeEvent(urls.journey(j), j.title, _plain(j.summary), codes, j))
        return events

    def open_data_files(self) -> Iterator[tuple[str, str]]:
        """The data files of ``du-lieu/`` and the page that explains them."""
        c, t = self.catalogue, self.texts.open_data
        kept = self.memo.keep  # the preview keeps each procedure's part of the data files, and writes the edited one's
        makers: dict[str, Callable[[], str]] = {
            urls.OPEN_DATA_CSV: lambda: opendata.csv_file(c, self.texts),
            urls.OPEN_DATA_JSON: lambda: opendata.json_file(c, self.texts, self._json_item if kept else None),
            urls.OPEN_DATA_JSON_SCHEMA: lambda: json.dumps(opendata.json_schema(), ensure_ascii=False, indent=2) + "\n",
            urls.OPEN_DATA_CPSV_AP: lambda: linkeddata.cpsv_ap(
                c, self.texts, self._life_events(), self._service if kept else None
            ),
        }
        sizes: dict[str, int] = {}
        for url, make in makers.items():  # one at a time, each let go once written: 17 MB of JSON-LD at 2,000
            content = make()
            sizes[url] = len(content.encode("utf-8"))
            yield url, content
            del content
        dcat = opendata.dcat(c, self.texts, sizes)
        sizes[urls.OPEN_DATA_DCAT] = len(dcat.encode("utf-8"))
        yield urls.OPEN_DATA_DCAT, dcat
        about = (
            (urls.OPEN_DATA_CSV, "text/csv", t.csv_data),
            (urls.OPEN_DATA_JSON, "application/json", t.json_data),
            (urls.OPEN_DATA_JSON_SCHEMA, "application/schema+json", t.json_schema),
            (urls.OPEN_DATA_CPSV_AP, "application/ld+json", t.cpsv_ap),
            (urls.OPEN_DATA_DCAT, "application/ld+json", t.dcat),
        )
        listed = [
            DataFile(url, url.rsplit("/", 1)[-1], media, self.wording.file_size(sizes[url]), text)
            for url, media, text in about
        ]
        columns = [
            (t.col_code, ""),
            (t.col_title, ""),
            (t.col_field, ""),
            (t.col_agency, ""),
            (t.col_levels, t.about_levels),
            (t.col_online, t.about_online),
            (t.col_time, t.about_time),
            (t.col_fees, t.about_fees),
            (t.col_status, t.about_status),
            (t.col_url, ""),
        ]
        example = c.by_code.get(c.settings.featured[0]) if c.settings.featured else None
        yield self._page(
            urls.OPEN_DATA,
            "opendata.html",
            t.title,
            t.lead,
            files=listed,
            columns=columns,
            count=len(c.procedures),
            modified=opendata.last_updated(c),
            example=example or (c.procedures[0] if c.procedures else None),
        )

    def _json_item(self, p: Procedure) -> str:
        """*p*'s entry in the open data's JSON, kept by the memo: what it shows is *p* and whether it is withdrawn."""
        c = self.catalogue
        item: str = self.memo.get(
            f"{urls.OPEN_DATA_JSON}#{p.code}", (p, c.is_withdrawn(p)), lambda: opendata.json_item(c, p), part=True
        )
        return item

    def _service(self, p: Procedure, events: list[str]) -> str:
        """*p*'s nodes in the CPSV-AP graph, kept by the memo: from *p*, its life events, whether it is withdrawn,
        and the procedures it links to (their addresses)."""
        c = self.catalogue
        by_code = c.by_code
        linked = tuple(by_code.get(code) for code in (*p.related, p.replaced_by or ""))
        data_url = urls.absolute(c.site.site_url, urls.OPEN_DATA_CPSV_AP)
        nodes: str = self.memo.get(
            f"{urls.OPEN_DATA_CPSV_AP}#{p.code}",
            (p, tuple(events), c.is_withdrawn(p), linked),
            lambda: linkeddata.public_service_json(c, self.texts, p, data_url, events),
            part=True,
        )
        return nodes

    def journey_pages(self) -> Iterator[tuple[str, str]]:
        """A page per life event, its steps numbered, and the list of them all."""
        by_code = self.catalogue.by_code
        journeys = self.catalogue.journeys
        for j in journeys:
            yield self._page(
                urls.journey(j),
                "journey.html",
                j.title,
                _plain(j.summary),
                j=j,
                by_code=by_code,
                jsonld=linkeddata.journey_script(self.catalogue, self.texts, j),
            )
        yield self._page(urls.JOURNEYS, "journeys.html", self.texts.journey.title, journeys=journeys)

    def form_pages(self) -> Iterator[tuple[str, Content]]:
        using = self.catalogue.using_form()
        t = self.texts.form
        for f in self.catalogue.forms:
            downloads = []
            official = self.catalogue.files.get(f.id)
            if official:
                url = urls.form_file(f, official.name)
                kind = official.path.suffix.lstrip(".").upper()
                label = t.official_file.format(format=kind, size=self.wording.file_size(official.size))
                downloads.append(Download(url, label))
                yield url, official.published
            if f.fields:
                yield from self._form_files(f, downloads)
            users = using.get(f.id, [])
            shown, more = users[:FORM_USERS_SHOWN], len(users) - FORM_USERS_SHOWN
            yield self._page(
                urls.form(f),
                "form.html",
                f"{f.title} ({f.id})",
                f.title,
                f=f,
                downloads=downloads,
                used_by=shown,
                used_by_more=more,
            )
        yield self._page(urls.FORMS, "forms.html", self.texts.site.forms_title, forms=self.catalogue.forms)

    def _form_files(self, f: Form, downloads: list[Download]) -> Iterator[tuple[str, Content]]:
        """The Word file and the page that fills *f* in the browser; adds the files to *downloads*."""
        from generator.paper.word import word_form  # python-docx loads in 0.14 s; `catalogue check` needs none of it

        t = self.texts.form_files
        agency = self.catalogue.settings.agency.name
        word: bytes = self.memo.get(urls.form_word(f), (f, agency), lambda: word_form(f, self.texts, agency))
        yield urls.form_word(f), word
        for path, label in ((urls.form_printable(f), t.printable), (urls.form_fillable(f), t.fillable)):
            if pdf := self._download(path, label):
                downloads.append(pdf)
        downloads.append(Download(urls.form_word(f), t.word.format(size=self.wording.file_size(len(word)))))
        title = t.fill_title.format(title=f.title, id=f.id)
        yield self._page(
            urls.form_fill(f), "form-fill.html", title, f.title, f=f, stylesheet=FORM_FILL_STYLES, **fill_context(f)
        )

    def index_pages(self) -> Iterator[tuple[str, str]]:
        s = self.texts.site
        c = self.catalogue
        groups = (
            (c.by_field(), urls.field, s.field_title, urls.FIELDS, s.all_fields),
            (c.by_agency(), urls.agency, s.agency_title, urls.AGENCIES, s.all_agencies),
            (self._by_level(), urls.level, s.level_title, urls.LEVELS, s.all_levels),
        )
        for grouped, url_of, title, index_url, index_title in groups:
            items = []
            for name, procedures in grouped.items():
                label = self.texts.levels[name] if url_of is urls.level else name
                heading = title.format(name=label)
                downloads = self._handbook_links(name) if url_of is urls.field else []
                office = self.catalogue.settings.office(name) if url_of is urls.agency else None
                yield from self._list_pages(url_of(name), heading, procedures, downloads, office)
                items.append((url_of(name), label[:1].upper() + label[1:], len(procedures)))
            downloads = self._handbook_links(None) if index_url == urls.FIELDS else []
            yield self._page(
                index_url,
                "groups.html",
                index_title,
                heading=index_title,
                lead="",
                items=items,
                letters=False,
                downloads=downloads,
            )
        letters = self._letters()
        for letter, procedures in letters.items():
            heading = s.other_letter_title if letter == OTHER_INITIAL else s.letter_title.format(letter=letter)
            yield from self._list_pages(urls.letter(letter), heading, procedures, [])
        items = [(urls.letter(letter), self._letter_label(letter), len(ps)) for letter, ps in letters.items()]
        yield self._page(
            urls.A_Z, "groups.html", s.a_z, heading=s.a_z, lead=s.a_z_lead, items=items, letters=True, downloads=[]
        )

    def _list_pages(
        self,
        url: str,
        heading: str,
        procedures: list[Procedure],
        downloads: list[Download],
        office: AgencyOffice | None = None,
    ) -> Iterator[tuple[str, str]]:
        """A list of procedures, LIST_PAGE_SIZE to a page, so no page grows with the catalogue.

        An agency's first page starts with where it is (*office*, from the settings).
        """
        chunks = [procedures[i : i + LIST_PAGE_SIZE] for i in range(0, len(procedures), LIST_PAGE_SIZE)]
        pages = [urls.list_page(url, number) for number in range(1, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, start=1):
            title = heading if number == 1 else self.texts.site.page_title.format(title=heading, n=number)
            yield self._page(
                pages[number - 1],
                "list.html",
                title,
                heading=heading,
                procedures=chunk,
                total=len(procedures),
                number=number,
                pages=pages,
                downloads=downloads if number == 1 else [],
                office=office if number == 1 else None,
                commune_table=self.catalogue.commune_table if office and office.per_commune and number == 1 else None,
            )

    def home_page(self) -> tuple[str, str]:
        c = self.catalogue
        fields = [(urls.field(n), n, len(ps)) for n, ps in c.by_field().items()]
        agencies = [(urls.agency(n), n, len(ps)) for n, ps in c.by_agency().items()]
        levels = [(urls.level(n), self.texts.levels[n].capitalize(), len(ps)) for n, ps in self._by_level().items()]
        letters = [(urls.letter(letter), self._letter_label(letter), len(ps)) for letter, ps in self._letters().items()]
        current = {p.code for p in c.current}
        featured = [c.by_code[code] for code in c.settings.featured if code in current]
        return self._page(
            urls.HOME,
            "home.html",
            c.site.site_name,
            fields=fields,
            agencies=agencies,
            levels=levels,
            letters=letters,
            featured=featured,
            downloads=self._handbook_links(None),
            journeys=c.journeys,
        )

    def offline_page(self) -> tuple[str, str]:
        t = self.texts.offline
        return self._page(urls.OFFLINE, "offline.html", t.title, t.description)

    def search_page(self) -> tuple[str, str]:
        # The table is context, not only a global, so the preview renders the page again when the table changes.
        return self._page(
            urls.SEARCH, "search.html", self.texts.search.title, commune_table=self.catalogue.commune_table
        )

    def search_index(self) -> Iterator[tuple[str, str]]:
        procedures = list(self.catalogue.current)
        facts = self._search_facts(procedures)
        # Each procedure's terms are kept for the next pass only by a memo that keeps (the preview's): a full
        # build's would hold 40 MB at 2,000 procedures to the end of the docs tree.
        terms = self.memo.terms if self.memo.keep else {}
        files = search_files(procedures, self.catalogue.settings.synonyms, facts, terms)
        del terms, facts
        for name, content in files.items():
            yield f"{urls.SEARCH_INDEX}{name}", content

    def old_communes(self) -> Iterator[tuple[str, str]]:
        """The communes before 1 July 2025, for the search page (generator/web/communes.py)."""
        table = self.catalogue.commune_table
        if table is not None:
            yield urls.OLD_COMMUNES, old_communes_json(table, self.catalogue.settings, self.texts)

    def _search_facts(self, procedures: list[Procedure]) -> list[tuple[str, str, str]]:
        """(time, fee, online) of each procedure as the cards elsewhere show them, for search results."""
        w = self.wording
        return [(w.glance_time(p), w.glance_fee(p), p.online) for p in procedures]

    def schema_files(self) -> Iterator[tuple[str, str]]:
        for name, schema in json_schemas().items():
            yield f"{urls.SCHEMA}{name}.schema.json", json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

    # -- groupings --------------------------------------------------------------

    def _by_level(self) -> dict[str, list[Procedure]]:
        grouped = self.catalogue.by_level()
        order = list(self.texts.levels.keys())
        return {k: grouped[k] for k in sorted(grouped, key=order.index)}

    def _letters(self) -> dict[str, list[Procedure]]:
        """Procedures by the letter their title begins with; the other initials last."""
        letters: dict[str, list[Procedure]] = {}
        for p in self.catalogue.current:
            letters.setdefault(initial(p.title), []).append(p)
        return dict(sorted(letters.items(), key=lambda item: (item[0] == OTHER_INITIAL, sort_key(item[0]))))

    def _letter_label(self, letter: str) -> str:
        return self.texts.site.other_letter if letter == OTHER_INITIAL else letter


def _page_script(catalogue: Catalogue, texts: Texts, p: Procedure, withdrawn: bool) -> Markup | None:
    """The schema.org JSON-LD of *p*'s page; none for a withdrawn procedure."""
    return None if withdrawn else linkeddata.page_script(catalogue, texts, p)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _neighbours(places: list[JourneyPlace], by_code: dict[str, Procedure]) -> dict[str, Procedure]:
    """The procedures of the steps before and after a procedure in its journeys, and of the choices it is one of,
    by code.

    Only these, not the whole catalogue: a page's inputs then change only when what it shows changes.
    """
    steps = [step for place in places for step in (place.previous, place.next) if step is not None]
    options = [o for step in steps for o in step.options] + [o for place in places for o in place.alternatives]
    return {o.procedure: by_code[o.procedure] for o in options if o.procedure in by_code}


def _plain(text: str) -> str:
    """A Markdown field as one line of plain text, for meta descriptions."""
    return markdown.plain(text)


def docs_files(
    catalogue: Catalogue,
    texts: Texts,
    pdfs: dict[str, RenderedPdf] | None = None,
    handwritten: list[Page] | None = None,
    memo: PageMemo | None = None,
) -> Iterator[tuple[str, Content]]:
    """Every file of the docs tree, one at a time, each made just before it is yielded.

    A full build writes each file and lets it go, so no page outlives its turn
    (``docs_tree`` keeps them all). Without a *memo* nothing is remembered
    between pages; with one, only pages whose inputs changed are rendered
    again. Raises :class:`CatalogueError` after the generated files when a
    hand-written page has the address of one of them (their paths are all that
    is kept to tell).
    """
    writer = SiteWriter(catalogue, texts, pdfs, memo if memo is not None else PageMemo(keep=False))
    if memo is not None:
        memo.fresh = []
    producers: list[Callable[[], Iterable[tuple[str, Content]]]] = [
        lambda: [writer.home_page()],
        writer.procedure_pages,
        writer.case_pages,
        writer.form_pages,
        writer.journey_pages,
        writer.index_pages,
        writer.schema_files,
        lambda: [writer.search_page()],
        writer.search_index,
        writer.old_communes,
        writer.open_data_files,
        writer.changes_pages,
        writer.code_redirects,
        lambda: [writer.offline_page()],
    ]
    made: set[str] = set()
    for producer in producers:
        for path, content in producer():
            made.add(path)
            yield path, content
    # Compared by the file each publishes in the site, so lien-he.md cannot stand in for lien-he/index.md.
    published = {urls.published_file(path).casefold() for path in made}
    problems: list[Problem] = []
    for page in handwritten or ():
        if urls.published_file(page.path).casefold() in published or page.path in made:
            problems.append(Problem(page.source, 0, 0, "", "has the address of a generated page; rename it"))
    if problems:
        raise CatalogueError(problems)
    for page in handwritten or ():
        yield page.path, page.content


def docs_tree(
    catalogue: Catalogue,
    texts: Texts,
    pdfs: dict[str, RenderedPdf] | None = None,
    handwritten: list[Page] | None = None,
    memo: PageMemo | None = None,
) -> dict[str, Content]:
    """Every file of the docs tree, by path; raises :class:`CatalogueError` on a clash.

    *pdfs* are the rendered PDFs the pages link to (with their sizes); the build
    puts them into the site itself. *handwritten* are the editors' pages
    (:func:`generator.load.handwritten.read_pages`). With a *memo* of the last tree,
    only pages whose inputs changed are rendered again.
    """
    return dict(docs_files(catalogue, texts, pdfs, handwritten, memo))
