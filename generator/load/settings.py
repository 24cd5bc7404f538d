"""Read and check the settings in ``mkdocs.yml``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.load.validation import validate
from generator.load.yamlsource import Source, load
from generator.model.scalars import is_web_address
from generator.model.settings import SETTINGS_KEY, Settings, SiteConfig
from generator.problems import CatalogueError, Problem
from generator.project import CONFIG_FILE
from generator.text.vietnamese import fold_diacritics

_WORDS = re.compile(r"[^\W_]+")


def load_settings(project: Path) -> tuple[SiteConfig, Settings, Source]:
    """Read and check the settings; raise :class:`CatalogueError` listing every problem."""
    path = project / CONFIG_FILE
    if not path.is_file():
        raise CatalogueError([Problem(CONFIG_FILE, 0, 0, "", f"not found in {project}; is this a catalogue folder?")])
    source = load(path, CONFIG_FILE, allow_tags=True)
    site, problems = validate(SiteConfig, source)
    sub = _sub_source(source, SETTINGS_KEY)
    settings, more = validate(Settings, sub)
    problems += more
    if settings:
        problems += _portal_problems(settings, sub)
        problems += _synonym_problems(settings, sub)
    if problems or site is None or settings is None:
        raise CatalogueError(problems)
    return site, settings, sub


def _sub_source(source: Source, prefix: tuple[str, ...]) -> Source:
    data: Any = source.data
    for key in prefix:
        data = data.get(key) if isinstance(data, dict) else None
    sub = Source(source.path, data if data is not None else {})
    n = len(prefix)
    sub.values = {loc[n:]: pos for loc, pos in source.values.items() if loc[:n] == prefix}
    sub.keys = {loc[n:]: pos for loc, pos in source.keys.items() if loc[:n] == prefix}
    sub.values.setdefault((), source.position(prefix))
    sub.prefix = prefix
    return sub


def _portal_problems(settings: Settings, source: Source) -> list[Problem]:
    pattern = settings.portal.procedure_url
    problems = []
    for key in ("home", "lookup"):
        if not settings.host_allowed(getattr(settings.portal, key)):
            problems.append(source.problem(("portal", key), "must be an https:// address on one of allowed_hosts"))
    if "{code}" not in pattern:
        problems.append(source.problem(("portal", "procedure_url"), "must contain {code} where the code goes"))
    elif not is_web_address(pattern.replace("{code}", "1.000000")) or not settings.host_allowed(pattern):
        problems.append(
            source.problem(("portal", "procedure_url"), "must be an https:// address on one of allowed_hosts")
        )
    return problems


def _synonym_problems(settings: Settings, source: Source) -> list[Problem]:
    """Synonyms search could not use: no letter or digit, or a word that stands for itself."""
    problems = []
    for word, official in settings.synonyms.items():
        folded = [" ".join(_WORDS.findall(fold_diacritics(text))) for text in (word, official)]
        if not all(folded):
            problems.append(source.problem(("synonyms", word), "needs a letter or digit on both sides"))
        elif folded[0] == folded[1]:
            problems.append(source.problem(("synonyms", word), f'"{word}" stands for itself; remove it'))
    return problems
