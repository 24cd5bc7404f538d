"""PDF/X-4 for a one-ink press: what the print pack does to a PDF after WeasyPrint has rendered it.

WeasyPrint writes the PDF/X-4 file (``pdf/x-4``: version 1.6, its XMP identification, the output intent
of ``templates/paper/press/intent.css``); it writes colours as RGB, as the stylesheets give them. A
handbook is printed with one ink, black, so here every colour becomes a grey (DeviceGray, which a press
prints on the black plate alone): text and rules ``0 g``, the table headings' light grey a tint of
black, never a four-colour black. Images become grey too, and a two-level image (a QR code, one pixel a
module) is enlarged pixel for pixel until it has at least :data:`MIN_PPI` at its printed size. Links
(nothing to click on paper) are dropped, and the dates are the content's, so the same content gives
the same file. :func:`inspect` reads a PDF back as a press operator's preflight does; the tests use it.
"""

from __future__ import annotations

import io
import math
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Name, Operator, Pdf
from PIL import Image

MIN_PPI = 300
"""The least resolution of an image at its printed size, in pixels an inch."""
PT = 72.0
"""Points in an inch."""
_RGB = {"rg": "g", "RG": "G"}
_CMYK = {"k": "g", "K": "G"}
_GREY = {"g", "G"}
_PAINT_SPACE = {"cs", "CS"}
_PAINT = {"sc": "cs", "scn": "cs", "SC": "CS", "SCN": "CS"}
_DEVICE = {"/DeviceRGB": 3, "/DeviceCMYK": 4, "/DeviceGray": 1}


def grey(values: list[float]) -> float:
    """The grey (0 black, 1 white) a press prints for an RGB or CMYK colour, with black alone."""
    if len(values) == 3:
        r, g, b = values
        return round(0.299 * r + 0.587 * g + 0.114 * b, 4)
    if len(values) == 4:
        c, m, y, k = values
        return round(max(0.0, 1 - min(1.0, k + (0.299 * c + 0.587 * m + 0.114 * y))), 4)
    return values[0]


def _numbers(operands: Sequence[object]) -> list[float] | None:
    if all(isinstance(v, (int, float, Decimal, pikepdf.Object)) and not isinstance(v, Name) for v in operands):
        try:
            return [float(v) for v in operands]  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return None


@dataclass
class Placement:
    """Where an image is drawn: its size on the page in points."""

    width: float
    height: float


def _black_only(instructions: Sequence[Any]) -> list[Any]:
    """The instructions with every colour written as a grey (inline images as they are)."""
    out: list[Any] = []
    spaces = {"cs": "/DeviceGray", "CS": "/DeviceGray"}
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            out.append(instruction)
            continue
        operands, op = list(instruction.operands), str(instruction.operator)
        if op in _RGB or op in _CMYK:
            values = _numbers(operands)
            if values is not None:
                out.append(([grey(values)], Operator(_RGB.get(op) or _CMYK[op])))
                continue
        if op in _PAINT_SPACE and operands and str(operands[0]) in _DEVICE:
            spaces[op] = "/DeviceGray"
            out.append(([Name.DeviceGray], Operator(op)))
            continue
        if op in _PAINT_SPACE:
            spaces[op] = str(operands[0]) if operands else ""
        if op in _PAINT and spaces[_PAINT[op]] == "/DeviceGray":
            values = _numbers(operands)
            if values is not None and len(values) in (3, 4):
                out.append(([grey(values)], Operator(op)))
                continue
        out.append((operands, Operator(op)))
    return out


def _streams(pdf: Pdf) -> Iterator[tuple[pikepdf.Object, pikepdf.Object]]:
    """Every content stream with its resources: pages, the forms and tiling patterns they draw, once each."""
    seen: set[tuple[int, int]] = set()
    pending: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    for page in pdf.pages:
        pending.append((page.obj, page.obj.get("/Resources", pikepdf.Dictionary())))
    while pending:
        owner, resources = pending.pop()
        if owner.is_indirect:
            if owner.objgen in seen:
                continue
            seen.add(owner.objgen)
        yield owner, resources
        for kind in ("/XObject", "/Pattern"):
            for item in resources.get(kind, pikepdf.Dictionary()).values():
                is_form = item.get("/Subtype") == Name.Form
                is_tiling = item.get("/PatternType") == 1
                if is_form or is_tiling:
                    pending.append((item, item.get("/Resources", pikepdf.Dictionary())))


