"""Files an attacker with an editor's account could upload, made here byte by byte (nothing is stored in git).

Each builder makes a small file a real program opens: a PDF (pikepdf), Word and
Excel documents (zips of the parts Word and Excel write), an OpenDocument text,
and Word and Excel 97–2003 files (OLE2 compound files, written by
:func:`compound_file`). Options add what the hostile corpus needs: JavaScript,
a launch action, an embedded file, macros, a remote template, an external
workbook link, a DOCTYPE, an OLE object, a DDE field.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pikepdf

# -- PDF ---------------------------------------------------------------------------------------------------


def pdf(
    *,
    javascript: str | None = None,
    launch: str | None = None,
    embedded: bytes | None = None,
    attachment: bool = False,
    page_action: bool = False,
    go_to: bool = False,
) -> bytes:
    """A one-page PDF, with what it is asked to carry; deterministic bytes."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    root = document.Root
    if go_to:  # open at the first page, fitted: a harmless action many PDFs have
        root.OpenAction = pikepdf.Array([document.pages[0].obj, pikepdf.Name.Fit])
    if javascript is not None:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String(javascript))
        root.OpenAction = document.make_indirect(action)
        tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), document.make_indirect(action)]))
        root.Names = pikepdf.Dictionary(JavaScript=tree)
    if launch is not None:
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=pikepdf.Array([0, 0, 595, 842]),
            A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String(launch)),
        )
        document.pages[0].obj.Annots = pikepdf.Array([document.make_indirect(link)])
    if embedded is not None:
        stream = document.make_stream(embedded)
        stream.Type = pikepdf.Name.EmbeddedFile
        spec = pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec, F=pikepdf.String("hoa-don.exe"), EF=pikepdf.Dictionary(F=stream)
        )
        names = root.get("/Names", pikepdf.Dictionary())
        names.EmbeddedFiles = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), spec]))
        root.Names = names
        if attachment:
            annotation = pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.FileAttachment,
                Rect=pikepdf.Array([10, 10, 30, 30]),
                FS=spec,
            )
            annots = document.pages[0].obj.get("/Annots", pikepdf.Array())
            annots.append(document.make_indirect(annotation))
            document.pages[0].obj.Annots = annots
    if page_action:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        document.pages[0].obj.AA = pikepdf.Dictionary(O=action)
    out = io.BytesIO()
    document.save(out, deterministic_id=True)
    return out.getvalue()


# -- Word, Excel, OpenDocument (zips) -------------------------------------------------------------------------

