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
    by_journey: Text
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
    other_letter: Text
    """The A–Z entry of titles that begin with neither a letter of the Vietnamese alphabet nor a digit."""
    other_letter_title: Text
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
    partial: Text
    partial_some: Text
    matched_keyword: Text
    matched_synonym: Text


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
    example_notice: Text
    top: Text
    feedback_lead: Text
    feedback_link: Text
    feedback_email: Text
    feedback_subject: Text
    feedback_page: Text
    feedback_code: Text
    feedback_prompt: Text


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
    full_explain_choice: Text
    full_explain_unless: Text
    partial_explain: Text
    none_explain: Text
    none_explain_forms: Text
    none_explain_print: Text


class InPersonTexts(Section):
    heading: Text
    heading_some: Text
    also_online: Text
    biometrics: Text
    signature: Text
    inspection: Text
    collect_result: Text
    other: Text
    visit: Text
    apply_online: Text
    open_portal: Text
    online_where_link: Text
    qr_portal: Text


class MethodsTexts(Section):
    online: Text
    in_person: Text
    post: Text
    online_where: Text
    online_where_link: Text
    in_person_where: Text
    post_where: Text
    online_when: Text
    in_person_when: Text
    post_when: Text


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
    per: Text


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
    fees_heading: Text
    fees_case: Text
    fees_amount: Text
    fees_same: Text
    fees_free: Text
    fees_exempt: Text
    fees_more: Text
    fees_absent: Text
    time_unknown: Text
    where: Text
    who: Text
    about: Text
    method: Text
    time: Text
    fees: Text
    apply_online: Text
    open_portal: Text
    opens: Text
    apply_online_sr: Text
    apply_online_note: Text
    how_to_submit: Text
    steps: Text
    documents: Text
    documents_lead: Text
    documents_cases: Text
    documents_optional: Text
    originals: Text
    copies: Text
    optional: Text
    form: Text
    channels: Text
    requirements: Text
    results: Text
    legal_basis: Text
    legal_item: Text
    legal_numbered: Text
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
    row: Text
    """The heading of a table row's card on a phone: ``Dòng {row}``."""
    fill_title: Text
    fill_link: Text
    fill_note: Text


class ChecklistTexts(Section):
    lead: Text
    case_n: Text
    print: Text


class ChooserTexts(Section):
    """The case chooser of a procedure with several cases (templates/web/procedure/_chooser.html, chooser.js)."""

    heading: Text
    lead: Text
    ask_case: Text
    go: Text
    change: Text
    all: Text
    yours: Text
    answered: Text
    fee_unstated: Text
    fee_unstated_short: Text
    page_title: Text


class JourneyTexts(Section):
    title: Text
    lead: Text
    none: Text
    count_steps: Text
    steps: Text
    step: Text
    elsewhere: Text
    not_published: Text
    part_of: Text
    step_of: Text
    one_of: Text
    choice_or: Text
    option_of: Text
    instead: Text
    previous: Text
    next: Text
    updated: Text


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


class PressTexts(Section):
    """The print pack (``catalogue print``): counter posters and the print shop's job tickets."""

    poster_list: Text
    """A counter poster's heading above an agency's procedures: ``Thủ tục hành chính tiếp nhận tại {agency}``."""
    poster_code: Text
    poster_procedure: Text
    poster_fee: Text
    poster_time: Text
    poster_online: Text
    poster_scan: Text
    poster_agency: Text
    poster_page: Text
    """``Trang {n}/{total}`` of a poster of several sheets."""
    ticket_title: Text
    ticket_pack: Text
    ticket_lead: Text
    ticket_file: Text
    ticket_kind: Text
    ticket_trim: Text
    ticket_bleed: Text
    ticket_pages: Text
    ticket_colours: Text
    ticket_binding: Text
    ticket_paper: Text
    ticket_standard: Text
    ticket_updated: Text
    ticket_sha256: Text
    kind_guide: Text
    kind_handbook: Text
    kind_booklet: Text
    kind_form: Text
    kind_poster: Text
    colours_both: Text
    colours_one: Text
    bleed_mm: Text
    sheets: Text
    """The imposed file's sheets: ``{pages} mặt, {sheets} tờ A4``."""
    binding_sheets: Text
    binding_saddle: Text
    binding_booklet: Text
    binding_thick: Text
    binding_none: Text
    paper_text: Text
    paper_poster: Text
    paper_cover: Text


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
    checklist_paper: Text
    """The checklist's column of papers (the section itself is :attr:`checklist`)."""
    """How to submit, on paper, when nothing can be done online: names the checklist, printed after it."""
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


