from decimal import Decimal

import pytest
from django.utils import translation

from core.money import THAI_CURRENCY_NAMES, money

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "thai", "english"),
    [
        # Every cost of the ASCN data, as the reader of each language says it.
        (1_500_000_000, "THB", "1,500 ล้านบาท", "THB 1.5 billion"),
        (650_000_000, "THB", "650 ล้านบาท", "THB 650 million"),
        (73_400_000_000, "PHP", "73,400 ล้านเปโซฟิลิปปินส์", "PHP 73.4 billion"),
        (61_240_000, "USD", "61.24 ล้านดอลลาร์สหรัฐ", "USD 61.24 million"),
        (141_000_000, "USD", "141 ล้านดอลลาร์สหรัฐ", "USD 141 million"),
        (1_400_000, "USD", "1.4 ล้านดอลลาร์สหรัฐ", "USD 1.4 million"),
        (1_000_000, "USD", "1 ล้านดอลลาร์สหรัฐ", "USD 1 million"),
        (5_100_000, "EUR", "5.1 ล้านยูโร", "EUR 5.1 million"),
        # Below a million: the whole amount, with its cents if it has any.
        (515_000, "USD", "515,000 ดอลลาร์สหรัฐ", "USD 515,000"),
        (Decimal("1250.50"), "SGD", "1,250.5 ดอลลาร์สิงคโปร์", "SGD 1,250.5"),
        (0, "THB", "0 บาท", "THB 0"),
        # A million millions: ล้านล้าน in Thai, trillion in English.
        (2_500_000_000_000, "VND", "2.5 ล้านล้านดองเวียดนาม", "VND 2.5 trillion"),
        # Rounded to two decimals of the unit, and said to be rounded.
        (61_243_500, "USD", "ราว 61.24 ล้านดอลลาร์สหรัฐ", "about USD 61.24 million"),
        (1_234_567_890, "THB", "ราว 1,234.57 ล้านบาท", "about THB 1.23 billion"),
        # A currency without a Thai name here keeps its code.
        (3_000_000, "XAF", "3 ล้าน XAF", "XAF 3 million"),
    ],
)
def test_an_amount_is_given_in_its_own_currency_in_each_language(
    amount, currency, thai, english
):
    with translation.override("th"):
        assert money(amount, currency).replace(NBSP, " ") == thai
    with translation.override("en"):
        assert money(amount, currency).replace(NBSP, " ") == english


def test_a_figure_never_parts_from_its_unit():
    with translation.override("th"):
        assert money(1_500_000_000, "THB") == f"1,500{NBSP}ล้านบาท"
    with translation.override("en"):
        assert money(1_500_000_000, "THB") == f"THB{NBSP}1.5{NBSP}billion"


def test_no_amount_gives_nothing():
    assert money(None, "THB") == ""


def test_every_currency_of_asean_and_of_the_partners_countries_has_a_thai_name():
    asean = {"BND", "KHR", "IDR", "LAK", "MYR", "MMK", "PHP", "SGD", "THB", "VND"}
    partners = {"USD", "EUR", "JPY", "KRW", "CNY", "AUD", "NZD", "HUF"}
    assert asean | partners <= set(THAI_CURRENCY_NAMES)
