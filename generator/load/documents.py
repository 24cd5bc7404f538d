"""Official documents made safe or refused: PDFs without actions, Office files without macros or links out.

A citizen downloads a form and opens it in a PDF reader, Word, Excel or
LibreOffice, outside any browser policy. So what those programs would run or
fetch on their own is not published:

* **PDF**: cleaned of what runs (:mod:`generator.load.pdfclean`).
* **Word and Excel (.docx, .xlsx)**, zips of XML parts: every part must be of an
  allowed content type (no macros, ActiveX, OLE objects or embedded packages);
  a relationship may leave the file only as a hyperlink (no remote template, no
  external workbook link, whose opening sends Windows credentials); no part may
  have a DOCTYPE; Word fields may not run or fetch anything (``DDEAUTO``,
  ``INCLUDETEXT``...), Excel formulas may not call other programs or the web.
* **OpenDocument (.odt, .ods)**: no macros (``Basic/``, ``Scripts/``, event
  listeners), no embedded objects, no links to files elsewhere, no DOCTYPE.
* **Word and Excel 97–2003 (.doc, .xls)**, OLE2 compound files read with
  olefile: only the streams such a document has (no macros, no embedded objects).
* Every zip is bounded: parts, unpacked size and compression ratio, checked
  while it is read, so a zip bomb costs nothing.

Office files are refused rather than cleaned: rewriting one could change how it
prints, so the editor saves it again without what is named.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from xml.parsers import expat

MAX_PARTS = 2_000
"""Most parts a zipped document may hold (a long Word form has about 30)."""
MAX_UNPACKED = 200 * 1024 * 1024
"""Most bytes a zipped document may unpack to."""
MAX_RATIO = 200
"""Most a part may be compressed (XML compresses about 10 to 1; a zip bomb a million to 1)."""


def words(text: str) -> frozenset[str]:
    """The words of *text*: long lists of names are easier to read as words."""
    return frozenset(text.split())


LINK_SCHEMES = ("https:", "http:", "mailto:")
"""Where a link in a document may lead: a web page or an e-mail address."""


class Refused(Exception):
    """The document cannot be published; the message says why and what to do."""


# -- zipped documents -----------------------------------------------------------------------------------


_CHUNK = 1 << 16


class _Parts:
    """The parts of a zip, each read once, in chunks, counted against the bounds as it is unpacked.

    Nothing is held whole: XML parts are fed to their parser chunk by chunk and
    other parts (pictures) are only counted, so a zip bomb is refused after at
    most :data:`MAX_RATIO` times its compressed size, in constant memory.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        if len(self.infos) > MAX_PARTS:
            raise Refused(
                f"holds {len(self.infos):,} parts, more than a document has ({MAX_PARTS:,} at most); save it again"
            )
        self.total = 0

    def chunks(self, name: str) -> Iterator[bytes]:
        info = self.infos[name]
        allowed = max(info.compress_size, 1) * MAX_RATIO + 4096
        read = 0
        with self.archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                read += len(chunk)
                self.total += len(chunk)
                if self.total > MAX_UNPACKED:
                    raise Refused(f"unpacks to more than {MAX_UNPACKED // 2**20} MB; save it again with less in it")
                if read > allowed:
                    raise Refused(f"has a part ({name}) compressed more than {MAX_RATIO} to 1, like a zip bomb")
                yield chunk

    def read(self, name: str) -> bytes:
        return b"".join(self.chunks(name)) if name in self.infos else b""

    def count(self, name: str) -> None:
        for _ in self.chunks(name):
            pass


