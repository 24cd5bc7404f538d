"""The folders of a catalogue project, named once.

A project is laid out like this repository (see ``docs/architecture.md``):
records in ``procedures/``, ``forms/`` and ``journeys/``, hand-written pages in ``pages/``,
settings in ``mkdocs.yml``, templates in ``templates/``. The build works in
``.catalogue/`` and publishes into ``site/``.
"""

from __future__ import annotations

PROCEDURES_DIR = "procedures"
FORMS_DIR = "forms"
JOURNEYS_DIR = "journeys"
NATIONAL_DIR = "national"
"""The national version of each imported record, as last imported (``catalogue import``), and the page for editors."""
PAGES_DIR = "pages"
COMMUNES_DIR = "communes"
"""The province's commune conversion tables (``extra.catalogue.communes_table``)."""
TEMPLATES_DIR = "templates"
# Folders of templates/, one per room that renders from templates:
WEB_TEMPLATES = "web"
"""The bodies of the site's pages (``generator.web``)."""
PAPER_TEMPLATES = "paper"
"""The layouts and stylesheets of what is printed (``generator.paper``)."""
EDITOR_TEMPLATES = "editor"
"""The browser editor's entrance (``generator.editor``)."""
FONTS = "fonts"
"""The fonts embedded in PDFs."""
CONFIG_FILE = "mkdocs.yml"
WORK_DIR = ".catalogue"
DOCS_DIR = f"{WORK_DIR}/docs"
CACHE_DIR = f"{WORK_DIR}/pdf-cache"
PRINT_CACHE = f"{WORK_DIR}/print-cache"
"""The print pack's PDFs (PDF/X-4, ``catalogue print``), cached apart from the site's."""
PRINT_DIR = "print"
"""The print pack, beside the site and never published with it (``catalogue print``)."""
SITE_DIR = "site"

SOURCES = (PROCEDURES_DIR, FORMS_DIR, JOURNEYS_DIR, PAGES_DIR, COMMUNES_DIR, TEMPLATES_DIR, CONFIG_FILE)
"""Everything a build reads: a change to any of them changes the site."""
