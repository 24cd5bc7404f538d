"""Vietnamese text handling and the YAML reader."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from generator.load.yamlsource import parse
from generator.problems import CatalogueError
from generator.text.vietnamese import fold_diacritics, format_number, group_digits, initial, slugify, sort_key


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đăng ký thường trú", "dang-ky-thuong-tru"),
        ("Cấp thẻ căn cước cho công dân từ đủ 14 tuổi trở lên", "cap-the-can-cuoc-cho-cong-dan-tu-du-14-tuoi-tro-len"),
        ("Lĩnh vực: Đăng ký, quản lý cư trú", "linh-vuc-dang-ky-quan-ly-cu-tru"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slugify(unicodedata.normalize("NFD", text)) == slug


def test_long_names_keep_different_addresses_within_the_limit() -> None:
    """Agency names often differ only at the end; cut to 80 characters they must not collide."""
    a = "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ, Công an tỉnh Quảng Ngãi – đội số 1"
    b = a.replace("số 1", "số 2")
    assert slugify(a, 80) != slugify(b, 80)
    for name in (a, b):
        slug = slugify(name, 80)
        assert len(slug) <= 80
        assert slug.startswith("phong-canh-sat-phong-chay-chua-chay-va-cuu-nan-cuu-ho-")
        assert slugify(unicodedata.normalize("NFD", name), 80) == slug
    assert slugify("Công an cấp xã", 80) == "cong-an-cap-xa", "short names are left whole"


def test_fold_diacritics_handles_d_and_both_tone_placements() -> None:
    assert fold_diacritics("Đăng KÝ") == "dang ky"
    assert fold_diacritics("hoá") == fold_diacritics("hóa") == "hoa"
    assert fold_diacritics("thuỷ") == fold_diacritics("thủy") == "thuy"


def test_sort_key_follows_the_vietnamese_alphabet() -> None:
    words = ["Đăng ký", "Cấp", "Dừng", "Ăn", "An", "Ân", "Bảo", "Ơn", "Ô", "Ư"]
    assert sorted(words, key=sort_key) == ["An", "Ăn", "Ân", "Bảo", "Cấp", "Dừng", "Đăng ký", "Ô", "Ơn", "Ư"]


def test_initial_keeps_d_stroke_apart() -> None:
    assert initial("Đăng ký") == "Đ"
    assert initial("Dừng") == "D"
    assert initial("Ấn định") == "A"


def test_numbers_read_the_vietnamese_way() -> None:
    assert group_digits(1_250_000) == "1.250.000"
    assert format_number(Decimal("0.5")) == "0,5"
    assert format_number(7) == "7"


def test_scalars_stay_text_and_remember_their_position() -> None:
    source = parse("code: 2.000200\nleading: 07\nflag: no\nday: 2025-07-01\nempty:\nlist: [a, ~]\n", "x.yaml")
    assert source.data == {
        "code": "2.000200",
        "leading": "07",
        "flag": "no",
        "day": "2025-07-01",
        "empty": None,
        "list": ["a", None],
    }
    assert source.position(("leading",)) == (2, 10)
    assert source.position(("list", 1)) == (6, 11)
    assert source.position(("list", 7, "missing")) == (6, 7)


def test_text_is_normalised_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "title: Đăng ký thường trú\n")
    assert parse(nfd, "x.yaml").data == {"title": "Đăng ký thường trú"}


def test_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: &d [*c,*c]\ne: [*d,*d]\n'
    with pytest.raises(CatalogueError) as error:
        parse(bomb, "x.yaml")
    assert "anchors" in str(error.value)


def test_complex_keys_are_refused_and_parsing_goes_on() -> None:
    with pytest.raises(CatalogueError) as error:
        parse("? [a, b]\n: 1\nc: 2\nc: 3\n", "x.yaml")
    messages = [p.message for p in error.value.problems]
    assert any("plain word" in m for m in messages)
    assert any("duplicate key" in m for m in messages)
