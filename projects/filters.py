import django_filters
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from cities.models import City, FocusArea
from core.filters import (
    MAX_QUERY_LENGTH,
    SearchInput,
    apply_search,
    rank_name_matches,
)
from partners.models import Partner

from .models import Project, Stage

NEWEST_FIRST = F("start_year").desc(nulls_last=True)


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=MAX_QUERY_LENGTH,
        widget=SearchInput(),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Stage.choices, empty_label=_("All stages")
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Pilot city"),
        field_name="cities",
        queryset=City.objects.none(),
        to_field_name="slug",
        empty_label=_("All pilot cities"),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        field_name="partners",
        queryset=Partner.objects.none(),
        to_field_name="slug",
        empty_label=_("All partners"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.none(),
        to_field_name="slug",
        empty_label=_("All focus areas"),
    )
    bankable = django_filters.ChoiceFilter(
        label=_("Bankable"),
        method="filter_bankable",
        choices=[("yes", _("Bankable only")), ("no", _("Not yet bankable"))],
        empty_label=_("All projects"),
    )

    class Meta:
        model = Project
        fields = ["q", "stage", "city", "partner", "focus_area", "bankable"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["city"].queryset = City.objects.published().order_by("name")
        self.filters["partner"].queryset = Partner.objects.published().order_by("name")
        self.filters["focus_area"].queryset = FocusArea.objects.published()

    def filter_bankable(self, queryset, name, value):
        return queryset.filter(is_bankable=value == "yes")

    def search(self, queryset, name, value):
        found = apply_search(queryset, value, "title", "summary", "description")
        return rank_name_matches(found, value, "title")

    @property
    def qs(self):
        # A project with two matching cities or partners is listed once.
        queryset = super().qs.distinct()
        data = self.form.cleaned_data if self.form.is_bound else {}
        if data.get("q"):
            return queryset.order_by("search_rank", NEWEST_FIRST, "title")
        return queryset.order_by(NEWEST_FIRST, "title")
