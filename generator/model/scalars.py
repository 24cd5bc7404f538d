"""The scalar types of the record format: each decides what the text an editor typed means.

Scalars arrive as the text the editor typed (see :mod:`generator.load.yamlsource`);
each type says plainly when it cannot make sense of it.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from generator.text import markdown

Loc = tuple[str | int, ...]
CODE_PATTERN = r"^[0-9]\.[0-9]{6}(\.[0-9A-Z]+)*$"
"""ASCII digits only: ``\\d`` would let a code in full-width or Arabic-Indic digits look like another."""
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 150
"""Longest slug: a page's folder name must fit the file system (255 bytes) with room to spare."""
FORM_ID_PATTERN = r"^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$"
FIELD_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
FORM_FILE_TYPES = (".docx", ".doc", ".odt", ".pdf", ".xlsx")
# Invisible characters that have no place in a record: controls (but tab and
# line feed), zero-width spaces and marks, line separators, bidirectional
# embeddings, overrides and isolates (which can make text read in another order
# than it is stored), the byte order mark; and what XML cannot hold at all (the
# feed, the sitemap), which a YAML escape can still write: "\uFFFE", "\uD800".
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]"
)
TEXT_MAX = 2_000
"""Longest plain text value (a title, a name, a note), in characters: the longest procedure title of the
national database is about 1,100."""
MARKDOWN_MAX = 10_000
"""Longest Markdown value (a step, a requirement), in characters: a few pages of text. Markdown's cost grows
faster than its length, so a limit keeps every build quick whatever a record holds."""


def _error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    """A problem with *message* formatted here (pydantic's own templates know no format specs)."""
    text = message.format(**context).replace("{", "(").replace("}", ")")
    return PydanticCustomError(kind, text)


