"""The site offline: the service worker the build writes, and what a procedure saves.

``sw.js`` (at the site's root, so it serves every page) is the script in
``templates/offline/sw.js`` behind one line of settings this module writes:

- ``build``: the content hash of the whole site. The worker's caches are named
  after it (``tt-offline-<build>``), so a new build installs beside the old one
  and removes it once it is complete: no reader ever gets pages of two builds.
  Every page carries it too (``<meta name="tt-build">``), so a worker that
  fetches a page of a newer build knows not to keep it and updates itself.
- ``precache``: what is saved as soon as the worker installs, each with the
  SHA-256 of its content (the worker refuses a file that differs): the shell
  (styles, scripts, fonts, images), the home page, the index pages, the
  search page and the offline page, and the search index (all of it while it
  is small, otherwise its manifest and titles, and the parts of it searches use).
- ``offline``: the page shown for a page that is not saved.

Pages, guides and forms are kept as the reader visits them; the button
"Lưu để xem khi không có mạng" saves a procedure with its guide and forms at
once (:func:`saved_files`, read by ``assets/javascripts/offline.js``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

from generator import urls
from generator.model.catalogue import Catalogue
from generator.model.records import Procedure
from generator.pdf.jobs import RenderedPdf

SERVICE_WORKER = "sw.js"
"""The worker's address: at the root, so its scope is the whole site."""
WORKER_SOURCE = Path("offline") / "sw.js"
"""The worker's script, under the project's ``templates/``."""
SHELL = ("assets/stylesheets/", "assets/javascripts/", "assets/fonts/", "assets/images/")
"""Folders of the site's shell: everything in them is saved when the worker installs."""
INDEX_PAGES = (urls.HOME, urls.FIELDS, urls.AGENCIES, urls.LEVELS, urls.A_Z, urls.FORMS, urls.SEARCH, urls.OFFLINE)
"""Pages saved when the worker installs: what a reader offline can always open."""
SEARCH_PRECACHE_BYTES = 300_000
"""The whole search index is saved at install while it is this small (raw bytes; about 100 KB
gzipped, a few hundred procedures); above it, only its manifest and titles are, and
the parts of the index that searches use are kept as they are fetched."""
SEARCH_ALWAYS = ("manifest.json", "docs.")
"""Files of the search index saved at install whatever its size (names start with these)."""
HASH_CHARS = 16
"""Hex digits of SHA-256 kept: a file's check and the build's name."""


def digest(data: bytes) -> str:
    """The check of one file, as the worker computes it (SHA-256, first :data:`HASH_CHARS` hex digits)."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def build_id(files: Mapping[str, str]) -> str:
    """The hash of a whole site from the :func:`digest` of each file, by path."""
    listing = "".join(f"{path}\0{check}\n" for path, check in sorted(files.items()))
    return digest(listing.encode())


def precached(paths: Iterable[str], sizes: Mapping[str, int], handwritten: Collection[str] = ()) -> list[str]:
    """The files of the site (by path) the worker saves at install; see the module's documentation.

    *sizes* gives the raw size of each file of the search index. Only files the build made are saved: never
    one of *handwritten*, the files editors put beside their pages (an 8 MB photo in ``pages/assets/`` would
    otherwise be downloaded in the background on every first visit).
    """
    search = [path for path in sizes if path.startswith(urls.SEARCH_INDEX)]
    whole_search = sum(sizes[path] for path in search) <= SEARCH_PRECACHE_BYTES
    chosen = []
    for path in sorted(set(paths) - set(handwritten)):
        if path.startswith(SHELL) or path in {urls.page_file(page) for page in INDEX_PAGES}:
            chosen.append(path)
        elif path.startswith(urls.SEARCH_INDEX):
            name = path.removeprefix(urls.SEARCH_INDEX)
            if whole_search or name.startswith(SEARCH_ALWAYS):
                chosen.append(path)
    return chosen


STAMP = '<meta name="tt-build" content="{build}">'
"""The build's name in a page's head, after its security policy."""
_POLICY_END = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def stamp(html: str, build: str) -> str:
    """*html* (a secured page) with the build's name in its head, after its security policy."""
    policy = _POLICY_END.search(html)
    at = policy.end() if policy else html.lower().index("<head>") + len("<head>")
    return html[:at] + STAMP.format(build=build) + html[at:]


def page_address(path: str) -> str:
    """The address a file is fetched at: a page's folder for its ``index.html``."""
    return path.removesuffix("index.html") if path.endswith("index.html") else path


def service_worker(source: str, build: str, checks: Mapping[str, str]) -> str:
    """The text of ``sw.js``: the worker's *source* after its settings.

    *checks* gives the :func:`digest` of each file to save at install, by path in the site.
    """
    settings = {
        "build": build,
        "offline": urls.OFFLINE,
        "precache": [[page_address(path), check] for path, check in sorted(checks.items())],
    }
    head = (
        "/* Written by `catalogue build` (generator/web/offline.py) from templates/offline/sw.js. */\n"
        f"self.TT_OFFLINE = {json.dumps(settings, ensure_ascii=False, separators=(',', ':'))};\n"
    )
    return head + source


def saved_files(p: Procedure, catalogue: Catalogue, pdfs: Mapping[str, RenderedPdf]) -> list[str]:
    """What "Lưu để xem khi không có mạng" saves besides the page of *p*, by site path.

    Its guide, and each form its documents name: the form's page, its official
    file, and what the build makes from its fields (the fill-in page, the printable
    and fillable PDFs, the Word file).
    """
    files = [urls.guide(p)] if urls.guide(p) in pdfs else []
    forms = catalogue.forms_by_id
    named = dict.fromkeys(d.form for g in p.documents for d in g.items if d.form)
    for form_id in named:
        f = forms.get(form_id or "")
        if f is None:
            continue
        files.append(urls.form(f))
        official = catalogue.files.get(f.id)
        if official:
            files.append(urls.form_file(f, official.name))
        if f.fields:
            files.append(urls.form_fill(f))
            files += [path for path in (urls.form_printable(f), urls.form_fillable(f)) if path in pdfs]
            files.append(urls.form_word(f))
    return files


def save_data(p: Procedure, catalogue: Catalogue, pdfs: Mapping[str, RenderedPdf]) -> dict[str, object]:
    """What a procedure page tells ``offline.js`` to save: its title, code, and files relative to the page."""
    page = urls.procedure(p)
    return {
        "title": p.title,
        "code": p.code,
        "guide": urls.relative(page, urls.guide(p)) if urls.guide(p) in pdfs else None,
        "files": [urls.relative(page, path) for path in saved_files(p, catalogue, pdfs)],
    }
