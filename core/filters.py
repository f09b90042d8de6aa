"""Pieces the FilterSets of every app share."""

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

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


def search_terms(value: str) -> list[str]:
    return [term for term in value.split() if term]


def apply_search(queryset: QuerySet, value: str, *fields: str) -> QuerySet:
    """Every whitespace-separated term must match one of the fields."""
    for term in search_terms(value):
        queryset = queryset.filter(search_q(term, *fields))
    return queryset


class SearchInput(forms.SearchInput):
    def __init__(self, attrs=None):
        super().__init__({"maxlength": MAX_QUERY_LENGTH, **(attrs or {})})


SEARCH_LABEL = _("Search")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=SEARCH_LABEL,
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=SearchInput(),
    )


def rank_name_matches(queryset: QuerySet, value: str, field: str) -> QuerySet:
    """Annotate `search_rank`: 0 where the name itself holds the query, 1 where
    only another text does, so that searching "Phuket" lists Phuket first."""
    return queryset.annotate(
        search_rank=Case(
            When(search_q(value.strip(), field), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
