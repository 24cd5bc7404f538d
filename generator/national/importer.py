"""``catalogue import``: national records in, local edits kept, everything checked, then written all at once.

1. Read the settings, the texts and every source file; any fault of any file
   ends the import before anything is written.
2. Map each national procedure to a record (:mod:`generator.national.mapping`),
   keep the levels asked for (``--levels``) and give it its agency through the
   settings' table (:mod:`generator.national.agencies`); unmapped names end the
   import with one message listing the lines to add.
3. For a procedure the catalogue has, merge the national change into the record
   (:mod:`generator.national.merge`), with the national version imported last
   time (``national/<code>.yaml``) as the base.
4. Write into a staging copy of ``procedures/`` and ``national/``, check the
   whole catalogue there (:func:`generator.load.catalogue.load_catalogue`), and
   only then swap both folders in. ``--dry-run`` stops before writing;
   ``--check`` reports what differs from the national records and writes nothing.

A file whose content did not change is not written, so re-importing the same
sources changes no file.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import urls
from generator.load.catalogue import load_catalogue
from generator.load.settings import load_settings
from generator.load.texts import load_texts
from generator.load.yamlsource import load
from generator.model.scalars import SLUG_MAX
from generator.model.settings import Settings
from generator.model.texts import NationalTexts, Texts
from generator.national.agencies import Unmapped, assign
from generator.national.cells import REASONS, Note
from generator.national.drift import Change, changes, citizen_note, summary
from generator.national.emit import dump
from generator.national.mapping import ORDER, Mapped, from_page
from generator.national.merge import MISSING, Conflict, get, merge, path_data, path_from_data
from generator.national.review import REVIEW_FILE, Entry, page
from generator.national.sources import read_sources
from generator.problems import CatalogueError, Problem, display_path
from generator.project import (
    COMMUNES_DIR,
    CONFIG_FILE,
    FORMS_DIR,
    JOURNEYS_DIR,
    NATIONAL_DIR,
    PROCEDURES_DIR,
    TEMPLATES_DIR,
    WORK_DIR,
)
from generator.staging import staging_folder, swap_in
from generator.text.vietnamese import format_date, look_alike_key, slugify

log = logging.getLogger(__name__)

LEVELS = ("bo", "tinh", "xa")
BASELINE_HEADER = (
    "The national version of this procedure as catalogue import last read it: the base of the next "
    "import's merge. Written by catalogue import; see docs/national-import.md."
)
SLUG_WORDS = 80
"""A new record's file name keeps the whole words of its title that fit in this many characters."""


@dataclass
class Options:
    levels: tuple[str, ...] | None = None
    """Keep records of these levels only, each with only these of its levels (``--levels tinh,xa``)."""
    dry_run: bool = False
    check: bool = False
    today: date | None = None


@dataclass
class Outcome:
    """What the import does with one national procedure."""

    code: str
    title: str
    file: str
    status: str
    """``new``, ``updated``, ``unchanged`` or ``deleted`` (removed from the catalogue by an editor: kept so)."""
    notes: list[Note] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    drift: list[Change] = field(default_factory=list)
    """National changes since the last import (or, never imported, differences from the record)."""


@dataclass
class Report:
    """What an import found and did."""

    files: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    left_out: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)
    """Procedures the Excel lists name that have no record."""
    extra: list[tuple[str, str]] = field(default_factory=list)
    """Records the Excel lists do not name (when lists were given)."""
    written: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def review(self) -> int:
        return sum(bool(outcome.notes) for outcome in self.outcomes)

    @property
    def conflicts(self) -> int:
        return sum(len(outcome.conflicts) for outcome in self.outcomes)

    def reasons(self) -> Counter[str]:
        """How many records need review for each reason."""
        return Counter(reason for o in self.outcomes for reason in dict.fromkeys(n.reason for n in o.notes))

    @property
    def drifted(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.drift or outcome.status == "new"]


class AgencyError(CatalogueError):
    """National agency names the settings' table does not map; :attr:`lines` says what to add."""

    def __init__(self, problems: list[Problem], lines: str) -> None:
        super().__init__(problems)
        self.lines = lines


