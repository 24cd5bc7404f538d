"""Make the web fonts: Be Vietnam Pro cut down to the letters Vietnamese text uses.

    pip install fonttools brotli
    python scripts/subset_fonts.py

Reads templates/fonts/BeVietnamPro-{Regular,Bold}.ttf (the whole fonts, also
used for print) and writes templates/overrides/assets/fonts/be-vietnam-pro-{400,700}.woff2,
about 10 KB each instead of 33 KB for Google's Latin and Vietnamese subsets
together. The @font-face rules in catalogue.css name the same characters in
their unicode-range, so any other character falls back to the system font.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "templates" / "fonts"
TARGET = ROOT / "templates" / "overrides" / "assets" / "fonts"

VIETNAMESE = (
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    + "\u0300\u0301\u0303\u0309\u0323"  # tone marks, should text arrive decomposed
)
PUNCTUATION = "\u00a0–—−‘’“”…•·₫×°§«»"
CHARACTERS = "".join(chr(c) for c in range(0x20, 0x7F)) + VIETNAMESE + PUNCTUATION


def unicode_range() -> str:
    """The CSS unicode-range of CHARACTERS, for the @font-face rules."""
    codes = sorted({ord(c) for c in CHARACTERS})
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in ranges)


def main() -> None:
    for style, weight in (("Regular", 400), ("Bold", 700)):
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk", "locl"]
        options.hinting = False
        options.desubroutinize = True
        font = subset.load_font(str(SOURCE / f"BeVietnamPro-{style}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=CHARACTERS)
        subsetter.subset(font)
        out = TARGET / f"be-vietnam-pro-{weight}.woff2"
        subset.save_font(font, str(out), options)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")
    print("unicode-range:", unicode_range())


if __name__ == "__main__":
    main()
