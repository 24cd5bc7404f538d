"""What the tests ran with is what constraints.txt pins: a fresh machine installs the same."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest

from .conftest import ROOT, Pip

# Installed by venv itself, not by ./run from the constraints (pip is upgraded, unpinned).
_TOOLING = {"pip", "setuptools", "wheel"}
# Installed by hand for comparisons in benchmarks/ (bench_search.py's Pagefind; bench_guide_cpu.py's old revision,
# which drew QR codes with segno; see benchmarks/README.md), never by ./run.
_BENCHMARK_ONLY = {"pagefind-bin", "segno"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def test_every_installed_package_is_pinned_at_its_version() -> None:
    pinned = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split())
    pinned = {_name(name): version for name, version in pinned.items()}
    installed = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("procedure-catalogue")
    unpinned = {name: version for name, version in installed.items() if pinned.get(name) != version}
    assert {name: version for name, version in unpinned.items() if name not in _TOOLING | _BENCHMARK_ONLY} == {}
    assert set(pinned) <= set(installed), "constraints.txt pins a package that is not installed"


# The README promises Python 3.11 or newer on a fresh Debian or Ubuntu: Debian 12 ships 3.11.2, Ubuntu 24.04
# 3.12, Debian 13 3.13. Every pin must install on each (pymdown-extensions 13 needs 3.11.5, so it stays at 12.3).
SUPPORTED_PYTHONS = ("3.11.0", "3.11.2", "3.12", "3.13")


@pytest.mark.parametrize("python", SUPPORTED_PYTHONS)
def test_the_pins_resolve_on_every_python_the_readme_names(package_index: Pip, python: str, tmp_path: Path) -> None:
    """pip resolves constraints.txt for that Python from the package index (wheels only, nothing installed)."""
    report = tmp_path / "report.json"
    resolve_only = ("--dry-run", "--quiet", "--ignore-installed", "--only-binary=:all:")
    target = ("--python-version", python, "--report", str(report))
    constrained = ("-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[test,zensical,print]")
    done = package_index("install", *resolve_only, *target, *constrained)
    assert done.returncode == 0, done.stderr[-3000:]
    chosen = {
        _name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in json.loads(report.read_text())["install"]
    }
    chosen.pop("procedure-catalogue")
    pinned = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split())
    pinned = {_name(name): version for name, version in pinned.items()}
    assert {name: version for name, version in chosen.items() if pinned.get(name) != version} == {}
