"""Catalogue settings: ``site_name``, ``site_url`` and ``extra.catalogue`` of ``mkdocs.yml``."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field

from generator.model.records import Record
from generator.model.scalars import Code, Count, Email, Flag, HttpsUrl, Loc, Phone, Text, phone_digits

CONFIG_FILE = "mkdocs.yml"
SETTINGS_KEY = ("extra", "catalogue")


def tel_link(number: str | None) -> str | None:
    """``tel:02553822345``: the address that dials *number*."""
    return f"tel:{phone_digits(number)}" if number else None


def mailto_link(email: str | None) -> str | None:
    return f"mailto:{email}" if email else None


class Agency(Record):
    """The agency that publishes the catalogue, shown on every page and guide."""

    name: Text = Field(title="Tên cơ quan", description="e.g. Công an tỉnh Quảng Ngãi")
    address: Text = Field(title="Địa chỉ", description="postal address of the head office")
    hotline: Phone = Field(title="Đường dây nóng", description="telephone number citizens call")
    email: Email = Field(title="Thư điện tử", description="address for questions and reports")
    hours: Text | None = Field(None, title="Giờ làm việc", description="when the office answers")
    map: HttpsUrl | None = Field(None, title="Bản đồ", description="a link to the place on a map (https)")

    @property
    def tel(self) -> str | None:
        """For hand-written pages: ``[{{ agency.hotline }}]({{ agency.tel }})``."""
        return tel_link(self.hotline)

    @property
    def mailto(self) -> str | None:
        return mailto_link(self.email)


class Office(Record):
    """A place citizens go to: an agency that receives dossiers, or the police of one commune."""

    name: Text = Field(title="Tên", description="as records name it in `agency` (Phòng Quản lý xuất nhập cảnh, ...)")
    address: Text | None = Field(None, title="Địa chỉ", description="street address where dossiers are received")
    hours: Text | None = Field(None, title="Giờ làm việc", description="days and hours dossiers are received")
    phone: Phone | None = Field(None, title="Điện thoại", description="telephone number, such as 0255 3822 345")
    email: Email | None = Field(None, title="Thư điện tử", description="e-mail address for questions")
    map: HttpsUrl | None = Field(
        None, title="Bản đồ", description="a plain link to the place on a map (https); nothing is embedded"
    )

    @property
    def tel(self) -> str | None:
        return tel_link(self.phone)

    @property
    def mailto(self) -> str | None:
        return mailto_link(self.email)


class AgencyOffice(Office):
    """An agency that records name in `agency`, described once: where it is and how to reach it."""

    per_commune: Flag = Field(
        False,
        title="Công an cấp xã",
        description="true for the commune police: citizens go to the police of their own commune, "
        "listed under `communes`, instead of one address",
    )


class Portal(Record):
    """The National Public Service Portal (Cổng Dịch vụ công quốc gia)."""

    home: HttpsUrl = Field("https://dichvucong.gov.vn/", title="Trang chủ")
    procedure_url: Text = Field(
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}",
        title="Địa chỉ thủ tục",
        description="pattern with {code}; a record's portal_url overrides it",
    )
    lookup: HttpsUrl = Field("https://dichvucong.gov.vn/tra-cuu-ho-so", title="Tra cứu hồ sơ")


Paper = Literal["A4", "A5"]
PAPERS: tuple[Paper, ...] = get_args(Paper)
"""The paper sizes PDFs are printed on."""


class Print(Record):
    """How PDF guides, handbooks and forms are printed; ``catalogue build --paper/--bleed`` override it."""

    paper: Paper = Field("A4", title="Khổ giấy", description="A4 or A5")
    bleed: bool = Field(False, title="Tràn lề", description="add 3 mm bleed and crop marks, for a print shop")
    handbooks: bool = Field(
        True, title="Sổ tay", description="make the handbooks of each field and of the whole catalogue (PDF)"
    )
    posters: tuple[Code, ...] = Field(
        (),
        title="Áp phích từng thủ tục",
        description="codes of the most used procedures: `catalogue print` makes a counter poster of each",
    )


class OpenData(Record):
    """What the open data files (``/du-lieu/``) say about themselves: their licence and the area they cover."""

    licence: Text = Field(
        "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
        title="Giấy phép",
        description="the licence the agency publishes its procedure data under, by name",
    )
    licence_url: HttpsUrl = Field(
        "https://creativecommons.org/licenses/by/4.0/deed.vi", title="Địa chỉ giấy phép", description="its text"
    )
    area: Text = Field("Việt Nam", title="Địa bàn", description="where the procedures are done (schema.org areaServed)")


FILE_MB = 20
"""The largest official file or file beside the pages, in MB, unless the settings raise it."""
FILE_MB_MOST = 500


class Files(Record):
    """What an uploaded file (a form's official file, a file beside the pages) may be."""

    max_mb: Count = Field(
        FILE_MB,
        title="Dung lượng tối đa (MB)",
        description="the largest file a form or page may offer, in megabytes (a phone downloads it)",
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        if not 1 <= self.max_mb <= FILE_MB_MOST:
            yield ("max_mb",), f"is {self.max_mb}; write a number of megabytes from 1 to {FILE_MB_MOST}"

    @property
    def max_bytes(self) -> int:
        return self.max_mb * 2**20


DEFAULT_SYNONYMS = {
    "cccd": "căn cước",
    "cmnd": "căn cước",
    "chứng minh nhân dân": "căn cước",
    "hộ khẩu": "thường trú",
    "bằng lái": "giấy phép lái xe",
    "làm": "cấp",
    "sang tên": "thay đổi chủ xe",
    "online": "trực tuyến",
}
"""Words citizens search with, and the official words records use for them (``extra.catalogue.synonyms``)."""


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


NationalLevel = Literal["bo", "tinh", "xa"]


class National(Record):
    """How ``catalogue import`` maps national records to this catalogue (``extra.catalogue.national``)."""

    agencies: dict[Text, Text] = Field(
        default_factory=dict,
        title="Bảng cơ quan",
        description="each national agency name (Công an cấp Xã) and the agency records name instead, one "
        "described under agencies; names are compared without regard to case, spacing or Unicode form",
    )
    default_agency: dict[NationalLevel, Text] = Field(
        default_factory=dict,
        title="Cơ quan mặc định",
        description="the agency of a national record that names none, by level: bo, tinh, xa",
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        seen: dict[str, str] = {}
        for name in self.agencies:
            key = agency_key(name)
            if key in seen:
                yield (
                    ("agencies", name),
                    f'is the same name as "{seen[key]}" (names are compared without regard '
                    "to case, spacing or Unicode form); keep one",
                )
            seen.setdefault(key, name)


def agency_key(name: str) -> str:
    """A national agency name as the agency table compares it: NFC, case folded, one space, no end dot."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split()).strip(" .;,")


class Settings(Record):
    """``extra.catalogue`` in mkdocs.yml."""

    agency: Agency
    example: Flag = Field(
        False,
        title="Dữ liệu mẫu",
        description="true while contact details are not confirmed: every page and PDF says they are an example, "
        "and the build warns",
    )
    agencies: tuple[AgencyOffice, ...] = Field(
        (),
        title="Cơ quan thực hiện",
        description="each agency records name in `agency`, once: address, hours, phone, e-mail, map link; "
        "when given, every record's agency must be one of them",
    )
    communes: tuple[Office, ...] = Field(
        (), title="Công an cấp xã", description="the commune police of the province, with address and phone"
    )
    communes_table: Text | None = Field(
        None,
        title="Bảng chuyển đổi xã, phường",
        description="the province's official table of communes before and after 1 July 2025, a CSV file in "
        "communes/ (such as communes/quang-ngai.csv; docs/operators.md): citizens find their commune by its old name",
    )
    portal: Portal = Field(default_factory=Portal.model_construct)
    allowed_hosts: tuple[Text, ...] = Field(
        ("dichvucong.gov.vn", "gov.vn"),
        title="Tên miền được phép",
        description="portal links must point to one of these hosts or a subdomain of one",
    )
    featured: tuple[Code, ...] = Field((), title="Thủ tục tiêu biểu", description="codes shown first on the home page")
    synonyms: dict[Text, Text] = Field(
        default_factory=lambda: dict(DEFAULT_SYNONYMS),
        title="Từ đồng nghĩa khi tìm kiếm",
        description="a word or abbreviation citizens type (cccd, hộ khẩu, bằng lái) and the official words "
        "records use for it (căn cước, thường trú, giấy phép lái xe): search finds a procedure by either, "
        "even when its record has no keywords",
    )
    print: Print = Field(
        default_factory=Print.model_construct, title="In ấn", description="paper size and bleed of the PDFs"
    )
    open_data: OpenData = Field(
        default_factory=OpenData.model_construct,
        title="Dữ liệu mở",
        description="licence and area of the open data files (/du-lieu/)",
    )
    files: Files = Field(
        default_factory=Files.model_construct,
        title="Tệp tải lên",
        description="the size cap of official files and files beside the pages",
    )

    national: National = Field(
        default_factory=National.model_construct,
        title="Nhập từ Cơ sở dữ liệu quốc gia",
        description="the agency table catalogue import maps national agency names with",
    )

    def rule_problems(self) -> Iterator[tuple[Loc, str]]:
        yield from self._national_problems()
        for place, offices in (("agencies", self.agencies), ("communes", self.communes)):
            seen: dict[str, int] = {}
            for index, office in enumerate(offices):
                if office.name in seen:
                    yield (
                        (place, index, "name"),
                        f'"{office.name}" is already described at {place}[{seen[office.name]}]',
                    )
                seen.setdefault(office.name, index)
        for index, office in enumerate(self.agencies):
            if office.per_commune and not self.communes:
                yield (
                    ("agencies", index, "per_commune"),
                    "is true, but communes lists no commune police; "
                    "list them under extra.catalogue.communes (name, address, phone)",
                )

    def _national_problems(self) -> Iterator[tuple[Loc, str]]:
        """The agency table and the defaults name agencies this catalogue describes (when it describes any)."""
        if not self.agencies:
            return
        known = [office.name for office in self.agencies]
        places = [(("national", "agencies", name), local) for name, local in self.national.agencies.items()]
        places += [
            (("national", "default_agency", level), local) for level, local in self.national.default_agency.items()
        ]
        for loc, local in places:
            if local not in known:
                yield loc, f'"{local}" is not an agency described under agencies; write one of: ' + "; ".join(known)

    def office(self, name: str) -> AgencyOffice | None:
        """The description of the agency records call *name*, if the settings give one."""
        return next((office for office in self.agencies if office.name == name), None)

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
    theme: Any = None
    """MkDocs' ``theme``: its name, or keys with ``name`` and ``custom_dir`` (the project's overrides)."""
