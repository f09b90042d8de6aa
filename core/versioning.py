"""The content version: one number that grows whenever anything the public sees
changes, and the values kept in the cache under it.

The number lives in one database row (`ContentVersion`) and grows in the same
transaction as every save, delete or many-to-many change of a model that declares
`shown_publicly = True` (and after a restore), so every worker and every host
sees a change at once. Whatever is cached under the number (whole pages, the
options of a filter, a count, a map) becomes stale with the change; nothing has to
be deleted from the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

VERSION_ID = 1
T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime


# The version is one indexed row: a database that takes longer to answer than
# this is not answering, and a cached page can be served without it.
VERSION_ANSWER_SECONDS = 1.0


@contextmanager
def answer_within(seconds: float) -> Iterator[None]:
    """A shorter wait for the database's answers, where the connection has one
    (`answer_timeout`, as PostgreSQL's has in the web server: ops/db); else
    nothing changes."""
    raw = connection.connection
    current = getattr(raw, "answer_timeout", None)
    if raw is None or current is None or current <= seconds:
        yield
        return
    raw.answer_timeout = seconds
    try:
        yield
    finally:
        raw.answer_timeout = current


def current_version() -> Version:
    from core.models import ContentVersion

    connection.ensure_connection()
    with answer_within(VERSION_ANSWER_SECONDS):
        found = list(
            ContentVersion.objects.filter(pk=VERSION_ID).values_list(
                "number", "changed_at"
            )
        )
    if found:
        return Version(*found[0])
    version, _created = ContentVersion.objects.get_or_create(pk=VERSION_ID)
    return Version(version.number, version.changed_at)


# The version read once per request, for the page cache and the values of a page
# that are cached on their own. Set only while a request is handled
# (`request_scope`): outside one (a command, a shell) every call reads the row
# afresh, since another process may have changed it meanwhile.
_request_version: ContextVar[Version | None] = ContextVar("request_version")
# The values read through `versioned()` during the request, by key.
_request_values: ContextVar[dict[str, Any] | None] = ContextVar(
    "request_values", default=None
)
_OUTSIDE_A_REQUEST = object()


class request_scope:  # noqa: N801 - used as a context manager, like a function
    """Remember the version for the length of one request."""

    def __enter__(self) -> None:
        self._token = _request_version.set(None)
        self._values_token = _request_values.set({})

    def __exit__(self, *exc_info: object) -> None:
        _request_values.reset(self._values_token)
        _request_version.reset(self._token)


def request_version() -> Version:
    """The content version, read at most once per request."""
    version = _request_version.get(_OUTSIDE_A_REQUEST)
    if version is _OUTSIDE_A_REQUEST:
        return current_version()
    if version is None:
        version = current_version()
        _request_version.set(version)
    return version  # type: ignore[return-value]


def bump_version() -> None:
    """Make everything cached under the version stale: call it after writes that
    send no signals (bulk_create, QuerySet.update)."""
    from core.models import ContentVersion

    if _request_version.get(_OUTSIDE_A_REQUEST) is not _OUTSIDE_A_REQUEST:
        _request_version.set(None)  # read again after this change
    updated = ContentVersion.objects.filter(pk=VERSION_ID).update(
        number=F("number") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=VERSION_ID)


def advance_version_past(number: int) -> None:
    """After a restore: a number nothing was cached under, neither before the
    restore (up to `number`) nor at the backup's own version."""
    from core.models import ContentVersion

    restored = ContentVersion.objects.filter(pk=VERSION_ID).first()
    highest = max(number, restored.number if restored else 0)
    ContentVersion.objects.update_or_create(
        pk=VERSION_ID,
        defaults={"number": highest + 1, "changed_at": timezone.now()},
    )


# Which changes count


def is_shown_publicly(model: type[models.Model]) -> bool:
    """Models declare it (`shown_publicly = True`); history rows, which are
    written with the records they copy, never count on their own."""
    return getattr(model, "shown_publicly", False) and not issubclass(
        model, HistoricalChanges
    )


class Changes:
    """What `one_bump_for_all()` knows: whether anything changed inside it."""

    def __init__(self) -> None:
        self.seen = False

    def note(self) -> None:
        """A change that sent no signal (bulk_create, QuerySet.update)."""
        self.seen = True


_deferred: ContextVar[Changes | None] = ContextVar("deferred_bumps", default=None)


@contextmanager
def one_bump_for_all() -> Iterator[Changes]:
    """Many writes, one new version: the changes made inside bump the version once,
    at the end, instead of once each (an import of thousands of rows). Use it
    inside the writes' transaction, so that the version still grows with them;
    note the writes that send no signal."""
    changes = Changes()
    token = _deferred.set(changes)
    try:
        yield changes
    finally:
        _deferred.reset(token)
    if changes.seen:
        bump_version()


def _record_changed(sender: type[models.Model], **kwargs: Any) -> None:
    # In the writer's own transaction: the new version becomes visible together
    # with the change, never before it.
    if is_shown_publicly(sender):
        deferred = _deferred.get()
        if deferred is not None:
            deferred.note()
        else:
            bump_version()


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, **kwargs: Any
) -> None:
    if action.startswith("post_"):
        _record_changed(type(instance))


