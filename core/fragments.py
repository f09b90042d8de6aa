"""Parts of a page that change only when records change, cached under the content
version (core/pagecache.py) whether or not the whole page is cached.

The choices of a filter that lists every published city or partner, the map of
the pilot cities, the home page's figures and the number of a filter's matches grow
with the records: computed once per version (and language), they cost a cache read
afterwards instead of hundreds of rendered options or markers or a count of
100,000 rows.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.forms.utils import flatatt
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.pagecache import request_version


def content_version(request) -> dict:
    """Template context: the content version, read only if a template uses it."""
    return {"content_version": SimpleLazyObject(lambda: request_version().number)}


class VersionedSelect(forms.Select):
    """A <select> whose options are rendered once per content version and
    language; only the chosen option is marked per request."""

    def __init__(self, cache_name: str, attrs=None):
        super().__init__(attrs)
        self.cache_name = cache_name

    def _options_html(self) -> str:
        key = (
            f"select-options:{self.cache_name}:"
            f"{request_version().number}:{get_language()}"
        )
        html = cache.get(key)
        if html is None:
            html = format_html_join(
                "",
                '<option value="{}">{}</option>',
                ((str(value), label) for value, label in self.choices),
            )
            cache.set(key, str(html), settings.PAGE_CACHE_SECONDS)
        return html

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options_html()
        chosen = "" if value is None else str(value)
        needle = str(format_html('<option value="{}">', chosen))
        options = options.replace(needle, needle[:-1] + " selected>", 1)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html(
            "<select{}>{}</select>",
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308 (built by format_html_join)
        )


class VersionedCountPaginator(Paginator):
    """Counting every match of a filter over a large table is the slowest part of
    a list page; the count changes only with the records, so it is kept under the
    content version and the query."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return super().count
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to count
            return super().count
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        key = f"count:{request_version().number}:{digest}"
        count = cache.get(key)
        if count is None:
            count = super().count
            cache.set(key, count, settings.PAGE_CACHE_SECONDS)
        return count


def versioned(name: str, compute):
    """The value of `compute()` kept under the content version and the language."""
    key = f"{name}:{request_version().number}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    return value
