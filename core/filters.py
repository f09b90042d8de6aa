"""What the FilterSets and the search of every app share."""

import hashlib
from functools import reduce
from operator import or_
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.validators import EMPTY_VALUES
from django.db.models import (
    Case,
    CharField,
    Count,
    Expression,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.collation import by_name
from core.versioning import VersionedSelect, versioned
from core.wordbreaks import without_hints

MAX_QUERY_LENGTH = 200


def search_q(query: str, *fields: str) -> Q:
    """Substring search over each field in every language: Thai has no spaces
    between words, so word-based search would miss most Thai queries."""
    languages = [code for code, _name in settings.LANGUAGES]
    return reduce(
        or_,
        (
            Q(**{f"{field}_{lang}__icontains": query})
            for field in fields
            for lang in languages
        ),
    )


def search(
    queryset: QuerySet,
    value: str,
    name_field: str,
    *fields: str,
    alias_field: str | None = None,
) -> QuerySet:
    """Records where every whitespace-separated term of `value` is found in the
    name, the other names (`alias_field`) or one of the other fields, annotated
    with `search_rank`: 0 where the name or one of the other names itself holds
    the whole query, so that "Phuket" lists Phuket first and "KL" Kuala Lumpur.
    Text copied from a Thai page carries its invisible word-break hints: they
    are dropped, as they are not in the stored texts."""
    value = without_hints(value)
    names = (name_field, alias_field) if alias_field else (name_field,)
    for term in value.split():
        queryset = queryset.filter(search_q(term, *names, *fields))
    return queryset.annotate(
        search_rank=Case(
            When(search_q(value.strip(), *names), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


class SearchInput(forms.SearchInput):
    def __init__(self, attrs=None):
        super().__init__({"maxlength": MAX_QUERY_LENGTH, **(attrs or {})})


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=SearchInput(),
    )


class SearchableFilterSet(django_filters.FilterSet):
    """A FilterSet with the text search `q` over translated fields.

    Subclasses name the fields to search (`name_field` first) and the order of
    the list (by name in the reader's order unless they say otherwise); search
    results list name matches first.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(),
    )
    name_field = "name"
    # The record's other names ("KL", "Saigon"), searched and ranked as its name.
    alias_field: str | None = None
    other_search_fields: tuple[str, ...] = ()
    # Fields that order the list rather than narrow it: not counted as filters.
    sort_fields: tuple[str, ...] = ()
    ordering: tuple = by_name()
    # Filters whose options say how many records each would list with the other
    # filters as they are: the filter's name and the option's value of a record
    # (a path or an expression, compared with the option's value as text).
    option_count_values: dict[str, str | Expression] = {}

    def search(self, queryset, name, value):
        return search(
            queryset,
            value,
            self.name_field,
            *self.other_search_fields,
            alias_field=self.alias_field,
        )

    def default_ordering(self) -> tuple:
        return self.ordering

    def get_ordering(self, data: dict) -> tuple:
        if data.get("q"):
            return ("search_rank", *self.default_ordering())
        return self.default_ordering()

    @property
    def form(self):
        form = super().form
        if not getattr(form, "has_versioned_selects", False):
            # Django renders each option of a <select> through a template: with a
            # choice per published city or partner that is most of a list page.
            for name, field in form.fields.items():
                if type(field.widget) is forms.Select:
                    widget = VersionedSelect(
                        f"{type(self).__name__}.{name}", attrs=field.widget.attrs
                    )
                    widget.choices = field.choices
                    field.widget = widget
            form.has_versioned_selects = True
        return form

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.form.is_bound else {}
        return queryset.order_by(*self.get_ordering(data))

    # How many records each option would list

    def active_values(self) -> dict[str, Any]:
        """The filters in use (not the order), with their cleaned values."""
        if not self.is_bound:
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name not in self.sort_fields and value not in EMPTY_VALUES
        }

    def matching_without(self, left_out: str) -> QuerySet:
        """The records every filter in use but `left_out` lets through."""
        queryset = self.queryset
        for name, value in self.active_values().items():
            if name != left_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def option_counts(self) -> dict[str, dict[str, int]]:
        """{filter: {option value: records}} for `option_count_values`, the other
        filters as they are: one query for all the filters (a UNION of one
        grouped count each), kept under the content version and the filters."""
        if not self.option_count_values or (self.is_bound and not self.is_valid()):
            return {}
        active = sorted(
            (name, str(self.data.get(name, "")).strip())
            for name in self.active_values()
        )
        digest = hashlib.sha256(repr(active).encode()).hexdigest()[:32]
        return versioned(
            f"option-counts:{type(self).__name__}:{digest}", self._count_options
        )

    def _count_options(self) -> dict[str, dict[str, int]]:
        model = self._meta.model
        parts = []
        for name, value in self.option_count_values.items():
            matching = self.matching_without(name).order_by().values("pk")
            expression = F(value) if isinstance(value, str) else value
            parts.append(
                model._default_manager.filter(pk__in=matching)
                .annotate(
                    option_filter=Value(name, output_field=CharField()),
                    option_value=Cast(expression, output_field=CharField()),
                )
                .values("option_filter", "option_value")
                .annotate(records=Count("pk", distinct=True))
                .order_by()
            )
        counts: dict[str, dict[str, int]] = {
            name: {} for name in self.option_count_values
        }
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        for row in rows:
            if row["option_value"] is not None:
                counts[row["option_filter"]][row["option_value"]] = row["records"]
        return counts

    def count_options(self) -> None:
        """Have each counted filter's <select> show its options' counts."""
        counts = self.option_counts()
        for name, found in counts.items():
            widget = self.form.fields[name].widget
            if isinstance(widget, VersionedSelect):
                widget.counts = found
