"""The site's texts, declared: every string the templates and the generator show.

``templates/strings/vi.yaml`` is read with the strict reader into :class:`Texts`,
so an agency's own texts file that misses a key, or has one the site does not
use, gets a problem naming the file, line and key, never a ``KeyError`` in the
middle of a build. A second language is a second file with the same keys.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.records import Record
from generator.model.scalars import Text


class Section(Record):
    """One section of the texts file; also read by key (``t.online[p.online]``) where the key is data."""

    def __getitem__(self, key: str) -> str:
        if key not in type(self).model_fields:
            raise KeyError(key)
        value: str = getattr(self, key)
        return value

    def keys(self) -> Iterator[str]:
        """The section's keys, in the order they are declared."""
        return iter(type(self).model_fields)


class SiteTexts(Section):
    lang: Text
    skip: Text
    external: Text
    home_title: Text
    home_lead: Text
    search_label: Text
    search_placeholder: Text
    search_button: Text
    search_hint: Text
    featured: Text
    browse: Text
    by_field: Text
    by_agency: Text
    by_level: Text
    by_letter: Text
    all_forms: Text
    online_title: Text
    online_lead: Text
    portal_home: Text
    portal_lookup: Text
    levels_guide: Text
    account_guide: Text
    count_procedures: Text
    count_forms: Text
    none_here: Text
    all_fields: Text
    all_agencies: Text
    all_levels: Text
    a_z: Text
    a_z_lead: Text
    letter_title: Text
    field_title: Text
    agency_title: Text
    level_title: Text
    forms_title: Text
    forms_lead: Text
    breadcrumb: Text
    pages: Text
    page_of: Text
    page_title: Text
    previous: Text
    next: Text


class SearchTexts(Section):
    title: Text
    label: Text
    none: Text
    count: Text
    more: Text
    loading: Text
    error: Text
    noscript: Text
    browse: Text


class ThemeTexts(Section):
    display_label: Text
    text_size: Text
    smaller: Text
    default_size: Text
    larger: Text
    size_status: Text
    contrast: Text
    search_label: Text
    search_button: Text
    footer_hotline: Text
    footer_email: Text
    contact: Text
    accessibility: Text
    portal: Text
    external: Text
    not_found_title: Text
    not_found_text: Text
    not_found_home: Text
    not_found_a_z: Text
    not_found_contact: Text


class LevelsTexts(Section):
    bo: Text
    tinh: Text
    huyen: Text
    xa: Text


class OnlineTexts(Section):
    full: Text
    partial: Text
    none: Text
    full_level: Text
    partial_level: Text
    none_level: Text
    full_explain: Text
    partial_explain: Text
    none_explain: Text


class MethodsTexts(Section):
    online: Text
    in_person: Text
    post: Text
    online_where: Text
    in_person_where: Text
    post_where: Text


class UnitsTexts(Section):
    working_days: Text
    days: Text
    hours: Text
    months: Text


class MoneyTexts(Section):
    amount: Text
    free: Text
    varies: Text
    range: Text


class ProcedureTexts(Section):
    facts: Text
    code: Text
    field: Text
    agency: Text
    authority: Text
    levels: Text
    applicants: Text
    online: Text
    time_and_fees: Text
    method: Text
    time: Text
    fees: Text
    apply_online: Text
    apply_online_sr: Text
    apply_online_note: Text
    how_to_submit: Text
    steps: Text
    documents: Text
    documents_lead: Text
    originals: Text
    copies: Text
    optional: Text
    form: Text
    channels: Text
    requirements: Text
    results: Text
    legal_basis: Text
    legal_item: Text
    legal_date: Text
    related: Text
    updated: Text
    decision: Text
    on_portal: Text


class FormTexts(Section):
    symbol: Text
    source: Text
    downloads: Text
    official_file: Text
    contents: Text
    contents_lead: Text
    required: Text
    digits: Text
    choices: Text
    lines: Text
    used_by: Text
    used_by_more: Text
    no_download: Text


class FormFilesTexts(Section):
    printable: Text
    fillable: Text
    word: Text
    nation: Text
    motto: Text
    symbol: Text
    issued_by: Text
    place_date: Text
    sign: Text
    date_blank: Text
    cell: Text
    """The accessible name of a table cell to fill in: ``{column}, dòng {row}``."""
    fill_title: Text
    fill_link: Text
    fill_note: Text


class ChecklistTexts(Section):
    lead: Text
    case: Text
    all_cases: Text
    case_n: Text
    print: Text


class FillTexts(Section):
    lead: Text
    privacy: Text
    noscript: Text
    required: Text
    date_hint: Text
    digits_hint: Text
    remember: Text
    remember_hint: Text
    restored: Text
    clear_data: Text
    clear_confirm: Text
    cleared: Text
    print: Text
    printing: Text
    errors_title: Text
    error_required: Text
    error_choose: Text
    error_date: Text
    error_digits: Text
    error_email: Text
    signatures: Text
    signatures_lead: Text
    back: Text


class SizesTexts(Section):
    kb: Text
    mb: Text


class PrintTexts(Section):
    guide_link: Text
    guide_note: Text
    handbook_link: Text
    handbook_all_link: Text
    handbook_heading: Text
    handbook_lead: Text
    handbook_title: Text
    handbook_all: Text
    handbook_field: Text
    handbook_count: Text
    volume: Text
    handbook_updated: Text
    contents: Text
    page_of: Text
    """A guide's page number: ``Trang {n}/{total}``."""
    page_number: Text
    """A handbook's page number: ``Trang {n}``."""
    checklist: Text
    checklist_lead: Text
    quantity: Text
    where: Text
    address: Text
    hotline: Text
    email: Text
    qr_page: Text
    qr_page_alt: Text
    qr_portal: Text
    qr_portal_alt: Text
    qr_address: Text
    """Printed under a QR code, short enough to type: ``{host} – mã {code}``."""
    source: Text


class SkeletonTexts(Section):
    procedure: Text
    form: Text


class Texts(Record):
    """``templates/strings/<language>.yaml``."""

    site: SiteTexts
    search: SearchTexts
    theme: ThemeTexts
    levels: LevelsTexts
    online: OnlineTexts
    methods: MethodsTexts
    units: UnitsTexts
    money: MoneyTexts
    procedure: ProcedureTexts
    form: FormTexts
    form_files: FormFilesTexts
    checklist: ChecklistTexts
    fill: FillTexts
    sizes: SizesTexts
    print: PrintTexts
    skeleton: SkeletonTexts