class _Xml:
    """One XML part read with expat: no DOCTYPE, no entities; optional element and text handlers."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._doctype

    def _doctype(self, *args: object) -> None:
        raise Refused(
            f"has a DOCTYPE in {self.name}, which can make the program that opens it fetch other files; "
            "save it again from Word, Excel or LibreOffice"
        )

    def parse(self, data: bytes | Iterable[bytes]) -> None:
        try:
            for chunk in [data] if isinstance(data, bytes) else data:
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError:
            raise Refused(f"has a damaged part ({self.name}); save it again") from None


_PACKAGE = "http://schemas.openxmlformats.org/package/2006/"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OOXML_TYPES = re.compile(
    r"application/vnd\.openxmlformats-officedocument\."
    r"(wordprocessingml|spreadsheetml|drawingml|theme|themeOverride|extended-properties|custom-properties|"
    r"customXmlProperties|vmlDrawing|obfuscatedFont)[.+]"
    r"|application/vnd\.openxmlformats-package\.(core-properties|relationships)\+xml"
    r"|application/vnd\.ms-(word\.stylesWithEffects|office\.chartstyle|office\.chartcolorstyle)\+xml"
    r"|application/xml|text/xml|image/(png|jpeg|gif|bmp|tiff|x-emf|x-wmf|svg\+xml)|application/x-fontdata"
    r"|application/x-font-ttf|application/vnd\.openxmlformats-officedocument\.spreadsheetml\.printerSettings"
)
"""Content types of the parts a Word or Excel document may hold."""
_OOXML_REFUSED = re.compile(
    r"(macroEnabled|vbaProject|vbaData|activeX|oleObject|externalLink|\.package|keyMapCustomizations|"
    r"attachedToolbars|webextension|control)",
    re.IGNORECASE,
)
"""Within the families above, what runs code or reaches outside: refused all the same, with a plain name."""
_DANGER_WORDS = (
    ("vba", "macros"),
    ("macro", "macros"),
    ("activex", "ActiveX controls"),
    ("oleobject", "an embedded program object (OLE)"),
    ("embeddings/", "an embedded document or program object"),
    ("externallink", "a link to another workbook, which sends Windows sign-in details when opened"),
    ("keymapcustomizations", "macros"),
    ("webextension", "an add-in that loads a web page"),
    ("control", "ActiveX controls"),
)
_LINK_TYPES = {"hyperlink"}
"""The one kind of relationship that may leave the document: a link the reader clicks."""
_WORD_FIELDS = words(
    """
    PAGE NUMPAGES SECTIONPAGES SECTION DATE TIME CREATEDATE SAVEDATE PRINTDATE EDITTIME TOC TC TOA TA XE INDEX
    HYPERLINK REF PAGEREF NOTEREF SEQ STYLEREF FORMTEXT FORMCHECKBOX FORMDROPDOWN SYMBOL EQ IF = QUOTE TITLE
    AUTHOR SUBJECT KEYWORDS COMMENTS DOCPROPERTY NUMWORDS NUMCHARS LISTNUM AUTONUM AUTONUMLGL AUTONUMOUT
    BIDIOUTLINE ADVANCE GOTOBUTTON BARCODE DISPLAYBARCODE MERGEFIELD MERGEREC MERGESEQ NEXT NEXTIF SKIPIF SET
    ASK FILLIN USERNAME USERINITIALS LASTSAVEDBY REVNUM PRIVATE SHAPE BIBLIOGRAPHY CITATION ADDRESSBLOCK
    GREETINGLINE COMPARE
    """
)
"""Word fields that show or compute text; not DDE, DDEAUTO, INCLUDETEXT, INCLUDEPICTURE, LINK, IMPORT, EMBED,
MACROBUTTON, DATABASE, which run programs or fetch files when the document opens."""
_FORMULA_CALLS = re.compile(r"\b(WEBSERVICE|RTD|CALL|REGISTER(\.ID)?|EXEC|IMAGE|FILTERXML)\s*\(", re.IGNORECASE)
_DDE = re.compile(r"(^|[=+\-*/(,;&])\s*'?[A-Za-z0-9_.]+'?\|")
"""A formula that starts another program (``=cmd|' /c calc'!A1``)."""


def office_problem(path: Path, suffix: str) -> str | None:
    """Why a zipped Word, Excel or OpenDocument file may not be published, or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = _Parts(archive)
            if suffix in (".odt", ".ods"):
                _check_odf(parts)
            else:
                _check_ooxml(parts)
    except Refused as refused:
        return str(refused)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError, zlib.error):
        return "is a damaged zip; save it again from Word, Excel or LibreOffice"
    return None


def _named_danger(name: str) -> str | None:
    folded = name.lower()
    return next((what for word, what in _DANGER_WORDS if word in folded), None)


def _save_without(what: str) -> str:
    return f"has {what}; save it again without it (in Word or Excel: File › Save As, a .docx or .xlsx document)"


