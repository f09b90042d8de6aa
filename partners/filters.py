import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import Country
from core.filters import (
    MAX_QUERY_LENGTH,
    SearchInput,
    apply_search,
    rank_name_matches,
)

from .models import Partner, PartnerKind


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=PartnerKind.choices, empty_label=_("All kinds")
    )
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.none(),
        to_field_name="code",
        empty_label=_("All countries"),
    )

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

    def search(self, queryset, name, value):
        found = apply_search(queryset, value, "name", "description")
        return rank_name_matches(found, value, "name")

    @property
    def qs(self):
        data = self.form.cleaned_data if self.form.is_bound else {}
        if data.get("q"):
            return super().qs.order_by("search_rank", "name")
        return super().qs.order_by("name")
