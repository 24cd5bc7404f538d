"""Vietnamese text: normal form, slugs, folding, collation, numbers and dates.

This is the one home of Vietnamese text handling; nothing else re-implements it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from datetime import date
from decimal import Decimal

# Tone marks in the order Vietnamese dictionaries sort them: ngang (none),
# huyền, hỏi, ngã, sắc, nặng.
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    """Return *text* in Unicode Normalization Form C (as editors' tools rarely do)."""
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Lowercase *text* and drop every diacritic, with ``đ`` folded to ``d``.

    ``"Đăng ký thường trú"`` → ``"dang ky thuong tru"``; either tone placement
    (``hoá``/``hóa``) and any normal form fold to the same string.
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


# Letters of other scripts that are drawn like a Latin letter (Unicode's confusables, TR39,
# for the Cyrillic and Greek letters that matter here): "Сư trú" with a Cyrillic С reads as
# "Cư trú" but is another name, with another web address.
_LOOK_ALIKES = str.maketrans(
    "аеорсухѕіјһԁԛԝӏкАВЕКМНОРСТХУЅІЈԌԚԜαορνικυχγΑΒΕΖΗΙΚΜΝΟΡΤΥΧϲϳ",
    "aeopcyxsijhdqwlkabekmhopctxysijgqwaopvikuxyabezhikmnoptyxcj",
)


def look_alike_key(text: str) -> str:
    """What *text* looks like: compatibility forms (full-width ``Ｃ``) and look-alike letters of other
    scripts become the Latin letter they imitate, case and spaces are ignored.

    Two names with the same key read the same to a citizen; a catalogue keeps one.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_LOOK_ALIKES).casefold()
    return " ".join(unicodedata.normalize("NFC", folded).split())


def canonical_tones(text: str) -> str:
    """*text* lowercased, with each word's tone mark moved to the word's end.

    Both tone placements then read the same (``hoá`` and ``hóa``, ``thuỷ``
    and ``thủy``) while different tones stay different (``ma``, ``mà``, ``mã``).
    The search script in the browser does exactly the same.
    """
    words = []
    for word in re.split(r"([^\w\u0300-\u036f]+)", unicodedata.normalize("NFD", text.lower())):
        tones = [c for c in word if c in _TONE_ORDER]
        bare = "".join(c for c in word if c not in _TONE_ORDER)
        words.append(bare + "".join(tones[:1]))
    return unicodedata.normalize("NFC", "".join(words))


@functools.lru_cache(maxsize=8192)
def slugify(text: str, limit: int = 0) -> str:
    """Return the URL slug of *text*: lowercase ASCII words joined by ``-``.

    With a *limit*, a longer slug keeps the whole words that fit and ends with
    six hex digits of its hash, so two long names that differ only at the end
    ("..., Công an tỉnh A" and "..., Công an tỉnh B") keep different addresses.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", fold_diacritics(text)).strip("-")
    if limit and len(slug) > limit:
        digest = hashlib.sha1(slug.encode()).hexdigest()[:6]
        cut = slug[: limit - len(digest)]
        cut = cut[: cut.rfind("-")] if "-" in cut else cut[: limit - len(digest) - 1]
        slug = f"{cut}-{digest}"
    return slug


def _letter_key(char: str) -> tuple[int, int]:
    """Rank of one NFC character: (its letter in the alphabet, its tone)."""
    parts = unicodedata.normalize("NFD", char)
    tone = 0
    letter = ""
    for part in parts:
        if part in _TONE_ORDER:
            tone = _TONE_ORDER[part]
        else:
            letter += part
    letter = unicodedata.normalize("NFC", letter)
    rank = _LETTER_RANK.get(letter)
    if rank is None:
        rank = 100 + ord(letter[0]) if letter else 0
    return rank, tone


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese dictionary order: letters first, tones second."""
    keys = [_letter_key(c) for c in nfc(text.lower())]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


OTHER_INITIAL = "#"
"""Where :func:`initial` files a title that begins with no letter A–Z, Đ or digit (Ω, Я, 中)."""


def initial(text: str) -> str:
    """The letter *text* files under in an A–Z list: ``Đ`` stays apart from ``D``;
    ``Ă``/``Â`` file under ``A`` as readers look for them; a letter of another
    alphabet under :data:`OTHER_INITIAL`."""
    for char in nfc(text.strip()):
        if char.isalnum():
            if char.lower() == "đ":
                return "Đ"
            folded = fold_diacritics(unicodedata.normalize("NFKC", char)).upper()
            return folded if re.fullmatch(r"[A-Z0-9]", folded) else OTHER_INITIAL
    return OTHER_INITIAL


def group_digits(number: int) -> str:
    """``20000`` → ``"20.000"`` (Vietnamese uses a dot between thousands)."""
    return f"{number:,}".replace(",", ".")


def format_number(value: Decimal | int) -> str:
    """``7`` → ``"7"``, ``Decimal("0.5")`` → ``"0,5"`` (decimal comma)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return group_digits(int(value))
    whole, _, fraction = f"{value.normalize():f}".partition(".")
    return f"{group_digits(int(whole))},{fraction}"


def format_date(day: date) -> str:
    """``date(2025, 7, 1)`` → ``"01/07/2025"`` as Vietnamese documents write it."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