def run(project: Path, sources: list[Path], options: Options) -> Report:
    """Import *sources* into the catalogue at *project*; raise :class:`CatalogueError` when anything is wrong."""
    started = time.perf_counter()
    project = project.resolve()
    today = options.today or date.today()
    _, settings, _ = load_settings(project)
    site_texts = load_texts(project / TEMPLATES_DIR)
    texts = site_texts.national
    found = read_sources(sources, project)
    if found.problems:
        raise CatalogueError(found.problems)
    report = Report(files=found.files)
    mapped = _mapped(found.read, options, today, report)
    _agencies(mapped, settings)
    records = _records(project)
    _same_spelling(mapped, records)
    baselines = _baselines(project)
    writes: dict[str, str | None] = {}
    taken = {_slug(path) for path, _ in records.values()}
    folders = _field_folders(records)
    for item in sorted(mapped, key=lambda m: m.code):
        outcome, record_text, base_text = _plan(
            item, records, baselines, texts=site_texts, today=today, taken=taken, folders=folders
        )
        report.outcomes.append(outcome)
        if record_text is not None:
            writes[outcome.file] = record_text
        if base_text is not None:
            writes[f"{NATIONAL_DIR}/{item.code}.yaml"] = base_text
    _checklist(found.listed, records, report)
    if options.check:
        report.seconds = time.perf_counter() - started
        return report
    review = page(
        texts,
        _entries(report),
        report.skipped,
        day=today,
        sources=[str(source) for source in sources],
        missing=report.missing,
        extra=report.extra,
    )
    review_path = project / NATIONAL_DIR / REVIEW_FILE
    if not review_path.is_file() or (writes and review_path.read_text(encoding="utf-8") != review):
        writes[f"{NATIONAL_DIR}/{REVIEW_FILE}"] = review  # rewritten with what changed, never on its own
    report.written = sorted(writes)
    if writes and not options.dry_run:
        _apply(project, writes, today)
    report.seconds = time.perf_counter() - started
    return report


# --- reading ----------------------------------------------------------------------------------------------


def _mapped(read: list[Any], options: Options, today: date, report: Report) -> list[Mapped]:
    mapped = []
    for item in read:
        record = from_page(item.page, item.source + item.record, today)
        if record.problems:
            report.skipped += record.problems
            continue
        if options.levels is not None:
            kept = [level for level in record.data["levels"] if level in options.levels]
            if not kept:
                report.left_out += 1
                continue
            record.data["levels"] = kept
        mapped.append(record)
    return mapped


def _agencies(mapped: list[Mapped], settings: Settings) -> None:
    unmapped = Unmapped()
    for record in mapped:
        assign(record, settings.national, unmapped)
    if not unmapped:
        return
    names = len(unmapped.names)
    records = len({code for codes in unmapped.names.values() for code in codes})
    parts = []
    if names:
        parts.append(
            f"{names} national agency name{'s' * (names != 1)} ({records} record{'s' * (records != 1)}) "
            "are not in the agency table"
        )
    if unmapped.without:
        parts.append("records that name no agency have no default_agency for their level")
    message = "; ".join(parts) + "; add the lines printed below, each naming one of extra.catalogue.agencies"
    lines = unmapped.lines([office.name for office in settings.agencies])
    raise AgencyError([Problem(CONFIG_FILE, 0, 0, "extra.catalogue.national", message)], lines)


def _same_spelling(mapped: list[Mapped], records: dict[str, tuple[str, dict[str, Any]]]) -> None:
    """One spelling for a field the national database spells two ways ("Thi đua khen thưởng", "Thi đua – Khen
    thưởng"): the catalogue's own first, else the first imported; a catalogue lists a field once."""
    spelling: dict[str, str] = {}

    def keys(name: str) -> tuple[str, str]:
        return urls.field(name), look_alike_key(name)

    for _, data in records.values():
        if isinstance(data.get("field"), str):
            for key in keys(data["field"]):
                spelling.setdefault(key, data["field"])
    for item in sorted(mapped, key=lambda m: m.code):
        name = item.data["field"]
        chosen = next((spelling[key] for key in keys(name) if key in spelling), name)
        for key in keys(name):
            spelling.setdefault(key, chosen)
        item.data["field"] = chosen


