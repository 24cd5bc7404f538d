"""The real national records of ``shared/reference/national-data`` (never committed), for the slow test and the
benchmark: where they are, and a copy of the sample catalogue with an agency table for them."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

from generator.model.settings import National
from generator.national.agencies import Unmapped, assign
from generator.national.mapping import from_page
from generator.national.sources import read_sources

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = "NATIONAL_DATA"
"""Where the real records are, when they are not beside the repository (``../shared/reference/national-data``)."""
SAMPLE = ("mkdocs.yml", "templates", "forms", "journeys", "pages", "communes", "procedures")
LOCAL = (
    "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Quảng Ngãi",
    "Công an cấp xã",
)


def national_data() -> Path | None:
    """The folder of real national records, or ``None`` when this machine has none (a user's clone)."""
    given = os.environ.get(ENVIRONMENT)
    candidates = [Path(given)] if given else []
    candidates += [ROOT.parent / "shared/reference/national-data", ROOT.parents[1] / "shared/reference/national-data"]
    return next((path for path in candidates if (path / "page-sections").is_dir()), None)


def sample_with_table(target: Path, sources: list[Path]) -> Path:
    """A copy of the sample catalogue at *target* whose settings map every national agency name of *sources*
    to one of the sample's agencies (the one hand edit an office makes), with a default for each level."""
    for name in SAMPLE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / name)
    unmapped = Unmapped()
    for item in read_sources(sources, target).read:
        mapped = from_page(item.page, item.source, date.today())
        if not mapped.problems:
            assign(mapped, National(), unmapped)
    lines = ["    national:", "      agencies:"]
    for index, name in enumerate(sorted(unmapped.names)):
        lines.append(
            f"        {json.dumps(name, ensure_ascii=False)}: {json.dumps(LOCAL[index % 2], ensure_ascii=False)}"
        )
    lines.append("      default_agency:")
    lines += [
        f"        {level}: {json.dumps(LOCAL[level == 'xa'], ensure_ascii=False)}" for level in ("bo", "tinh", "xa")
    ]
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "\n  catalogue:\n"
    config.write_text(text.replace(anchor, anchor + "\n".join(lines) + "\n", 1), encoding="utf-8")
    return target