def _rewrite(pdf: Pdf, owner: pikepdf.Object, instructions: Sequence[Any] | None = None) -> None:
    """Write *owner*'s content (a page's, a form's, a pattern's) again in greys; *instructions*: already parsed."""
    is_page = "/Type" in owner and owner.Type == Name.Page
    if instructions is None:
        instructions = pikepdf.parse_content_stream(pikepdf.Page(owner) if is_page else owner)
    data = pikepdf.unparse_content_stream(_black_only(instructions))
    if is_page:
        owner.Contents = pdf.make_stream(data)
    else:
        owner.write(data)


def _key(owner: pikepdf.Object) -> tuple[int, int]:
    return owner.objgen if owner.is_indirect else (-id(owner), 0)


def placements(pdf: Pdf, rewritten: set[tuple[int, int]] | None = None) -> dict[tuple[int, int], list[Placement]]:
    """The printed size of each image XObject wherever a page draws it (the transformation followed through
    ``q``, ``Q``, ``cm`` and forms), by the image's object id. With *rewritten*, also write each page's and
    form's content in greys as it is read (once each; their keys are added to *rewritten*)."""
    found: dict[tuple[int, int], list[Placement]] = {}

    def walk(content: pikepdf.Object, resources: pikepdf.Object, ctm: list[float]) -> None:
        stack: list[list[float]] = []
        is_page = "/Type" in content and content.Type == Name.Page
        instructions = pikepdf.parse_content_stream(pikepdf.Page(content) if is_page else content)
        if rewritten is not None and _key(content) not in rewritten:
            rewritten.add(_key(content))
            _rewrite(pdf, content, instructions)
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            op = str(instruction.operator)
            if op == "q":
                stack.append(ctm)
            elif op == "Q" and stack:
                ctm = stack.pop()
            elif op == "cm":
                ctm = _multiply([float(v) for v in instruction.operands], ctm)
            elif op == "Do":
                item = resources.get("/XObject", pikepdf.Dictionary()).get(str(instruction.operands[0]))
                if item is None:
                    continue
                if item.get("/Subtype") == Name.Image:
                    width, height = math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])
                    found.setdefault(item.objgen, []).append(Placement(width, height))
                elif item.get("/Subtype") == Name.Form:
                    matrix = [float(v) for v in item.get("/Matrix", Array([1, 0, 0, 1, 0, 0]))]
                    walk(item, item.get("/Resources", pikepdf.Dictionary()), _multiply(matrix, ctm))

    for page in pdf.pages:
        walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), [1, 0, 0, 1, 0, 0])
    return found


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def ppi(image: pikepdf.Object, placement: Placement) -> float:
    """The image's resolution where it is drawn (the lower of its two directions), pixels an inch."""
    across = float(image.Width) / max(placement.width / PT, 1e-9)
    down = float(image.Height) / max(placement.height / PT, 1e-9)
    return min(across, down)


@dataclass
class Pressed:
    """What :func:`press` did to a file, for its job ticket."""

    images: int = 0
    low_resolution: list[str] = field(default_factory=list)
    """Images under :data:`MIN_PPI` that could not be enlarged without blurring (photographs)."""


def _greyscale_images(pdf: Pdf, where: dict[tuple[int, int], list[Placement]], pressed: Pressed) -> None:
    for objgen, drawn in where.items():
        image = pdf.get_object(objgen)
        if image.get("/ImageMask", False):
            continue
        pil = pikepdf.PdfImage(image).as_pil_image()  # type: ignore[arg-type]  # an image XObject is a stream
        pil = pil.convert("L")
        two_level = sum(pil.histogram()[1:255]) == 0  # black and white only
        least = min(ppi(image, placement) for placement in drawn)
        scale = 1
        if least < MIN_PPI:
            if two_level:
                scale = math.ceil(MIN_PPI / least)
            else:
                pressed.low_resolution.append(f"{image.Width}×{image.Height} px at {least:.0f} ppi")
        if scale > 1:
            pil = pil.resize((pil.width * scale, pil.height * scale), Image.Resampling.NEAREST)
        if two_level:
            pil = pil.convert("1")
        image.write(_raw(pil), filter=Name.FlateDecode)
        image.Width, image.Height = pil.width, pil.height
        image.ColorSpace = Name.DeviceGray
        image.BitsPerComponent = 1 if two_level else 8
        for key in ("/DecodeParms", "/Decode", "/Interpolate"):  # the new pixels need none of these
            if key in image:
                del image[key]
        pressed.images += 1


def _raw(image: Image.Image) -> bytes:
    return zlib.compress(image.tobytes())


