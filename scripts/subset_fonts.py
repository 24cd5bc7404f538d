"""Make the web fonts: Be Vietnam Pro cut down to the letters Vietnamese text uses.

    pip install fonttools brotli
    python scripts/subset_fonts.py

Reads templates/fonts/BeVietnamPro-{Regular,Bold}.ttf (the whole fonts, also
used for print) and writes templates/overrides/assets/fonts/be-vietnam-pro-{400,700}.woff2,
about 10 KB each instead of 33 KB for Google's Latin and Vietnamese subsets
together. The @font-face rules in catalogue.css name the same characters in
their unicode-range, so any other character falls back to the system font.

Also writes templates/overrides/assets/fonts/form-serif-*.woff2 (the same cut
for the browser, regular, bold and italic: the page that fills a form in prints
with it), and templates/fonts/FormSerif-Regular.ttf, the font of the fields of
fillable PDF forms: a PDF reader draws what is typed with a font the PDF holds
whole, and Liberation Serif whole is 211 KB a PDF; cut to Latin and Vietnamese
it is 17 KB. The SIL OFL reserves the names "Liberation" and "Tinos" for the
original fonts, so the cut is renamed "Form Serif"; its copyright and licence
stay in the font, and the licence is templates/fonts/OFL-LiberationSerif.txt.
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
# Typed into forms: also the Latin letters of foreigners' names and addresses (Latin-1, Latin Extended-A).
FORM_CHARACTERS = CHARACTERS + "".join(chr(c) for c in range(0xA0, 0x180))
FORM_FONT = "Form Serif"


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


def form_field_font() -> None:
    """Liberation Serif Regular cut to FORM_CHARACTERS and renamed (see the module's docstring)."""
    options = subset.Options()
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk", "locl"]
    options.hinting = False
    options.drop_tables += ["FFTM"]
    font = subset.load_font(str(SOURCE / "LiberationSerif-Regular.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=FORM_CHARACTERS)
    subsetter.subset(font)
    names = font["name"]
    version = names.getDebugName(5)
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    postscript = FORM_FONT.replace(" ", "") + "-Regular"
    for name_id, text in (
        (1, FORM_FONT),
        (3, f"{postscript} {version}; cut from Liberation Serif"),
        (4, f"{FORM_FONT} Regular"),
        (6, postscript),
    ):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    out = SOURCE / f"{postscript}.ttf"
    subset.save_font(font, str(out), options)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")


def rename(font: subset.ttLib.TTFont, family: str, style: str) -> None:
    """Give a cut of Liberation Serif its own name (the SIL OFL reserves the original's)."""
    names = font["name"]
    version = names.getDebugName(5)
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17):
            names.removeNames(nameID=record.nameID)
    postscript = family.replace(" ", "") + "-" + style
    for name_id, text in (
        (1, family),
        (2, style),
        (3, f"{postscript} {version}; cut from Liberation Serif"),
        (4, f"{family} {style}"),
        (6, postscript),
    ):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)


def web_form_fonts() -> None:
    """Form Serif for the browser: the page that fills a form in prints with it, so a computer
    without Times New Roman or Vietnamese fonts still prints every letter right (woff2, Latin and
    Vietnamese, regular, bold and italic)."""
    for style, name in (("Regular", "form-serif-400"), ("Bold", "form-serif-700"), ("Italic", "form-serif-400-italic")):
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk", "locl"]
        options.hinting = False
        options.drop_tables += ["FFTM"]
        font = subset.load_font(str(SOURCE / f"LiberationSerif-{style}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=FORM_CHARACTERS)
        subsetter.subset(font)
        rename(font, FORM_FONT, style)
        out = TARGET / f"{name}.woff2"
        subset.save_font(font, str(out), options)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")


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
    form_field_font()
    web_form_fonts()


if __name__ == "__main__":
    main()
