"""Benchmark ``catalogue build`` on synthetic catalogues of N procedures.

For each size N the script writes a catalogue of N procedures into a temporary
folder (made from the sample records in ``procedures/``), then measures, each
command in its own child process:

* ``catalogue check`` (wall clock);
* ``catalogue build --no-pdf`` (wall clock, CPU time and the child's own peak
  memory, from ``wait4``), and where its time went: the stages the build itself
  reports on its "Stages:" line (load, pages, html, publish);
* the size of the published site;
* unless ``--no-whole``, right after it, ``catalogue build`` with every PDF
  (guides, forms, handbooks) from an empty PDF cache: the whole build over the
  HTML-only build, wall and CPU (issue 29).

It prints a table, checks the targets at the largest size and writes every
figure to ``benchmarks/out/results.json``. Run it with the project's virtual
environment: ``.venv/bin/python benchmarks/bench_build.py`` (see README.md).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from generator.load.yamlsource import load
from generator.text.vietnamese import slugify

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "results.json"
COPIED = ("mkdocs.yml", "templates", "forms", "pages", "communes")
DEFAULT_SIZES = (200, 2000)
REPRESENTATIVE = "dang-ky-thuong-tru"
"""Sample whose first synthetic copy (unchanged but for code, title, field, agency) is the "typical" page."""

# Targets, checked at the largest size.
MAX_PAGE_BYTES = 42 * 1024
"""The typical procedure page's HTML: 40 KB until the case chooser (issue 28) added about 2 KB to this page,
whose four long cases are said twice (as answers and as headings)."""
MAX_RSS_KIB = 300 * 1024
"""Peak memory of the build without PDFs (issue 29: 300 MB at N = 2,000)."""
MAX_WHOLE_OVER_HTML = 3.0
"""The whole build (every guide, form and handbook, empty PDF cache) over the HTML-only build, back to back."""
MAX_PER_PROCEDURE_GROWTH = 1.2

FIELDS_PER_GROUP = 450
"""One more copy of each sample field name per this many procedures (10 sample fields: 50 at N=2000)."""
AGENCIES_PER_GROUP = 250
"""One more copy of each sample agency name per this many procedures (6 sample agencies: 48 at N=2000)."""

QUALIFIERS = (
    "",
    " đối với công dân Việt Nam",
    " đối với người nước ngoài",
    " thực hiện tại cấp tỉnh",
    " thực hiện tại cấp xã",
    " trong trường hợp bị mất",
    " trong trường hợp bị hư hỏng",
    " khi thay đổi thông tin",
    " theo đề nghị của cơ quan, tổ chức",
    " cho người chưa thành niên",
    " tại khu vực biên giới",
)
SHORT_DROPS = ("summary", "requirements", "keywords", "authority", "decision")


# --- synthetic catalogue -----------------------------------------------------


@dataclass(frozen=True)
class Sample:
    folder: str
    """Sub-folder of procedures/ the sample lives in."""
    name: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Synthetic:
    path: Path
    slug: str
    shape: str


def load_samples(project: Path) -> list[Sample]:
    """The sample records, parsed as the generator reads them (every scalar kept as text)."""
    samples = []
    folder = project / "procedures"
    for path in sorted(folder.rglob("*.yaml")):
        data = load(path, path.relative_to(project).as_posix()).data
        if not isinstance(data, dict):
            raise SystemExit(f"bench: {path} is not a record")
        samples.append(Sample(path.parent.relative_to(folder).as_posix(), path.stem, data))
    if not samples:
        raise SystemExit(f"bench: no sample records in {folder}")
    return samples


def synthetic_code(index: int) -> str:
    return f"9.{index:06d}"


def _group_name(name: str, group: int, groups: int, *, first_keeps_name: bool = False) -> str:
    if groups == 1 or (first_keeps_name and group == 0):
        return name
    return f"{name} – nhóm {group + 1}"


def _related(codes: Sequence[str], sample_index: dict[str, int], variant: int, n: int, count: int) -> list[str]:
    """The sample's related codes, pointed at the synthetic copies of the same variant that exist."""
    related = []
    for code in codes:
        target = sample_index.get(code)
        if target is not None and variant * count + target < n:
            related.append(synthetic_code(variant * count + target))
    return related


def _shorten(data: dict[str, Any]) -> None:
    for key in SHORT_DROPS:
        data.pop(key, None)
    for channel in data.get("channels") or ():
        channel.pop("note", None)


