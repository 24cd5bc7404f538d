"""The configuration file an engine reads: ``.catalogue/mkdocs.yml``.

It inherits the project's ``mkdocs.yml`` (``INHERIT``), repeats its text
settings HTML-escaped (:data:`TEXT_SETTINGS`), and adds only what the build
knows: where the docs tree and the site are, the theme's texts (``extra.t``),
and the extension that marks links to other sites. Nothing is
passed to an engine from Python, so any reader of ``mkdocs.yml`` renders the
same site: ``mkdocs build -f .catalogue/mkdocs.yml`` or
``zensical build -f .catalogue/mkdocs.yml``.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from generator.model.texts import Texts
from generator.problems import CatalogueError, Problem
from generator.project import CONFIG_FILE, WORK_DIR

EXTERNAL_LINKS = "generator.html.external_links"
TEXT_SETTINGS = ("site_name", "site_description", "site_author")
"""Settings that are text, which themes print into pages unescaped: written here HTML-escaped."""


@dataclass(frozen=True)
class EngineConfig:
    """The configuration file an engine reads, and the project's theme overrides it names."""

    path: Path
    custom_dir: Path | None


def write_config(project: Path, docs: Path, site: Path, texts: Texts) -> EngineConfig:
    """Write ``.catalogue/mkdocs.yml``: the project's settings plus what the build adds."""
    settings = _read_settings(project / CONFIG_FILE)
    folder = project / WORK_DIR
    folder.mkdir(parents=True, exist_ok=True)
    extensions = list(settings.get("markdown_extensions") or [])
    own_host = _host(str(settings.get("site_url") or ""))
    extensions.append({EXTERNAL_LINKS: {"note": texts.site.external, "own_host": own_host}})
    added: dict[str, Any] = {
        "INHERIT": os.path.relpath(project / CONFIG_FILE, folder),
        # Material prints these raw (<title>{{ config.site_name }}</title>): a "<" in a name must stay text.
        **{key: html.escape(str(settings[key])) for key in TEXT_SETTINGS if isinstance(settings.get(key), str)},
        "docs_dir": os.path.relpath(docs, folder),
        "site_dir": str(site),
        "extra": {"t": {"theme": texts.theme.model_dump()}},
        "markdown_extensions": extensions,
    }
    theme = settings.get("theme")
    named = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = (project / str(named)).resolve() if named else None
    if custom_dir:  # relative to the file that names it; this file lives one folder down
        added["theme"] = {"custom_dir": os.path.relpath(custom_dir, folder)}
    path = folder / CONFIG_FILE
    header = (
        "# Written by `catalogue build`; do not edit: the settings are the project's mkdocs.yml.\n"
        "# It adds what the build knows (texts, folders); JSON values are YAML.\n"
    )
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in added.items())
    path.write_text(header + lines, encoding="utf-8")
    return EngineConfig(path, custom_dir)


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


class _AnyTag(yaml.SafeLoader):
    """Reads MkDocs' own tags (``!ENV``, ``!relative``) as plain values: only the shape of the file matters here."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_AnyTag.add_multi_constructor("!", _plain)
_AnyTag.add_multi_constructor("tag:yaml.org,2002:python/", _plain)


def _read_settings(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as file:
            data = yaml.load(file, Loader=_AnyTag)
    except yaml.YAMLError as error:
        raise CatalogueError([Problem(CONFIG_FILE, 0, 0, "", f"cannot be read: {error}")]) from None
    return data if isinstance(data, dict) else {}


@contextmanager
def source_date(day: date) -> Iterator[str]:
    """The build date (reproducible-builds.org's ``SOURCE_DATE_EPOCH``) set to *day*, unless already set.

    Engines write it as every page's ``lastmod`` in the sitemap (and the
    sitemap's gzip time) instead of the day of the build, so building the same
    catalogue on another day gives the same site. Yields the value in force.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield os.environ["SOURCE_DATE_EPOCH"]
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.combine(day, time(), UTC).timestamp()))
    try:
        yield os.environ["SOURCE_DATE_EPOCH"]
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
