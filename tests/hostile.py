"""The corpus of hostile and broken inputs: every case, with the exact message it must give.

Two kinds of case share one shape (files to add to the base catalogue, and a
golden file holding the expected output of ``catalogue check`` or ``build``):

* the golden error files in ``fixtures/errors`` (a record, sometimes with the
  official file beside it), which ``test_errors.py`` also runs;
* cases that cannot be stored as files in git: a 50 MB record, floods of
  aliases, tabs and invalid values, symbolic links that lead out of the
  project, a named pipe. They are made here, and their goldens live in
  ``fixtures/hostile``.

``test_hostile.py`` runs them all; ``benchmarks/bench_hostile.py`` runs each in
its own process and measures its time and memory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import BASE, FIXTURES, ROOT

ERRORS = FIXTURES / "errors"
GOLDEN = FIXTURES / "hostile"
RECORD = (BASE / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")

Maker = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One hostile input: what to add to a copy of the base catalogue, and what must be said."""

    name: str
    make: Maker
    golden: Path
    command: str = "check"
    heavy: bool = False
    """Large enough that time and memory are worth measuring in the test suite."""
    files: tuple[str, ...] = field(default=())
    """Project paths every problem line must name."""


def project_from_base(folder: Path) -> Path:
    """A copy of the base catalogue (one procedure, one form) with the templates, in *folder*."""
    project = folder / "project"
    shutil.copytree(BASE, project)
    shutil.copytree(ROOT / "templates", project / "templates")
    return project


@dataclass(frozen=True)
class Run:
    """What ``catalogue`` did with one case, run in its own process."""

    returncode: int
    stderr: str
    seconds: float
    peak_kib: int
    """Peak resident memory of the command (VmHWM), or 0 when it was killed."""


# ``wait4``'s ru_maxrss of a child includes the memory of the parent it was
# forked from, so the command reports its own peak as it exits.
_MEASURED = """
import atexit, os, runpy, sys
def peak():
    with open("/proc/self/status") as status, open(os.environ["CATALOGUE_PEAK_FILE"], "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(peak)
sys.argv[0] = "catalogue"
runpy.run_module("generator", run_name="__main__")
"""


def run_measured(case: Case, project: Path, timeout: float = 60) -> Run:
    """Run ``catalogue <case.command>`` on *project* in a child process; kill it after *timeout* seconds."""
    argv = [sys.executable, "-c", _MEASURED, case.command, "--project", str(project)]
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CATALOGUE_PEAK_FILE": peak.name}
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)
        try:
            returncode = child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            returncode = child.wait()
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
        measured = peak.read().strip()
    return Run(returncode, stderr, seconds, int(measured) if measured.isdigit() else 0)


def clean_report(case: Case, returncode: int, stderr: str, project: Path) -> list[str]:
    """Everything wrong with how *case* was reported (empty when the report is clean).

    Clean: exit status 1, no traceback, every problem names one of the case's
    files, the last line counts the problems and says nothing was written, and
    nothing was written.
    """
    wrong = []
    lines = stderr.splitlines()
    if returncode != 1:
        wrong.append(f"exit status {returncode}, not 1")
    if "Traceback" in stderr:
        wrong.append("a traceback")
    if not lines or not lines[-1].endswith("; nothing was written."):
        wrong.append("no summary line")
    for line in lines[:-1]:
        if not line.startswith(tuple(f"{name}:" for name in case.files)):
            wrong.append(f"a line that names no file of the case: {line[:120]}")
    for output in ("site", ".catalogue"):
        if (project / output).exists():
            wrong.append(f"{output}/ was written")
    return wrong


# -- golden error files --------------------------------------------------------


def _copy(sources: list[Path], into: str) -> Maker:
    def make(project: Path) -> None:
        for source in sources:
            (project / into / source.name).write_bytes(source.read_bytes())

    return make