def _records(project: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """The catalogue's procedure records by code: (file, data as written)."""
    records: dict[str, tuple[str, dict[str, Any]]] = {}
    problems: list[Problem] = []
    for _, display, data in _read_all(project, sorted((project / PROCEDURES_DIR).rglob("*.yaml")), problems):
        code = data.get("code") if isinstance(data, dict) else None
        if isinstance(code, str):
            records.setdefault(code, (display, data))
    if problems:
        raise CatalogueError(problems)
    return records


def _read_all(project: Path, paths: list[Path], problems: list[Problem]) -> Iterator[tuple[Path, str, Any]]:
    """Each YAML file of *paths* read as written, with its name in messages; what cannot be read goes to
    *problems*."""
    for path in paths:
        display = display_path(path, project)
        try:
            yield path, display, load(path, display).data
        except CatalogueError as error:
            problems += error.problems


@dataclass
class Baseline:
    """``national/<code>.yaml``: the national version imported last, and what was said about it."""

    record: dict[str, Any]
    conflicts: list[Conflict]
    notes: list[Note]
    meta: dict[str, Any]


def _baselines(project: Path) -> dict[str, Baseline]:
    found: dict[str, Baseline] = {}
    problems: list[Problem] = []
    for path, display, data in _read_all(project, sorted((project / NATIONAL_DIR).glob("*.yaml")), problems):
        if not isinstance(data, dict) or not isinstance(data.get("record"), dict):
            problems.append(Problem(display, 0, 0, "", "is not a national version written by catalogue import"))
            continue
        conflicts = []
        for item in data.get("conflicts") or []:
            step = path_from_data(item.get("path")) if isinstance(item, dict) else None
            if step is not None:
                conflicts.append(
                    Conflict(step, None, MISSING, item.get("local", MISSING), item.get("national", MISSING))
                )
        notes = [_note(item) for item in data.get("notes") or [] if isinstance(item, dict)]
        meta = {key: value for key, value in data.items() if key not in ("record", "conflicts", "notes")}
        found[path.stem] = Baseline(data["record"], conflicts, [n for n in notes if n is not None], meta)
    if problems:
        raise CatalogueError(problems)
    return found


def _note(item: dict[str, Any]) -> Note | None:
    path = path_from_data(item.get("path"))
    reason = item.get("reason")
    if path is None or not isinstance(reason, str):
        return None
    return Note(tuple(step for step in path if not isinstance(step, tuple)), reason, str(item.get("text") or ""))


# --- planning ---------------------------------------------------------------------------------------------


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    known = {key: data[key] for key in ORDER if key in data}
    return known | {key: value for key, value in data.items() if key not in known}


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


def _plan(
    item: Mapped,
    records: dict[str, tuple[str, dict[str, Any]]],
    baselines: dict[str, Baseline],
    *,
    texts: Texts,
    today: date,
    taken: set[str],
    folders: dict[str, str],
) -> tuple[Outcome, str | None, str | None]:
    """What to do with one national procedure: its outcome, the record's new text and the national version's
    (``None``: unchanged)."""
    national = _ordered(_without(item.data, "updated"))
    base = baselines.get(item.code)
    local = records.get(item.code)
    title = national["title"]
    if local is None and base is not None:
        return Outcome(item.code, title, "", "deleted", drift=changes(base.record, national)), None, None
    if local is None:
        path = _new_path(item, taken, folders)
        data = _ordered({**national, "updated": today.isoformat()})
        created = _record_text(data, national, item, texts=texts.national, conflicts=[], today=today)
        outcome = Outcome(item.code, title, path, "new", item.notes, drift=[])
        return outcome, created, _baseline_text(item, national, [], None, today)
    file, written = local
    current = _without(written, "updated")
    merged, conflicts = merge(base.record if base else {}, current, national)
    merged = _ordered(merged)
    pending = _pending(base, merged, national, conflicts)
    drift = changes(base.record if base else current, national)
    status = "unchanged" if merged == current else "updated"
    notes = [note for note in item.notes if get(merged, note.path) == get(national, note.path)]
    outcome = Outcome(item.code, title, file, status, notes, pending, drift)
    text: str | None = None
    if status == "updated":
        came_in = [change for change in drift if get(merged, change.path) == get(national, change.path)]
        since = item.updated_at if item.updated_at and item.updated_at <= today.isoformat() else today.isoformat()
        note = citizen_note(came_in, base.record if base else current, national, texts, date.fromisoformat(since))
        if note:
            merged["change_note"] = note
        data = _ordered({**merged, "updated": today.isoformat()})
        text = _record_text(data, national, item, texts=texts.national, conflicts=pending, today=today)
    return outcome, text, _baseline_text(item, national, pending, base, today)


def _pending(
    base: Baseline | None, merged: dict[str, Any], national: dict[str, Any], found: list[Conflict]
) -> list[Conflict]:
    """This import's conflicts, and earlier ones an editor has not settled (the record still differs from the
    national text there, and the entry is still in ``national/<code>.yaml``)."""
    pending = list(found)
    paths = {conflict.path for conflict in found}
    for earlier in base.conflicts if base else ():
        if earlier.path in paths:
            continue
        now_national, now_local = get(national, earlier.path), get(merged, earlier.path)
        if now_local != now_national:
            pending.append(Conflict(earlier.path, None, MISSING, now_local, now_national))
    return pending


def _record_text(
    data: dict[str, Any],
    national: dict[str, Any],
    item: Mapped,
    *,
    texts: NationalTexts,
    conflicts: list[Conflict],
    today: date,
) -> str:
    comments: dict[tuple[str | int, ...], list[str]] = {}
    for note in item.notes:
        if get(data, note.path) is MISSING or get(data, note.path) != get(national, note.path):
            continue
        said = ""
        value = get(data, note.path)
        if note.text and note.text not in str(value):
            said = f" ({texts.national_says}: «{' '.join(note.text.split())[:300]}»)"
        comments.setdefault(note.path, []).append(f"{texts.review}: {texts.reasons[note.reason]}{said}")
    for conflict in conflicts:
        if conflict.at is not None:
            value = conflict.national
            shown = " ".join(str(value).split())[:300] if isinstance(value, str) else "…"
            comments.setdefault(conflict.at, []).append(f"{texts.conflict}: «{shown}»")
    header = [texts.header.format(source=item.source, day=format_date(today))]
    return dump(data, comments, header)


def _baseline_text(
    item: Mapped, national: dict[str, Any], conflicts: list[Conflict], base: Baseline | None, today: date
) -> str | None:
    """``national/<code>.yaml`` anew, or ``None`` when it would say what it says (so an unchanged re-import
    touches no file)."""
    notes = [
        {"path": path_data(note.path), "reason": note.reason, **({"text": note.text} if note.text else {})}
        for note in item.notes
    ]
    pending = [
        {"path": path_data(c.path), "national": _yaml_value(c.national), "local": _yaml_value(c.local)}
        for c in conflicts
    ]
    meta: dict[str, Any] = {"source": item.source}
    if item.url:
        meta["url"] = item.url
    if item.updated_at:
        meta["national_updated"] = item.updated_at
    if base is not None:
        same = base.record == national and [_note_data(n) for n in base.notes] == notes
        same = same and [path_data(c.path) for c in base.conflicts] == [p["path"] for p in pending]
        same = same and all(base.meta.get(key) == value for key, value in meta.items())
        if same:
            return None
    data: dict[str, Any] = {**meta, "imported": today.isoformat(), "record": national}
    if pending:
        data["conflicts"] = pending
    if notes:
        data["notes"] = notes
    return dump(data, header=[BASELINE_HEADER])


def _note_data(note: Note) -> dict[str, Any]:
    return {"path": path_data(note.path), "reason": note.reason, **({"text": note.text} if note.text else {})}


def _yaml_value(value: Any) -> Any:
    return "" if value is MISSING or value is None else value


def _slug(path: str) -> str:
    return Path(path).stem


def _field_folders(records: dict[str, tuple[str, dict[str, Any]]]) -> dict[str, str]:
    """The folder editors keep each field's records in (``Đăng ký, quản lý cư trú`` → ``cu-tru``)."""
    folders: dict[str, str] = {}
    for path, data in records.values():
        parts = Path(path).parts
        if isinstance(data.get("field"), str) and len(parts) > 2:
            folders.setdefault(data["field"], "/".join(parts[1:-1]))
    return folders


def _new_path(item: Mapped, taken: set[str], folders: dict[str, str]) -> str:
    """``procedures/<field folder>/<slug>.yaml`` for a new record, with names an editor would choose: the
    title's words (without a leading "Thủ tục"), whole words up to :data:`SLUG_WORDS` characters; a name
    another record has gets the code after it."""
    field_name = item.data["field"]
    folder = folders.get(field_name) or _words(slugify(field_name), 60) or "khac"
    folders.setdefault(field_name, folder)
    title = item.data["title"]
    words = slugify(title)
    if words.startswith("thu-tuc-") and len(words) > 20:
        words = words[len("thu-tuc-") :]
    slug = _words(words, SLUG_WORDS) or slugify(item.code)
    if slug in taken:
        slug = f"{_words(slug, SLUG_MAX - 20)}-{slugify(item.code)}"
    taken.add(slug)
    return f"{PROCEDURES_DIR}/{folder}/{slug}.yaml"


def _words(slug: str, most: int) -> str:
    if len(slug) <= most:
        return slug
    cut = slug[: most + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:most]


def _checklist(listed: list[Any], records: dict[str, tuple[str, dict[str, Any]]], report: Report) -> None:
    if not listed:
        return
    have = set(records) | {outcome.code for outcome in report.outcomes if outcome.status != "deleted"}
    names = {item.code: item.title for item in listed}
    report.missing = sorted((code, title) for code, title in names.items() if code not in have)
    titles = {code: str(data.get("title", "")) for code, (_, data) in records.items()}
    titles |= {outcome.code: outcome.title for outcome in report.outcomes}
    report.extra = sorted((code, titles.get(code, "")) for code in have if code not in names)


def _entries(report: Report) -> list[Entry]:
    entries = {o.code: Entry(o.code, o.title, o.file, o.notes, o.conflicts) for o in report.outcomes if o.file}
    return list(entries.values())


# --- writing ----------------------------------------------------------------------------------------------


@contextmanager
def _lock(project: Path) -> Iterator[None]:
    """One import of a catalogue at a time (a second would undo the first's writes)."""
    path = project / WORK_DIR / "import.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CatalogueError(
                [
                    Problem(
                        f"{WORK_DIR}/import.lock",
                        0,
                        0,
                        "",
                        "another import of this catalogue is running; wait for it to end, then import again",
                    )
                ]
            ) from None
        yield
    finally:
        os.close(fd)