_TYPES_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
)
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _relationships(*items: tuple[str, str, str, bool]) -> str:
    """A relationships part: (id, type, target, external) each."""
    body = "".join(
        f'<Relationship Id="{rid}" Type="{_OFFICE}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">{body}</Relationships>'


def _zip(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def docx(
    text: str = "Tờ khai",
    *,
    remote_template: str | None = None,
    macros: bool = False,
    doctype: bool = False,
    ole_object: bool = False,
    field: str | None = None,
    link: str | None = None,
) -> bytes:
    """A Word document with one paragraph, and what it is asked to carry."""
    main_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    if macros:
        main_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    types = _TYPES_HEAD + f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
    runs = f"<w:r><w:t>{text}</w:t></w:r>"
    if field:
        runs += (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {field} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
    prolog = '<?xml version="1.0" encoding="UTF-8"?>'
    if doctype:
        prolog += '<!DOCTYPE w:document [<!ENTITY x SYSTEM "http://tai-lieu.example/theo-doi">]>'
    document = f'{prolog}<w:document xmlns:w="{_W}"><w:body><w:p>{runs}</w:p></w:body></w:document>'
    document_rels: list[tuple[str, str, str, bool]] = []
    parts: dict[str, str | bytes] = {}
    if link:
        document_rels.append(("rId9", "hyperlink", link, True))
    if macros:
        types += '<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        document_rels.append(("rId2", "vbaProject", "vbaProject.bin", False))
        parts["word/vbaProject.bin"] = compound_file({"VBA/dir": b"\x01" * 64, "PROJECT": b"Module=Module1\r\n"})
    if ole_object:
        types += '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
        document_rels.append(("rId3", "oleObject", "embeddings/oleObject1.bin", False))
        parts["word/embeddings/oleObject1.bin"] = compound_file({"\x01Ole10Native": b"MZ" + b"\0" * 62})
    if remote_template:
        types += (
            '<Override PartName="/word/settings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
        )
        document_rels.append(("rId4", "settings", "settings.xml", False))
        parts["word/settings.xml"] = (
            f'<w:settings xmlns:w="{_W}"><w:attachedTemplate r:id="rId1" xmlns:r="{_OFFICE}"/></w:settings>'
        )
        parts["word/_rels/settings.xml.rels"] = _relationships(("rId1", "attachedTemplate", remote_template, True))
    return _zip(
        {
            "[Content_Types].xml": types + "</Types>",
            "_rels/.rels": _relationships(("rId1", "officeDocument", "word/document.xml", False)),
            "word/document.xml": document,
            "word/_rels/document.xml.rels": _relationships(*document_rels),
            **parts,
        }
    )


def xlsx(*, external_workbook: str | None = None, formula: str | None = None) -> bytes:
    """An Excel workbook with one sheet, and what it is asked to carry."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    types = (
        _TYPES_HEAD + '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    cell = f'<c r="A1"><f>{formula}</f></c>' if formula else '<c r="A1" t="inlineStr"><is><t>Họ tên</t></is></c>'
    rels = [("rId1", "worksheet", "worksheets/sheet1.xml", False)]
    parts: dict[str, str | bytes] = {}
    if external_workbook:
        types += (
            '<Override PartName="/xl/externalLinks/externalLink1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
        )
        rels.append(("rId2", "externalLink", "externalLinks/externalLink1.xml", False))
        parts["xl/externalLinks/externalLink1.xml"] = (
            f'<externalLink xmlns="{main}"><externalBook r:id="rId1" xmlns:r="{_OFFICE}"/></externalLink>'
        )
        parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = _relationships(
            ("rId1", "externalLinkPath", external_workbook, True)
        )
    return _zip(
        {
            "[Content_Types].xml": types + "</Types>",
            "_rels/.rels": _relationships(("rId1", "officeDocument", "xl/workbook.xml", False)),
            "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{_OFFICE}"><sheets>'
            '<sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
            "xl/_rels/workbook.xml.rels": _relationships(*rels),
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1">{cell}</row>'
            "</sheetData></worksheet>",
            **parts,
        }
    )


def odt(*, macro: bool = False, linked: str | None = None) -> bytes:
    """An OpenDocument text, with a Basic macro bound to opening it, or a picture linked from elsewhere."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    body = "<text:p>Tờ khai</text:p>"
    if linked:
        body += (
            '<draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">'
            f'<draw:image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="{linked}"/></draw:frame>'
        )
    parts: dict[str, str | bytes] = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": f'<office:document-content xmlns:office="{office}" xmlns:text="{text}">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>",
        "META-INF/manifest.xml": '<m:manifest xmlns:m="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
    }
    if macro:
        parts["Basic/Standard/Module1.xml"] = '<script:module xmlns:script="http://openoffice.org/2000/script"/>'
    return _zip(parts)


def zip_bomb(suffix: str = ".docx") -> bytes:
    """A Word document one of whose parts unpacks from a few hundred kilobytes to a gigabyte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _TYPES_HEAD + "</Types>")
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{_W}"/>')
        with archive.open("word/media/nen.png", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                part.write(chunk)
    return buffer.getvalue()


# -- Word and Excel 97–2003 (OLE2 compound files) ------------------------------------------------------------

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file holding *streams* (``"Macros/VBA"`` makes a storage ``Macros`` with a stream ``VBA``).

    Each stream is stored in whole sectors of at least 4,096 bytes (so no mini stream is needed); siblings are
    chained to the right, which readers accept as a (degenerate) tree.
    """
    entries: list[dict[str, object]] = [{"name": "Root Entry", "type": 5, "children": []}]
    storages: dict[str, int] = {"": 0}
    for path, data in streams.items():
        parent = ""
        for part in path.split("/")[:-1]:
            key = f"{parent}/{part}" if parent else part
            if key not in storages:
                storages[key] = len(entries)
                entries.append({"name": part, "type": 1, "children": []})
                entries[storages[parent]]["children"].append(storages[key])  # type: ignore[attr-defined]
            parent = key
        index = len(entries)
        entries.append({"name": path.split("/")[-1], "type": 2, "data": data.ljust(4096, b"\0"), "size": len(data)})
        entries[storages[parent]]["children"].append(index)  # type: ignore[attr-defined]
    # Sectors: streams first, then the directory, then the FAT.
    sectors: list[bytes] = []
    chains: list[int] = []
    for entry in entries:
        if entry["type"] == 2:
            stream = entry["data"]
            assert isinstance(stream, bytes)
            entry["start"] = len(sectors)
            count = len(stream) // _SECTOR
            for n in range(count):
                sectors.append(stream[n * _SECTOR : (n + 1) * _SECTOR])
                chains.append(len(sectors) if n < count - 1 else _END)
    directory = b"".join(_entry(entry, entries) for entry in entries)
    directory = directory.ljust(-(-len(directory) // _SECTOR) * _SECTOR, b"\0")
    directory_start = len(sectors)
    for n in range(len(directory) // _SECTOR):
        sectors.append(directory[n * _SECTOR : (n + 1) * _SECTOR])
        chains.append(len(sectors) if n < len(directory) // _SECTOR - 1 else _END)
    fat_start = len(sectors)
    fat_sectors = -(-(len(chains) + 1) // (_SECTOR // 4))
    chains += [_FAT] * fat_sectors
    fat = b"".join(struct.pack("<I", value) for value in chains)
    fat = fat.ljust(fat_sectors * _SECTOR, b"\xff")
    difat = [fat_start + n for n in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIII", 0, fat_sectors, directory_start, 0, 4096, _END, 0, _END)
        + struct.pack("<I", 0)
        + b"".join(struct.pack("<I", value) for value in difat)
    )
    return header + b"".join(sectors) + fat


def _entry(entry: dict[str, object], entries: list[dict[str, object]]) -> bytes:
    name = str(entry["name"]).encode("utf-16-le") + b"\0\0"
    children = entry.get("children") or []
    assert isinstance(children, list)
    child = children[0] if children else _FREE
    sibling = _FREE
    for siblings in (e.get("children") for e in entries):
        if isinstance(siblings, list) and entries.index(entry) in siblings:
            position = siblings.index(entries.index(entry))
            sibling = siblings[position + 1] if position + 1 < len(siblings) else _FREE
    start = int(entry.get("start", _END))  # type: ignore[call-overload]
    size = int(entry.get("size", 0))  # type: ignore[call-overload]
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name), int(entry["type"]), 1)  # type: ignore[call-overload]
        + struct.pack("<III", _FREE, sibling, child)
        + b"\0" * 16
        + b"\0" * 4
        + b"\0" * 16
        + struct.pack("<IIHH", start, size, 0, 0)
    )


def doc(*, macros: bool = False, ole_object: bool = False) -> bytes:
    """A Word 97–2003 document's containers (its text is not needed for the checks), with macros or an object."""
    streams = {"WordDocument": b"\xec\xa5" + b"\0" * 510, "1Table": b"\0" * 64, "\x05SummaryInformation": b"\0" * 48}
    if macros:
        streams["Macros/VBA/dir"] = b"\x01" * 64
    if ole_object:
        streams["ObjectPool/_1234/\x01Ole10Native"] = b"MZ" + b"\0" * 62
    return compound_file(streams)


def xls(*, macros: bool = False) -> bytes:
    streams = {"Workbook": b"\x09\x08" + b"\0" * 62}
    if macros:
        streams["_VBA_PROJECT_CUR/VBA/dir"] = b"\x01" * 64
    return compound_file(streams)
