"""The site's scripts run by Node.js outside a page (``node -e PROGRAM``): the program reads the question as JSON on
its standard input and writes its answer as JSON. ``./run test`` installs Node.js."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest


def run_node(program: str, asked: object, *args: str) -> Any:
    """What *program* (with *args* as ``process.argv``'s last items) answers to *asked*."""
    node = shutil.which("node")
    if not node:
        pytest.fail("Node.js is not installed: ./run test installs it (with npm), or apt-get install nodejs")
    done = subprocess.run(
        [node, "-e", program, *args],
        input=json.dumps(asked),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)
