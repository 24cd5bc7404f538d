"""The ``catalogue`` command: ``check``, ``build``, ``serve``, ``new``, ``schema``."""

from __future__ import annotations

from generator.cli.main import main

__all__ = ["main"]
