"""The docs tree MkDocs renders: one Markdown file per page, made from the model.

Every function here is pure: it takes the checked catalogue and returns file
contents by docs-tree path. Writing them is the build's business.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import urls
from generator.load.pages import MARKDOWN_SAFE, Page
from generator.model.catalogue import Catalogue
from generator.model.records import Form, Procedure
from generator.model.schema import json_schemas
from generator.model.texts import Texts
from generator.pdf.jobs import RenderedPdf
from generator.problems import CatalogueError, Problem
from generator.project import TEMPLATES_DIR
from generator.render import guides, offline
from generator.render.forms import fill_context
from generator.render.search import search_files
from generator.render.templating import template_env
from generator.render.wording import Wording
from generator.text import markdown
from generator.text.vietnamese import initial, sort_key

LIST_PAGE_SIZE = 100
"""Procedures on one page of a field, agency, level or letter list."""
FORM_USERS_SHOWN = 50
"""Procedures listed on a form's page; the rest are counted."""

Content = str | bytes | Path
"""A docs-tree file: text, bytes, or a file to copy as it is."""


@dataclass(frozen=True)
class Download:
    url: str
    label: str


class SiteWriter:
    """Renders the page bodies of one catalogue with the project's templates."""

    def __init__(self, catalogue: Catalogue, texts: Texts, pdfs: dict[str, RenderedPdf] | None = None) -> None:
        self.catalogue = catalogue
        self.pdfs = pdfs or {}
        self.handbooks = guides.handbooks(catalogue)
        self.texts = texts
        self.wording = Wording(texts)
        self.env = template_env(catalogue.project / TEMPLATES_DIR / "pages", catalogue, texts, **MARKDOWN_SAFE)

    def _page(self, url: str, template: str, title: str, description: str = "", **context: Any) -> tuple[str, str]:
        """A docs-tree file: front matter and body.

        Front matter values are HTML-escaped (MkDocs themes print them raw) and
        written as JSON texts, which YAML reads as double-quoted scalars.
        """
        body = self.env.get_template(template).render(page_url=url, **context)
        front = f"title: {_quoted(html.escape(title))}\n"
        if description:
            front += f"description: {_quoted(html.escape(description))}\n"
        return urls.docs_path(url), f"---\n{front}---\n\n{body}"

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
        by_code = self.catalogue.by_code
        for p in self.catalogue.procedures:
            related = [by_code[c] for c in p.related if c in by_code]
            yield self._page(
                urls.procedure(p),
                "procedure.html",
                p.title,
                _plain(p.summary) if p.summary else p.title,
                p=p,
                related=related,
                portal_url=self.catalogue.portal_url(p),
                guide=self._download(urls.guide(p), self.texts.print.guide_link),
                offline=offline.save_data(p, self.catalogue, self.pdfs),
            )

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
                yield url, official.path
            if f.fields:
                yield from self._form_files(f, downloads)
            users = using.get(f.id, [])
            shown, more = users[:FORM_USERS_SHOWN], len(users) - FORM_USERS_SHOWN
            yield self._page(urls.form(f), "form.html", f"{f.title} ({f.id})", f.title, f=f, downloads=downloads,
                             used_by=shown, used_by_more=more)  # fmt: skip
        yield self._page(urls.FORMS, "forms.html", self.texts.site.forms_title, forms=self.catalogue.forms)

    def _form_files(self, f: Form, downloads: list[Download]) -> Iterator[tuple[str, Content]]:
        """The Word file and the page that fills *f* in the browser; adds the files to *downloads*."""
        from generator.render.word import word_form  # python-docx loads in 0.14 s; `catalogue check` needs none of it

        t = self.texts.form_files
        word = word_form(f, self.texts, self.catalogue.settings.agency.name)
        yield urls.form_word(f), word
        for path, label in ((urls.form_printable(f), t.printable), (urls.form_fillable(f), t.fillable)):
            if pdf := self._download(path, label):
                downloads.append(pdf)
        downloads.append(Download(urls.form_word(f), t.word.format(size=self.wording.file_size(len(word)))))
        title = t.fill_title.format(title=f.title, id=f.id)
        yield self._page(urls.form_fill(f), "form-fill.html", title, f.title, f=f, **fill_context(f))

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
                yield from self._list_pages(url_of(name), heading, procedures, downloads)
                items.append((url_of(name), label[:1].upper() + label[1:], len(procedures)))
            downloads = self._handbook_links(None) if index_url == urls.FIELDS else []
            yield self._page(index_url, "groups.html", index_title, heading=index_title, lead="", items=items,
                             letters=False, downloads=downloads)  # fmt: skip
        letters = self._letters()
        for letter, procedures in letters.items():
            heading = s.letter_title.format(letter=letter)
            yield from self._list_pages(urls.letter(letter), heading, procedures, [])
        items = [(urls.letter(letter), letter, len(ps)) for letter, ps in letters.items()]
        yield self._page(urls.A_Z, "groups.html", s.a_z, heading=s.a_z, lead=s.a_z_lead, items=items,
                         letters=True, downloads=[])  # fmt: skip

    def _list_pages(
        self, url: str, heading: str, procedures: list[Procedure], downloads: list[Download]
    ) -> Iterator[tuple[str, str]]:
        """A list of procedures, LIST_PAGE_SIZE to a page, so no page grows with the catalogue."""
        chunks = [procedures[i : i + LIST_PAGE_SIZE] for i in range(0, len(procedures), LIST_PAGE_SIZE)]
        pages = [urls.list_page(url, number) for number in range(1, len(chunks) + 1)]
        for number, chunk in enumerate(chunks, start=1):
            title = heading if number == 1 else self.texts.site.page_title.format(title=heading, n=number)
            yield self._page(pages[number - 1], "list.html", title, heading=heading, procedures=chunk,
                             total=len(procedures), number=number, pages=pages,
                             downloads=downloads if number == 1 else [])  # fmt: skip

    def home_page(self) -> tuple[str, str]:
        c = self.catalogue
        fields = [(urls.field(n), n, len(ps)) for n, ps in c.by_field().items()]
        agencies = [(urls.agency(n), n, len(ps)) for n, ps in c.by_agency().items()]
        levels = [(urls.level(n), self.texts.levels[n].capitalize(), len(ps)) for n, ps in self._by_level().items()]
        letters = [(urls.letter(letter), letter, len(ps)) for letter, ps in self._letters().items()]
        featured = [c.by_code[code] for code in c.settings.featured if code in c.by_code]
        return self._page(urls.HOME, "home.html", c.site.site_name, fields=fields, agencies=agencies, levels=levels,
                          letters=letters, featured=featured, downloads=self._handbook_links(None))  # fmt: skip

    def offline_page(self) -> tuple[str, str]:
        t = self.texts.offline
        return self._page(urls.OFFLINE, "offline.html", t.title, t.description)

    def search_page(self) -> tuple[str, str]:
        return self._page(urls.SEARCH, "search.html", self.texts.search.title)

    def search_index(self) -> Iterator[tuple[str, str]]:
        for name, content in search_files(list(self.catalogue.procedures)).items():
            yield f"{urls.SEARCH_INDEX}{name}", content

    def schema_files(self) -> Iterator[tuple[str, str]]:
        for name, schema in json_schemas().items():
            yield f"{urls.SCHEMA}{name}.schema.json", json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

    # -- groupings --------------------------------------------------------------

    def _by_level(self) -> dict[str, list[Procedure]]:
        grouped = self.catalogue.by_level()
        order = list(self.texts.levels.keys())
        return {k: grouped[k] for k in sorted(grouped, key=order.index)}

    def _letters(self) -> dict[str, list[Procedure]]:
        letters: dict[str, list[Procedure]] = {}
        for p in self.catalogue.procedures:
            letters.setdefault(initial(p.title), []).append(p)
        return dict(sorted(letters.items(), key=lambda item: sort_key(item[0])))


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _plain(text: str) -> str:
    """A Markdown field as one line of plain text, for meta descriptions."""
    rendered = str(markdown.render(text))
    return " ".join(html.unescape(Markup(rendered).striptags()).split())


def docs_tree(
    catalogue: Catalogue,
    texts: Texts,
    pdfs: dict[str, RenderedPdf] | None = None,
    handwritten: list[Page] | None = None,
) -> dict[str, Content]:
    """Every file of the docs tree, by path; raises :class:`CatalogueError` on a clash.

    *pdfs* are the rendered PDFs the pages link to (with their sizes); the build
    puts them into the site itself. *handwritten* are the editors' pages
    (:func:`generator.load.pages.read_pages`).
    """
    writer = SiteWriter(catalogue, texts, pdfs)
    files: dict[str, Content] = {}
    problems: list[Problem] = []
    generated = [
        writer.home_page(),
        *writer.procedure_pages(),
        *writer.form_pages(),
        *writer.index_pages(),
        *writer.schema_files(),
        writer.search_page(),
        *writer.search_index(),
        writer.offline_page(),
    ]
    for path, content in generated:
        files[path] = content
    published = {path.removesuffix("index.md") for path in files if path.endswith("index.md")}
    for page in handwritten or ():
        if page.path in files or page.url in published:
            problems.append(Problem(page.source, 0, 0, "", "has the address of a generated page; rename it"))
        files[page.path] = page.content
    if problems:
        raise CatalogueError(problems)
    return files
