"""Catalogue settings, read from ``mkdocs.yml`` (``site_name``, ``site_url`` and ``extra.catalogue``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field

from .model import Code, HttpsUrl, Record, Text, is_web_address
from .problems import CatalogueError, Problem
from .validation import validate
from .yamlsource import Source, load

CONFIG_FILE = "mkdocs.yml"
SETTINGS_KEY = ("extra", "catalogue")


class Agency(Record):
    """The agency that publishes the catalogue, shown on every page and guide."""

    name: Text = Field(title="Tên cơ quan", description="e.g. Công an tỉnh Kon Tum")
    address: Text = Field(title="Địa chỉ", description="postal address of the head office")
    hotline: Text = Field(title="Đường dây nóng", description="telephone number citizens call")
    email: Text = Field(title="Thư điện tử", description="address for questions and reports")


class Portal(Record):
    """The National Public Service Portal (Cổng Dịch vụ công quốc gia)."""

    home: HttpsUrl = Field("https://dichvucong.gov.vn/", title="Trang chủ")
    procedure_url: Text = Field(
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
        title="Địa chỉ thủ tục",
        description="pattern with {code}; a record's portal_url overrides it",
    )
    lookup: HttpsUrl = Field("https://dichvucong.gov.vn/tra-cuu-ho-so", title="Tra cứu hồ sơ")


class Print(Record):
    """How PDF guides, handbooks and forms are printed; ``catalogue build --paper/--bleed`` override it."""

    paper: Literal["A4", "A5"] = Field("A4", title="Khổ giấy", description="A4 or A5")
    bleed: bool = Field(False, title="Tràn lề", description="add 3 mm bleed and crop marks, for a print shop")
    handbooks: bool = Field(
        True, title="Sổ tay", description="make the handbooks of each field and of the whole catalogue (PDF)"
    )


class Settings(Record):
    """``extra.catalogue`` in mkdocs.yml."""

    agency: Agency
    portal: Portal = Field(default_factory=Portal.model_construct)
    allowed_hosts: tuple[Text, ...] = Field(
        ("dichvucong.gov.vn", "gov.vn"),
        title="Tên miền được phép",
        description="portal links must point to one of these hosts or a subdomain of one",
    )
    featured: tuple[Code, ...] = Field((), title="Thủ tục tiêu biểu", description="codes shown first on the home page")
    print: Print = Field(
        default_factory=Print.model_construct, title="In ấn", description="paper size and bleed of the PDFs"
    )

    def host_allowed(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return any(host == allowed or host.endswith("." + allowed) for allowed in self.allowed_hosts)

    def portal_link(self, code: str) -> str:
        return self.portal.procedure_url.replace("{code}", code)


class SiteConfig(Record):
    """What the generator reads of mkdocs.yml besides ``extra.catalogue``."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)

    site_name: Text
    site_url: HttpsUrl | None = None


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
