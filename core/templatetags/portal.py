"""Template helpers for the public pages: Thai (Buddhist Era) years and dates,
language alternates of the current page, and query strings for pagination."""

import datetime

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpRequest, QueryDict
from django.urls import translate_url
from django.utils import formats
from django.utils.encoding import escape_uri_path
from django.utils.http import escape_leading_slashes
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from core.images import rendition_name, rendition_widths

register = template.Library()

BUDDHIST_ERA_OFFSET = 543
THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


def is_thai() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("th")


@register.filter
def local_year(year: int | None) -> str:
    """2018 → "พ.ศ. 2561" on Thai pages, "2018" on English ones."""
    if year in (None, ""):
        return ""
    year = int(year)
    if is_thai():
        return f"พ.ศ. {year + BUDDHIST_ERA_OFFSET}"
    return str(year)


@register.filter
def local_date(value: datetime.date | None) -> str:
    """A date as its readers expect it: "2 พฤษภาคม พ.ศ. 2561" or "2 May 2018"."""
    if not value:
        return ""
    if is_thai():
        year = value.year + BUDDHIST_ERA_OFFSET
        return f"{value.day} {THAI_MONTHS[value.month - 1]} พ.ศ. {year}"
    return formats.date_format(value, "j F Y")


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict[str, str]]:
    """The current page in every language: code, local name and address, with the
    same query string, for the language switcher and hreflang links."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    current = get_language()
    # A request for //evil.example/x must not link to evil.example, nor one for
    # //[ make urlsplit() fail: two leading slashes would read as a host.
    path = escape_leading_slashes(request.get_full_path())
    alternates = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        alternates.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return alternates


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced, e.g. another page."""
    request: HttpRequest | None = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own address without filters or page numbers."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    # Escaped as get_full_path() escapes it, leading slashes included (see above).
    path = escape_leading_slashes(escape_uri_path(request.path))
    return request.build_absolute_uri(path)


@register.filter
def year_span(record) -> str:
    """A record's start and end years: "พ.ศ. 2562–2563" or "2019–2020"; "since …"
    when it has not ended."""
    start, end = getattr(record, "start_year", None), getattr(record, "end_year", None)
    if not start and not end:
        return ""
    if start and (not end or end == start):
        return (
            local_year(start)
            if end
            else _("since %(year)s") % {"year": local_year(start)}
        )
    if not start:
        return _("until %(year)s") % {"year": local_year(end)}
    return f"{local_year(start)}–{end}"


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
