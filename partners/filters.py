import django_filters
from django.utils.translation import gettext_lazy as _

from cities.filters import CountryFilter
from core.filters import SearchableFilterSet

from .models import Partner, PartnerKind


class PartnerFilter(SearchableFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerKind.choices, empty_label=_("All kinds")
    )
    country = CountryFilter()

    alias_field = "aliases"
    other_search_fields = ("description",)
    option_count_values = {"kind": "kind", "country": "country__code"}

    class Meta:
        model = Partner
        fields = ["q", "kind", "country"]