def _apply(project: Path, writes: dict[str, str | None], today: date) -> None:
    """Write *writes* into a staged copy, check the whole catalogue there, then swap the folders in."""
    work = project / WORK_DIR
    if work.is_symlink():
        raise CatalogueError(
            [Problem(WORK_DIR, 0, 0, "", "is a symbolic link; the import writes here itself: remove the link")]
        )
    work.mkdir(exist_ok=True)
    with _lock(project):
        stage = staging_folder(work / "import")
        try:
            _mirror(project, stage)
            for name, text in writes.items():
                path = stage / name
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.exists():
                    path.unlink()  # a hard link to the catalogue's own file: never written through
                if text is not None:
                    path.write_text(text, encoding="utf-8")
            load_catalogue(stage, today)
            _swap(stage, project)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _mirror(project: Path, stage: Path) -> None:
    """What the catalogue is checked from (records, forms, journeys, the commune table, settings) in *stage*,
    as hard links (copies across file systems)."""
    _link(project / CONFIG_FILE, stage / CONFIG_FILE)
    for folder in (PROCEDURES_DIR, NATIONAL_DIR, FORMS_DIR, JOURNEYS_DIR, COMMUNES_DIR):
        source = project / folder
        (stage / folder).mkdir(parents=True, exist_ok=True)
        if not source.is_dir():
            continue
        for path in source.rglob("*"):
            target = stage / folder / path.relative_to(source)
            if path.is_dir() and not path.is_symlink():
                target.mkdir(parents=True, exist_ok=True)
            elif path.is_file() and not path.is_symlink():
                target.parent.mkdir(parents=True, exist_ok=True)
                _link(path, target)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap(stage: Path, project: Path) -> None:
    """``procedures/`` then ``national/`` swapped in; if the second fails, the first is swapped back."""
    swap_in(stage / PROCEDURES_DIR, project / PROCEDURES_DIR)
    try:
        swap_in(stage / NATIONAL_DIR, project / NATIONAL_DIR)
    except OSError:
        swap_in(stage / PROCEDURES_DIR, project / PROCEDURES_DIR)
        raise


