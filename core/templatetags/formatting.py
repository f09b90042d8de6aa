"""Template filters for records: Buddhist Era years and dates on Thai pages,
formatted text, and the srcset of an image."""

import datetime

from django import template
from django.core.files.storage import default_storage

from core import dates, formatting
from core.images import rendition_name, rendition_widths

register = template.Library()


@register.filter
def formatted(text: str):
    """A formatted text (core/formatting.py) as safe HTML."""
    return formatting.render(text or "")


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
