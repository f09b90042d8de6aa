import pytest

from core.language import other_language, script_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ASCN M&E Report 2025 (ASEAN Secretariat)", "en"),
        ("Smart City Action Plan of Da Nang (SCAP)", "en"),
        ("Đà Nẵng", "en"),  # Latin letters, whatever their accents
        ("ASCN", "en"),  # an acronym is Latin letters too
        ("เชียงใหม่", "th"),
        # Thai that quotes English is Thai.
        ("หัวเว่ยเปิดตัวรายงาน Smart City Framework (ผู้จัดการออนไลน์)", "th"),
        ("国土交通白書2021 コラム: 日ASEANスマートシティ (MLIT)", "ja"),
        ("스마트시티", "ko"),
        ("智慧城市", "zh"),
        ("ភ្នំពេញ", "km"),
        ("ວຽງຈັນ", "lo"),
        ("ရန်ကုန်", "my"),
        # Figures and symbols are in no language.
        ("2019", None),
        ("1,500 – 2,000 %", None),
        ("", None),
        (None, None),
    ],
)
def test_a_texts_language_is_told_from_its_script(text, language):
    assert script_language(text) == language


def test_only_a_text_in_another_language_than_the_page_is_marked():
    assert other_language("Huawei", "th") == "en"
    assert other_language("Huawei", "en") is None
    assert other_language("หัวเว่ย", "en") == "th"
    assert other_language("2019", "th") is None
    # A field that states its language wins over the script.
    assert other_language("Sumedang bersiap", "th", stated="id") == "id"
    assert other_language("Sumedang bersiap", "en", stated="id") == "id"
    assert other_language("Smart city", "en", stated="en") is None