def _check_ooxml(parts: _Parts) -> None:
    for name in parts.infos:
        danger = _named_danger(name)
        if danger:
            raise Refused(_save_without(danger))
    defaults, overrides = _content_types(parts.read("[Content_Types].xml") or b"<Types/>")
    for name in parts.infos:
        kind = overrides.get("/" + name.lower()) or defaults.get(PurePosixPath(name).suffix.lower().lstrip("."))
        if kind is not None and (not _OOXML_TYPES.match(kind) or _OOXML_REFUSED.search(kind)):
            raise Refused(_save_without(_named_danger(kind) or f"a part of the kind {kind}"))
        if name == "[Content_Types].xml":
            continue
        if name.endswith(".rels"):
            _check_relationships(name, parts.chunks(name))
        elif name.endswith(".xml") or (kind and kind.endswith("xml")):
            _check_part(name, parts.chunks(name))
        else:
            parts.count(name)


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    reader = _Xml("[Content_Types].xml")

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "Default":
            defaults[attributes.get("Extension", "").lower()] = attributes.get("ContentType", "")
        elif local == "Override":
            overrides[attributes.get("PartName", "").lower()] = attributes.get("ContentType", "")

    reader.parser.StartElementHandler = start
    reader.parse(data)
    for kind in (*defaults.values(), *overrides.values()):
        if _OOXML_REFUSED.search(kind):
            raise Refused(_save_without(_named_danger(kind) or f"a part of the kind {kind}"))
    return defaults, overrides


def _check_relationships(name: str, data: Iterable[bytes]) -> None:
    reader = _Xml(name)

    def start(element: str, attributes: dict[str, str]) -> None:
        if element.rpartition(" ")[2] != "Relationship" or attributes.get("TargetMode", "").lower() != "external":
            return
        kind = attributes.get("Type", "").rpartition("/")[2]
        target = attributes.get("Target", "")
        if kind in _LINK_TYPES and target.lower().startswith(LINK_SCHEMES):
            return
        if kind == "attachedTemplate":
            what = f"a template on another computer ({target[:60]}), fetched when the document is opened"
        elif kind in ("externalLinkPath", "externalLink"):
            what = f"a link to another workbook ({target[:60]}), which sends Windows sign-in details when opened"
        else:
            what = f"a link of the kind {kind} to {target[:60]}, followed when the document is opened"
        raise Refused(_save_without(what))

    reader.parser.StartElementHandler = start
    reader.parse(data)


def _check_part(name: str, data: Iterable[bytes]) -> None:
    """An XML part: no DOCTYPE; in Word, only fields that show text; in Excel, no formula that reaches outside."""
    reader = _Xml(name)
    if name.startswith("word/"):
        _watch_fields(reader)
    elif name.startswith("xl/worksheets/"):
        _watch_formulas(reader)
    reader.parse(data)


def _refuse_field(instruction: str) -> None:
    words = instruction.split()
    field = words[0].upper() if words else ""
    if field and field not in _WORD_FIELDS and not field.startswith("="):
        raise Refused(_save_without(f"a field {field} that runs a program or fetches a file when it is opened"))


def _watch_fields(reader: _Xml) -> None:
    instruction: list[str] = []
    state = {"in": False}

    def start(element: str, attributes: dict[str, str]) -> None:
        local = element.rpartition(" ")[2]
        if local == "fldSimple":
            _refuse_field(next((v for k, v in attributes.items() if k.endswith(" instr")), ""))
        elif local == "fldChar":
            kind = next((v for k, v in attributes.items() if k.endswith(" fldCharType")), "")
            if kind == "begin":
                instruction.clear()
            elif kind in ("separate", "end") and instruction:
                _refuse_field("".join(instruction))
                instruction.clear()
        state["in"] = local == "instrText"

    def end(element: str) -> None:
        state["in"] = False

    def text(data: str) -> None:
        if state["in"]:
            instruction.append(data)

    reader.parser.StartElementHandler = start
    reader.parser.EndElementHandler = end
    reader.parser.CharacterDataHandler = text


def _watch_formulas(reader: _Xml) -> None:
    formula: list[str] = []
    state = {"in": False}

    def start(element: str, attributes: dict[str, str]) -> None:
        state["in"] = element.rpartition(" ")[2] == "f"
        formula.clear()

    def end(element: str) -> None:
        if state["in"]:
            text = "".join(formula)
            if _DDE.search(text) or _FORMULA_CALLS.search(text):
                raise Refused(_save_without(f"a formula that starts another program or reads the web ({text[:40]})"))
        state["in"] = False

    def text(data: str) -> None:
        if state["in"]:
            formula.append(data)

    reader.parser.StartElementHandler = start
    reader.parser.EndElementHandler = end
    reader.parser.CharacterDataHandler = text


