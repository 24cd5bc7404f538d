"""The printed guides say what the procedure pages say about coming in person (the pages, in Chromium:
tests/site/test_in_person.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ID_CARD = "thu-tuc/cap-the-can-cuoc-cho-cong-dan-tu-du-14-tuoi-tro-len/"
CRIMINAL_RECORD = "thu-tuc/cap-phieu-ly-lich-tu-phap/"


def _pdf_text(site: Path, url: str) -> str:
    [pdf] = (site / url).glob("huong-dan-*.pdf")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_printed_guides_say_when_to_come_in_person(sample_site: Path) -> None:
    card = " ".join(_pdf_text(sample_site, ID_CARD).split())
    first_page = card[: card.index("Trình tự thực hiện")]
    assert "Phải đến trực tiếp" in first_page and "Kể cả khi nộp hồ sơ trực tuyến." in first_page
    assert "Nộp trước trực tuyến, rồi đến trực tiếp" in first_page
    criminal = " ".join(_pdf_text(sample_site, CRIMINAL_RECORD).split())
    assert "không phải đến cơ quan" not in criminal
    assert "không cần đến cơ quan" in criminal and "Nộp trực tiếp tại Phòng Hồ sơ nghiệp vụ" in criminal