class StatusTexts(Section):
    """The notice on the page of an abolished or replaced procedure."""

    heading: Text
    abolished: Text
    replaced: Text
    replaced_by: Text
    upcoming_abolished: Text
    upcoming_replaced: Text
    still_there: Text


class ChangesTexts(Section):
    """Recent changes (``/thay-doi/``) and their Atom feed."""

    title: Text
    lead: Text
    new: Text
    changed: Text
    abolished: Text
    replaced: Text
    updated: Text
    effective: Text
    replaced_by: Text
    feed: Text
    feed_title: Text
    feed_entry: Text
    code: Text
    none: Text
    on_page: Text
    """The heading of a procedure page's notice of what changed (its record's change_note)."""


class OpenDataTexts(Section):
    """The open data page (``/du-lieu/``), the data files' own titles, and the CSV's columns."""

    title: Text
    lead: Text
    summary: Text
    files: Text
    csv_data: Text
    json_data: Text
    json_schema: Text
    cpsv_ap: Text
    dcat: Text
    feed: Text
    columns: Text
    columns_lead: Text
    licence_title: Text
    licence: Text
    by_code_title: Text
    by_code: Text
    dataset_title: Text
    dataset_description: Text
    keywords: Text
    col_code: Text
    col_title: Text
    col_field: Text
    col_agency: Text
    col_levels: Text
    col_online: Text
    col_time: Text
    col_fees: Text
    col_status: Text
    col_url: Text
    about_levels: Text
    about_online: Text
    about_time: Text
    about_fees: Text
    about_status: Text
    status_active: Text
    status_abolished: Text
    status_replaced: Text
    redirect_title: Text
    redirect_text: Text


class LegalKindsTexts(Section):
    """What each kind of legal document is called in a citation (``Nghị định số 154/2024/NĐ-CP ...``)."""

    constitution: Text
    code: Text
    law: Text
    ordinance: Text
    resolution: Text
    decree: Text
    joint_circular: Text
    circular: Text
    decision: Text
    directive: Text


class WhereTexts(Section):
    """Where to go in person: agency pages, a procedure's place to hand in the dossier, guides and handbooks."""

    heading: Text
    agency_heading: Text
    address: Text
    hours: Text
    phone: Text
    email: Text
    map: Text
    map_sr: Text
    not_described: Text
    commune: Text
    commune_agency: Text
    commune_find: Text
    commune_print: Text
    commune_appendix: Text
    anywhere: Text
    communes_heading: Text
    communes_lead: Text
    filter_label: Text
    filter_hint: Text
    filter_count: Text
    filter_none: Text
    old_hint: Text
    old_heading: Text
    old_lead: Text
    old_district: Text
    old_to: Text
    old_split: Text
    old_residents: Text
    old_found: Text
    old_police: Text
    example: Text
    example_notice: Text
    questions: Text


class SkeletonTexts(Section):
    procedure: Text
    form: Text
    journey: Text


class NationalReasonTexts(Section):
    """Why an imported value needs an editor's eye: one text per reason of ``generator.national.cells.REASONS``."""

    time_fee_together: Text
    time_unit: Text
    time_missing: Text
    fee_unknown: Text
    fee_unread: Text
    fee_free_amount: Text
    fee_thousands: Text
    documents_unread: Text
    documents_lead_in: Text
    paper_too_long: Text
    legal_unread: Text
    legal_title: Text
    steps_unread: Text
    decision_placeholder: Text
    related_unread: Text
    agency_default: Text
    level_other: Text
    description_keywords: Text


class NationalTexts(Section):
    """What ``catalogue import`` writes for editors: comments in records, the page national/xem-lai.md."""

    header: Text
    review: Text
    national_says: Text
    conflict: Text
    page_title: Text
    page_lead: Text
    last_import: Text
    counts: Text
    review_title: Text
    conflicts_title: Text
    conflicts_lead: Text
    local: Text
    skipped_title: Text
    skipped_lead: Text
    checklist_missing: Text
    checklist_extra: Text
    change_since: Text
    change_more: Text
    change_fee: Text
    change_fee_added: Text
    change_fee_removed: Text
    change_time: Text
    change_method_added: Text
    change_method_removed: Text
    change_paper_added: Text
    change_paper_removed: Text
    change_paper: Text
    change_legal_added: Text
    change_legal_removed: Text
    change_legal_replaced: Text
    change_decision: Text
    change_other: Text
    reasons: NationalReasonTexts


