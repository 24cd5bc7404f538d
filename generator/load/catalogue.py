"""Load every record of a catalogue, check it, and give back one immutable, typed model."""

from __future__ import annotations

import difflib
import logging
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from generator import urls
from generator.load.communes import load_commune_table
from generator.load.files import Checked, check_file, link_problem, name_problem, walk, warn_removed
from generator.load.settings import load_settings
from generator.load.validation import validate
from generator.load.yamlsource import Source, load
from generator.model.catalogue import Catalogue, OfficialFile
from generator.model.journeys import Journey, option_loc
from generator.model.records import Form, Procedure
from generator.model.scalars import SLUG_MAX
from generator.model.settings import Files, Settings
from generator.problems import CatalogueError, Problem, display_path, limit
from generator.project import FORMS_DIR, JOURNEYS_DIR, PROCEDURES_DIR
from generator.text.vietnamese import look_alike_key, slugify, sort_key

log = logging.getLogger(__name__)

RecordClass = type[Procedure] | type[Form] | type[Journey]


@dataclass
class _Loaded:
    source: Source
    record: Procedure | Form | Journey
    file: Path


@dataclass
class _Read:
    """One file as read and checked on its own, before the checks across records."""

    stamp: tuple[int, int, int]
    loaded: _Loaded | None
    problems: list[Problem]
    named: Procedure | Journey | None = None
    """The record with its slug taken from the file name, made once."""


@dataclass
class RecordCache:
    """Records already read, by file, with the file's size, inode and modification time.

    ``catalogue serve`` keeps one between rebuilds, so an edit re-reads only the
    files that changed; unchanged records stay the very same objects, which
    lets the pages that show only them be reused. The checks across records
    (codes, slugs, forms named) run on every load.
    """

    files: dict[Path, _Read] = field(default_factory=dict)
    read: int = 0
    """Files read (not taken from the cache) by the last load."""


def load_catalogue(project: Path, today: date | None = None, cache: RecordCache | None = None) -> Catalogue:
    """Read and check every record under *project*.

    Raises :class:`CatalogueError` with every problem of every file when
    anything is wrong; nothing is returned half-checked. With a *cache*, files
    whose size, inode and modification time are those of the last load are not
    read again.
    """
    project = project.resolve()
    today = today or date.today()
    problems: list[Problem] = []
    try:
        site, settings, settings_source = load_settings(project)
    except CatalogueError as error:
        problems += error.problems
        site = settings = None  # type: ignore[assignment]
        settings_source = None
    cache = cache if cache is not None else RecordCache()
    cache.read = 0
    seen: set[Path] = set()
    procedures = _load_all(project, PROCEDURES_DIR, Procedure, problems, cache=cache, seen=seen)
    forms = _load_all(project, FORMS_DIR, Form, problems, cache=cache, seen=seen)
    journeys = _load_all(project, JOURNEYS_DIR, Journey, problems, cache=cache, seen=seen)
    for gone in set(cache.files) - seen:
        del cache.files[gone]
    journeys = [_with_slug(item, cache.files[item.file], problems) for item in journeys]
    if not procedures and not any(p.path.startswith(PROCEDURES_DIR) for p in problems):
        problems.append(Problem(PROCEDURES_DIR, 0, 0, "", "no procedure records (*.yaml) found"))
    procedures = [_with_slug(item, cache.files[item.file], problems) for item in procedures]
    files = _official_files(project, forms, problems, settings)
    problems += _cross_problems(procedures, forms, settings)
    problems += _journey_problems(journeys, procedures)
    if settings is not None and settings_source is not None:
        known = {item.record.code for item in procedures if isinstance(item.record, Procedure)}
        for index, code in enumerate(settings.featured):
            if code not in known:
                problems.append(settings_source.problem(("featured", index), f'no procedure has code "{code}"'))
        for index, code in enumerate(settings.print.posters):
            if code not in known:
                problems.append(settings_source.problem(("print", "posters", index), f'no procedure has code "{code}"'))
    commune_table = None
    if settings is not None and settings_source is not None:
        commune_table, more = load_commune_table(project, settings, settings_source)
        problems += more
    if problems:
        raise CatalogueError(problems)
    assert site is not None and settings is not None
    published = [r for r in (i.record for i in procedures) if isinstance(r, Procedure) and r.is_published(today)]
    published.sort(key=lambda p: sort_key(p.title))
    log.debug("Loaded %d procedures (%d published), %d forms", len(procedures), len(published), len(forms))
    return Catalogue(
        project=project,
        site=site,
        settings=settings,
        procedures=tuple(published),
        forms=tuple(sorted((i.record for i in forms if isinstance(i.record, Form)), key=lambda f: f.id)),
        files=files,
        withdrawn=frozenset(p.code for p in published if p.withdrawn(today)),
        journeys=tuple(
            sorted((i.record for i in journeys if isinstance(i.record, Journey)), key=lambda j: sort_key(j.title))
        ),
        commune_table=commune_table,
    )


