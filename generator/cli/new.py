"""``catalogue new``: a commented record skeleton an editor fills in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.model.scalars import FORM_ID_PATTERN, SLUG_MAX
from generator.problems import CatalogueError, Problem
from generator.project import FORMS_DIR, PROCEDURES_DIR
from generator.text.vietnamese import nfc, slugify

PROCEDURE = """\
# Thủ tục hành chính. Điền các mục còn trống (""), rồi chạy: catalogue check
# Định dạng: docs/record-format.md. Văn bản dài viết được Markdown (danh sách, **đậm**, liên kết https).
code: ""                # Mã thủ tục trên Cổng DVCQG, trong ngoặc kép, ví dụ "1.004222"
title: {title}
summary: ""             # Một câu dễ hiểu: thủ tục dành cho ai, làm xong được gì
field: ""               # Lĩnh vực, ví dụ: Đăng ký, quản lý cư trú
agency: ""              # Cơ quan thực hiện (nơi nộp hồ sơ), ví dụ: Công an cấp xã
levels: [xa]            # Cấp thực hiện: bo, tinh, huyen, xa
applicants: [Công dân Việt Nam]
online: none            # full (toàn trình), partial (một phần) hoặc none
steps:                  # Trình tự thực hiện, theo thứ tự
  - ""
channels:               # Cách thức thực hiện: online, in_person, post
  - method: in_person
    time: {{value: 5, unit: working_days}}   # hoặc {{text: "..."}} khi luật không nêu số ngày
    fees: []            # [{{name: Lệ phí ..., amount: 20000}}]; để trống nếu miễn phí
documents:              # Thành phần hồ sơ
  - items:
      - {{name: "", originals: 1}}   # thêm form: CT01 nếu có mẫu trong forms/
results: [""]           # Kết quả thực hiện
legal_basis:            # Căn cứ pháp lý
  - {{number: "", title: ""}}
updated: {today}        # Ngày đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính
"""

FORM = """\
# Mẫu đơn, tờ khai. Điền các mục còn trống (""), rồi chạy: catalogue check
id: {id}                # Ký hiệu mẫu; trùng với tên tệp
title: ""               # Tên mẫu
source: ""              # Văn bản ban hành mẫu, ví dụ: Thông tư 66/2023/TT-BCA
# file: {id}.docx       # Tệp chính thức đặt cạnh tệp này (.docx, .doc, .odt, .pdf, .xlsx)
fields:                 # Các mục của mẫu, theo thứ tự trên giấy
  - {{type: text, id: ho_ten, label: "1. Họ, chữ đệm và tên", required: true}}
  - {{type: date, id: ngay_sinh, label: "2. Ngày, tháng, năm sinh"}}
  - {{type: digits, id: so_dinh_danh, label: "3. Số định danh cá nhân", length: 12}}
  - {{type: signature, label: Người kê khai}}
"""


def write_skeleton(project: Path, kind: str, name: str, folder: str = "") -> Path:
    """Write a new record file and return its path; never overwrite one."""
    name = nfc(name.strip())
    if kind == "procedure":
        slug = slugify(name, SLUG_MAX)
        path = project / PROCEDURES_DIR / folder / f"{slug}.yaml"
        text = PROCEDURE.format(title=_quoted(name), today=date.today().isoformat())
    else:
        import re

        if not re.match(FORM_ID_PATTERN, name):
            raise CatalogueError([Problem(name, 0, 0, "", "a form id is letters and digits, like CT01")])
        path = project / FORMS_DIR / f"{name}.yaml"
        text = FORM.format(id=name)
    if path.exists():
        raise CatalogueError([Problem(str(path), 0, 0, "", "already exists; edit it or choose another name")])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
