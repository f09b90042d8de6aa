"""What the FilterSets and the search of every app share."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from core.collation import by_name
from core.versioning import VersionedSelect
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


def search(queryset: QuerySet, value: str, name_field: str, *fields: str) -> QuerySet:
    """Records where every whitespace-separated term of `value` is found in the
    name or one of the other fields, annotated with `search_rank`: 0 where the name
    itself holds the whole query, so that "Phuket" lists Phuket first. Text
    copied from a Thai page carries its invisible word-break hints: they are
    dropped, as they are not in the stored texts."""
    value = without_hints(value)
    for term in value.split():
        queryset = queryset.filter(search_q(term, name_field, *fields))
    return queryset.annotate(
        search_rank=Case(
            When(search_q(value.strip(), name_field), then=Value(0)),
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
    other_search_fields: tuple[str, ...] = ()
    # Fields that order the list rather than narrow it: not counted as filters.
    sort_fields: tuple[str, ...] = ()
    ordering: tuple = by_name()

    def search(self, queryset, name, value):
        return search(queryset, value, self.name_field, *self.other_search_fields)

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