def drift_lines(report: Report) -> Iterator[str]:
    """``catalogue import --check``: each procedure that differs, and how."""
    for outcome in report.outcomes:
        if outcome.status == "new":
            yield f"{outcome.code} {outcome.title}: not in the catalogue yet"
        elif outcome.drift:
            where = f" ({outcome.file})" if outcome.file else ""
            yield f"{outcome.code} {outcome.title}{where}:"
            for line in summary(outcome.drift):
                yield f"  {line}"


def parse_levels(text: str) -> tuple[str, ...]:
    """``tinh,xa`` → ("tinh", "xa"); a word that is not a level is a problem."""
    levels = tuple(part.strip() for part in text.split(",") if part.strip())
    wrong = [level for level in levels if level not in LEVELS]
    if wrong or not levels:
        raise CatalogueError(
            [
                Problem(
                    f"--levels {text}", 0, 0, "", "give levels among bo, tinh, xa, joined by commas: --levels tinh,xa"
                )
            ]
        )
    return levels


def summary_lines(report: Report, options: Options) -> Iterator[str]:
    """What the command prints: the counts, the reasons for review, where the page for editors is."""
    doing = "Would import" if options.dry_run else "Imported"
    kept = len(report.outcomes)
    yield (
        f"{doing} {kept} procedure{'s' * (kept != 1)} from {report.files} file{'s' * (report.files != 1)} "
        f"in {report.seconds:.1f} s: {report.count('new')} new, {report.count('updated')} updated, "
        f"{report.count('unchanged')} unchanged; {report.review} need review, {report.conflicts} "
        f"conflict{'s' * (report.conflicts != 1)}."
    )
    if report.count("deleted"):
        yield f"  {report.count('deleted')} removed from the catalogue by an editor: left out (see docs)."
    if report.left_out:
        yield f"  {report.left_out} left out by --levels."
    if report.skipped:
        yield f"  {len(report.skipped)} not imported (the national record lacks what every record needs):"
        for problem in sorted(report.skipped)[:10]:
            yield f"    {problem}"
        if len(report.skipped) > 10:
            yield f"    … and {len(report.skipped) - 10} more, listed in {NATIONAL_DIR}/{REVIEW_FILE}"
    reasons = report.reasons()
    if reasons:
        yield "  Review, records by reason: " + "; ".join(f"{REASONS[r]} {n}" for r, n in reasons.most_common())
    if report.missing or report.extra:
        yield (
            f"  Excel list: {len(report.missing)} listed procedure{'s' * (len(report.missing) != 1)} without a "
            f"record, {len(report.extra)} record{'s' * (len(report.extra) != 1)} not listed."
        )
    if report.written:
        verb = "would write" if options.dry_run else "wrote"
        yield (
            f"  {verb.capitalize()} {len(report.written)} file{'s' * (len(report.written) != 1)}; page for editors: "
            f"{NATIONAL_DIR}/{REVIEW_FILE}."
        )
    else:
        yield "  No file changed."
