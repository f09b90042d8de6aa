import django_filters
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from cities.models import City, FocusArea
from core.collation import by_name
from core.filters import SearchableFilterSet
from core.models import kept_queryset
from partners.models import Partner

from .models import Bankable, Project, ProjectPartner, Stage

# An empty value means "no filter" to a form: the stage and bankable status that
# no source states are asked for by a word of their own.
NOT_STATED = "not_stated"


class ProjectFilter(SearchableFilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        method="filter_stage",
        choices=[
            *((value, label) for value, label in Stage.choices if value),
            (NOT_STATED, _("Stage not stated")),
        ],
        empty_label=_("All stages"),
    )
    city = django_filters.ModelChoiceFilter(
        label=_("Pilot city"),
        method="filter_linked",
        queryset=City.objects.none(),
        to_field_name="slug",
        empty_label=_("All pilot cities"),
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        method="filter_linked",
        queryset=Partner.objects.none(),
        to_field_name="slug",
        empty_label=_("All partners"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        label=_("Focus area"),
        method="filter_linked",
        queryset=FocusArea.objects.none(),
        to_field_name="slug",
        empty_label=_("All focus areas"),
    )
    bankable = django_filters.ChoiceFilter(
        label=_("Bankable"),
        method="filter_bankable",
        choices=[
            (Bankable.YES, _("Bankable only")),
            (NOT_STATED, _("Bankable status not stated")),
        ],
        empty_label=_("All projects"),
    )

    scope = django_filters.ChoiceFilter(
        label=_("Scope"),
        method="filter_scope",
        choices=[
            ("network", _("ASCN-wide projects")),
            ("city", _("Projects of pilot cities")),
        ],
        empty_label=_("All projects"),
    )

    name_field = "title"
    other_search_fields = ("summary", "description")
    option_count_values = {
        "stage": Case(When(stage="", then=Value(NOT_STATED)), default=F("stage")),
        "city": "cities__slug",
        "partner": "partners__slug",
        "focus_area": "focus_areas__slug",
        "bankable": Case(
            When(bankable="", then=Value(NOT_STATED)), default=F("bankable")
        ),
        "scope": Case(
            When(network_level=True, then=Value("network")), default=Value("city")
        ),
    }

    def default_ordering(self) -> tuple:
        return Project.objects.newest_first_ordering()

    class Meta:
        model = Project
        fields = [
            "q",
            "stage",
            "city",
            "partner",
            "focus_area",
            "bankable",
            "scope",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["city"].queryset = kept_queryset(
            "city-options", lambda: City.objects.published().order_by(*by_name())
        )
        self.filters["partner"].queryset = kept_queryset(
            "partner-options", lambda: Partner.objects.published().order_by(*by_name())
        )
        self.filters["focus_area"].queryset = FocusArea.objects.published()

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stage="" if value == NOT_STATED else value)

    def filter_scope(self, queryset, name, value):
        return queryset.filter(network_level=value == "network")

    def filter_bankable(self, queryset, name, value):
        return queryset.filter(bankable="" if value == NOT_STATED else value)

    LINKS: dict[str, tuple[type[models.Model], str]] = {
        "city": (Project.cities.through, "city"),
        "partner": (ProjectPartner, "partner"),
        "focus_area": (Project.focus_areas.through, "focusarea"),
    }

    def filter_linked(self, queryset, name, value):
        # A subquery, not a join: a project linked twice (a partner in two roles)
        # is listed once, with no DISTINCT over the whole list or export.
        through, field = self.LINKS[name]
        return queryset.filter(
            pk__in=through._default_manager.filter(**{field: value}).values(
                "project_id"
            )
        )
