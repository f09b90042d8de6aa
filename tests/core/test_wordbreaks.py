"""The Thai word segmenter with the portal's names, the hints it writes and the
summaries it shortens (core/wordbreaks.py)."""

import pytest
from django.core.cache import cache

from core import wordbreaks
from core.versioning import request_scope, versioned
from core.wordbreaks import (
    NO_BREAK_SPACE,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    base_dictionary,
    hint,
    hint_html,
    keep_together,
    name_words,
    shorten,
    without_hints,
    words,
)
from tests.factories import CityFactory, PartnerFactory

pytestmark = pytest.mark.django_db

NBSP, WJ, ZWSP = NO_BREAK_SPACE, WORD_JOINER, ZERO_WIDTH_SPACE


NAMES_IN_SENTENCES = [
    # The three names the issue found broken, each in a sentence of the data.
    ("จับคู่ความร่วมมือกับเมืองมิลวอกีด้านการบริหารจัดการน้ำ", ["เมือง", "มิลวอกี"]),
    ("เมืองเสียมราฐเป็นที่ตั้งของนครวัด", ["เสียมราฐ"]),
    ("แผนที่จัดทำโดยบริษัทโรลันด์ เบอร์เกอร์", ["โรลันด์", "เบอร์เกอร์"]),
    ("ร่วมกับหัวเว่ยและแรมบอลล์", ["หัวเว่ย", "แรมบอลล์"]),
    ("เมืองยะโฮร์บาห์รูและมากัซซาร์", ["ยะโฮร์บาห์รู", "มากัซซาร์"]),
    ("กับเมืองลาสเวกัสด้านระบบขนส่ง", ["ลาสเวกัส"]),
    ("ประเทศติมอร์-เลสเตและสปป. ลาว", ["ติมอร์", "เลสเต", "ลาว"]),
]


@pytest.fixture
def names(db):
    """Some of the portal's names, as the reference data has them."""
    CityFactory(name_th="เสียมราฐ", region_th="จังหวัดเสียมราฐ")
    CityFactory(name_th="มากัซซาร์")
    PartnerFactory(name_th="มิลวอกี (The Water Council)")
    PartnerFactory(name_th="โรลันด์ เบอร์เกอร์")


def test_the_portals_names_come_out_whole(ascn_data):
    for text, whole in NAMES_IN_SENTENCES:
        found = words(text)
        assert "".join(found) == text
        for name in whole:
            assert name in found, (text, found)


def test_without_the_portals_names_the_dictionary_cuts_them(names):
    """What the names are added for: PyThaiNLP's own dictionary, like the
    browser's, cuts transliterated names into pieces."""
    assert "มิลวอกี" not in words("กับเมืองมิลวอกี", base_dictionary())
    assert "มิลวอกี" in words("กับเมืองมิลวอกี")


def test_a_new_name_is_learnt_as_soon_as_it_is_saved(names):
    text = "ความร่วมมือกับเมืองโคโรนาโดบีช"
    assert "โคโรนาโดบีช" not in words(text)
    CityFactory(name_th="โคโรนาโดบีช")
    assert "โคโรนาโดบีช" in words(text)


def test_a_long_name_adds_only_the_stretch_the_dictionary_does_not_know():
    added = name_words(["กรมประปาและระบายน้ำเคาน์ตีไมแอมี-เดด", "ติมอร์-เลสเต"])
    # The long part is a compound of known words and a transliteration: it
    # stays breakable between its words, the transliteration does not.
    assert "กรมประปาและระบายน้ำเคาน์ตีไมแอมี" not in added
    assert any("เคาน์ตีไมแอมี" in word for word in added)
    # Short parts are words of their own.
    assert {"ติมอร์", "เลสเต", "เดด"} <= added


def test_hints_join_the_letters_of_a_word_and_separate_the_words(names):
    hinted = hint("กับเมืองมิลวอกี")
    assert without_hints(hinted) == "กับเมืองมิลวอกี"
    assert hinted.split(ZWSP) == [
        f"กั{WJ}บ",
        f"เมื{WJ}อ{WJ}ง",
        f"มิ{WJ}ล{WJ}ว{WJ}อ{WJ}กี",
    ]


def test_no_joiner_after_a_leading_vowel_nor_before_a_following_vowel():
    # เ, ไ lead their consonant; า, ำ follow theirs: a line never breaks there.
    assert hint("ไทย", base_dictionary()) == f"ไท{WJ}ย"
    assert hint("น้ำ", base_dictionary()) == "น้ำ"
    assert hint("เมือง", base_dictionary()) == f"เมื{WJ}อ{WJ}ง"


def test_a_compound_longer_than_a_phone_line_is_left_to_the_browser():
    compound = "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"
    assert words(compound, base_dictionary()) == [compound]
    assert hint(compound, base_dictionary()) == compound


def test_text_that_is_not_thai_is_left_as_it_is(names):
    text = "Phuket &amp; Milwaukee (ASCN) 2019–2020"
    assert hint(text) == text
    mixed = hint("ภูเก็ต (ASCN) &quot;Smart&quot;")
    assert mixed == f"ภู{WJ}เก็{WJ}ต (ASCN) &quot;Smart&quot;"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ในปี พ.ศ. 2568 ระยะทาง", f"ในปี พ.ศ.{NBSP}2568 ระยะทาง"),
        ("ค.ศ. 2025", f"ค.ศ.{NBSP}2025"),
        ("ระยะทาง 4.4 กิโลเมตร", f"ระยะทาง 4.4{NBSP}กิโลเมตร"),
        ("งบประมาณ 650 ล้านบาท", f"งบประมาณ 650{NBSP}ล้านบาท"),
        ("มูลค่า 1,500 ล้านบาท", f"มูลค่า 1,500{NBSP}ล้านบาท"),
        ("เครือข่าย 38 เมือง", f"เครือข่าย 38{NBSP}เมือง"),
        ("เมืองต่าง ๆ", f"เมืองต่าง{NBSP}ๆ"),
        ("Phuket joined in 2018", "Phuket joined in 2018"),
    ],
)
def test_the_era_stays_with_its_year_and_a_number_with_its_unit(text, kept):
    assert keep_together(text) == kept
    assert without_hints(hint(text, base_dictionary())) == kept


