"""PDFs cleaned of what a reader's program would run, with pikepdf (the qpdf library the build already uses).

Only go-to-page, web-link and named (next page, print) actions are kept;
JavaScript, launching programs, submitting or importing data, opening other
files, actions run on events (``/AA``), embedded and attached files, XFA forms
and portfolios are removed, and the rest of the file is left as it was. A PDF
that cannot be opened, or only with a password, is refused. Imported only when
a catalogue has a PDF to check.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

logging.getLogger("pikepdf").setLevel(logging.WARNING)

import pikepdf  # noqa: E402 - after its logger is quietened

from generator.load.documents import LINK_SCHEMES, Refused, words  # noqa: E402

_KEPT_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
_ANNOTATIONS = words(
    """
    /Link /Text /FreeText /Line /Square /Circle /Polygon /PolyLine /Highlight /Underline /Squiggly /StrikeOut
    /Stamp /Caret /Ink /Popup /Widget /PrinterMark /TrapNet /Watermark /Redact
    """
)
"""Annotations that show something; not file attachments, sounds, movies, rich media or 3D."""
_NAMES_KEPT = frozenset({"/Dests", "/AP"})
"""Name trees a document keeps: named destinations and appearances (not JavaScript, not embedded files)."""
_NAME_TREES = {"/JavaScript": "JavaScript", "/EmbeddedFiles": "embedded files"}
_ROOT_REMOVED = {
    "/Collection": "a portfolio of files",
    "/AF": "attached files",
    "/NeedsRendering": "an XFA form",
}
_ACTION_NAMES = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that starts another program (/Launch)",
    "/SubmitForm": "an action that sends the form elsewhere (/SubmitForm)",
    "/ImportData": "an action that reads another file (/ImportData)",
    "/GoToR": "an action that opens another file (/GoToR)",
    "/GoToE": "an action that opens an embedded file (/GoToE)",
}


@dataclass(frozen=True)
class CleanPdf:
    data: bytes | None
    """The PDF without what was removed; None when nothing was (the file is published as it is)."""
    removed: tuple[str, ...]


def clean_pdf(path: Path) -> CleanPdf:
    """The PDF at *path* without JavaScript, actions other than links, and embedded files; raises :class:`Refused`."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise Refused("is protected by a password; save it again without one, so every citizen can open it") from None
    except (pikepdf.PdfError, ValueError, RuntimeError):
        raise Refused("is damaged, or not a PDF a reader can open; export it again as PDF") from None
    removed: set[str] = set()
    with pdf:
        root = pdf.Root
        for key, what in _ROOT_REMOVED.items():
            if key in root:
                del root[key]
                removed.add(what)
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            for key in list(names.keys()):
                if key not in _NAMES_KEPT:
                    del names[key]
                    removed.add(_NAME_TREES.get(key, f"a list of {key[1:]}"))
        for obj in pdf.objects:
            _clean(obj, removed, 0)
        if not removed:
            return CleanPdf(None, ())
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return CleanPdf(out.getvalue(), tuple(sorted(removed)))


def _clean(obj: object, removed: set[str], depth: int) -> None:
    """Remove from *obj* and the direct objects it holds what :func:`clean_pdf` removes (indirect ones are
    visited on their own)."""
    if depth > 100:
        raise Refused("nests its objects too deeply to be checked; export it again as PDF")
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            if _direct(item):
                _clean(item, removed, depth + 1)
        return
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    for key in list(obj.keys()):
        value = obj[key]
        if key == "/AA":
            del obj[key]
            removed.add("actions run when the document is opened or a page shown (/AA)")
        elif key in ("/JS", "/EF", "/XFA", "/RichMediaContent"):
            del obj[key]
            removed.add({"/JS": "JavaScript", "/EF": "embedded files", "/XFA": "an XFA form"}.get(key, "rich media"))
        elif key in ("/A", "/OpenAction", "/Next", "/PA"):
            what = _action_problem(value)
            if what:
                del obj[key]
                removed.add(what)
            elif _direct(value):
                _clean(value, removed, depth + 1)
        elif key == "/Annots" and isinstance(value, pikepdf.Array):
            kept = [a for a in value if not isinstance(a, pikepdf.Dictionary) or a.get("/Subtype") in _ANNOTATIONS]
            if len(kept) < len(value):
                obj[key] = pikepdf.Array(kept)
                removed.add("attached files, sounds, movies or rich media")
            for annotation in kept:
                if _direct(annotation):
                    _clean(annotation, removed, depth + 1)
        elif _direct(value):
            _clean(value, removed, depth + 1)


def _direct(value: object) -> bool:
    """Whether *value* is a dictionary or array held inside another object (not one visited on its own)."""
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and not value.is_indirect


def _action_problem(action: object) -> str | None:
    """What is wrong with an action (a destination or a kept action: nothing)."""
    if isinstance(action, pikepdf.Array):
        return None  # a destination: a page of this document
    if not isinstance(action, pikepdf.Dictionary):
        return "an action of an unknown kind"
    kind = str(action.get("/S", ""))
    if kind not in _KEPT_ACTIONS:
        return _ACTION_NAMES.get(kind, f"an action of the kind {kind or 'unknown'}")
    if kind == "/URI" and not str(action.get("/URI", "")).lower().startswith(LINK_SCHEMES):
        return "a link that is not a web or e-mail address"
    return None
