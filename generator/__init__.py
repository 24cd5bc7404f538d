"""Static-site generator for a catalogue of administrative procedures.

The pipeline, a package per stage (``docs/architecture.md``): ``load`` reads
and checks every record into the immutable ``model``; ``render`` and ``pdf``
make the pages, guides and forms; ``html`` renders the pages through MkDocs (or
Zensical); ``publish`` swaps the new site in. ``generator.build.build`` runs it
all.

Importing this package imports none of the stages; each name below loads its
stage when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from generator.load.catalogue import load_catalogue
    from generator.model.catalogue import Catalogue
    from generator.problems import CatalogueError, Problem

_WHERE = {
    "load_catalogue": "generator.load.catalogue",
    "Catalogue": "generator.model.catalogue",
    "CatalogueError": "generator.problems",
    "Problem": "generator.problems",
}

__all__ = ["Catalogue", "CatalogueError", "Problem", "__version__", "load_catalogue"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_WHERE[name]), name)
