"""Amounts of money as each language's readers say them, always in the currency
they were given in (nothing is converted): "1,500 ล้านบาท" on Thai pages,
"THB 1.5 billion" on English ones.

Rounding: an amount of a million or more is given in millions (Thai: ล้าน, and
ล้านล้าน from a million millions) or in millions, billions and trillions
(English), with at most two decimals, which keeps every figure of the ASCN data
exact (61,240,000 is 61.24 million). A figure that this rounds is preceded by
"about" (ราว). Smaller amounts are given whole, with their cents if they have any.
A number never parts from its unit or currency: they are joined by no-break
spaces.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from core.dates import is_thai

NBSP = "\u00a0"

# Thai names of currencies, as the Bank of Thailand and CLDR write them: those of
# the ASEAN member states and of the partners' countries, and the usual others.
# A currency missing here is given by its ISO 4217 code on Thai pages too.
THAI_CURRENCY_NAMES = {
    "AUD": "ดอลลาร์ออสเตรเลีย",
    "BND": "ดอลลาร์บรูไน",
    "CAD": "ดอลลาร์แคนาดา",
    "CHF": "ฟรังก์สวิส",
    "CNY": "หยวนจีน",
    "EUR": "ยูโร",
    "GBP": "ปอนด์สเตอร์ลิง",
    "HKD": "ดอลลาร์ฮ่องกง",
    "HUF": "ฟอรินต์ฮังการี",
    "IDR": "รูเปียห์อินโดนีเซีย",
    "INR": "รูปีอินเดีย",
    "JPY": "เยนญี่ปุ่น",
    "KHR": "เรียลกัมพูชา",
    "KRW": "วอนเกาหลีใต้",
    "LAK": "กีบลาว",
    "MMK": "จ๊าตเมียนมา",
    "MYR": "ริงกิตมาเลเซีย",
    "NZD": "ดอลลาร์นิวซีแลนด์",
    "PHP": "เปโซฟิลิปปินส์",
    "SGD": "ดอลลาร์สิงคโปร์",
    "THB": "บาท",
    "TWD": "ดอลลาร์ไต้หวัน",
    "USD": "ดอลลาร์สหรัฐ",
    "VND": "ดองเวียดนาม",
}

MILLION = Decimal(10) ** 6
ENGLISH_SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (MILLION, "million"),
)
THAI_SCALES = ((Decimal(10) ** 12, "ล้านล้าน"), (MILLION, "ล้าน"))
TWO_PLACES = Decimal("0.01")


def _number(value: Decimal) -> str:
    """Grouped, with only the decimals the value has (1500.00 as 1,500)."""
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    return number_format(value, force_grouping=True)


def _scaled(amount: Decimal, scales) -> tuple[str, str, bool]:
    """The amount in the largest scale it reaches: its figure, the scale's word
    ("" below a million) and whether the figure was rounded."""
    for size, word in scales:
        if amount >= size:
            figure = (amount / size).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
            return _number(figure), word, figure * size != amount
    figure = amount.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return _number(figure), "", figure != amount


def money(amount: Decimal | int | float | None, currency: str) -> str:
    """An amount in its own currency, in the words of the active language."""
    if amount is None:
        return ""
    amount = Decimal(str(amount))
    currency = (currency or "").upper()
    if is_thai():
        figure, scale, rounded = _scaled(amount, THAI_SCALES)
        name = THAI_CURRENCY_NAMES.get(currency)
        unit = f"{scale}{name}" if name else f"{scale}{NBSP}{currency}".lstrip(NBSP)
        text = f"{figure}{NBSP}{unit}" if unit else figure
        return f"ราว {text}" if rounded else text
    figure, scale, rounded = _scaled(amount, ENGLISH_SCALES)
    text = f"{currency}{NBSP}{figure}".lstrip(NBSP)
    if scale:
        text = f"{text}{NBSP}{scale}"
    return f"about {text}" if rounded else text
