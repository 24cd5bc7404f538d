"""Whether an official form file is what its extension says.

The site offers a form's file for download as it is, so a ``.pdf`` that is
really an HTML page or a program would reach citizens under an official name.
Each kind is recognised by its first bytes and, for the zipped Office formats,
by the part every such document has. Only the file's start and the zip
directory are read, never the whole file or anything compressed in it.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# What a file that is not what it claims most likely is, by its first bytes.
_LOOKS_LIKE = (
    (b"%PDF-", "a PDF file"),
    (_ZIP, "a zip archive"),
    (_OLE2, "an old Office file"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"#!", "a script"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)

KINDS = {
    ".pdf": "a PDF",
    ".doc": "a Word 97–2003",
    ".docx": "a Word",
    ".xlsx": "an Excel",
    ".odt": "an OpenDocument text",
}


def content_problem(path: Path) -> str | None:
    """Why the file at *path* is not a document of the kind its extension names, or ``None``."""
    suffix = path.suffix.lower()
    with path.open("rb") as file:
        head = file.read(64)
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif suffix == ".doc":
        ok = head.startswith(_OLE2)
    else:
        ok = head.startswith(_ZIP) and _zip_has_part(path, suffix)
    if ok:
        return None
    kind = KINDS.get(suffix, f"a {suffix}")
    return f"is not {kind} file: it looks like {_looks_like(head)}; save or export it again as {suffix}"


def _zip_has_part(path: Path, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if suffix == ".odt":
                return "mimetype" in names and archive.open("mimetype").read(100).strip() == _ODT_MIMETYPE
            part = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}.get(suffix)
            return part in names
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return False


def _looks_like(head: bytes) -> str:
    for signature, kind in _LOOKS_LIKE:
        if head.startswith(signature):
            return kind
    if not head:
        return "an empty file"
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")):
        return "a web page or XML"
    try:  # the first bytes may end inside a letter
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "something else"
    return "plain text"
