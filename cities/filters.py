import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import (
    MAX_QUERY_LENGTH,
    SearchInput,
    apply_search,
    rank_name_matches,
)
from core.templatetags.portal import local_year

from .models import City, Country, FocusArea


class CityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(),
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.none(),
        to_field_name="slug",
        empty_label=_("All focus areas"),
    )
    joined = django_filters.ChoiceFilter(
        label=_("Joined the network"),
        method="filter_joined",
        empty_label=_("Any year"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_by",
        empty_label=None,
        choices=[
            ("name", _("Name")),
            ("country", _("Country")),
            ("joined", _("Year joined, earliest first")),
            ("-joined", _("Year joined, latest first")),
        ],
    )

    class Meta:
        model = City
        fields = ["q", "country", "focus_area", "joined", "sort"]

    ORDERINGS = {
        "name": ("name",),
        "country": ("country__name", "name"),
        "joined": ("joined_year", "name"),
        "-joined": ("-joined_year", "name"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = City.objects.published()
        self.filters["country"].queryset = (
            Country.objects.published().filter(cities__in=published).distinct()
        ).order_by("name")
        self.filters["focus_area"].queryset = FocusArea.objects.published()
        years = sorted(set(published.values_list("joined_year", flat=True)))
        self.filters["joined"].extra["choices"] = [
            (str(year), local_year(year)) for year in years
        ]

    def search(self, queryset, name, value):
        found = apply_search(queryset, value, "name", "summary", "region")
        return rank_name_matches(found, value, "name")

    def filter_joined(self, queryset, name, value):
        return queryset.filter(joined_year=int(value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*self.ORDERINGS.get(value, ("name",)))

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.form.is_bound else {}
        if data.get("sort"):
            return queryset
        if data.get("q"):
            return queryset.order_by("search_rank", "name")
        return queryset.order_by("name")
