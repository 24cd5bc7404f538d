"""Questions citizens type into the site search, each with the procedure code(s) that answer it.

Read by ``bench_search_quality.py``. Two catalogues: ``justice`` is the real Bộ Tư pháp commune and
provincial records of ``shared/reference/national-data`` (imported with ``catalogue import``, no keywords
written for them); ``police`` is the bundled sample. Both are built into one site, so each question also
meets the other catalogue's procedures.

``HELD_OUT`` was written and committed before any tuning of the search and is never tuned to: it is the
figure the benchmark's target (hit@3 ≥ 90 %) is checked on. ``TUNING`` is what the search was tuned on.
A question lists every code that answers it; a hit is any of them.
"""

from __future__ import annotations

from typing import NamedTuple


class Question(NamedTuple):
    catalogue: str
    """justice (real national records) or police (the bundled sample)."""
    text: str
    """As a citizen types it."""
    codes: tuple[str, ...]
    """The procedures that answer it; the first is the one meant most often."""
    kind: str
    """official (the official words), everyday (everyday words, abbreviations, misspellings) or question
    (a whole question or sentence)."""


def _q(catalogue: str, kind: str, text: str, *codes: str) -> Question:
    return Question(catalogue, text, codes, kind)


HELD_OUT: tuple[Question, ...] = (
    # justice: the real national records
    _q("justice", "question", "làm giấy khai sinh cho con ở đâu", "1.001193"),
    _q("justice", "question", "đăng ký kết hôn cần giấy tờ gì", "1.000894"),
    _q("justice", "everyday", "xin giấy xác nhận độc thân", "1.004873"),
    _q("justice", "question", "lấy vợ người nước ngoài làm thủ tục gì", "2.000806"),
    _q("justice", "everyday", "công chứng bản sao giấy tờ", "2.000815"),
    _q("justice", "everyday", "khai tu cho nguoi mat", "1.000656"),
    _q("justice", "everyday", "xin phieu ly lich tu phap", "3.000333"),
    _q("justice", "everyday", "nhận con nuôi", "2.001263"),
    _q("justice", "question", "làm lại giấy khai sinh bị mất", "1.004884", "2.000635"),
    _q("justice", "official", "chứng thực di chúc", "2.001019"),
    _q("justice", "everyday", "đổi tên cho con", "1.004859"),
    _q("justice", "everyday", "nhận cha cho con", "1.001022"),
    _q("justice", "official", "thôi quốc tịch việt nam", "2.002036"),
    _q("justice", "question", "yêu cầu trợ giúp pháp lý miễn phí", "2.000829"),
    # police: the bundled sample
    _q("police", "question", "bị mất căn cước thì làm lại ở đâu", "2.000200"),
    _q("police", "everyday", "tạm chú", "1.004194"),
    _q("police", "everyday", "nhập hộ khẩu cho con", "1.004222"),
    _q("police", "everyday", "tách khẩu ra riêng", "1.010038"),
    _q("police", "everyday", "xin giấy xác nhận cư trú", "1.010041"),
    _q("police", "everyday", "visa cho người nước ngoài gia hạn", "1.001146", "1.003460"),
    _q("police", "everyday", "làm passport", "1.001456"),
    _q("police", "everyday", "mất bằng lái xe", "3.000348"),
    _q("police", "everyday", "khắc dấu cho công ty", "2.001410"),
    _q("police", "question", "mở quán karaoke cần giấy phép gì", "2.001478"),
    _q("police", "everyday", "kích hoạt vneid", "3.000228"),
    _q("police", "everyday", "mua xe cũ sang tên", "1.013076"),
)