def form_case_files(case: Path) -> list[Path]:
    """A form case's record and the official file beside it (CT15.yaml, CT15.pdf), not its golden."""
    return sorted(p for p in case.parent.glob(f"{case.stem}.*") if p.suffix != ".txt")


def error_file_cases() -> list[Case]:
    cases = []
    for folder in ("procedures", "forms"):
        for record in sorted((ERRORS / folder).glob("*.yaml")):
            sources = form_case_files(record) if folder == "forms" else [record]
            cases.append(
                Case(
                    f"{folder}/{record.stem}",
                    _copy(sources, folder),
                    record.with_suffix(".txt"),
                    files=(f"{folder}/{record.name}",),
                )
            )
    return cases


# -- made at test time ---------------------------------------------------------


def _record(name: str, text: str | bytes) -> Maker:
    def make(project: Path) -> None:
        path = project / "procedures" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return make


def _record_code(code: str) -> str:
    return RECORD.replace('code: "1.004194"', f'code: "{code}"')


def _fifty_megabytes(project: Path) -> None:
    line = "# " + "Đăng ký tạm trú " * 6 + "\n"
    chunk = (line * (1024 * 1024 // len(line.encode()))).encode()
    with (project / "procedures" / "lon-qua.yaml").open("wb") as file:
        file.write(_record_code("1.004300").encode())
        while file.tell() < 50 * 1024 * 1024:
            file.write(chunk)
        file.truncate(50 * 1024 * 1024)


def _alias_flood() -> bytes:
    """Just under 1 MB of aliases: 100 on each line, as many lines as fit."""
    head = _record_code("1.004301").replace("keywords: [tạm trú, KT3]", "keywords: &a [tạm trú, KT3]") + "x_lol:\n"
    line = "  - [" + ", ".join(["*a"] * 100) + "]\n"
    return (head + line * ((1024 * 1024 - len(head) - 1) // len(line))).encode()


def _tab_flood() -> bytes:
    return (_record_code("1.004302") + "\t# thụt lề bằng tab\n" * 40_000).encode()


def _invalid_flood() -> bytes:
    levels = ", ".join(f"cap{i}" for i in range(5_000))
    return _record_code("1.004303").replace("levels: [xa]", f"levels: [{levels}]").encode()


def _outside(project: Path, name: str, content: bytes) -> Path:
    """A file beside the project folder, outside it."""
    outside = project.parent / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_bytes(content)
    return path


def _symlinked_record(project: Path) -> None:
    target = _outside(project, "ho-so-mat.yaml", _record_code("1.004304").encode())
    (project / "procedures" / "ho-so-mat.yaml").symlink_to(os.path.relpath(target, project / "procedures"))


def _symlinked_form_file(project: Path) -> None:
    target = _outside(project, "khoa-bi-mat.pdf", b"%PDF-1.7\n% not for publication\n")
    form = "id: CT30\ntitle: Tờ khai trỏ ra ngoài dự án\nfile: CT30.pdf\n"
    (project / "forms" / "CT30.yaml").write_text(form, encoding="utf-8")
    (project / "forms" / "CT30.pdf").symlink_to(os.path.relpath(target, project / "forms"))


def _symlinked_system_file(project: Path) -> None:
    form = "id: CT31\ntitle: Tờ khai trỏ tới tệp hệ thống\nfile: CT31.docx\n"
    (project / "forms" / "CT31.yaml").write_text(form, encoding="utf-8")
    (project / "forms" / "CT31.docx").symlink_to("/etc/passwd")


def _symlinked_page_file(project: Path) -> None:
    target = _outside(project, "id_ed25519", b"-----BEGIN OPENSSH PRIVATE KEY-----\n")
    (project / "pages").mkdir(exist_ok=True)
    (project / "pages" / "khoa.txt").symlink_to(target)


def _named_pipe(project: Path) -> None:
    os.mkfifo(project / "procedures" / "ong-dan.yaml")


def _hostile_settings(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "    featured:",
        "    portal:\n"
        "      home: https://dichvucong.gov.vn.example.com/\n"
        "      lookup: https://tra-cuu-ho-so.example.com/\n"
        "      procedure_url: https://example.com/?ma={code}\n"
        "    featured:",
    )
    config.write_text(text, encoding="utf-8")


def _files(files: dict[str, str | bytes]) -> Maker:
    """Files to add to the project, by path."""

    def make(project: Path) -> None:
        for name, content in files.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return make


def _page(text: str) -> dict[str, str | bytes]:
    return {"pages/gioi-thieu.md": f"# Giới thiệu\n\nTrang do {{{{ agency.name }}}} biên soạn.\n\n{text}"}


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" '
    'onload="alert(1)"><script>alert(document.domain)</script><a xlink:href="javascript:alert(2)">'
    '<rect width="10" height="10"/></a><foreignObject><p>x</p></foreignObject></svg>'
)
_NESTED = "".join(f"{'  ' * i}- mục {i + 1}\n" for i in range(10))


def _record_with(code: str, **values: str) -> str:
    record = _record_code(code)
    for key, value in values.items():
        record = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in record.splitlines())
    return record + "\n"


# Editors write records, forms and pages/ (content); none of it may run code at build time or in a browser,
# replace an official page or a theme file, or pass for another name (docs/security.md, "Who is trusted").
CONTENT_CASES: list[tuple[str, dict[str, str | bytes]]] = [
    ("page-template-code", _page('{{ lipsum.__globals__["os"].popen("id").read() }}\n')),
    ("page-template-statement", _page("{% for i in range(10**10) %}Lặp{% endfor %}\n\n{{ agency.name\n")),
    (
        "page-script",
        _page(
            '<script src="https://evil.example/x.js"></script>\n\n<script>alert(1)</script>\n'
            '\n<script type="application/json">{"ok": 1}</script>\n'
        ),
    ),
    (
        "page-event-handlers",
        _page(
            '<svg/onload=alert(1)>\n\n<img src=x onerror="alert(2)">\n\n'
            '<p ONMOUSEOVER=alert(3)>Di chuột</p>\n\n## Mục {: onclick="alert(4)" }\n'
        ),
    ),
    (
        "page-javascript-links",
        _page(
            '[Bấm vào đây](javascript:alert(1))\n\n<a href=" jav&#x61;script:alert(2)">'
            "Bấm</a>\n\n[x]: javascript:alert(3)\n"
        ),
    ),
    ("page-meta-refresh", _page('<meta http-equiv="Refresh" content="0; url=https://evil.example/">\n')),
    (
        "page-script-file",
        {
            "pages/tien-ich.js": "alert(document.cookie)\n",
            "pages/huong-dan/trang.html": "<p>x</p>\n",
            "pages/.htaccess": "Redirect / https://evil.example/\n",
        },
    ),
    ("page-markdown-kinds", {"pages/gioi-thieu.markdown": "# Giới thiệu\n", "pages/lien-he.MD": "# Liên hệ\n"}),
    ("page-svg-script", {"pages/anh/so-do.svg": _SVG}),
    (
        "page-svg-entities",
        {
            "pages/anh/bom.svg": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
            '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
        },
    ),
    (
        "page-theme-asset",
        {
            "pages/assets/javascripts/display.js": "alert(1)\n",
            "pages/assets/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        },
    ),
    (
        "page-generated-address",
        {
            "pages/thu-tuc/dang-ky-tam-tru/index.md": "# Trang giả mạo\n",
            "pages/Linh-Vuc.md": "# Lĩnh vực\n",
            "pages/index.md": "# Trang chủ giả\n",
            "pages/sitemap.xml.gz": b"\x1f\x8b",
            "pages/404.html": "<p>x</p>",
        },
    ),
    ("page-same-address", {"pages/lien-he.md": "# Liên hệ\n", "pages/lien-he/index.md": "# Liên hệ\n"}),
    (
        "page-missing-links",
        _page(
            "[Thủ tục](thu-tuc/khong-co/index.md), [trang](khong-co.md), "
            "[ảnh](anh/khong-co.png), [hướng dẫn](thu-tuc/dang-ky-tam-tru/huong-dan.pdf), "
            "[có](thu-tuc/dang-ky-tam-tru/index.md), [lên](../lien-he.md), [mục](#a), [Cổng](https://dichvucong.gov.vn/)\n"
        ),
    ),
    ("code-full-width-digits", {"procedures/dang-ky-tam-tru.yaml": _record_with("１.００４１９４")}),
    ("code-arabic-indic-digits", {"procedures/dang-ky-tam-tru.yaml": _record_with("١.٠٠٤١٩٤")}),
    ("field-look-alike", {"procedures/dang-ky-lai.yaml": _record_with("1.004195", field="Đăng ký, quản lý сư trú")}),
    ("agency-look-alike", {"procedures/dang-ky-lai.yaml": _record_with("1.004195", agency="Công аn cấp xã")}),
    ("agency-case", {"procedures/dang-ky-lai.yaml": _record_with("1.004195", agency="Công An Cấp Xã")}),
    (
        "form-id-case",
        {
            "forms/ct01.yaml": "id: ct01\ntitle: Tờ khai trùng mã\nfields:\n"
            "  - {type: text, id: ho_ten, label: Họ và tên}\n"
        },
    ),
    (
        "yaml-upper-case",
        {"procedures/dang-ky-lai.YAML": _record_with("1.004195"), "forms/CT02.Yaml": "id: CT02\ntitle: Tờ khai\n"},
    ),
    (
        "markdown-too-deep",
        {
            "procedures/dang-ky-tam-tru.yaml": _record_code("1.004194").replace(
                "steps:\n", "steps:\n  - |\n" + "".join(f"    {line}\n" for line in _NESTED.splitlines()), 1
            )
        },
    ),
]


def made_cases() -> list[Case]:
    def case(name: str, make: Maker, files: tuple[str, ...], **options: object) -> Case:
        return Case(name, make, GOLDEN / f"{name}.txt", files=files, **options)  # type: ignore[arg-type]

    return [
        case("fifty-megabytes", _fifty_megabytes, ("procedures/lon-qua.yaml",), heavy=True),
        case("alias-flood", _record("lu-bi-danh.yaml", _alias_flood()), ("procedures/lu-bi-danh.yaml",), heavy=True),
        case("tab-flood", _record("lu-tab.yaml", _tab_flood()), ("procedures/lu-tab.yaml",)),
        case("invalid-flood", _record("lu-loi.yaml", _invalid_flood()), ("procedures/lu-loi.yaml",), heavy=True),
        case("symlinked-record", _symlinked_record, ("procedures/ho-so-mat.yaml",)),
        case("symlinked-form-file", _symlinked_form_file, ("forms/CT30.yaml",)),
        case("symlinked-system-file", _symlinked_system_file, ("forms/CT31.yaml",)),
        case("symlinked-page-file", _symlinked_page_file, ("pages/khoa.txt",), command="build"),
        case("named-pipe", _named_pipe, ("procedures/ong-dan.yaml",), heavy=True),
        case("hostile-settings", _hostile_settings, ("mkdocs.yml",)),
        *(case(name, _files(files), _named(files)) for name, files in CONTENT_CASES),
    ]


def _named(files: dict[str, str | bytes]) -> tuple[str, ...]:
    """The files a content case's problems may name: its own, and the base record a clash is reported in."""
    return (*files, "procedures/dang-ky-tam-tru.yaml", "forms/CT01.yaml", "mkdocs.yml")


def all_cases() -> list[Case]:
    return [*error_file_cases(), *made_cases()]


# -- markup in every text field: accepted, and shown exactly as written ---------------

# Markup in a text field is what the editor typed: "<" in "tải trọng < 5 tấn" is
# text, so text fields accept it, and every page shows it as text. Only links
# can lead somewhere, and their targets must be https:// (refused otherwise:
# see fixtures/errors/procedures/script-links.yaml).
PAYLOAD = (
    '<script>window.xss=1</script> <img src=x onerror="window.xss=2"> "><svg onload=window.xss=3> '
    '\'><iframe src=javascript:window.xss=4></iframe> <a href="javascript:window.xss=5">a</a> {{ config.site_name }}'
)
# Plain text fields also get Markdown links and entities, which they must show as typed.
PLAIN_PAYLOAD = PAYLOAD + " [bấm](javascript:window.xss=6) <javascript:window.xss=7> &lt;b&gt; &amp; \\"
MARKDOWN_FIELDS = {2, 8, 9, 11, 12, 14, 17, 18}
# Every text field of a procedure and a form; {n} becomes " №n <payload>", or nothing in the benign twin.
PROCEDURE = """\
code: "1.004194"
title: "Đăng ký tạm trú{1}"
summary: "Dành cho người đến sinh sống{2}. [Xem](https://dichvucong.gov.vn/\\"onmouseover=\\"window.xss=8)"
field: "Đăng ký, quản lý cư trú{3}"
agency: "Công an cấp xã{4}"
authority: "Công an tỉnh{5}"
levels: [xa]
applicants: ["Công dân Việt Nam{6}"]
online: partial
decision: "1523/QĐ-BCA{7}"
steps: ["Chuẩn bị hồ sơ{8}", "Nộp hồ sơ{9}"]
channels:
  - method: online
    time: {value: 3, unit: working_days}
    fees: [{name: "Lệ phí{10}", amount: 7000, note: "Miễn cho trẻ em{11}"}]
    note: "Nộp trên Cổng Dịch vụ công{12}"
  - method: in_person
    time: {text: "Trong ngày{13}"}
    fees_text: "Theo biểu phí{14}"
documents:
  - case: "Trường hợp chung{15}"
    items:
      - {name: "Tờ khai{16}", form: CT01, originals: 1, note: "Bản khai đầy đủ{17}"}
requirements: ["Có chỗ ở hợp pháp{18}"]
results: ["Cập nhật thông tin về cư trú{19}"]
legal_basis:
  - {number: "68/2020/QH14{20}", title: "Luật Cư trú{21}", date: 2020-11-13, url: "https://vbpl.vn/a?b=1&c=\\"2"}
keywords: ["tạm trú{22}"]
updated: 2026-11-20
"""
FORM = """\
id: CT01
title: "Tờ khai thay đổi thông tin cư trú{23}"
source: "Thông tư 66/2023/TT-BCA{24}"
fields:
  - {type: section, label: "Thông tin người khai{25}"}
  - {type: text, id: ho_ten, label: "Họ, chữ đệm và tên{26}", help: "Viết in hoa{27}"}
  - {type: choice, id: gioi_tinh, label: "Giới tính{28}", options: ["Nam{29}", "Nữ"]}
"""
FIELDS = 29


def _fill(template: str, hostile: bool) -> str:
    for n in range(FIELDS, 0, -1):
        typed = f" {payload(n)}".replace("\\", "\\\\").replace('"', '\\"') if hostile else ""
        template = template.replace(f"{{{n}}}", typed)
    return template


def payload(n: int) -> str:
    return f"№{n} {PAYLOAD if n in MARKDOWN_FIELDS else PLAIN_PAYLOAD}"


def markup_twins(folder: Path) -> tuple[Path, Path]:
    """The base catalogue twice in *folder*: every text field plain, then every text field carrying markup."""
    projects = []
    for name, hostile in (("benign", False), ("hostile", True)):
        project = project_from_base(folder / name)
        (project / "procedures" / "dang-ky-tam-tru.yaml").write_text(_fill(PROCEDURE, hostile), encoding="utf-8")
        (project / "forms" / "CT01.yaml").write_text(_fill(FORM, hostile), encoding="utf-8")
        projects.append(project)
    return projects[0], projects[1]