_ODF_PARTS = re.compile(
    r"(mimetype|content\.xml|styles\.xml|meta\.xml|settings\.xml|manifest\.rdf|META-INF/manifest\.xml|"
    r"Thumbnails/thumbnail\.png|Pictures/[^/]+|Configurations2/.*|layout-cache)\Z"
)
"""The parts of an OpenDocument text or spreadsheet: its XML, pictures and the program's settings."""
_ODF_SCRIPT = "urn:oasis:names:tc:opendocument:xmlns:script:1.0"
_ODF_ACTIVE = {"object", "applet", "plugin", "event-listeners", "section-source", "dde-source", "dde-connection-decl"}
_XLINK = "http://www.w3.org/1999/xlink"


def _check_odf(parts: _Parts) -> None:
    for name in parts.infos:
        if not _ODF_PARTS.match(name):
            top = name.split("/")[0]
            if top in ("Basic", "Scripts"):
                what = "macros"
            elif top.startswith("Object"):
                what = "an embedded object"
            else:
                what = f"a part {name}"
            raise Refused(f"has {what}; save it again without it (in LibreOffice: File › Save As)")
    for name in parts.infos:
        if name.endswith((".xml", ".rdf")):
            reader = _Xml(name)
            reader.parser.StartElementHandler = _odf_element
            reader.parse(parts.chunks(name))
        else:
            parts.count(name)


def _odf_element(element: str, attributes: dict[str, str]) -> None:
    namespace, _, local = element.rpartition(" ")
    if namespace == _ODF_SCRIPT or local in _ODF_ACTIVE:
        raise Refused(
            f"has <{local}>, which runs a macro or opens another file; save it again without it "
            "(in LibreOffice: File › Save As)"
        )
    href = attributes.get(f"{_XLINK} href")
    if href is not None and not (href.startswith(("#", "./", "Pictures/")) or href.lower().startswith(LINK_SCHEMES)):
        raise Refused(
            f"links to {href[:60]}, which the program that opens it would fetch; save it again with the "
            "file embedded (in LibreOffice: Edit › Links to External Files › Break Link)"
        )


# -- Word and Excel 97–2003 ------------------------------------------------------------------------------------

_OLE_ALLOWED = {
    ".doc": {
        "worddocument",
        "0table",
        "1table",
        "data",
        "\x01compobj",
        "\x01ole",
        "\x05summaryinformation",
        "\x05documentsummaryinformation",
        "msodatastore",
    },
    ".xls": {
        "workbook",
        "book",
        "\x01compobj",
        "\x01ole",
        "\x05summaryinformation",
        "\x05documentsummaryinformation",
        "msodatastore",
    },
}
"""The streams and storages at the top of a Word or Excel 97–2003 document."""
_OLE_MAIN = {".doc": ({"worddocument"}, "a Word 97–2003"), ".xls": ({"workbook", "book"}, "an Excel 97–2003")}


def ole_problem(path: Path, suffix: str) -> str | None:
    """Why a Word or Excel 97–2003 document may not be published (macros, embedded objects), or None."""
    import olefile  # only for .doc and .xls

    try:
        with olefile.OleFileIO(str(path)) as ole:
            top = {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, TypeError, OverflowError):
        return "is a damaged Office 97–2003 file; save it again (better as .docx or .xlsx)"
    main, kind = _OLE_MAIN[suffix]
    if not top & main:
        return f"is not {kind} file; save or export it again as {suffix}"
    for name in sorted(top - _OLE_ALLOWED[suffix]):
        if name in ("macros", "_vba_project_cur", "vba", "_vba_project"):
            what = "macros"
        elif name == "objectpool" or name.startswith("mbd"):
            what = "an embedded program object (OLE)"
        elif name == "ctls":
            what = "ActiveX controls"
        elif name.startswith("\x06"):
            what = "protected (encrypted) content"
        else:
            what = f"a part named {name!r} that such a document does not need"
        return f"has {what}; save it again without it (better as .docx or .xlsx)"
    return None