def _load_all(
    project: Path, folder: str, cls: RecordClass, problems: list[Problem], *, cache: RecordCache, seen: set[Path]
) -> list[_Loaded]:
    loaded = []
    for path in _records(project / folder, project, problems):
        display = display_path(path, project)
        problem = link_problem(path, project / folder)
        if problem:
            problems.append(Problem(display, 0, 0, "", problem))
            continue
        read = _read(path, display, cls, cache)
        seen.add(path)
        problems += read.problems
        if read.loaded is not None:
            loaded.append(read.loaded)
    return loaded


def _records(folder: Path, project: Path, problems: list[Problem]) -> list[Path]:
    """The record files of *folder* (``*.yaml``); ``.yml``, ``.YAML`` and the like are named, never skipped."""
    found = []
    for path in walk(folder) if folder.is_dir() else ():
        if path.is_symlink() and path.is_dir():
            message = "is a symbolic link to a folder; put the folder itself here"
            problems.append(Problem(display_path(path, project), 0, 0, "", message))
        elif path.suffix == ".yaml":
            found.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):
            problems.append(Problem(display_path(path, project), 0, 0, "", "rename the file to end in .yaml"))
    return found


def _stamp(path: Path) -> tuple[int, int, int]:
    try:
        status = path.stat()
    except OSError:
        return (0, 0, 0)
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def _read(path: Path, display: str, cls: RecordClass, cache: RecordCache) -> _Read:
    """The file at *path* read and checked, or what the cache holds when it has not changed since."""
    stamp = _stamp(path)
    cached = cache.files.get(path)
    if cached is not None and cached.stamp == stamp and stamp != (0, 0, 0):
        return cached
    cache.read += 1
    read = _Read(stamp, None, [])
    cache.files[path] = read
    try:
        source = load(path, display)
    except CatalogueError as error:
        read.problems = error.problems
        return read
    except OSError as error:
        read.problems = [Problem(display, 0, 0, "", f"cannot be read: {error.strerror}")]
        return read
    record, found = validate(cls, source)
    read.problems = limit(found)
    if record is not None:
        read.loaded = _Loaded(source, record, path)
    return read


def _with_slug(item: _Loaded, read: _Read, problems: list[Problem]) -> _Loaded:
    """*item* with its slug; the record named after its file is made once per read of the file."""
    record = item.record
    assert isinstance(record, Procedure | Journey)
    if record.slug is None:
        stem = Path(item.source.path).stem
        if slugify(stem) != stem:
            problems.append(
                Problem(item.source.path, 0, 0, "", f'file name is not a slug; rename it "{slugify(stem)}.yaml"')
            )
        elif len(stem) > SLUG_MAX:
            message = f"file name is {len(stem)} characters long; a web address name has at most {SLUG_MAX}"
            problems.append(Problem(item.source.path, 0, 0, "", message))
        if read.named is None:
            read.named = record.model_copy(update={"slug": stem})
        return _Loaded(item.source, read.named, item.file)
    return item


