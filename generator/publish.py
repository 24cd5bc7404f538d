"""Publish: write files, link the PDFs in, and swap a finished staging folder into place atomically.

The build writes only into the project's work folder (``.catalogue/``) and the
site folder, so before anything is written :func:`target_problems` and
:func:`work_problems` refuse a site folder that is the project, holds it or is
inside what the build reads, and work or site folders that are symbolic links
(the build empties them: through a link it would empty another folder).
:func:`build_lock` keeps two builds of one project from writing at once (the
second waits for the first, then gives up with a plain message), and
:func:`write_errors` turns a full disk or a read-only folder into one problem.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import re
import shutil
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from generator import urls
from generator.html.csp import secure_site, theme_files
from generator.html.trim import TrimMemo, trim_theme
from generator.pdf.jobs import RenderedPdf
from generator.problems import CatalogueError, Problem, display_path
from generator.project import CACHE_DIR, DOCS_DIR, SITE_DIR, SOURCES, WORK_DIR
from generator.render import Content
from generator.staging import FOLDER_MODE
from generator.web import offline

log = logging.getLogger(__name__)

# -- what a web server sends with the site ---------------------------------------------------------------

PAGE_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'"
"""The policy header of a page (each page also carries its own, in a ``<meta>``: scripts, styles...)."""
FILE_POLICY = "default-src 'none'; sandbox"
"""The policy header of every file that is not a page: opened on its own (an SVG, a text file, a PDF), nothing in
it runs or loads, whatever a browser takes it for."""
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
"""Headers every response carries: no file is read as another type than its own (an official .pdf is never run
as a page)."""
HTTPS_HEADERS = {"Strict-Transport-Security": "max-age=31536000"}
"""Headers only a site served over HTTPS sends (not the live preview)."""


def is_page(path: str) -> bool:
    """Whether the site path *path* (``thu-tuc/x/``, ``404.html``, ``sw.js``) is answered with a page's headers.

    The service worker too: its policy would govern what it fetches.
    """
    name = path.rpartition("/")[2]
    return name == "" or name.endswith((".html", ".htm")) or path == offline.SERVICE_WORKER


def response_headers(path: str, *, https: bool = True) -> dict[str, str]:
    """The security headers of the response to the site path *path* (docs/publishing.md shows them for nginx
    and Caddy)."""
    policy = PAGE_POLICY if is_page(path) else FILE_POLICY
    return {"Content-Security-Policy": policy, **COMMON_HEADERS, **(HTTPS_HEADERS if https else {})}


LOCK_FILE = f"{WORK_DIR}/build.lock"
SITE_MARKERS = ("index.html", "sitemap.xml")
"""Files every built site has: a folder with files but none of these is not a site to replace."""


def target_problems(project: Path, site_dir: Path | None) -> list[Problem]:
    """Why the site cannot be built into *site_dir* (default ``site/``); *project* is resolved."""
    given = Path(os.path.abspath(site_dir)) if site_dir else project / SITE_DIR
    name = str(site_dir) if site_dir else SITE_DIR
    if given.is_symlink():
        link = (
            f"is a symbolic link (to {os.readlink(given)}); the build replaces this "
            "folder, so through a link it would empty another one: remove the link"
        )
        return [Problem(name, 0, 0, "", link)]
    target = given.resolve()
    message = None
    if target == project:
        message = "is the catalogue folder itself; build into a folder of its own, such as site/"
    elif project.is_relative_to(target):
        message = "holds the catalogue folder; the build would replace it: build into a folder of its own"
    else:
        for source in (*SOURCES, WORK_DIR):
            if target.is_relative_to(project / source):
                message = f"is inside {source}, which the build reads or writes; build into a folder of its own"
    if message is None and target.exists() and not target.is_dir():
        message = "is a file, not a folder"
    elif message is None and target.is_dir() and not _replaceable(target):
        message = (
            "is a folder with files but no site built by catalogue; the build would replace them: "
            "choose an empty or new folder"
        )
    return [Problem(f"--site-dir {name}" if site_dir else name, 0, 0, "", message)] if message else []


def _replaceable(folder: Path) -> bool:
    return not any(folder.iterdir()) or any((folder / marker).is_file() for marker in SITE_MARKERS)


def work_problems(project: Path) -> list[Problem]:
    """Symbolic links where the build writes its work files; it would empty or write into their targets."""
    problems = []
    for name in (WORK_DIR, DOCS_DIR, CACHE_DIR, LOCK_FILE):
        if (project / name).is_symlink():
            link = (
                f"is a symbolic link (to {os.readlink(project / name)}); the build writes here itself: remove the link"
            )
            problems.append(Problem(name, 0, 0, "", link))
    return problems


LOCK_WAIT = 600.0
"""Seconds a build waits for another build of the same project to end before it gives up."""


@contextmanager
def build_lock(project: Path) -> Iterator[None]:
    """Hold ``.catalogue/build.lock`` while a build writes; a second build waits, saying so, then gives up plainly.

    The lock is the kernel's (``flock``): it ends with the process holding it,
    however the process ends, so a killed build never leaves a stale lock.
    """
    (project / WORK_DIR).mkdir(exist_ok=True)
    fd = os.open(project / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _acquire(fd: int) -> None:
    deadline = time.monotonic() + LOCK_WAIT
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            if time.monotonic() >= deadline:
                message = (
                    f"another build of this catalogue is running (process {holder}); wait for it to end, "
                    "then build again"
                )
                raise CatalogueError([Problem(LOCK_FILE, 0, 0, "", message)]) from None
            if not told:
                log.info("Another build of this catalogue is running (process %s); waiting for it to end…", holder)
                told = True
            time.sleep(0.2)


_WHY = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the folder is on a read-only file system; build into a folder you can write to",
    errno.EACCES: "permission denied; build into a folder you can write to",
    errno.EPERM: "permission denied; build into a folder you can write to",
}


@contextmanager
def write_errors(project: Path) -> Iterator[None]:
    """Turn a failed write (full disk, read-only folder) into one problem naming the file; the old site stays."""
    try:
        yield
    except OSError as error:
        if error.errno not in _WHY:
            raise
        where = display_path(Path(os.fsdecode(error.filename)), project) if error.filename else WORK_DIR
        raise CatalogueError([Problem(where, 0, 0, "", f"cannot be written: {_WHY[error.errno]}")]) from None


def write_docs(folder: Path, tree: dict[str, Content], last: dict[str, Content] | None = None) -> list[str]:
    """Make *folder* hold exactly the files of *tree*; the paths of the files that changed.

    With *last*, the tree written into *folder* before, only the files that
    differ from it are written and those no longer in the tree removed (the
    preview's incremental pass); without, *folder* is written anew.
    """
    if last is None:
        shutil.rmtree(folder, ignore_errors=True)
        last = {}
    for gone in set(last) - set(tree):
        (folder / gone).unlink(missing_ok=True)
    changed = {path: content for path, content in tree.items() if last.get(path) != content}
    add_files(folder, changed)
    return sorted(changed)


def write_docs_streamed(folder: Path, files: Iterable[tuple[str, Content]]) -> list[str]:
    """Write *folder* anew from *files*, each written as it comes and then let go; the paths written.

    A full build's docs tree: no file is held once written, so memory does not grow with the pages.
    """
    shutil.rmtree(folder, ignore_errors=True)
    written: list[str] = []

    def each() -> Iterator[tuple[str, Content]]:
        for path, content in files:
            written.append(path)
            yield path, content

    add_files(folder, each())
    return sorted(written)


def add_files(folder: Path, tree: Mapping[str, Content] | Iterable[tuple[str, Content]]) -> None:
    """Write the files of *tree* (a mapping, or pairs of name and content) into *folder*, replacing files of the
    same name."""
    made: set[Path] = set()
    for name, content in tree.items() if isinstance(tree, Mapping) else tree:
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


Stat = tuple[int, int, int]
"""A file's modification time (ns), size and inode: a file whose stat is unchanged was not written again."""


def _stat(path: Path) -> Stat:
    status = path.stat()
    return status.st_mtime_ns, status.st_size, status.st_ino


@dataclass
class SiteMemo:
    """What finishing a site folder left it as, for a folder finished again after an incremental render.

    ``catalogue serve``'s preview keeps its site folder between edits and the
    engine renders only the pages an edit changed: a page whose file is not
    as this memo left it was rendered again, and is secured and checked
    again; the others are not read. A full build starts with an empty memo.
    """

    pages: dict[str, Stat] = field(default_factory=dict)
    """Each page as it was left."""
    checks: dict[str, tuple[Stat, str]] = field(default_factory=dict)
    """The content check of each file, with the stat it was computed for."""
    linked: dict[str, RenderedPdf] = field(default_factory=dict)
    """The PDFs put in, by path in the site."""
    theme: frozenset[str] | None = None
    """The files of the theme folders (:func:`generator.html.csp.theme_files`), which change only with the
    templates (the preview then starts a new memo)."""
    trim: TrimMemo = field(default_factory=TrimMemo)
    editor: bool = False
    """Whether the browser editor's files are in."""

    def check(self, site: Path, name: str) -> str:
        """The content check (:func:`generator.web.offline.digest`) of the file *name* in *site*."""
        path = site / name
        stat = _stat(path)
        known = self.checks.get(name)
        if known is None or known[0] != stat:
            known = self.checks[name] = (stat, offline.digest(path.read_bytes()))
        return known[1]


@dataclass(frozen=True)
class Finish:
    """What the last stage needs besides the site folder: the PDFs and files to put in, and how pages are secured."""

    pdfs: Mapping[str, RenderedPdf]
    templates: list[Path]
    """The template folders whose inline scripts and theme files pages may use (:mod:`generator.html.csp`)."""
    sources: dict[str, str]
    """The hand-written file each page comes from, by its path in the site, to name in problems."""
    editor: Mapping[str, Content]
    """The browser editor's files (secured by their own policy)."""
    worker: Path
    """The service worker's script (``templates/offline/sw.js``)."""
    handwritten: frozenset[str] = frozenset()
    """The files editors put beside their pages, by path in the site: never saved by the worker at install."""


def finish_site(site: Path, finish: Finish, memo: SiteMemo | None = None, *, stamp: bool = True) -> str:
    """Make the engine's output in *site* the published site (all but the swap); the build's name.

    Puts the PDFs in; gives each page the engine rendered its security policy;
    keeps only the theme files pages use; names the build after the content of
    every file; stamps every page with that name (with *stamp* false, the
    caller adds it as pages are served: the preview); adds the browser editor
    and the service worker. With a *memo* of the last time *site* was finished,
    only what changed since is done again.
    """
    memo = memo if memo is not None else SiteMemo()
    _link(finish.pdfs, site, memo)
    pages = site_pages(site)
    rendered = [name for name in pages if memo.pages.get(name) != _stat(site / name)]
    check_written(site, rendered)
    if memo.theme is None:
        memo.theme = theme_files(finish.templates)
    secure_site(site, finish.templates, finish.sources, rendered, memo.theme)
    trim_theme(site, pages, memo.trim)
    memo.pages = {name: _stat(site / name) for name in pages}
    build = offline.build_id({name: memo.check(site, name) for name in site_files(site)})
    if stamp:
        for name in pages:
            path = site / name
            path.write_text(offline.stamp(path.read_text(encoding="utf-8"), build), encoding="utf-8")
    if not memo.editor or not all((site / name).exists() for name in finish.editor):
        add_files(site, finish.editor)
        memo.editor = True
    _write_service_worker(site, finish, build, memo, stamped=stamp)
    return build


WRITTEN_XML = (urls.CHANGES_FEED, "sitemap.xml")
"""Files the build writes as XML: a reader that finds one malformed drops all of it."""
WRITTEN_JSON_LD = (urls.OPEN_DATA_DCAT, urls.OPEN_DATA_CPSV_AP)
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def check_written(site: Path, pages: Iterable[str]) -> None:
    """Read back what machines read: the feed and the sitemap as XML, the JSON-LD files and each of *pages*' JSON-LD
    blocks as JSON; raise naming each file that does not parse.

    The load stage refuses what could break them (characters XML cannot hold, and
    every text is escaped); this is the net under it, so a malformed file is never
    published.
    """
    problems = []
    for name in WRITTEN_XML:
        path = site / name
        if path.is_file():
            parser = expat.ParserCreate()
            try:
                parser.Parse(path.read_bytes(), True)
            except expat.ExpatError as error:
                problems.append(Problem(name, error.lineno, error.offset + 1, "", _MALFORMED.format(kind="XML")))
    for name in WRITTEN_JSON_LD:
        path = site / name
        if path.is_file() and not _is_json(path.read_text(encoding="utf-8")):
            problems.append(Problem(name, 0, 0, "", _MALFORMED.format(kind="JSON-LD")))
    for name in pages:
        for block in _JSON_LD.findall((site / name).read_text(encoding="utf-8")):
            if not _is_json(block):
                problems.append(Problem(name, 0, 0, "", _MALFORMED.format(kind="JSON-LD")))
    if problems:
        raise CatalogueError(problems)


_MALFORMED = "the build wrote {kind} that does not parse; nothing was published: this is a bug in catalogue, report it"


_CHECKER = json.JSONDecoder(object_pairs_hook=lambda pairs: None)
"""Parses JSON without keeping what it reads: each object is dropped once parsed (the open data's 17 MB of JSON-LD
at 2,000 procedures made 50 MB of Python objects just to be checked)."""


def _is_json(text: str) -> bool:
    try:
        _CHECKER.decode(text)
    except ValueError:
        return False
    return True


def _link(pdfs: Mapping[str, RenderedPdf], site: Path, memo: SiteMemo) -> None:
    """Put each cached PDF into *site* under its published path (a hard link, or a copy across file systems);
    remove those put in before and no longer made."""
    for name in set(memo.linked) - set(pdfs):
        (site / name).unlink(missing_ok=True)
    for name, rendered in pdfs.items():
        path = site / name
        if memo.linked.get(name) == rendered and path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        try:
            os.link(rendered.file, path)
        except OSError:
            shutil.copyfile(rendered.file, path)
    memo.linked = dict(pdfs)


FILE_MODE = 0o644
"""Modes of everything published (folders: :data:`generator.staging.FOLDER_MODE`): a web server runs as another
user (nginx as www-data) and must read it all."""


def _own(name: str) -> bool:
    """Whether *name* (a path in the site) is one of the build's own: not the editor's, not the service worker."""
    return not name.startswith(urls.EDITOR) and name != offline.SERVICE_WORKER


def site_pages(site: Path) -> list[str]:
    """The pages the engine rendered into *site*, by path, in order (the browser editor's are not)."""
    return sorted(name for p in site.rglob("*.html") if _own(name := p.relative_to(site).as_posix()))


def site_files(site: Path) -> list[str]:
    """Every file of *site* the build's name is made from, by path, in order (not the editor's, not ``sw.js``)."""
    return sorted(name for p in site.rglob("*") if p.is_file() and _own(name := p.relative_to(site).as_posix()))


def _write_service_worker(site: Path, finish: Finish, build: str, memo: SiteMemo, *, stamped: bool) -> None:
    """Write ``sw.js`` into *site* from the worker's *source*, with the checks of the files it saves at install.

    A page is checked as it is served: stamped with the build's name (in its file, or as the preview serves it).
    """
    files = site_files(site)
    search = {name: (site / name).stat().st_size for name in files if name.startswith(urls.SEARCH_INDEX)}
    checks = {}
    for name in offline.precached(files, search, finish.handwritten):
        if stamped or not name.endswith(".html"):
            checks[name] = memo.check(site, name)
        else:
            page = offline.stamp((site / name).read_text(encoding="utf-8"), build)
            checks[name] = offline.digest(page.encode("utf-8"))
    text = offline.service_worker(finish.worker.read_text(encoding="utf-8"), build, checks)
    (site / offline.SERVICE_WORKER).write_text(text, encoding="utf-8")


def make_readable(folder: Path) -> None:
    """Give every file under *folder* mode 0644 and every folder 0755, *folder* included, whatever the umask.

    Files come from several writers (this module, the HTML engine, the PDF cache through hard links),
    each with its own idea of a mode; the site is published only once all of them are readable by
    another user. Symbolic links are left alone (and not followed).
    """
    _set_mode(folder, FOLDER_MODE)
    for root, folders, files in os.walk(folder):
        for name in folders:
            _set_mode(Path(root, name), FOLDER_MODE)
        for name in files:
            _set_mode(Path(root, name), FILE_MODE)


def _set_mode(path: Path, mode: int) -> None:
    status = path.lstat()
    if stat.S_ISLNK(status.st_mode) or stat.S_IMODE(status.st_mode) == mode:
        return
    os.chmod(path, mode)