def _lengthen(data: dict[str, Any], factor: int) -> None:
    data["steps"] = list(data["steps"]) * factor
    groups = list(data["documents"])
    for extra in range(1, factor):
        for group in copy.deepcopy(groups):
            group["case"] = f"{group.get('case') or 'Trường hợp khác'} (bổ sung {extra})"
            data["documents"].append(group)
    data.pop("questions", None)  # the added cases are not among the answers: the page asks for the case itself
    if data.get("requirements"):
        data["requirements"] = list(data["requirements"]) * factor
    data["legal_basis"] = list(data["legal_basis"]) * factor


def _reshape(data: dict[str, Any], index: int, variant: int) -> str:
    """Vary the record's length; the first copy of each sample stays as written."""
    if variant == 0:
        return "as written"
    draw = random.Random(index).random()
    if draw < 0.25:
        _shorten(data)
        return "short"
    if draw < 0.80:
        return "as written"
    factor = 2 if draw < 0.95 else 3
    _lengthen(data, factor)
    return f"long x{factor}"


def make_record(samples: Sequence[Sample], index: int, n: int) -> tuple[dict[str, Any], str, str]:
    """Record number *index* of *n*: (data, folder, shape)."""
    count = len(samples)
    sample = samples[index % count]
    variant = index // count
    sample_index = {s.data["code"]: k for k, s in enumerate(samples)}
    data = copy.deepcopy(sample.data)
    data.pop("slug", None)
    data.pop("portal_url", None)  # it names the sample's code
    data["code"] = synthetic_code(index)
    qualifier = QUALIFIERS[variant % len(QUALIFIERS)]
    data["title"] = f"{data['title']}{qualifier} – trường hợp số {index + 1}"
    field_groups = max(1, -(-n // FIELDS_PER_GROUP))
    agency_groups = max(1, -(-n // AGENCIES_PER_GROUP))
    data["field"] = _group_name(data["field"], variant % field_groups, field_groups)
    # The first group keeps the sample's agency, whose page the hand-written pages link to (the commune police).
    agency_group = (variant * 7 + index) % agency_groups
    data["agency"] = _group_name(data["agency"], agency_group, agency_groups, first_keeps_name=True)
    related = _related(data.get("related") or (), sample_index, variant, n, count)
    if related:
        data["related"] = related
    else:
        data.pop("related", None)
    shape = _reshape(data, index, variant)
    return data, sample.folder, shape


def _markdown_texts(data: dict[str, Any]) -> Iterator[tuple[Any, Any]]:
    """(container, key) of each Markdown text of a record."""
    yield data, "summary"
    for key in ("steps", "requirements"):
        yield from ((data[key], i) for i in range(len(data.get(key) or ())))
    for channel in data.get("channels") or ():
        yield channel, "note"
        yield from ((fee, "note") for fee in channel.get("fees") or ())
    for group in data.get("documents") or ():
        yield from ((item, "note") for item in group.get("items") or ())


def uniquify(data: dict[str, Any], index: int) -> None:
    """End every Markdown text with the record's number, as the title does.

    The samples' texts repeat verbatim in every copy, so a cache keyed by text
    (``markdown.render`` keeps one) hits far more often than on a real catalogue,
    whose texts differ. The words added are already in the title, so the search
    index keeps the same vocabulary.
    """
    for container, key in list(_markdown_texts(data)):
        text = container[key] if isinstance(container, list) else container.get(key)
        if isinstance(text, str):
            container[key] = f"{text.rstrip()} (trường hợp số {index + 1})"


class _RecordDumper(yaml.SafeDumper):
    """Writes each value out (records allow no anchors) and text on several lines as a literal block."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_RecordDumper.add_representer(str, _represent_text)


def dump_record(data: dict[str, Any]) -> str:
    text: str = yaml.dump(data, Dumper=_RecordDumper, allow_unicode=True, sort_keys=False, width=100)
    return text


def set_featured(config: Path, featured: Sequence[str]) -> None:
    """Point mkdocs.yml's ``extra.catalogue.featured`` at codes that exist (a text edit; the rest stays)."""
    text = config.read_text(encoding="utf-8")
    pattern = re.compile(r"^(\s*featured:[ \t]*)\[.*\][ \t]*$", re.MULTILINE)
    matches = len(pattern.findall(text))
    if matches == 0 and "featured:" not in text:
        return
    if matches != 1:
        raise SystemExit(f"bench: cannot find one one-line 'featured: [...]' in {config}; edit the script")
    value = json.dumps(list(featured), ensure_ascii=False)
    config.write_text(pattern.sub(lambda m: m.group(1) + value, text), encoding="utf-8")


def _featured_codes(config: Path, samples: Sequence[Sample], n: int) -> list[str]:
    data = load(config, "mkdocs.yml", allow_tags=True).data
    original = data.get("extra", {}).get("catalogue", {}).get("featured") or []
    sample_index = {s.data["code"]: k for k, s in enumerate(samples)}
    return [synthetic_code(sample_index[c]) for c in original if c in sample_index and sample_index[c] < n]


def make_catalogue(source: Path, target: Path, n: int, *, unique_texts: bool = False) -> dict[str, Synthetic]:
    """Write a catalogue of *n* procedures into *target*; return the records by code.

    With *unique_texts*, every Markdown text also ends with the record's number
    (see :func:`uniquify`).
    """
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in COPIED:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        else:
            shutil.copyfile(path, target / name)
    samples = load_samples(source)
    records = {}
    agencies: set[str] = set()
    if n < len(samples):
        raise SystemExit(
            f"bench: N={n} is too small; every one of the {len(samples)} samples must be copied at least once"
        )
    for index in range(n):
        data, folder, shape = make_record(samples, index, n)
        if unique_texts:
            uniquify(data, index)
        # The first copy of each sample keeps its file name, so links from pages/ to it still work.
        slug = samples[index].name if index < len(samples) else slugify(data["title"])
        path = target / "procedures" / folder / f"{slug}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            raise SystemExit(f"bench: two synthetic records share the file name {path.name}")
        path.write_text(dump_record(data), encoding="utf-8")
        records[data["code"]] = Synthetic(path, slug, shape)
        agencies.add(data["agency"])
    set_featured(target / "mkdocs.yml", _featured_codes(source / "mkdocs.yml", samples, n))
    describe_agencies(target / "mkdocs.yml", sorted(agencies))
    return records


def describe_agencies(config: Path, names: Sequence[str]) -> None:
    """Describe each synthetic agency ("<sample agency> – nhóm 3") in mkdocs.yml as its sample agency is
    (address, hours, phone), which the build requires; a text edit after the ``agencies:`` line."""
    data = load(config, "mkdocs.yml", allow_tags=True).data
    known = {a["name"]: a for a in data.get("extra", {}).get("catalogue", {}).get("agencies") or []}
    added = []
    for name in names:
        if name not in known:
            base = known.get(name.split(" – nhóm ")[0])
            if base is None:
                raise SystemExit(f"bench: no agency of mkdocs.yml to describe {name!r} from; edit the script")
            added.append({**base, "name": name})
    if not added:
        return
    text = config.read_text(encoding="utf-8")
    match = re.search(r"^( *)agencies:[ \t]*\n", text, re.MULTILINE)
    if match is None:
        raise SystemExit(f"bench: cannot find 'agencies:' in {config}; edit the script")
    block = yaml.dump(added, allow_unicode=True, sort_keys=False, width=1000)
    indent = match.group(1) + "  "
    block = "".join(indent + line + "\n" for line in block.splitlines())
    config.write_text(text[: match.end()] + block + text[match.end() :], encoding="utf-8")


def representative_code(source: Path) -> str:
    names = [s.name for s in load_samples(source)]
    return synthetic_code(names.index(REPRESENTATIVE) if REPRESENTATIVE in names else 0)


# --- running and measuring ------------------------------------------------------


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    """User plus system time of the child: less disturbed than wall time by other work on the machine."""
    max_rss_kib: int
    """Peak resident memory of the child itself (Linux reports KiB)."""
    returncode: int
    output: str
    """What the child wrote (stdout and stderr)."""


def run_measured(argv: Sequence[str], log: Path) -> Run:
    """Run *argv* in a child process, output to *log*; its wall time and its own peak memory.

    ``wait4`` gives the rusage of that one child, so the peak is the command's
    own and not the largest of every child this script ever ran.
    """
    with log.open("ab") as out:
        out.write(f"$ {' '.join(argv)}\n".encode())
        out.flush()
        start = out.tell()
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
            (os.POSIX_SPAWN_DUP2, out.fileno(), 2),
        ]
        started = time.perf_counter()
        pid = os.posix_spawn(argv[0], list(argv), dict(os.environ), file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - started
    with log.open("rb") as written:
        written.seek(start)
        output = written.read().decode("utf-8", errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss, os.waitstatus_to_exitcode(status), output)


def run_checked(argv: Sequence[str], log: Path, what: str) -> Run:
    run = run_measured(argv, log)
    if run.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"bench: {what} failed (exit {run.returncode}); end of {log}:\n{tail}")
    return run


OTHER_STAGE = "start and exit"
"""Wall time of the build outside its reported stages: interpreter start, imports, exit."""


_STAGES_LINE = re.compile(r"^Stages: (.*)$", re.MULTILINE)
_STAGE = re.compile(r"(\w+) (\d+(?:\.\d+)?) s")


def parse_stages(output: str) -> dict[str, float]:
    """Seconds per stage from the "Stages:" line ``catalogue build`` prints on stderr.

    The line is ``generator.build.BuildReport.stages_text()``:
    ``Stages: load 0.4 s · pdf 18.8 s · pages 0.3 s · html 2.1 s · publish 0.4 s``
    (tenths of a second). Empty when the output has no such line.
    """
    lines = _STAGES_LINE.findall(output)
    return {name: float(seconds) for name, seconds in _STAGE.findall(lines[-1])} if lines else {}


_PEAKS_LINE = re.compile(r"^Peak memory by the end of each stage: (.*)$", re.MULTILINE)
_PEAK = re.compile(r"(\w+) (\d+(?:\.\d+)?) MiB")


def parse_peaks(output: str) -> dict[str, float]:
    """The build's peak memory (MiB) by the end of each stage, from the line ``catalogue build`` prints after
    "Stages:" (``BuildReport.peaks_text()``); empty when the output has no such line."""
    lines = _PEAKS_LINE.findall(output)
    return {name: float(mib) for name, mib in _PEAK.findall(lines[-1])} if lines else {}


def build_stages(run: Run, log: Path) -> dict[str, float]:
    """The stages the build of *run* reported; the rest of its wall time is the interpreter's start and exit."""
    stages = parse_stages(run.output)
    if not stages:
        raise SystemExit(f"bench: the build printed no 'Stages: ...' line (see {log}); has its output changed?")
    stages[OTHER_STAGE] = max(0.0, run.seconds - sum(stages.values()))
    return stages


@dataclass(frozen=True)
class Timing:
    runs: list[float]
    cpu_runs: list[float]
    peak_rss_kib: int
    stages: dict[str, float]
    """Of the fastest run, the build's own stages (empty for other commands)."""
    peaks: dict[str, float] = field(default_factory=dict)
    """Of the run with the highest peak, the build's peak memory (MiB) by the end of each stage."""

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu_runs)

    @property
    def peak_mib(self) -> float:
        return self.peak_rss_kib / 1024


def timed(argv: Sequence[str], log: Path, what: str, repeat: int, *, stages: bool = False) -> Timing:
    runs = [run_checked(argv, log, what) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.seconds)
    return Timing(
        [r.seconds for r in runs],
        [r.cpu_seconds for r in runs],
        max(r.max_rss_kib for r in runs),
        build_stages(fastest, log) if stages else {},
        parse_peaks(max(runs, key=lambda r: r.max_rss_kib).output) if stages else {},
    )


# --- sizes -------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSize:
    total_bytes: int
    files: int
    page: str
    page_bytes: int
    largest_page: str
    largest_page_bytes: int
    median_page_bytes: int
    procedure_pages: int
    search_bytes: int
    search_files: int
    open_data: dict[str, int]
    """Bytes of each open data file and the feed, by site path (``du-lieu/thu-tuc.json``...)."""
    redirect_bytes: int
    redirect_files: int


OPEN_DATA_FILES = (
    "du-lieu/thu-tuc.json",
    "du-lieu/thu-tuc.csv",
    "du-lieu/cpsv-ap.jsonld",
    "du-lieu/dcat.jsonld",
    "thay-doi/atom.xml",
)


def _files(folder: Path) -> Iterator[Path]:
    for base, _, names in os.walk(folder):
        for name in names:
            yield Path(base) / name


def site_size(site: Path, page_slug: str) -> SiteSize:
    sizes = [path.stat().st_size for path in _files(site)]
    pages = {path.parent.name: path.stat().st_size for path in (site / "thu-tuc").glob("*/index.html")}
    if page_slug not in pages:
        raise SystemExit(f"bench: no page thu-tuc/{page_slug}/index.html in {site}")
    largest = max(pages, key=lambda slug: pages[slug])
    search = [path.stat().st_size for path in _files(site / "search")]
    redirects = [path.stat().st_size for path in _files(site / "ma")]
    return SiteSize(
        total_bytes=sum(sizes),
        files=len(sizes),
        page=f"thu-tuc/{page_slug}/index.html",
        page_bytes=pages[page_slug],
        largest_page=f"thu-tuc/{largest}/index.html",
        largest_page_bytes=pages[largest],
        median_page_bytes=int(statistics.median(pages.values())),
        procedure_pages=len(pages),
        search_bytes=sum(search),
        search_files=len(search),
        open_data={name: (site / name).stat().st_size for name in OPEN_DATA_FILES if (site / name).exists()},
        redirect_bytes=sum(redirects),
        redirect_files=len(redirects),
    )


# --- one size ------------------------------------------------------------------


@dataclass(frozen=True)
class WholeBuild:
    """``catalogue build`` with every PDF (guides, forms' four shapes, handbooks), from an empty PDF cache."""

    seconds: float
    cpu_seconds: float
    """The build's and its PDF workers' CPU time."""
    peak_mib: float
    """The summed peak memory of the build and its workers."""
    stages: dict[str, float]
    pdfs: int
    rendered: int
    load: tuple[float, float]
    """One-minute load average before and after."""


def whole_build(project: Path, log: Path) -> WholeBuild:
    """The whole build of *project* with an empty PDF cache, measured as ``bench_pdf.py`` measures it."""
    from bench_pdf import run_build  # it imports this module: imported when needed

    shutil.rmtree(project / ".catalogue" / "pdf-cache", ignore_errors=True)
    run = run_build(project, log)
    return WholeBuild(run.seconds, run.cpu_seconds, run.peak_mib, run.stages, run.pdfs, run.rendered, run.load)


@dataclass
class SizeResult:
    n: int
    shapes: dict[str, int]
    check: Timing
    build: Timing
    site: SiteSize
    open_data_seconds: float = 0.0
    """What the open data, changes, code addresses and schema.org data add to the pages stage."""
    whole: WholeBuild | None = None
    """The whole build (PDFs included, empty PDF cache), right after the HTML-only build."""

    @property
    def whole_ratio(self) -> float:
        """The whole build's wall time over the HTML-only build's (the fastest of them)."""
        return self.whole.seconds / self.build.best if self.whole else 0.0

    @property
    def whole_cpu_ratio(self) -> float:
        """The same with CPU times (the whole build's counts its PDF workers): steadier on a shared machine."""
        return self.whole.cpu_seconds / self.build.best_cpu if self.whole else 0.0

    @property
    def stages(self) -> dict[str, float]:
        """The fastest build's stages, as it reported them, plus its start and exit."""
        return self.build.stages

    @property
    def html_ratio(self) -> float:
        """The whole build's wall time over its HTML stage (MkDocs rendering the docs tree).

        Shown, not a target: what the retired "MkDocs floor" comparison answered
        (docs/decisions/0002-build-overhead-over-mkdocs.md), from the build's own report.
        """
        html = self.stages.get("html", 0.0)
        return self.build.best / html if html > 0 else float("inf")

    def per_procedure_ms(self, timing: Timing) -> float:
        return timing.best / self.n * 1000


def bench_size(source: Path, work: Path, n: int, *, repeat: int, unique_texts: bool, whole: bool) -> SizeResult:
    project = work / f"catalogue-{n}"
    log = work / f"log-{n}.txt"
    log.unlink(missing_ok=True)
    say(f"N={n}: writing the synthetic catalogue to {project}")
    records = make_catalogue(source, project, n, unique_texts=unique_texts)
    shapes: dict[str, int] = {}
    for record in records.values():
        shapes[record.shape] = shapes.get(record.shape, 0) + 1
    catalogue = str(Path(sys.prefix) / "bin" / "catalogue")
    say(f"N={n}: catalogue check (the records must be valid)")
    check = timed([catalogue, "check", "--project", str(project)], log, "catalogue check", repeat)
    say(f"N={n}: catalogue build")
    # The HTML site only: PDFs are measured by bench_pdf.py.
    build_argv = [catalogue, "build", "--no-pdf", "--project", str(project)]
    build = timed(build_argv, log, "catalogue build", repeat, stages=True)
    size = site_size(project / "site", records[representative_code(source)].slug)
    whole_run = None
    if whole:
        say(f"N={n}: catalogue build with every PDF (empty PDF cache), right after the HTML-only build")
        whole_run = whole_build(project, log)
    return SizeResult(n, shapes, check, build, size, open_data_seconds(project), whole_run)


def open_data_seconds(project: Path) -> float:
    """Seconds the open data producers take on the catalogue in *project*: what they add to a build."""
    from generator.data import linkeddata
    from generator.load.catalogue import load_catalogue
    from generator.load.texts import load_texts
    from generator.web.pages import SiteWriter

    catalogue = load_catalogue(project)
    texts = load_texts(project / "templates")
    writer = SiteWriter(catalogue, texts)
    started = time.perf_counter()
    for _ in (*writer.open_data_files(), *writer.changes_pages(), *writer.code_redirects()):
        pass
    for p in catalogue.procedures:
        linkeddata.page_script(catalogue, texts, p)
    return time.perf_counter() - started


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- growth, targets, report ---------------------------------------------------------


@dataclass(frozen=True)
class Growth:
    small: int
    large: int
    build_ratio: float
    check_ratio: float
    per_procedure_growth: float
    """Build seconds per procedure at the large size over that at the small size."""
    marginal_ms: float
    """Build milliseconds per added procedure between the two sizes."""
    site_per_procedure_growth: float
    """Bytes of site/ per procedure at the large size over that at the small size."""
    median_page_growth: float
    stage_ratios: dict[str, float]
    memory_per_thousand_mib: float = 0.0
    """Peak memory added per 1,000 procedures between the two sizes (the slope)."""
    memory_fixed_mib: float = 0.0
    """Peak memory the line through the two sizes gives at N = 0: the part that does not grow with N."""


def growth(small: SizeResult, large: SizeResult) -> Growth:
    stage_ratios = {
        stage: large.stages[stage] / small.stages[stage]
        for stage in small.stages
        if stage in large.stages and small.stages[stage] > 0
    }
    return Growth(
        small=small.n,
        large=large.n,
        build_ratio=large.build.best / small.build.best,
        check_ratio=large.check.best / small.check.best,
        per_procedure_growth=large.per_procedure_ms(large.build) / small.per_procedure_ms(small.build),
        marginal_ms=(large.build.best - small.build.best) / (large.n - small.n) * 1000,
        site_per_procedure_growth=(large.site.total_bytes / large.n) / (small.site.total_bytes / small.n),
        median_page_growth=large.site.median_page_bytes / small.site.median_page_bytes,
        stage_ratios=stage_ratios,
        memory_per_thousand_mib=(slope := (large.build.peak_mib - small.build.peak_mib) / (large.n - small.n)) * 1000,
        memory_fixed_mib=small.build.peak_mib - slope * small.n,
    )


@dataclass(frozen=True)
class Target:
    name: str
    limit: str
    measured: str
    status: str  # PASS, FAIL or SKIP


def targets(large: SizeResult, grown: Growth | None) -> list[Target]:
    page = large.site.page_bytes
    rss = large.build.peak_rss_kib
    found = [
        _target(
            "typical procedure page HTML",
            f"< {MAX_PAGE_BYTES // 1024} KB",
            f"{page / 1024:.1f} KB",
            page < MAX_PAGE_BYTES,
        ),
        _target(
            "peak memory of the build without PDFs",
            f"<= {MAX_RSS_KIB // 1024} MiB",
            f"{rss / 1024:.0f} MiB",
            rss <= MAX_RSS_KIB,
        ),
    ]
    if grown is None:
        found.append(Target("build time grows at most linearly", "needs two sizes", "-", "SKIP"))
        found.append(Target("peak memory grows no faster than N", "needs two sizes", "-", "SKIP"))
    else:
        per = grown.per_procedure_growth
        name = f"build time per procedure, N={grown.large} vs N={grown.small}"
        found.append(_target(name, f"<= {MAX_PER_PROCEDURE_GROWTH}x", f"{per:.2f}x", per <= MAX_PER_PROCEDURE_GROWTH))
        # No faster than N: the line through the two sizes leaves a part that does not grow (at N = 0) of at
        # least zero, so peak memory per procedure does not rise with N.
        fixed = grown.memory_fixed_mib
        name = f"memory part not growing with N ({grown.memory_per_thousand_mib:.0f} MiB per 1,000 procedures)"
        found.append(_target(name, ">= 0 MiB", f"{fixed:.0f} MiB", fixed >= 0))
    if large.whole is None:
        found.append(Target("whole build / HTML-only build", "run without --no-whole", "-", "SKIP"))
    else:
        ratio = large.whole_ratio
        name = f"whole build / HTML-only build, wall (CPU {large.whole_cpu_ratio:.1f}x)"
        found.append(_target(name, f"<= {MAX_WHOLE_OVER_HTML:g}x", f"{ratio:.2f}x", ratio <= MAX_WHOLE_OVER_HTML))
    return found


def _target(name: str, limit: str, measured: str, ok: bool) -> Target:
    return Target(name, limit, measured, "PASS" if ok else "FAIL")


def _kb(size: int) -> str:
    return f"{size:,} B ({size / 1024:.1f} KB)"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


Row = tuple[str, Callable[[SizeResult], str]]

ROWS: tuple[Row, ...] = (
    ("catalogue check", lambda r: f"{r.check.best:.2f} s"),
    ("  check CPU time", lambda r: f"{r.check.best_cpu:.2f} s"),
    ("catalogue build", lambda r: f"{r.build.best:.2f} s"),
    ("  build CPU time", lambda r: f"{r.build.best_cpu:.2f} s"),
    ("  build per procedure", lambda r: f"{r.per_procedure_ms(r.build):.1f} ms"),
    ("  build peak memory (max RSS)", lambda r: f"{r.build.peak_mib:.0f} MiB"),
    ("  build / its HTML stage", lambda r: f"{r.html_ratio:.2f}x"),
    ("procedure page (typical)", lambda r: _kb(r.site.page_bytes)),
    ("procedure page (median)", lambda r: _kb(r.site.median_page_bytes)),
    ("procedure page (largest)", lambda r: _kb(r.site.largest_page_bytes)),
    ("site/ total", lambda r: f"{_mb(r.site.total_bytes)} ({r.site.total_bytes:,} B)"),
    ("site/ files", lambda r: f"{r.site.files:,}"),
    ("  search/ (index)", lambda r: f"{_mb(r.site.search_bytes)} in {r.site.search_files:,} files"),
    *((f"  {name}", lambda r, name=name: _kb(r.site.open_data.get(name, 0))) for name in OPEN_DATA_FILES),
    ("  ma/ (addresses by code)", lambda r: f"{_mb(r.site.redirect_bytes)} in {r.site.redirect_files:,} files"),
    ("  open data producers (in process)", lambda r: f"{r.open_data_seconds:.2f} s"),
    ("whole build, every PDF (empty cache)", lambda r: f"{r.whole.seconds:.1f} s" if r.whole else "-"),
    ("  whole build CPU (build and workers)", lambda r: f"{r.whole.cpu_seconds:.1f} s" if r.whole else "-"),
    ("  whole / HTML-only build, wall", lambda r: f"{r.whole_ratio:.2f}x" if r.whole else "-"),
    ("  whole / HTML-only build, CPU", lambda r: f"{r.whole_cpu_ratio:.2f}x" if r.whole else "-"),
    ("  PDFs published (rendered)", lambda r: f"{r.whole.pdfs:,} ({r.whole.rendered:,})" if r.whole else "-"),
    ("  whole build peak memory (with workers)", lambda r: f"{r.whole.peak_mib:.0f} MiB" if r.whole else "-"),
    (
        "  load average before / after",
        lambda r: f"{r.whole.load[0]:.1f} / {r.whole.load[1]:.1f}" if r.whole else "-",
    ),
)


def table(results: Sequence[SizeResult]) -> str:
    stage_names = list(dict.fromkeys(s for r in results for s in r.stages))
    rows: list[tuple[str, list[str]]] = [(name, [cell(r) for r in results]) for name, cell in ROWS]
    rows += [
        (
            f"  stage: {s}",
            [
                f"{r.stages[s]:.1f} s" + (f", peak {r.build.peaks[s]:.0f} MiB" if s in r.build.peaks else "")
                if s in r.stages
                else "-"
                for r in results
            ],
        )
        for s in stage_names
    ]
    whole_stages = list(dict.fromkeys(s for r in results if r.whole for s in r.whole.stages))
    rows += [
        (
            f"  whole build stage: {s}",
            [f"{r.whole.stages[s]:.1f} s" if r.whole and s in r.whole.stages else "-" for r in results],
        )
        for s in whole_stages
    ]
    head = ("", [f"N={r.n}" for r in results])
    width = max(len(name) for name, _ in [head, *rows])
    cols = [max(len(row[1][i]) for row in [head, *rows]) for i in range(len(results))]
    lines = []
    for name, cells in [head, *rows]:
        lines.append(name.ljust(width) + "  " + "  ".join(c.rjust(w) for c, w in zip(cells, cols, strict=True)))
    return "\n".join(lines)


def growth_text(grown: Growth) -> str:
    factor = grown.large / grown.small
    verdict = (
        "time grows at most linearly: each procedure costs no more at the larger size"
        if grown.per_procedure_growth <= 1.0
        else f"time grows faster than N: each procedure costs {grown.per_procedure_growth:.2f}x as much"
    )
    lines = [
        f"Growth N={grown.small} -> N={grown.large} ({factor:g}x the procedures):",
        f"  build {grown.build_ratio:.2f}x, check {grown.check_ratio:.2f}x",
        f"  build per procedure: {grown.per_procedure_growth:.2f}x; {verdict}",
        f"  marginal build cost: {grown.marginal_ms:.1f} ms per added procedure",
        f"  site/ bytes per procedure: {grown.site_per_procedure_growth:.2f}x;"
        f" median procedure page: {grown.median_page_growth:.2f}x",
        f"  peak memory: {grown.memory_per_thousand_mib:.1f} MiB per 1,000 procedures"
        f" + {grown.memory_fixed_mib:.0f} MiB that does not grow with N",
    ]
    if grown.stage_ratios:
        parts = ", ".join(f"{stage} {ratio:.1f}x" for stage, ratio in grown.stage_ratios.items())
        lines.append(f"  by stage: {parts}")
    return "\n".join(lines)


def targets_text(found: Sequence[Target], n: int) -> str:
    width = max(len(t.name) for t in found)
    lines = [f"Targets at N={n}:"]
    lines += [f"  {t.status:4}  {t.name.ljust(width)}  {t.measured:>9}  (target {t.limit})" for t in found]
    return "\n".join(lines)


def write_json(
    path: Path, results: Sequence[SizeResult], grown: Growth | None, found: Sequence[Target], meta: dict[str, Any]
) -> None:
    sizes = []
    for r in results:
        item = asdict(r)
        for name, timing in (("check", r.check), ("build", r.build)):
            item[name]["best"] = timing.best
            item[name]["best_cpu"] = timing.best_cpu
        item["build_over_html_stage"] = r.html_ratio
        item["whole_over_html_build"] = r.whole_ratio
        item["whole_over_html_build_cpu"] = r.whole_cpu_ratio
        item["build_ms_per_procedure"] = r.per_procedure_ms(r.build)
        sizes.append(item)
    document = {
        "meta": meta,
        "sizes": sizes,
        "growth": asdict(grown) if grown else None,
        "targets": [asdict(t) for t in found],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- command line ------------------------------------------------------------------


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers separated by commas, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark `catalogue build` on synthetic catalogues of N procedures.")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        metavar="N,N",
        help=f"catalogue sizes, comma-separated (default: {','.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="R",
        help="run each timed command R times and keep the fastest (default: 1)",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT,
        metavar="DIR",
        help="copy records, settings and templates from this catalogue (default: this project)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        metavar="DIR",
        help="write the catalogues here and keep them (default: a temporary folder)",
    )
    parser.add_argument("--out", type=Path, default=OUT, metavar="FILE", help="JSON results (default: %(default)s)")
    parser.add_argument(
        "--unique-texts",
        action="store_true",
        help="end every Markdown text with the record's number, so no two records share a text",
    )
    parser.add_argument(
        "--no-whole",
        dest="whole",
        action="store_false",
        help="skip the whole build with every PDF (minutes at N = 2,000); its ratio target is then skipped",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


@contextmanager
def work_folder(chosen: Path | None, prefix: str = "catalogue-bench-") -> Iterator[Path]:
    """*chosen* (kept afterwards), or a temporary folder removed at the end."""
    if chosen is not None:
        chosen.mkdir(parents=True, exist_ok=True)
        yield chosen.resolve()
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield Path(folder)


def _meta(args: argparse.Namespace, load_before: tuple[float, float, float]) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "sizes": args.sizes,
        "repeat": args.repeat,
        "python": platform.python_version(),
        "machine": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "representative": REPRESENTATIVE,
        "unique_texts": args.unique_texts,
        "whole": args.whole,
        "kb": 1024,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()
    if load_before[0] > 0.5:
        say(f"note: load average is {load_before[0]:.2f}; other work on this machine will slow the figures")
    source = args.source.resolve()
    with work_folder(args.workdir) as work:
        options = {"repeat": args.repeat, "unique_texts": args.unique_texts, "whole": args.whole}
        results = [bench_size(source, work, n, **options) for n in args.sizes]
    grown = growth(results[0], results[-1]) if len(results) > 1 else None
    found = targets(results[-1], grown)
    print(table(results))
    print()
    if grown:
        print(growth_text(grown))
        print()
    print(targets_text(found, results[-1].n))
    large = results[-1]
    share = large.build.best_cpu / large.build.best if large.build.best else 1.0
    if large.whole is not None and share < 0.7:
        print(
            f"  note: the HTML-only build had {share:.0%} of a core (other work on the machine), so the wall ratio"
            f" is the load's; the CPU ratio is {large.whole_cpu_ratio:.1f}x, and on two idle cores the wall ratio"
            f" would be about half of it"
        )
    write_json(args.out, results, grown, found, _meta(args, load_before))
    print(f"\nFigures written to {args.out}")
    return 1 if any(t.status == "FAIL" for t in found) else 0


if __name__ == "__main__":
    sys.exit(main())