def _official_files(
    project: Path, forms: list[_Loaded], problems: list[Problem], settings: Settings | None
) -> dict[str, OfficialFile]:
    folder = project / FORMS_DIR
    limit = (settings.files if settings else Files.model_construct()).max_bytes
    files = {}
    for item in forms:
        form = item.record
        assert isinstance(form, Form)
        stem = Path(item.source.path).stem
        if form.id != stem:
            problems.append(
                item.source.problem(("id",), f'is "{form.id}" but the file is {stem}.yaml; make them match')
            )
        if form.file is None:
            continue
        generated = {PurePosixPath(url).name.casefold(): PurePosixPath(url).name for url in urls.form_generated(form)}
        if form.file.casefold() in generated:
            name = generated[form.file.casefold()]
            same = "" if name == form.file else f" ({name}, on a server that ignores case)"
            message = f'"{form.file}" is the name of a file made from the fields{same}; rename the official file'
            problems.append(item.source.problem(("file",), message))
            continue
        checked = _official_file(folder, form.file, limit)
        if isinstance(checked, str):
            problems.append(item.source.problem(("file",), checked))
        else:
            warn_removed(f"{FORMS_DIR}/{form.file}", checked.removed)
            files[form.id] = OfficialFile(folder / form.file, form.file, checked.size, checked.content)
    return files


def _official_file(folder: Path, name: str, limit: int) -> Checked | str:
    """The official file *name* in *folder*, checked (and maybe made safe); or why it cannot be published."""
    given = folder / name
    if "/" in name or "\\" in name or name in (".", ".."):
        return "must name a file in the forms folder, beside the YAML"
    problem = name_problem(name)
    if problem:
        return problem
    if not given.exists() and not given.is_symlink():
        return f"{FORMS_DIR}/{name} not found"
    problem = link_problem(given, folder)
    if problem:
        return f"{FORMS_DIR}/{name} {problem}"
    if not given.is_file():
        return f"{FORMS_DIR}/{name} is not an ordinary file"
    try:
        checked = check_file(given, limit)
    except OSError as error:
        return f"{FORMS_DIR}/{name} cannot be read: {error.strerror}"
    if isinstance(checked, list):
        first = checked[0]
        where = f" (line {first.line})" if first.line else ""
        return f"{FORMS_DIR}/{name}{where} {first.message}"
    return checked


def _cross_problems(procedures: list[_Loaded], forms: list[_Loaded], settings: Settings | None) -> list[Problem]:
    problems: list[Problem] = []
    form_ids = {i.record.id for i in forms if isinstance(i.record, Form)}
    codes = {i.record.code for i in procedures if isinstance(i.record, Procedure)}
    first_code: dict[str, Source] = {}
    first_slug: dict[str, Source] = {}
    for item in procedures:
        p = item.record
        assert isinstance(p, Procedure) and p.slug
        src = item.source
        for seen, value, key in ((first_code, p.code, "code"), (first_slug, p.slug, "slug")):
            if value in seen:
                other = seen[value]
                line = other.position((key,))[0] if key in other.data else 0
                problems.append(
                    src.problem((key,), f'"{value}" is already used by {other.path}' + (f":{line}" if line else ""))
                )
            else:
                seen[value] = src
        for g, group in enumerate(p.documents):
            for d, doc in enumerate(group.items):
                if doc.form and doc.form not in form_ids:
                    hint = ", ".join(sorted(form_ids)) or "none yet"
                    problems.append(
                        src.problem(
                            ("documents", g, "items", d, "form"), f'no form "{doc.form}" in forms/ (known: {hint})'
                        )
                    )
        for r, code in enumerate(p.related):
            if code not in codes:
                problems.append(src.problem(("related", r), f'no procedure in this catalogue has code "{code}"'))
        if p.replaced_by is not None and p.replaced_by != p.code and p.replaced_by not in codes:
            message = f'no procedure in this catalogue has code "{p.replaced_by}"; add its record first'
            problems.append(src.problem(("replaced_by",), message))
        if settings and settings.agencies and settings.office(p.agency) is None:
            problems.append(src.problem(("agency",), _undescribed_agency(p.agency, settings)))
        for key in ("portal_url", "submit_url"):
            url = getattr(p, key)
            if url and settings and not settings.host_allowed(url):
                hosts = ", ".join(settings.allowed_hosts)
                problems.append(src.problem((key,), f"must point to the national portal (allowed hosts: {hosts})"))
    problems += _name_clashes(procedures) + _form_id_clashes(forms)
    problems += _replacement_cycles(procedures)
    return problems


