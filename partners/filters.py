import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import Country
from core.filters import SearchableFilterSet

from .models import Partner, PartnerKind


class PartnerFilter(SearchableFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerKind.choices, empty_label=_("All kinds")
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        empty_label=_("All countries"),
    )

    other_search_fields = ("description",)

    class Meta:
        model = Partner
        fields = ["q", "kind", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["country"].queryset = (
            Country.objects.published()
            .filter(partners__in=Partner.objects.published())
            .distinct()
            .order_by("name")
        )