def connect_signals() -> None:
    for model in apps.get_models():
        if is_shown_publicly(model):
            uid = f"content-version:{model._meta.label}"
            post_save.connect(_record_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(_record_changed, sender=model, dispatch_uid=uid)
    # Many-to-many changes (a project's cities or focus areas).
    m2m_changed.connect(_m2m_changed, dispatch_uid="content-version:m2m")


# Values cached under the version


def versioned(name: str, compute: Callable[[], T]) -> T:
    """The value of `compute()` kept under the content version and the language;
    asked of the cache once per request (a value read for each card of a page)."""
    key = f"{name}:{request_version().number}:{get_language()}"
    seen = _request_values.get()
    if seen is not None and key in seen:
        return seen[key]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    if seen is not None:
        seen[key] = value
    return value


class VersionedSelect(forms.Select):
    """A <select> whose options are rendered once per content version and
    language; only the chosen option is marked per request. Django renders each
    option through a template: with a choice per published city or partner that
    is most of a list page.

    With `counts` ({option value: records}), each option but the empty one says
    how many records it would list, and one that would list none is disabled
    (unless it is the one chosen): built per request from the choices kept
    under the version, with no template."""

    counts: dict[str, int] | None = None

    def __init__(self, cache_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.cache_name = cache_name

    def _choice_pairs(self) -> list[tuple[str, str]]:
        return versioned(
            f"select-choices:{self.cache_name}",
            lambda: [(str(value), str(label)) for value, label in self.choices],
        )

    def _options_html(self) -> str:
        def render() -> str:
            return str(
                format_html_join(
                    "",
                    '<option value="{}">{}</option>',
                    self._choice_pairs(),
                )
            )

        return versioned(f"select-options:{self.cache_name}", render)

    def _counted_options_html(self, chosen: str) -> str:
        counts = self.counts or {}
        options = []
        for value, label in self._choice_pairs():
            if not value:
                options.append(
                    format_html(
                        '<option value=""{}>{}</option>',
                        mark_safe(" selected") if not chosen else "",  # noqa: S308
                        label,
                    )
                )
                continue
            count = counts.get(value, 0)
            options.append(
                format_html(
                    '<option value="{}"{}{}>{}</option>',
                    value,
                    mark_safe(" selected") if value == chosen else "",  # noqa: S308
                    mark_safe(" disabled") if not count and value != chosen else "",  # noqa: S308
                    format_lazy(
                        _("{label} ({count})"),
                        label=label,
                        count=number_format(count, force_grouping=True),
                    ),
                )
            )
        return "".join(options)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None
    ) -> SafeString:
        chosen = "" if value is None else str(value)
        if self.counts is not None:
            options = self._counted_options_html(chosen)
        else:
            options = self._options_html()
            needle = str(format_html('<option value="{}">', chosen))
            options = options.replace(needle, needle[:-1] + " selected>", 1)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html(
            "<select{}>{}</select>",
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308 (built by format_html)
        )


class VersionedCountPaginator(Paginator):
    """Counting every match of a filter over a large table is the slowest part of
    a list page; the count changes only with the records, so it is kept under the
    content version and the query."""

    def __init__(self, *args: Any, count_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What determines the query when the caller knows it (the list view: its
        # address and language), cheaper than compiling the query's SQL.
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None or query.is_empty():  # .none(): nothing to count
            return super().count
        if self.count_key is not None:
            digest = self.count_key
        else:
            try:
                sql, params = query.sql_with_params()
            except EmptyResultSet:
                return super().count
            digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        key = f"count:{request_version().number}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, settings.PAGE_CACHE_SECONDS)
        return count