def _replacement_cycles(procedures: list[_Loaded]) -> list[Problem]:
    """Procedures that, following replaced_by, come back to themselves: none of them would be in force."""
    successor: dict[str, str] = {}
    source: dict[str, Source] = {}
    for item in procedures:
        if isinstance(item.record, Procedure) and item.record.replaced_by:
            successor[item.record.code] = item.record.replaced_by
            source[item.record.code] = item.source
    problems = []
    reported: set[str] = set()
    for start in sorted(successor):
        chain, seen, code = [start], {start}, successor[start]
        while code in successor and code not in seen:
            chain.append(code)
            seen.add(code)
            code = successor[code]
        if code == start and start not in reported:
            reported |= seen
            path = " → ".join([*chain, start])
            problems.append(source[start].problem(("replaced_by",), f"goes round in a circle: {path}"))
    return problems


def _undescribed_agency(name: str, settings: Settings) -> str:
    names = [office.name for office in settings.agencies]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else "described: " + "; ".join(names)
    return (
        f'"{name}" is not described in mkdocs.yml (extra.catalogue.agencies), so citizens would not learn '
        f"where to go; describe it there (address, hours, phone); {hint}"
    )


def _name_clashes(procedures: list[_Loaded]) -> list[Problem]:
    """Field or agency names that would share one page address, look the same as another, or have no address."""
    problems = []
    for key, url_of in (("field", urls.field), ("agency", urls.agency)):
        names: dict[str, tuple[str, Source]] = {}
        looks: dict[str, str] = {}
        for item in procedures:
            name = getattr(item.record, key)
            slug = url_of(name)
            if slug == url_of(""):
                problems.append(item.source.problem((key,), f'"{name}" needs a letter or digit for its web address'))
                continue
            seen = looks.setdefault(look_alike_key(name), name)
            if slug in names and names[slug][0] != name:
                other = names[slug][0]
                problems.append(
                    item.source.problem(
                        (key,), f'"{name}" differs from "{other}" only in accents or case; write it the same'
                    )
                )
            elif seen != name:
                problems.append(item.source.problem((key,), look_alike_message(name, seen)))
            names.setdefault(slug, (name, item.source))
    return problems


def look_alike_message(name: str, other: str) -> str:
    """Why *name* is refused beside *other*, which reads the same; names a letter of another script if there is one."""
    pairs = [(a, b) for a, b in zip(name, other, strict=False) if a.lower() != b.lower()]
    foreign = next(
        (c for pair in pairs for c in pair if not c.isascii() and not unicodedata.name(c, "").startswith("LATIN")), ""
    )
    if foreign:
        letter = f"{foreign} (U+{ord(foreign):04X} {unicodedata.name(foreign, '?')})"
        return f'"{name}" looks the same as "{other}", but one has {letter}; write them the same'
    return f'"{name}" differs from "{other}" only in case or look-alike letters; write it the same'


def _form_id_clashes(forms: list[_Loaded]) -> list[Problem]:
    """Form ids that differ only in case (``CT01``, ``ct01``): one address on some servers, one form to a reader."""
    problems = []
    seen: dict[str, _Loaded] = {}
    for item in forms:
        form = item.record
        assert isinstance(form, Form)
        first = seen.setdefault(look_alike_key(form.id), item)
        if first is not item:
            other = first.record
            assert isinstance(other, Form)
            message = f"{look_alike_message(form.id, other.id)} (the form in {first.source.path})"
            problems.append(item.source.problem(("id",), message))
    return problems


def _journey_problems(journeys: list[_Loaded], procedures: list[_Loaded]) -> list[Problem]:
    """Steps that name no procedure of this catalogue, and journeys that share an address."""
    problems = []
    codes = {i.record.code for i in procedures if isinstance(i.record, Procedure)}
    first_slug: dict[str, str] = {}
    for item in journeys:
        journey = item.record
        assert isinstance(journey, Journey) and journey.slug
        if journey.slug in first_slug:
            message = f'"{journey.slug}" is already the address of {first_slug[journey.slug]}'
            problems.append(item.source.problem(("slug",) if "slug" in item.source.data else (), message))
        first_slug.setdefault(journey.slug, item.source.path)
        for step, choice, option in journey.procedures():
            if option.procedure not in codes:
                message = (
                    f'no procedure in this catalogue has code "{option.procedure}"; '
                    "for another agency's, write title and url"
                )
                problems.append(item.source.problem((*option_loc(step, choice), "procedure"), message))
    return problems