class PreviewTexts(Section):
    """The problem overlay of ``catalogue serve``'s live preview."""

    title: Text
    lead: Text
    count: Text
    rebuilding: Text
    close: Text


class CollectionsTexts(Section):
    procedures: Text
    procedure: Text
    procedures_about: Text
    forms: Text
    form: Text
    forms_about: Text
    pages: Text
    page: Text
    pages_about: Text
    page_title: Text
    page_title_help: Text
    page_description: Text
    page_description_help: Text
    page_body: Text
    page_body_help: Text


class FieldTypesTexts(Section):
    """Names of the kinds of item of a form (``FormField.type``), as the editor offers them."""

    text: Text
    textarea: Text
    date: Text
    digits: Text
    choice: Text
    checkbox: Text
    section: Text
    signature: Text
    table: Text


class ColumnTypesTexts(Section):
    """Names of the kinds of column of a table to fill in (``TableColumn.type``), as the editor offers them."""

    text: Text
    number: Text
    date: Text
    digits: Text
    choice: Text


class PatternsTexts(Section):
    """What the browser editor says when a value does not have the shape the record format needs."""

    code: Text
    slug: Text
    form_id: Text
    field_id: Text
    https: Text


class StatusChoicesTexts(Section):
    """Names of a procedure's statuses (``Procedure.status``), as the editor offers them."""

    active: Text
    abolished: Text


class EntranceTexts(Section):
    """What ``/quan-tri/`` says before anyone signs in: what it is, who may sign in and how, where the guide is.

    ``{agency}`` is the agency's name, ``{site}`` the site's, ``{service}`` the git host's (GitHub...).
    """

    heading: Text
    lead: Text
    citizens: Text
    home: Text
    who_heading: Text
    who: Text
    how_heading: Text
    how_button: Text
    how_account: Text
    """The step that signs in with an account on the git host (the settings name a sign-in service)."""
    how_token: Text
    """The step that signs in with an access token (no sign-in service)."""
    how_save: Text
    sign_in: Text
    guide_heading: Text
    guide_page: Text
    """The link to the editors' guide, a hand-written page (``pages/huong-dan-soan-thao.md``)."""
    guide_docs: Text
    """Where the guide is when no such page is written: the documents the office was given."""


class EditorTexts(Record):
    """The browser editor at ``/quan-tri/`` (its configuration is made from the record model)."""

    title: Text
    noscript: Text
    entrance: EntranceTexts
    collections: CollectionsTexts
    field_types: FieldTypesTexts
    column_types: ColumnTypesTexts
    statuses: StatusChoicesTexts
    patterns: PatternsTexts
    help: dict[str, Text]
    """Help under each key, by ``Class.key`` of the model (``Procedure.code``); every key has one."""


class OfflineTexts(Section):
    """The offline page and the "save to read offline" button of a procedure (issue 18)."""

    title: Text
    description: Text
    lead: Text
    offline_now: Text
    saved_title: Text
    saved_none: Text
    saved_guide: Text
    saved_on: Text
    remove: Text
    remove_label: Text
    removed: Text
    noscript: Text
    unsupported: Text
    available_title: Text
    home: Text
    how_title: Text
    how: Text
    save: Text
    save_lead: Text
    saving: Text
    saved: Text
    save_failed: Text
    see_saved: Text


class Texts(Record):
    """``templates/strings/<language>.yaml``."""

    site: SiteTexts
    search: SearchTexts
    theme: ThemeTexts
    levels: LevelsTexts
    online: OnlineTexts
    in_person: InPersonTexts
    methods: MethodsTexts
    units: UnitsTexts
    money: MoneyTexts
    procedure: ProcedureTexts
    form: FormTexts
    form_files: FormFilesTexts
    checklist: ChecklistTexts
    chooser: ChooserTexts
    journey: JourneyTexts
    fill: FillTexts
    sizes: SizesTexts
    print: PrintTexts
    press: PressTexts
    legal_kinds: LegalKindsTexts
    where: WhereTexts
    skeleton: SkeletonTexts
    national: NationalTexts
    status: StatusTexts
    changes: ChangesTexts
    open_data: OpenDataTexts
    preview: PreviewTexts
    editor: EditorTexts
    offline: OfflineTexts
