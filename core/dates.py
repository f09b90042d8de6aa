"""Years and dates as each language's readers expect them: the Buddhist Era
(พ.ศ.) on Thai pages, the Common Era on English ones. Years are stored in the
Common Era.

"พ.ศ." is joined to its year, a day to its month and a time to "น." by a
no-break space: a line never ends between them."""

import datetime

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

BUDDHIST_ERA_OFFSET = 543
NO_BREAK_SPACE = "\u00a0"
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


def common_era_of(year: int, earliest: int, latest: int) -> int | None:
    """The Common Era year that `year`, typed in the Buddhist Era, stands for
    (2561 → 2018), when it is past `latest` and would be within the limits once
    converted; None otherwise. Forms and imports share this one rule."""
    converted = year - BUDDHIST_ERA_OFFSET
    return converted if year > latest and earliest <= converted <= latest else None


def is_thai() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("th")


def local_year(year: int | str | None) -> str:
    """2018 → "พ.ศ. 2561" on Thai pages, "2018" on English ones."""
    if year in (None, ""):
        return ""
    year = int(year)  # type: ignore[arg-type]
    if is_thai():
        return f"พ.ศ.{NO_BREAK_SPACE}{year + BUDDHIST_ERA_OFFSET}"
    return str(year)


def local_date(value: datetime.date | None) -> str:
    """A date as its readers expect it: "2 พฤษภาคม พ.ศ. 2561" or "2 May 2018"."""
    if not value:
        return ""
    if is_thai():
        year = value.year + BUDDHIST_ERA_OFFSET
        month = THAI_MONTHS[value.month - 1]
        return f"{value.day}{NO_BREAK_SPACE}{month} พ.ศ.{NO_BREAK_SPACE}{year}"
    return formats.date_format(value, "j F Y")


def local_datetime(value: datetime.datetime | None) -> str:
    """A moment in the portal's time zone: "2 ธันวาคม พ.ศ. 2569 เวลา 16:05 น."
    or "2 December 2026, 16:05"."""
    if not value:
        return ""
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    day, time = local_date(moment.date()), moment.strftime("%H:%M")
    if is_thai():
        return f"{day} เวลา {time}{NO_BREAK_SPACE}น."
    return f"{day}, {time}"


def year_span(start: int | None, end: int | None) -> str:
    """A start and an end year: "พ.ศ. 2562–2563" or "2019–2020"; "since …" when
    it has not ended, "until …" when only the end is known."""
    if not start and not end:
        return ""
    if not start:
        return _("until %(year)s") % {"year": local_year(end)}
    if not end or end == start:
        return (
            local_year(start)
            if end
            else _("since %(year)s") % {"year": local_year(start)}
        )
    # "พ.ศ." once, before the first year; both years in the same era.
    last = end + BUDDHIST_ERA_OFFSET if is_thai() else end
    return f"{local_year(start)}–{last}"
