"""Reading a printed form back from its PDF: its pages' text, its words with their boxes, and the
faults a reader would see (text run out of its cell or off the sheet, text drawn over text)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

MM = 72 / 25.4
"""Points in a millimetre."""
Word = tuple[int, float, float, float, float, str]
"""A printed word: its page (from 1), its box (x0, y0, x1, y1 in points from the top left) and its text."""


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (pdftotext -layout)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def words(pdf: Path) -> list[Word]:
    """Each printed word with its page and box, as pdftotext -bbox reads them."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found: list[Word] = []
    for number, body in enumerate(html.split("<page ")[1:], 1):
        for match in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', body):
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            found.append((number, x0, y0, x1, y1, match.group(5)))
    return found


def print_faults(pdf: Path, left_mm: float = 25, right_mm: float = 15) -> list[str]:
    """What is wrong on a printed A4 form, read from the PDF: words outside the left and right margins
    (text that ran out of its cell or off the sheet), or drawn over one another (text that overflowed
    into the next cell)."""
    printed = words(pdf)
    faults = [
        f"page {p}: {w!r} outside the margins"
        for p, x0, _, x1, _, w in printed
        if x0 < left_mm * MM - 2 or x1 > (210 - right_mm) * MM + 2
    ]
    for index, (p, x0, y0, x1, y1, w) in enumerate(printed):
        for q, a0, b0, a1, b1, v in printed[index + 1 :]:
            across, down = min(x1, a1) - max(x0, a0), min(y1, b1) - max(y0, b0)
            if p == q and across > 1 and down > (y1 - y0) / 2:
                faults.append(f"page {p}: {w!r} and {v!r} drawn over one another")
    return faults


def signatures_alone(pages: list[str]) -> list[int]:
    """The pages (from 1) whose first printed thing is a signature ("…, ngày … tháng … năm …")."""
    alone = []
    for number, text in enumerate(pages, 1):
        if ", ngày" in text and not text[: text.index(", ngày")].rpartition("\n")[0].split():
            alone.append(number)
    return alone
