"""A search result's passage: about 25 words around the first match, cut between
words (Thai ones too), the match in <mark>, everything else escaped."""

import re

import pytest
from django.utils import translation

from cities.models import City
from core.excerpts import excerpt, mark, passage
from core.wordbreaks import hint, words

pytestmark = pytest.mark.django_db

ENGLISH = " ".join(f"word{number}" for number in range(200))
THAI = (
    "เชียงใหม่เป็นเมืองนำร่องของเครือข่ายเมืองอัจฉริยะอาเซียน "
    "เมืองพัฒนาระบบขนส่งสาธารณะอัจฉริยะและระบบจัดการน้ำเสียของเมือง "
    "ร่วมกับมหาวิทยาลัยเชียงใหม่และภาคเอกชนในพื้นที่ "
    "เพื่อแก้ปัญหาฝุ่นควันและการจราจรติดขัดในเขตเมืองเก่า "
    "โดยใช้ข้อมูลจากเซนเซอร์ตรวจวัดคุณภาพอากาศกว่าหนึ่งร้อยจุดทั่วทั้งจังหวัด "
    "และเปิดข้อมูลให้ประชาชนติดตามได้ทางโทรศัพท์มือถือ"
)


def test_a_passage_holds_a_few_words_before_the_match_and_more_after():
    start = ENGLISH.index("word100")
    kept, cut_before, cut_after = passage(ENGLISH, start, start + len("word100"))
    kept_words = kept.split()
    assert cut_before and cut_after
    assert 20 <= len(kept_words) <= 30
    assert kept_words.index("word100") == 8
    # Whole words only.
    assert all(re.fullmatch(r"word\d+", word) for word in kept_words)


def test_a_match_at_the_start_is_not_cut_before():
    kept, cut_before, cut_after = passage(ENGLISH, 0, 5)
    assert kept.startswith("word0 word1")
    assert not cut_before and cut_after


def test_a_thai_passage_is_cut_between_words():
    start = THAI.index("ฝุ่นควัน")
    kept, cut_before, cut_after = passage(THAI, start, start + len("ฝุ่นควัน"))
    assert "ฝุ่นควัน" in kept and cut_before and cut_after
    assert len(kept) < len(THAI)
    # The passage begins and ends where the segmenter puts a word boundary.
    boundaries = {0}
    for piece in words(THAI):
        boundaries.add(max(boundaries) + len(piece))
    begin = THAI.index(kept)
    assert begin in boundaries
    assert begin + len(kept) in boundaries


@pytest.mark.parametrize(
    ("text", "terms", "html"),
    [
        ("Kuala Lumpur", ["kuala"], "<mark>Kuala</mark> Lumpur"),
        ("AT&T <b>", ["&"], "AT<mark>&amp;</mark>T &lt;b&gt;"),
        ("a <script> tag", ["<script>"], "a <mark>&lt;script&gt;</mark> tag"),
        ("ถนนเชียงใหม่", ["เชียงใหม่"], "ถนน<mark>เชียงใหม่</mark>"),
        ("nothing here", ["zzz"], "nothing here"),
    ],
)
def test_matches_are_marked_and_everything_else_escaped(text, terms, html):
    assert mark(text, terms) == html


def test_an_excerpt_ignores_the_word_break_hints_of_a_copied_query():
    city = City(name_en="Phuket", name_th="ภูเก็ต", summary_th="เกาะภูเก็ตทางฝั่งอันดามัน")
    with translation.override("en"):
        found = excerpt(city, hint("ภูเก็ต"), text_fields=("summary",))
    assert found.label == "Thai name:"
    assert found.text == "<mark>ภูเก็ต</mark>"


def test_a_name_match_marks_the_title_and_another_name_says_so():
    city = City(name_en="Kuala Lumpur", name_th="กัวลาลัมเปอร์", aliases_en="KL")
    with translation.override("en"):
        by_name = excerpt(city, "lumpur", alias_field="aliases")
        by_alias = excerpt(city, "kl", alias_field="aliases")
    assert by_name.title == "Kuala <mark>Lumpur</mark>"
    assert by_name.text is None
    assert by_alias.title is None
    assert (by_alias.label, by_alias.text) == ("Also known as", "<mark>KL</mark>")


def test_a_hostile_query_is_escaped_in_the_excerpt():
    city = City(name_en="Town", summary_en='Says "<script>alert(1)</script>" & more')
    with translation.override("en"):
        found = excerpt(city, "<script>alert(1)</script>", text_fields=("summary",))
    assert "<script>" not in found.text
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>" in found.text
