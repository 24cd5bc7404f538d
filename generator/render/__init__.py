"""Render: what the rooms by audience (``web``, ``paper``, ``data``, ``editor``) render with.

The one template environment (:mod:`~generator.render.templating`), the
sentences every room says the same way (:mod:`~generator.render.wording`), and
the shape of what a room makes: files by path, which the pipeline writes
(:mod:`generator.publish`).
"""

from __future__ import annotations

from pathlib import Path

Content = str | bytes | Path
"""A file a room makes: text, bytes, or a file to copy as it is."""
