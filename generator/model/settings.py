"""Catalogue settings: ``site_name``, ``site_url`` and ``extra.catalogue`` of ``mkdocs.yml``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field

from generator.model.records import Record
from generator.model.scalars import Code, HttpsUrl, Loc, Text

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


class Editor(Record):
    """The browser editor at ``/quan-tri/``: the repository that holds the records, and how editors sign in."""

    backend: Literal["github", "gitlab", "gitea"] = Field(
        "github", title="Dịch vụ lưu kho", description="github, gitlab or gitea (also Forgejo)"
    )
    repo: Text = Field(title="Kho", description="owner/name of the repository that holds the records")
    branch: Text = Field("main", title="Nhánh", description="the branch editors save to")
    base_url: HttpsUrl | None = Field(
        None,
        title="Máy chủ đăng nhập",
        description="the OAuth client that signs editors in (such as Sveltia CMS Authenticator); "
        "without it, editors sign in with a personal access token",
    )
    api_root: HttpsUrl | None = Field(
        None, title="Địa chỉ API", description="API of a self-hosted GitLab, Gitea or Forgejo, or of GitHub Enterprise"
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        parts = self.repo.split("/")
        if len(parts) < 2 or not all(parts) or any(c.isspace() for c in self.repo):
            yield ("repo",), f'"{self.repo}" is not owner/name of a repository (such as congan-tinh/thu-tuc)'


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
    editor: Editor | None = Field(
        None, title="Trình soạn thảo", description="the browser editor at /quan-tri/; absent: not published"
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
