"""The portal's procedure JSON (``{"code": "OK", "data": {…}}``) as a :class:`~generator.national.page.Page`.

The portal's web application reads each procedure as structured JSON: ways of
submitting with their time and fees, papers per case, legal documents with their
numbers, all as separate values. It becomes the same :class:`Page` the printed
page does, with its rows already cut, so both are mapped to a record by the same
code (:mod:`generator.national.mapping`). Keys are those public client code reads
(``../shared/reference/national-data/README.md``); keys it does not know are
ignored, a key of the wrong kind is read as absent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from generator.national.cells import LEGAL_NUMBER, FeeEntry, Paper, Time, clean, legal_number, number_text, one_line
from generator.national.html import blocks
from generator.national.page import ChannelRow, Page, PaperGroup, paper_name

_METHODS = {"DIRECT": "in_person", "ONLINE": "online", "POSTAL": "post"}
_UNITS = {"WORKING_DAY": "working_days", "DAY": "days", "HOUR": "hours", "MONTH": "months"}
_UNIT_WORDS = {"YEAR": "năm", "OTHER": ""}
_VIETNAM = timezone(timedelta(hours=7))


def is_portal(data: Any) -> bool:
    """Whether *data* looks like the portal's procedure JSON (the envelope, or its ``data`` alone)."""
    inner = data.get("data") if isinstance(data, dict) and isinstance(data.get("data"), dict) else data
    return (
        isinstance(inner, dict)
        and "code" in inner
        and any(key in inner for key in ("executionMethods", "executionCases", "legalBasisesDetails", "name"))
    )


def from_portal(data: dict[str, Any]) -> Page:
    """A :class:`Page` from the portal's JSON for one procedure."""
    record = data["data"] if isinstance(data.get("data"), dict) else data
    code = _text(record.get("code"))
    levels = [
        label
        for flag, label in (
            ("isMinistry", "Cấp bộ"),
            ("isProvince", "Cấp tỉnh"),
            ("isWard", "Cấp xã"),
            ("isOtherAgency", "Cơ quan khác"),
        )
        if record.get(flag) is True
    ]
    texts = {
        "ma_thu_tuc": code,
        "ten_thu_tuc": _text(record.get("name")),
        "so_quyet_dinh": _text(record.get("decisionNo")),
        "cap_thuc_hien": ", ".join(levels),
        "linh_vuc": ", ".join(_names(record.get("categoriesDetails"))),
        "yeu_cau_dieu_kien": _html_text(record.get("requirementsAndConditions")),
        "dia_chi_tiep_nhan": _html_text(record.get("dossierReceivingAddresses")),
        "thu_tuc_lien_quan": "",
    }
    page = Page(searched=code, own_code=code, texts=texts)
    page.lists = {
        "doi_tuong_thuc_hien": _names(record.get("subjectTypesDetails")),
        "trinh_tu_thuc_hien": [step for step in map(_step, _items(record.get("executionSteps"))) if step],
        "ket_qua_xu_ly": _names(record.get("resultsDetails")),
        "co_quan_thuc_hien": _names(record.get("departmentsExecuting")),
        "co_quan_co_tham_quyen": _names(record.get("departmentsAuthority")),
        "co_quan_duoc_uy_quyen": _names(record.get("departmentsAuthorized")),
    }
    page.channels = [row for row in map(_channel, _items(record.get("executionMethods"))) if row is not None]
    cases = _items(record.get("executionCases"))
    if not cases and _items(record.get("profileComponents")):
        cases = [{"name": "", "profileComponents": record.get("profileComponents")}]
    page.papers = [_case(case) for case in cases]
    page.legal = [row for row in map(_legal, _items(record.get("legalBasisesDetails"))) if row is not None]
    page.updated_at = _day(record.get("updatedAt"))
    return page


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return one_line(str(value))


def _html_text(value: Any) -> str:
    """Text the portal gives as HTML (requirements, addresses): its visible text, blocks one a line."""
    if not isinstance(value, str):
        return ""
    return "\n".join(block.text for block in blocks(value) if block.rows is None) if "<" in value else clean(value)


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _names(value: Any) -> list[str]:
    return [name for name in (_text(item.get("name")) for item in _items(value)) if name]


def _step(step: dict[str, Any]) -> str:
    name, description = _text(step.get("name")), _html_text(step.get("description"))
    if not description:
        return name
    if not name or name.lower().startswith("bước"):
        return description
    return f"{name}: {description}"


def _number(value: Any) -> str | None:
    """A whole or decimal number the portal gives as a number or as text, as a record writes it."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return number_text(text) if text.replace(".", "", 1).isdigit() and float(text) > 0 else None


def _channel(method: dict[str, Any]) -> ChannelRow | None:
    kind = _METHODS.get(str(method.get("submissionMethod", "")).upper())
    if kind is None:
        return None
    value = _number(method.get("processingTime"))
    unit = str(method.get("processingTimeUnit") or "").upper()
    if value is None:
        time = Time()
    elif unit in _UNITS:
        time = Time(value=value, unit=_UNITS[unit])
    elif _UNIT_WORDS.get(unit):
        time = Time(text=f"{value} {_UNIT_WORDS[unit]}")
    else:
        time = Time(value=value)
    fees = [entry for entry in map(_fee, _items(method.get("fees"))) if entry is not None]
    return ChannelRow(kind, time, fees, _html_text(method.get("description")))


def _fee(fee: dict[str, Any]) -> FeeEntry | None:
    description = _html_text(fee.get("description"))
    name = _text(fee.get("name"))
    value = fee.get("value")
    amount = int(value) if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0 else None
    if amount is None and isinstance(value, str) and value.strip().replace(",", "").isdigit():
        amount = int(value.strip().replace(",", ""))
    currency = _text(fee.get("currencyName")) or "VNĐ"
    if amount is None:
        return FeeEntry("unknown", description=description, name=name) if description or name else None
    if amount == 0:
        return FeeEntry("free", description=description, name=name)
    vnd = currency.lower() in ("vnđ", "vnd", "đồng", "việt nam đồng")
    whole = not isinstance(value, float) or value == amount
    if vnd and whole:
        return FeeEntry("amount", amount, f"{amount:,} {currency}", description, name=name)
    return FeeEntry("foreign", text=f"{value} {currency}", description=description, name=name)


def _case(case: dict[str, Any]) -> PaperGroup:
    papers = []
    for component in _items(case.get("profileComponents")):
        files = [name for name in (_text(a.get("fileName")) for a in _items(component.get("attachments"))) if name]
        originals = _number(component.get("originalQty"))
        copies = _number(component.get("copyQty"))
        paper = Paper(
            paper_name(_text(component.get("name"))),
            int(originals) if originals and originals.isdigit() else 0,
            int(copies) if copies and copies.isdigit() else 0,
            files,
        )
        paper.note = _html_text(component.get("description"))
        paper.required = component.get("required") is not False
        papers.append(paper)
    return PaperGroup(_text(case.get("name")), papers)


def _legal(item: dict[str, Any]) -> tuple[str, str] | None:
    name, code = _text(item.get("name")), _text(item.get("code"))
    match = LEGAL_NUMBER.search(code) or LEGAL_NUMBER.search(name)
    number = legal_number(match)[0] if match else code
    return (name, number) if number else None


def _day(value: Any) -> str:
    """``updatedAt`` (milliseconds since 1970) as the day it was in Vietnam."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return ""
    try:
        moment = datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return ""
    return moment.astimezone(_VIETNAM).date().isoformat()
