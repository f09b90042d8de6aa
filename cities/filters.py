import django_filters
from django.utils.translation import gettext_lazy as _

from core.collation import InReadersOrder, by_name
from core.dates import local_year
from core.filters import SearchableFilterSet
from core.models import kept_queryset
from core.versioning import versioned

from .models import City, Country, FocusArea


class CountryFilter(django_filters.ModelChoiceFilter):
    """A country by its ISO code, offering the countries that have published
    records in the list it filters (pilot cities, partners ...)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("empty_label", _("All countries"))
        super().__init__(
            queryset=Country.objects.none(), to_field_name="code", **kwargs
        )

    def get_queryset(self, request):
        model = self.parent._meta.model
        return kept_queryset(
            f"country-options:{model._meta.label_lower}",
            lambda: (
                Country.objects.published()
                .filter(pk__in=model._default_manager.published().values("country"))
                .order_by(*by_name(tie="code"))
            ),
        )


class CityFilter(SearchableFilterSet):
    country = CountryFilter()
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

    alias_field = "aliases"
    other_search_fields = ("summary", "region")
    sort_fields = ("sort",)
    option_count_values = {
        "country": "country__code",
        "focus_area": "focus_areas__slug",
        "joined": "joined_year",
    }
    SORTS = {
        "name": by_name(),
        "country": (InReadersOrder("country__name"), "country__code", *by_name()),
        "joined": ("joined_year", *by_name()),
        "-joined": ("-joined_year", *by_name()),
    }

    class Meta:
        model = City
        fields = ["q", "country", "focus_area", "joined", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["focus_area"].queryset = FocusArea.objects.published()
        years = versioned(
            "city-joined-years",
            lambda: sorted(
                set(City.objects.published().values_list("joined_year", flat=True))
            ),
        )
        self.filters["joined"].extra["choices"] = [
            (str(year), local_year(year)) for year in years
        ]

    def filter_joined(self, queryset, name, value):
        return queryset.filter(joined_year=int(value))

    def sort_by(self, queryset, name, value):
        return queryset  # applied by get_ordering, after the search's ranking

    def get_ordering(self, data: dict) -> tuple:
        if data.get("sort"):
            return self.SORTS[data["sort"]]
        return super().get_ordering(data)
