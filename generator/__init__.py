"""Static-site generator for a catalogue of administrative procedures.

The pipeline: :func:`load_catalogue` reads and checks every record into an
immutable model; :func:`build` renders it into a site through MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .build import build, check
from .catalogue import Catalogue, load_catalogue
from .problems import CatalogueError, Problem

__all__ = ["Catalogue", "CatalogueError", "Problem", "__version__", "build", "check", "load_catalogue"]
