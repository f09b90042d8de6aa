"""Template filters for records: Buddhist Era years and dates on Thai pages,
money and coordinates in the reader's words, the `lang` of a text in another
language than the page, formatted text, summaries shortened at a word boundary,
the srcset of an image, and structured data as JSON-LD."""

import datetime
import json
from decimal import Decimal

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import coordinates as geo
from core import dates, formatting, images, wordbreaks
from core import money as currency
from core.images import rendition_name, rendition_widths
from core.language import other_language

register = template.Library()


@register.filter
def formatted(text: str):
    """A formatted text (core/formatting.py) as safe HTML."""
    return formatting.render(text or "")


@register.filter
def shorten(text: str | None, limit: int) -> str:
    """A text cut at a word boundary, Thai or English, to at most `limit`
    characters with its ellipsis (core/wordbreaks.py): where truncatechars would
    cut a word ("ความสามา…")."""
    return wordbreaks.shorten(str(text or ""), int(limit))


@register.filter
def local_year(year: int | None) -> str:
    return dates.local_year(year)


@register.filter
def local_date(value: datetime.date | None) -> str:
    return dates.local_date(value)


@register.filter
def local_datetime(value: datetime.datetime | None) -> str:
    return dates.local_datetime(value)


@register.filter
def figure(value: Decimal | int | None) -> str:
    """A number as printed for the reader: thousands separated, and only the
    decimals it has (100.40 as 100.4, 1000.00 as 1,000)."""
    if value is None:
        return ""
    exact = Decimal(value)
    exact = exact.quantize(Decimal(1)) if exact == exact.to_integral() else exact
    return number_format(exact.normalize() if exact % 1 else exact, force_grouping=True)


@register.filter
def money(amount: Decimal | None, currency_code: str) -> str:
    """An amount in its own currency: "1,500 ล้านบาท", "THB 1.5 billion"."""
    return currency.money(amount, currency_code)


@register.filter
def coordinates(place) -> str:
    """A place's latitude and longitude: "7.88° N, 98.39° E"."""
    return geo.coordinates(
        getattr(place, "latitude", None), getattr(place, "longitude", None)
    )


@register.simple_tag
def lang_attr(text: str | None, stated: str = "") -> SafeString:
    """` lang="en"` on the element of a text in another language than the page
    (its field's language when `stated`, otherwise its script's); nothing when
    the text is in the page's language or in none (figures, symbols)."""
    language = other_language(text, get_language() or "", stated)
    if language is None:
        return mark_safe("")  # noqa: S308 (empty)
    return format_html(' lang="{}"', language)


@register.filter
def year_span(record) -> str:
    """A record's start and end years (core/dates.py)."""
    return dates.year_span(
        getattr(record, "start_year", None), getattr(record, "end_year", None)
    )


@register.filter
def srcset(image, width: int | None) -> str:
    """The srcset of an image: its WebP renditions, then the original."""
    if not image:
        return ""
    entries = [
        f"{default_storage.url(rendition_name(image.name, w))} {w}w"
        for w in rendition_widths(width)
    ]
    if width:
        entries.append(f"{image.url} {width}w")
    return ", ".join(entries)


@register.simple_tag
def focus_classes(x: int | None, y: int | None) -> str:
    """The classes that crop an image around its focal point (a style attribute
    would be refused by the Content-Security-Policy)."""
    return images.focus_classes(x, y)


# Like django.utils.html.json_script: in the text of a <script> element nothing
# may end the element or start markup, whatever the data hold.
_JSON_IN_SCRIPT = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict | None) -> SafeString:
    """Structured data (schema.org) as a JSON-LD data block, which browsers do
    not run: `json_script` cannot give the type application/ld+json."""
    if not data:
        return mark_safe("")  # noqa: S308
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_IN_SCRIPT)),  # noqa: S308 (escaped above)
    )
