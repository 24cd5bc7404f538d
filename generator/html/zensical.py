"""The Zensical engine (experimental): Material for MkDocs' successor, reading the same ``mkdocs.yml``.

Zensical runs as its own command (``python -m zensical build``) on the
configuration the build wrote, so nothing of it is imported here. Install it
with the ``zensical`` extra: ``pip install -e ".[zensical]"``.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from generator.html.config import source_date, write_config
from generator.model.texts import Texts
from generator.problems import CatalogueError, Problem, visible
from generator.project import CONFIG_FILE, WORK_DIR

INSTALL_HINT = 'Zensical is not installed; install it with: pip install -e ".[zensical]"'


def available() -> bool:
    return importlib.util.find_spec("zensical") is not None


class Zensical:
    """``zensical build --strict`` in a child process; its messages become problems when it fails."""

    def render(
        self, project: Path, docs: Path, site: Path, texts: Texts, *, updated: date, dirty: bool = False
    ) -> list[Path]:
        """Render everything, *dirty* or not: Zensical has no render of changed pages alone."""
        spec = importlib.util.find_spec("zensical")
        if spec is None or spec.origin is None:
            raise CatalogueError([Problem(CONFIG_FILE, 0, 0, "", INSTALL_HINT)])
        # Zensical writes only inside the folder of its configuration: build there, then move the site.
        built = project / WORK_DIR / "zensical-site"
        shutil.rmtree(built, ignore_errors=True)
        config = write_config(project, docs, built, texts)
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config.path)]
        with source_date(updated):
            done = subprocess.run(command, cwd=config.path.parent, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
            message = visible(lines[-1]) if lines else f"zensical stopped with status {done.returncode}"
            raise CatalogueError([Problem(CONFIG_FILE, 0, 0, "", f"Zensical could not build the site: {message}")])
        shutil.rmtree(site)
        shutil.move(built, site)
        theme = Path(spec.origin).parent / "templates"
        return [*([config.custom_dir] if config.custom_dir else []), theme]
