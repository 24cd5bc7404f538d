"""Settings that describe where citizens go: an agency with its contacts, the commune police and their list."""

from __future__ import annotations

from .conftest import BASE

AGENCIES = """
    example: true
    agencies:
      - name: Công an cấp xã
        per_commune: true
      - name: Phòng Quản lý xuất nhập cảnh, Công an tỉnh Thử Nghiệm
        address: Số 2 đường Thử, phường Thử
        hours: "Thứ Hai đến Thứ Sáu: 7:30–11:30"
        phone: "0200 0000 105"
        email: xuatnhapcanh@congan-thunghiem.example
        map: https://www.openstreetmap.org/search?query=Th%E1%BB%AD
    communes:
      - name: Công an phường Thử
        address: Phường Thử, tỉnh Thử Nghiệm
        phone: "0200 0000 201"
      - name: Công an xã An Bình
        address: Xã An Bình, tỉnh Thử Nghiệm
        phone: "0200 0000 202"
"""


# A conversion table of communes before and after 1 July 2025 (communes/thu.csv), and the settings that name it:
# a name in two old districts (Đăk/Đắk Long), a divided commune, and one whose note names the unit with all residents.
HEADER = "new_code,new_name,old_code,old_name,old_district,old_province,note\n"
TABLE = HEADER + (
    "00100,Phường Thử,00101,Phường Một,Thành phố Thử,Tỉnh Thử Nghiệm,\n"
    "00100,Phường Thử,00102,Xã Đăk Long,Thành phố Thử,Tỉnh Thử Nghiệm,\n"
    "00200,Xã An Bình,00201,Xã Đắk Long,Huyện Núi,Tỉnh Núi,\n"
    "00200,Xã An Bình,00202,Xã Chia,Huyện Núi,Tỉnh Núi,Nhập một phần\n"
    "00100,Phường Thử,00202,Xã Chia,Huyện Núi,Tỉnh Núi,Nhập một phần\n"
    '00200,Xã An Bình,00203,Xã Hai,Huyện Núi,Tỉnh Núi,"Nhập một phần, diện tích, toàn bộ dân số"\n'
    "00100,Phường Thử,00203,Xã Hai,Huyện Núi,Tỉnh Núi,Nhập một phần diện tích\n"
)
COMMUNES = AGENCIES + "    communes_table: communes/thu.csv\n"


def settings_with(extra: str = AGENCIES) -> str:
    """The base fixture's mkdocs.yml with *extra* lines under ``extra.catalogue``."""
    text = (BASE / "mkdocs.yml").read_text(encoding="utf-8")
    return text.replace("  catalogue:\n", "  catalogue:" + extra, 1)


def passport_record() -> str:
    """A provincial procedure handed in at the passport office, at any reception point in the province."""
    text = (BASE / "procedures" / "dang-ky-tam-tru.yaml").read_text(encoding="utf-8")
    return (
        text.replace('code: "1.004194"', 'code: "1.001456"')
        .replace("title: Đăng ký tạm trú", "title: Cấp hộ chiếu phổ thông ở trong nước")
        .replace("agency: Công an cấp xã", "agency: Phòng Quản lý xuất nhập cảnh, Công an tỉnh Thử Nghiệm")
        .replace("levels: [xa]", "levels: [tinh]\nanywhere_in_province: true")
        .replace("keywords: [tạm trú, KT3]", "keywords: [hộ chiếu]")
        .replace(
            "  - {number: 68/2020/QH14, title: Luật Cư trú, date: 2020-11-13}",
            "  - {number: 49/2019/QH14, title: 'Luật Xuất cảnh, nhập cảnh của công dân Việt Nam'}\n"
            "  - {number: 154/2024/NĐ-CP, title: Nghị định quy định chi tiết Luật Cư trú, date: 2024-11-26}\n"
            "  - {number: 55/2021/TT-BCA, title: quy định chi tiết Luật Cư trú}\n"
            "  - {number: 1523/QĐ-BCA-C06, title: Quyết định công bố thủ tục hành chính}\n"
            "  - {number: 202/2025/QH15, title: Nghị quyết về việc sắp xếp đơn vị hành chính cấp tỉnh}",
        )
    )
