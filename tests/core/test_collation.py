"""Thai dictionary order: the sort key kept beside each Thai name
(core/collation.py), checked against the order Thai dictionaries use, PyThaiNLP's
where its own key is right, and ICU's Thai collation on PostgreSQL."""

import random

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pythainlp.util import collate

from cities.models import Country
from core.collation import SEPARATOR, thai_sort_key

CONSONANTS = "กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮฤ"
LEAD_VOWELS = "เแโใไ"
MARKS = "่้๊๋็์"


def thai_sorted(words):
    return sorted(words, key=thai_sort_key)


def primary(word: str) -> str:
    return thai_sort_key(word).split(SEPARATOR)[0]


@pytest.mark.parametrize(
    "words",
    [
        # Letters first, marks only between words of the same letters; a leading
        # vowel is read after its consonant; sara am after every กา...
        [
            "กก",
            "กง",
            "กะ",
            "กัน",
            "กา",
            "ก่า",
            "ก้า",
            "กาก",
            "การ",
            "การ์ด",
            "กำ",
            "กิน",
            "เก",
            "เกลา",
            "เกล้า",
            "เกา",
            "แก",
            "โก",
            "ไก",
            "ไก่",
            "ขอ",
        ],
        ["นาน", "น่าน", "นานา"],
        ["ชลบุรี", "เชียงใหม่", "ซูเมดัง"],
        ["ร", "ฤ", "ฤๅษี", "ล", "ฦ"],
        ["อีโปห์", "ฮานอย"],
        # Digits, then Thai, then Latin without regard to case.
        ["2 เมือง", "กรุงเทพมหานคร", "ฮานอย", "apple", "Banana", "cherry"],
    ],
)
def test_words_sort_as_a_thai_dictionary_lists_them(words):
    assert thai_sorted(reversed(words)) == words


def test_spaces_and_punctuation_are_ignored():
    assert primary("ติมอร์-เลสเต") == primary("ติมอร์เลสเต")
    assert primary("สปป. ลาว") == primary("สปปลาว")
    assert thai_sorted(["สปปลาวา", "สปป. ลาว"]) == ["สปป. ลาว", "สปปลาวา"]


def test_sara_am_reads_the_same_typed_either_way():
    assert thai_sort_key("กํา") == thai_sort_key("กำ")


def test_the_member_states_in_thai_order():
    names = [
        "บรูไนดารุสซาลาม",
        "กัมพูชา",
        "อินโดนีเซีย",
        "สปป. ลาว",
        "มาเลเซีย",
        "เมียนมา",
        "ฟิลิปปินส์",
        "สิงคโปร์",
        "ไทย",
        "ติมอร์-เลสเต",
        "เวียดนาม",
    ]
    assert thai_sorted(names) == [
        "กัมพูชา",
        "ติมอร์-เลสเต",
        "ไทย",
        "บรูไนดารุสซาลาม",
        "ฟิลิปปินส์",
        "มาเลเซีย",
        "เมียนมา",
        "เวียดนาม",
        "สปป. ลาว",
        "สิงคโปร์",
        "อินโดนีเซีย",
    ]


# --- properties -------------------------------------------------------------


@st.composite
def syllables(draw, marks: bool = True, extras: bool = True) -> str:
    """A Thai syllable as names spell them: a leading vowel or none, a consonant,
    perhaps a cluster, a vowel, a mark, a final consonant."""
    lead = draw(st.booleans())
    text = draw(st.sampled_from(LEAD_VOWELS)) if lead else ""
    text += draw(st.sampled_from(CONSONANTS))
    text += draw(st.sampled_from(["", "ร", "ล", "ว"]))
    if not lead:
        text += draw(st.sampled_from(["", *"ัิีึืุู"]))
    if marks:
        text += draw(st.sampled_from(["", "", *MARKS]))
    follow = ["", "า", "ะ"] + (["ำ", "ๅ", "ํา"] if extras else [])
    text += draw(st.sampled_from(follow))
    text += draw(st.sampled_from(["", "", *CONSONANTS]))
    return text


def words(marks: bool = True, extras: bool = True):
    return st.lists(syllables(marks, extras), min_size=1, max_size=3).map("".join)


NAMES = st.lists(
    words()
    | st.text("abcxyzABCé", min_size=1, max_size=4)
    | st.text("0129๑", min_size=1, max_size=3),
    min_size=1,
    max_size=3,
).flatmap(
    lambda parts: st.sampled_from([" ", "-", " (", ". ", "–", ""]).map(
        lambda joint: joint.join(parts)
    )
)


@given(st.lists(words(marks=False, extras=False), min_size=2, max_size=30))
def test_without_marks_the_order_is_pythainlps(words_):
    # PyThaiNLP's key is right for words without tone marks: it moves the
    # leading vowels as this key does.
    assert thai_sorted(words_) == collate(words_)


@given(words(), words())
def test_marks_never_outweigh_a_letter(first, second):
    def bare(word: str) -> str:
        return "".join(c for c in word if c not in MARKS)

    if primary(bare(first)) != primary(bare(second)):
        assert (thai_sort_key(first) < thai_sort_key(second)) == (
            thai_sort_key(bare(first)) < thai_sort_key(bare(second))
        )


@given(NAMES)
def test_a_key_is_text_every_database_stores(name):
    key = thai_sort_key(name)
    assert "\x00" not in key
    assert not any(0xD800 <= ord(char) <= 0xDFFF for char in key)
    key.encode("utf-8")


@pytest.mark.django_db
def test_the_database_orders_the_keys_as_python_does():
    generator = random.Random(14)  # noqa: S311 - names, not secrets
    alphabet = CONSONANTS + LEAD_VOWELS + MARKS + "ัาำิีุู ๆ-.(aZé19๑"
    names = sorted(
        {
            "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 9)))
            for _ in range(200)
        }
    )
    Country.objects.bulk_create(
        Country(code=f"{chr(65 + n // 26)}{chr(65 + n % 26)}", name_th=name)
        for n, name in enumerate(names)
    )
    stored = list(
        Country.objects.order_by("name_th_sort", "code").values_list(
            "name_th", flat=True
        )
    )
    assert stored == sorted(names, key=lambda name: (thai_sort_key(name), name))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's"
)
@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(NAMES, min_size=2, max_size=40, unique=True))
def test_the_order_is_icus_thai_collation(names):
    """PostgreSQL's th-TH-x-icu is ICU's implementation of CLDR's Thai rules; two
    names of the same key (which differ only in case or punctuation) may come
    in any order, the list then sorts them by slug."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM unnest(%s::text[]) AS name "
            'ORDER BY name COLLATE "th-TH-x-icu"',
            [names],
        )
        icu = [row[0] for row in cursor.fetchall()]
    rank = {name: position for position, name in enumerate(icu)}
    ours = sorted(names, key=lambda name: (thai_sort_key(name), rank[name]))
    assert ours == icu
