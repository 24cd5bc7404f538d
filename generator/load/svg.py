"""SVG images rebuilt from what a picture needs, or refused: an SVG opened on its own is a document.

A browser opening ``/anh/so-do.svg`` runs what it holds with the site's origin:
scripts, event handlers, ``<foreignObject>`` HTML, links to ``javascript:``,
animations that set such a link, and an XSLT stylesheet named by a processing
instruction, which can write a ``<script>`` of its own. So an image is not
scanned for what is known to be bad: it is parsed (expat, with no DOCTYPE, no
entity and no processing instruction accepted) and written again from an
allow-list of SVG elements and attributes. What may run code or load anything
from elsewhere is refused with its line, so the editor knows; what a drawing
program adds for itself (Inkscape's or Illustrator's metadata, comments) is
left out silently; only a reference inside the image (``href="#gradient"``) or
an embedded raster image (``data:image/png;base64,…``) may be named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
XHTML = "http://www.w3.org/1999/xhtml"
XSLT = "http://www.w3.org/1999/XSL/Transform"


def _words(text: str) -> frozenset[str]:
    """The words of *text*: long lists of names are easier to read as words."""
    return frozenset(text.split())


ELEMENTS = _words(
    """
    svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker image a style switch filter feBlend
    feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
    feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode
    feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    """
)
"""Static drawing: shapes, text, paint servers, clipping, masks, filters. No script, no animation (``<set>`` can
write a ``javascript:`` link), no ``<foreignObject>``, no ``<feImage>`` (it loads a file)."""
ATTRIBUTES = _words(
    """
    id class style transform viewBox preserveAspectRatio width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d
    points pathLength fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility
    clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits filter filterUnits primitiveUnits
    gradientUnits gradientTransform spreadMethod offset stop-color stop-opacity patternUnits patternContentUnits
    patternTransform markerWidth markerHeight markerUnits refX refY orient marker-start marker-mid marker-end
    font-family font-size font-weight font-style font-variant font-stretch text-anchor dominant-baseline
    alignment-baseline baseline-shift letter-spacing word-spacing text-decoration writing-mode direction
    unicode-bidi dx dy rotate textLength lengthAdjust startOffset method spacing side version baseProfile in in2
    result stdDeviation mode operator k1 k2 k3 k4 values type tableValues slope intercept amplitude exponent
    flood-color flood-opacity lighting-color radius scale xChannelSelector yChannelSelector baseFrequency
    numOctaves seed stitchTiles order kernelMatrix divisor bias targetX targetY edgeMode preserveAlpha
    surfaceScale diffuseConstant specularConstant specularExponent kernelUnitLength azimuth elevation z
    pointsAtX pointsAtY pointsAtZ limitingConeAngle color-interpolation color-interpolation-filters
    shape-rendering text-rendering image-rendering overflow vector-effect paint-order mix-blend-mode isolation
    systemLanguage role aria-label aria-labelledby aria-describedby aria-hidden focusable lang tabindex href
    media
    """
)
"""Geometry, painting, text and filter attributes; never an event handler. ``href`` is checked by its value."""
_ALLOWED_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
_URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
_CSS_LOADS = re.compile(r"@import|\\|expression\s*\(|-moz-binding|behavior\s*:", re.IGNORECASE)
RUN = "save the image again without it (or export it as PNG)"
MAX_DEPTH = 200
"""Elements nested deeper than this are refused: nothing drawn needs it, and a deep tree costs every reader."""


@dataclass
class Result:
    """The image written again from the allow-list, or why it is refused (line, column, message)."""

    data: bytes = b""
    problems: list[tuple[int, int, str]] = field(default_factory=list)


class _Refused(Exception):
    pass


class _Rebuild:
    def __init__(self) -> None:
        self.parser = expat.ParserCreate(encoding=None, namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.ExternalEntityRefHandler = self._external
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.buffer_text = True
        self.out: list[str] = []
        self.problems: list[tuple[int, int, str]] = []
        self.stack: list[bool] = []
        """For each open element: whether it is written (an element left out leaves out what it holds)."""
        self.text_in: list[str] = []
        """The names of the written elements open now."""
        self.root_seen = False

    def _where(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def _refuse(self, message: str) -> None:
        self.problems.append((*self._where(), message))

    def _doctype(self, *args: object) -> None:
        self._refuse(f"has a DOCTYPE, which can declare entities and load other files; {RUN}")
        raise _Refused

    def _entity(self, *args: object) -> None:
        self._refuse(f"declares XML entities; {RUN}")
        raise _Refused

    def _external(self, *args: object) -> int:
        self._refuse(f"refers to an external entity; {RUN}")
        raise _Refused

    def _instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._refuse(f"has an XSLT stylesheet (<?xml-stylesheet …?>), which can write a script; {RUN}")
        else:
            self._refuse(f"has a processing instruction (<?{target} …?>); {RUN}")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        parent_written = all(self.stack)
        if len(self.stack) >= MAX_DEPTH:
            self._refuse(f"nests elements more than {MAX_DEPTH} levels deep; {RUN}")
            raise _Refused
        if not self.root_seen:
            self.root_seen = True
            if (namespace, local) != (SVG, "svg"):
                self._refuse(
                    "is not an SVG image: its first element is not <svg> in the SVG namespace; export it again as SVG"
                )
                raise _Refused
        written = parent_written and namespace == SVG and local in ELEMENTS
        if parent_written and not written:
            if namespace == SVG and local != "metadata":
                self._refuse(_element_message(local))
            elif namespace in (XHTML, XSLT):
                what = "a web page (XHTML)" if namespace == XHTML else "a stylesheet program (XSLT)"
                self._refuse(f"has <{local}> of {what}, which can run a script; {RUN}")
        self.stack.append(written)
        if not written:
            return
        kept = []
        for attribute, value in attributes.items():
            kept += self._attribute(local, attribute, value)
        first = "" if self.out else f' xmlns="{SVG}" xmlns:xlink="{XLINK}"'
        self.out.append(f"<{local}{first}{''.join(kept)}>")
        self.text_in.append(local)

    def _attribute(self, element: str, attribute: str, value: str) -> list[str]:
        namespace, _, local = attribute.rpartition(" ")
        if local.lower().startswith("on"):
            self._refuse(f"<{element} {local}=…> is an event handler, which would run code; {RUN}")
            return []
        if namespace == XSLT:
            self._refuse(f"<{element}> has xsl:{local}, which makes the image a stylesheet program (XSLT); {RUN}")
            return []
        if namespace == XLINK and local == "href":
            name = "xlink:href"
        elif namespace == XML and local in ("space", "lang"):
            return [f" xml:{local}={quoteattr(value)}"]
        elif namespace or local not in ATTRIBUTES:
            return []  # a drawing program's own (inkscape:, sodipodi:, data-*): not needed to draw
        else:
            name = local
        if local == "href":
            problem = _href_problem(element, value)
            if problem:
                self._refuse(f'{name}="{value[:60]}" on <{element}> {problem}; {RUN}')
                return []
        elif local == "style" or "url" in value.lower():
            problem = _css_problem(value)
            if problem:
                self._refuse(f'{name}="{value[:60]}" on <{element}> {problem}; {RUN}')
                return []
        return [f" {name}={quoteattr(value)}"]

    def _end(self, name: str) -> None:
        if self.stack.pop():
            self.out.append(f"</{self.text_in.pop()}>")

    def _text(self, data: str) -> None:
        if not self.stack or not all(self.stack):
            return
        if self.text_in and self.text_in[-1] == "style":
            problem = _css_problem(data)
            if problem:
                self._refuse(f"its <style> {problem}; {RUN}")
                return
        self.out.append(escape(data))


def _element_message(local: str) -> str:
    if local == "script":
        return f"has a <script>, which would run in readers' browsers; {RUN}"
    if local == "foreignObject":
        return f"has a <foreignObject>, whose web page would run in readers' browsers; {RUN}"
    if local in ("set", "animate", "animateTransform", "animateMotion", "animateColor"):
        return f"has an animation (<{local}>), which can change a link into a script; {RUN}"
    return f"has <{local}>, which an image published here may not hold (it may run or load something); {RUN}"


def _href_problem(element: str, value: str) -> str | None:
    plain = re.sub(r"\s", "", value)
    if plain.startswith("#") and len(plain) > 1:
        return None
    if element == "image" and _ALLOWED_DATA.match(value.strip()):
        return None
    if element == "a" and plain.lower().startswith("https://"):
        return None
    if element == "a":
        return "is not an https:// address, so it could run code or leave the image"
    if element == "image":
        return "names a file; an image inside an SVG must be embedded as PNG, JPEG, GIF or WebP data"
    return "names something outside the image (another file or address); only #names inside it may be used"


def _css_problem(css: str) -> str | None:
    if _CSS_LOADS.search(css):
        return "has a style that loads or hides something (@import, a backslash escape, expression)"
    for match in _URL.finditer(css):
        if not match.group(2).strip().startswith("#"):
            return "has a style that loads a file (url(…)); only url(#name) of something inside the image may be used"
    return None


def rebuild(data: bytes) -> Result:
    """The SVG image *data*, written again from the allow-list; or, with problems, refused."""
    builder = _Rebuild()
    try:
        builder.parser.Parse(data, True)
    except _Refused:
        pass
    except expat.ExpatError as error:
        return Result(problems=[(error.lineno, error.offset + 1, "is not a well-formed SVG image; export it again")])
    if builder.problems:
        return Result(problems=builder.problems)
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(builder.out) + "\n"
    return Result(text.encode("utf-8"))
