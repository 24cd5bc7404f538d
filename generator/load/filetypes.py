"""What a file is, decided from its content: a published file must be what its name says.

The site offers official files and the files beside hand-written pages as they
are (or made safe: :mod:`generator.load.documents`, :mod:`generator.load.svg`),
so a ``.pdf`` that is really an HTML page, or a ``.docx`` that is a Windows
program, would reach citizens under an official name. Each kind is recognised
by its first bytes (our own table: a dozen exact signatures, nothing guessed)
and, for the zipped Office formats, by the part every such document has. Only
the file's start and the zip directory are read here.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ODF_MIMETYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
OOXML_MAIN = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
"""The part every Word and every Excel document has."""

KINDS = {
    ".pdf": "a PDF",
    ".doc": "a Word 97–2003",
    ".docx": "a Word",
    ".xls": "an Excel 97–2003",
    ".xlsx": "an Excel",
    ".odt": "an OpenDocument text",
    ".ods": "an OpenDocument spreadsheet",
    ".png": "a PNG image",
    ".jpg": "a JPEG image",
    ".jpeg": "a JPEG image",
    ".gif": "a GIF image",
    ".webp": "a WebP image",
    ".avif": "an AVIF image",
    ".svg": "an SVG image",
    ".txt": "a plain text",
    ".csv": "a CSV",
}
"""Every kind of file the catalogue publishes from what editors upload, by extension."""
IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
TEXTS = frozenset({".txt", ".csv"})

# What a file that is not what it claims most likely is, by its first bytes.
_LOOKS_LIKE = (
    (b"%PDF-", "a PDF file"),
    (ZIP, "a zip archive"),
    (OLE2, "an old Office file"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"#!", "a script"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_HEAD = 64


def _is_image(suffix: str, head: bytes) -> bool:
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if suffix == ".webp":
        return head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if suffix == ".avif":  # an ISO media file whose brand is AVIF
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    return False


def content_problem(path: Path) -> str | None:
    """Why the file at *path* is not a file of the kind its extension names, or ``None``.

    SVG images and text are parsed whole later (:mod:`generator.load.files`); here only their start is looked at.
    """
    suffix = path.suffix.lower()
    with path.open("rb") as file:
        head = file.read(_HEAD)
    if suffix == ".pdf":
        ok = head.startswith(b"%PDF-")
    elif suffix in (".doc", ".xls"):
        ok = head.startswith(OLE2)
    elif suffix in OOXML_MAIN or suffix in ODF_MIMETYPES:
        ok = head.startswith(ZIP) and _zip_has_part(path, suffix)
    elif suffix in IMAGES - {".svg"}:
        ok = _is_image(suffix, head)
    elif suffix in TEXTS or suffix == ".svg":  # read whole later: only what is surely another kind is named here
        ok = not head.startswith(tuple(signature for signature, _ in _LOOKS_LIKE))
    else:
        ok = False
    if ok:
        return None
    kind = KINDS.get(suffix, f"a {suffix}")
    return f"is not {kind} file: it looks like {looks_like(head)}; save or export it again as {suffix}"


def _zip_has_part(path: Path, suffix: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if suffix in ODF_MIMETYPES:
                if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
                    return False
                return archive.read("mimetype").strip() == ODF_MIMETYPES[suffix]
            return OOXML_MAIN[suffix] in names
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        return False


def looks_like(head: bytes) -> str:
    """What a file starting with *head* most likely is, for a message."""
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