def describe(value: Any) -> str:
    """How a value the editor wrote reads in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "keys and values"
    text = str(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


# --- scalar types -----------------------------------------------------------


def _text(value: Any, most: int = TEXT_MAX) -> str:
    if value is None:
        raise _error("empty", "is empty; write the text or remove the key")
    if not isinstance(value, str):
        raise _error("text", "expected text, got {got}", got=describe(value))
    text = value.strip()
    if not text:
        raise _error("empty", "is empty; write the text or remove the key")
    bad = _CONTROL.search(text)
    if bad:
        raise _error(
            "control", "contains the invisible control character U+{code:04X}; delete it", code=ord(bad.group())
        )
    if len(text) > most:
        message = "is {n:,} characters long; at most {most:,} fit here: shorten it, or split it into items"
        raise _error("length", message, n=len(text), most=most)
    return text


def _markdown(value: Any) -> str:
    text = _text(value, MARKDOWN_MAX)
    bad = [target for target in markdown.links(text) if not is_web_address(target)]
    if bad:
        listed = ", ".join(f'"{target}"' for target in bad)
        raise _error(
            "link",
            "{what} {listed} must start with https:// and name a website",
            what="link" if len(bad) == 1 else "links",
            listed=listed,
        )
    if markdown.too_deep(text):
        raise _error(
            "nesting",
            "nests lists more than {most} levels deep; the page would lose what is deeper: flatten the list",
            most=markdown.MAX_LIST_DEPTH,
        )
    return text


_HOST_LABEL = re.compile(r"^(?!-)[^\W_]+(-+[^\W_]+)*$")


def web_address_problem(text: str) -> str | None:
    """Why *text* is not a plain ``https://`` address of a named website, or ``None``.

    Browsers and Python must agree on the website an address leads to, so
    refused are: spaces and backslashes (browsers read
    ``https://evil.example\\@gov.vn`` as a page of evil.example, Python as one of
    gov.vn), a user name before the host (``https://gov.vn@evil.example`` leads
    to evil.example), and a host that is not dot-separated words.
    """
    if not text.lower().startswith("https://"):
        return "expected a web address starting with https://, got {got}"
    if any(c.isspace() for c in text):
        return "{got} contains a space; write the address without spaces"
    if "\\" in text:
        return "{got} contains a backslash; web addresses use / only"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "{got} is not a web address"
    if "@" in parts.netloc:
        return "{got} has a name and @ before the website; give the website's own address"
    labels = (parts.hostname or "").split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return "{got} does not name a website (such as dichvucong.gov.vn)"
    return None


def is_web_address(text: str) -> bool:
    return web_address_problem(text) is None


def _pattern(regex: str, what: str, example: str, max_length: int = 0) -> Any:
    compiled = re.compile(regex)

    def check(value: Any) -> str:
        text = _text(value)
        if max_length and len(text) > max_length:
            raise _error(
                "length", "is {n} characters long; a web address name has at most {most}", n=len(text), most=max_length
            )
        odd = next((c for c in text if c.isdigit() and not c.isascii()), None)
        if odd:
            raise _error(
                "digits",
                "{got} has the digit {odd} (U+{code:04X}), which only looks like one of 0–9; "
                "type it with the digits 0–9",
                got=describe(text),
                odd=odd,
                code=ord(odd),
            )
        if not compiled.match(text):
            raise _error(
                "pattern", "{got} is not {what} (like {example})", got=describe(text), what=what, example=example
            )
        return text

    return check


def _whole_number(value: Any) -> int:
    text = _text(value)
    if not text.isascii() or not text.isdigit():
        hint = text.replace(".", "").replace(",", "").replace(" ", "")
        fix = f"; write {hint} without separators" if hint.isascii() and hint.isdigit() else ""
        raise _error("whole", "expected a whole number, got {got}{fix}", got=describe(text), fix=fix)
    return int(text)


def _amount(value: Any) -> int:
    try:
        return _whole_number(value)
    except PydanticCustomError as error:
        message = error.message().replace("expected a whole number", "expected a whole number of đồng")
        raise _error("amount", message) from None


def _positive_number(value: Any) -> Decimal:
    text = _text(value)
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if not number.is_finite() or number <= 0 or not re.fullmatch(r"[0-9]+([.,][0-9]+)?", text):
        raise _error("number", "expected a number greater than 0, got {got}", got=describe(text))
    return number


def _flag(value: Any) -> bool:
    text = _text(value).lower()
    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    raise _error("flag", "expected true or false, got {got}", got=describe(value))


def _day(value: Any) -> date:
    text = _text(value)
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise _error("date", "expected a date written YYYY-MM-DD, got {got}", got=describe(text))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _error("date", "{got} is not a date that exists", got=describe(text)) from None


def _https_url(value: Any) -> str:
    text = _text(value)
    problem = web_address_problem(text)
    if problem:
        raise _error("url", problem, got=describe(text))
    return text


_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]*[0-9]$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _phone(value: Any) -> str:
    text = _text(value)
    digits = phone_digits(text)
    if not _PHONE.match(text) or not 3 <= len(digits) <= 15:
        raise _error(
            "phone",
            "{got} is not one telephone number; write digits with spaces or dots, like 0255 3822 345 or 113",
            got=describe(text),
        )
    return text


def phone_digits(text: str) -> str:
    """What a telephone dials: the digits of *text*, and a leading + (``tel:`` addresses)."""
    digits = "".join(c for c in text if c.isascii() and c.isdigit())
    return "+" + digits if text.startswith("+") else digits


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.match(text):
        raise _error("email", "{got} is not one e-mail address (like hoidap@congan.gov.vn)", got=describe(text))
    return text


Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1, "maxLength": TEXT_MAX})]
MarkdownText = Annotated[
    str,
    BeforeValidator(_markdown),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MARKDOWN_MAX, "contentMediaType": "text/markdown"}),
]
Code = Annotated[
    str,
    BeforeValidator(_pattern(CODE_PATTERN, "a procedure code", '"1.004222" or "1.000110.000.00.00.H01"')),
    WithJsonSchema({"type": "string", "pattern": CODE_PATTERN}),
]
Slug = Annotated[
    str,
    BeforeValidator(
        _pattern(SLUG_PATTERN, "a slug of lowercase ASCII words joined by -", '"dang-ky-thuong-tru"', SLUG_MAX)
    ),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX}),
]
FormId = Annotated[
    str,
    BeforeValidator(_pattern(FORM_ID_PATTERN, "a form symbol of letters and digits", '"CT01"')),
    WithJsonSchema({"type": "string", "pattern": FORM_ID_PATTERN}),
]
FieldId = Annotated[
    str,
    BeforeValidator(_pattern(FIELD_ID_PATTERN, "a lowercase ASCII identifier", '"ho_ten"')),
    WithJsonSchema({"type": "string", "pattern": FIELD_ID_PATTERN}),
]
Count = Annotated[int, BeforeValidator(_whole_number), WithJsonSchema({"type": "integer", "minimum": 0})]
Amount = Annotated[int, BeforeValidator(_amount), WithJsonSchema({"type": "integer", "minimum": 0})]
Number = Annotated[
    Decimal, BeforeValidator(_positive_number), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]
Day = Annotated[date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})]
HttpsUrl = Annotated[
    str, BeforeValidator(_https_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://"})
]
Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": "string", "pattern": _PHONE.pattern})]
Email = Annotated[str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]