def press(data: bytes, updated: date) -> tuple[bytes, Pressed]:
    """The PDF/X-4 file *data* ready for a one-ink press: greys only, sharp two-level images, no links,
    dated *updated* (the day its content last changed)."""
    pdf = pikepdf.open(io.BytesIO(data))
    if "/OutputIntents" not in pdf.Root:
        raise ValueError("no output intent: the document does not link press/intent.css")
    pressed = Pressed()
    rewritten: set[tuple[int, int]] = set()
    where = placements(pdf, rewritten)  # pages and the forms they draw, read once: in greys, images measured
    for owner, _ in list(_streams(pdf)):  # tiling patterns, and anything no page draws
        if _key(owner) not in rewritten:
            _rewrite(pdf, owner)
    _greyscale_images(pdf, where, pressed)
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if annotations is not None:
            kept = [a for a in annotations if a.get("/Subtype") in (Name.PrinterMark, Name.TrapNet)]
            if kept:
                page.obj.Annots = Array(kept)
            else:
                del page.obj["/Annots"]
    stamp = f"{updated.isoformat()}T00:00:00+07:00"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            meta[key] = stamp
    pdf.docinfo[Name.CreationDate] = pdf.docinfo[Name.ModDate] = f"D:{updated:%Y%m%d}000000+07'00'"
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue(), pressed


@dataclass
class Preflight:
    """What a press operator's preflight reads from a file (:func:`inspect`)."""

    version: str
    """``PDF/X-4`` from the XMP, or empty."""
    output_intent: str
    """The output condition, or empty."""
    pages: int
    boxes: list[tuple[tuple[float, ...], tuple[float, ...]]]
    """Each page's TrimBox and BleedBox in mm, rounded to 0.1."""
    unembedded_fonts: list[str]
    colours: list[str]
    """Every operator that paints in a colour other than a grey, and every image not in grey."""
    least_ppi: float
    """The lowest resolution of an image at its printed size (inf without images)."""


@dataclass(frozen=True)
class Summary:
    """What a job ticket says of a file, read without its content: pages, trim, output intent."""

    pages: int
    trim_mm: tuple[float, float]
    """The first page's TrimBox, width and height in mm."""
    output_intent: str


def summary(data: bytes) -> Summary:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        x0, y0, x1, y1 = _mm(pdf.pages[0].trimbox)
        intents = pdf.Root.get("/OutputIntents", Array())
        intent = str(intents[0].get("/OutputConditionIdentifier", "")) if len(intents) else ""
        return Summary(len(pdf.pages), (round(x1 - x0, 1), round(y1 - y0, 1)), intent)


def inspect(source: bytes | pikepdf.Pdf) -> Preflight:
    """Read back what a preflight checks: PDF/X version, output intent, boxes, fonts, colours, resolution."""
    pdf = source if isinstance(source, Pdf) else pikepdf.open(io.BytesIO(source))
    with pdf.open_metadata() as meta:
        version = str(meta.get("pdfxid:GTS_PDFXVersion", ""))
    intents = pdf.Root.get("/OutputIntents", Array())
    intent = str(intents[0].get("/OutputConditionIdentifier", "")) if len(intents) else ""
    boxes = [(_mm(page.trimbox), _mm(page.bleedbox)) for page in pdf.pages]
    unembedded: list[str] = []
    colours: list[str] = []
    least = math.inf
    for owner, resources in _streams(pdf):
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            if not _embedded(font):
                unembedded.append(str(font.get("/BaseFont", "?")))
        content = pikepdf.Page(owner) if owner.get("/Type") == Name.Page else owner
        for instruction in pikepdf.parse_content_stream(content):
            op = str(instruction.operator)
            if op in ("rg", "RG", "k", "K", "sh") or (
                op in _PAINT_SPACE and str(instruction.operands[0]) != "/Pattern"
            ):
                if op in _PAINT_SPACE and str(instruction.operands[0]) == "/DeviceGray":
                    continue
                colours.append(f"{' '.join(str(v) for v in instruction.operands)} {op}")
    for objgen, drawn in placements(pdf).items():
        image = pdf.get_object(objgen)
        if not image.get("/ImageMask", False) and image.get("/ColorSpace") != Name.DeviceGray:
            colours.append(f"image in {image.get('/ColorSpace')}")
        least = min([least, *(ppi(image, placement) for placement in drawn)])
    return Preflight(version, intent, len(pdf.pages), boxes, sorted(set(unembedded)), colours, least)


def _embedded(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True
    if font.get("/Subtype") == Name.Type0:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _mm(box: pikepdf.Array) -> tuple[float, ...]:
    return tuple(round(float(v) / PT * 25.4, 1) for v in box)