def test_hints_go_in_the_text_of_a_page_and_nowhere_else(names):
    page = (
        "<html><head><title>เสียมราฐ</title>"
        '<meta name="description" content="เมืองเสียมราฐ"></head>'
        '<body><h1 class="x">เสียมราฐ</h1><img alt="ภาพเมืองเสียมราฐ">'
        "<!-- เสียมราฐ --><script>let s = 'เสียมราฐ';</script>"
        "<select><option>เสียมราฐ</option></select>"
        "<textarea>เสียมราฐ</textarea>"
        "<svg><title>เสียมราฐ</title><text>เสียมราฐ</text></svg>"
        "<p>ใน พ.ศ. 2568</p></body></html>"
    )
    hinted = hint_html(page)
    assert hinted.count("เสียมราฐ") == page.count("เสียมราฐ") - 1
    assert f'<h1 class="x">เสี{WJ}ย{WJ}ม{WJ}รา{WJ}ฐ</h1>' in hinted
    assert f"<p>ใน พ.{WJ}ศ.{NBSP}2568</p>" in hinted
    assert without_hints(hinted) == page.replace("พ.ศ. 2568", f"พ.ศ.{NBSP}2568")


@pytest.fixture
def shared_cache(monkeypatch):
    """The cache as the web workers share it (Redis), in the test's memory."""
    monkeypatch.setattr(wordbreaks, "_shared", lambda: True)


def test_a_hinted_text_is_segmented_once(names, monkeypatch, shared_cache):
    calls = []
    split = wordbreaks._split

    def counted(text, dictionary):
        if isinstance(dictionary, wordbreaks.PortalDictionary):
            calls.append(text)
        return split(text, dictionary)

    monkeypatch.setattr(wordbreaks, "_split", counted)
    wordbreaks._memo.clear()
    text = "<p>เมืองเสียมราฐกับเมืองมิลวอกี</p>"
    first = hint_html(text)
    assert len(calls) == 1
    assert hint_html(text) == first
    # Another process finds it in the shared cache.
    wordbreaks._memo.clear()
    assert hint_html(text) == first
    assert len(calls) == 1
    cache.clear()
    wordbreaks._memo.clear()
    hint_html(text)
    assert len(calls) == 2


def test_hinted_texts_stay_out_of_a_cache_of_the_process_alone(names):
    """A local-memory cache is this process's: the texts would be kept twice and
    push the cached pages out of its limited number of entries."""
    wordbreaks._memo.clear()
    hint_html("<p>เมืองเสียมราฐกับเมืองมิลวอกี</p>")
    assert not [key for key in cache._cache if "wordbreaks:" in key]


# Summaries


SUMMARY = (
    "ภูเก็ตเป็นจังหวัดเกาะทางฝั่งทะเลอันดามันและเป็นแหล่งท่องเที่ยวสำคัญของประเทศ "
    "โดยได้จับคู่ความร่วมมือกับเมืองมิลวอกีด้านการบริหารจัดการน้ำ"
)


@pytest.mark.parametrize("limit", range(20, 120, 3))
def test_a_thai_summary_is_cut_between_words(names, limit):
    short = shorten(SUMMARY, limit)
    assert len(short) <= limit
    assert short.endswith("…")
    kept = short[:-1]
    assert SUMMARY.startswith(kept)
    # The cut falls where a word ends.
    boundaries = {0}
    for piece in words(SUMMARY):
        boundaries.add(max(boundaries) + len(piece))
    assert len(kept) in boundaries or SUMMARY[len(kept)] == " "


def test_a_summary_is_not_cut_inside_a_word_the_browser_would_cut(names):
    for limit in range(11, 13):
        assert shorten("ความสามารถในการแข่งขันของเมือง", limit) == "ความสามารถ…"
    assert shorten("ความสามารถในการแข่งขันของเมือง", 13) == "ความสามารถใน…"
    assert shorten("ร่วมมือกับเมืองมิลวอกีด้านน้ำ", 20) == "ร่วมมือกับเมือง…"


def test_a_summary_ends_at_a_phrase_when_one_ends_near_the_limit(names):
    short = shorten(SUMMARY, 90)
    assert short == SUMMARY.split(" ")[0] + "…"


def test_an_english_summary_is_cut_at_a_space():
    text = "Phuket is an island province on the Andaman Sea, and a destination."
    assert shorten(text, 30) == "Phuket is an island province…"
    assert shorten(text, 40) == "Phuket is an island province on the…"
    assert shorten(text, 200) == text


def test_a_summary_of_one_long_word_is_cut_inside_it():
    assert shorten("Pneumonoultramicroscopicsilicovolcanoconiosis", 10) == "Pneumonou…"


def test_the_names_are_read_once_a_request():
    computed = []
    with request_scope():
        for _ in range(3):
            versioned("names", lambda: computed.append(1) or ("ภูเก็ต",))
            cache.clear()
    assert computed == [1]


def test_the_networks_terms_are_not_read_as_politics(names):
    """A line must not end in "ปฏิบัติ|การเมือง" ("การเมือง" is politics)."""
    found = words("จากแผนปฏิบัติการเมืองอัจฉริยะปี 2561 ของเมือง")
    assert found[:3] == ["จาก", "แผนปฏิบัติการ", "เมืองอัจฉริยะ"]
