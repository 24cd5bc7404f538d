"""What the tests ran with is what constraints.txt pins: a fresh machine installs the same."""

from __future__ import annotations

import re
from importlib import metadata

from .conftest import ROOT

# Installed by venv itself, not by ./run from the constraints (pip is upgraded, unpinned).
_TOOLING = {"pip", "setuptools", "wheel"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def test_every_installed_package_is_pinned_at_its_version() -> None:
    pinned = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split())
    pinned = {_name(name): version for name, version in pinned.items()}
    installed = {_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("procedure-catalogue")
    unpinned = {name: version for name, version in installed.items() if pinned.get(name) != version}
    assert {name: version for name, version in unpinned.items() if name not in _TOOLING} == {}
    assert set(pinned) <= set(installed), "constraints.txt pins a package that is not installed"
