from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from core import cards
from core.collation import by_name
from core.csvio.views import CsvExportView
from core.views import PAGE_SIZE, PreviewMixin, PublishedFilterListView, related_model

from .cards import city_card
from .csv_columns import CitySpec
from .filters import CityFilter
from .maps import country_map, locator_map, map_context
from .models import City, CityFocusArea, Country, FocusArea


def published_focus_areas() -> Prefetch:
    return Prefetch("focus_areas", queryset=FocusArea.objects.published())


def published_focus_area_links() -> Prefetch:
    """A city's focus areas with how each is known, in the focus areas' order."""
    return Prefetch(
        "city_focus_areas",
        queryset=CityFocusArea.objects.filter(
            FocusArea.objects.published_q("focus_area")
        )
        .select_related("focus_area")
        .order_by("focus_area__position", "focus_area__slug"),
    )


def with_published_counts(areas: QuerySet[FocusArea]) -> QuerySet[FocusArea]:
    """Focus areas with `city_count` and `project_count`: their published cities
    and projects, counted in the query that reads the areas."""
    projects = related_model(FocusArea, "projects")
    return areas.annotate(
        city_count=Count(
            "cities", filter=City.objects.published_q("cities"), distinct=True
        ),
        project_count=Count(
            "projects", filter=projects.objects.published_q("projects"), distinct=True
        ),
    )


class CityListView(PublishedFilterListView):
    filterset_class = CityFilter
    template_name = "cities/city_list.html"
    export_url_name = "cities:city-export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The map shows every city that matches the filters, not only this page's.
        # Built only when the template's cached fragment of it is missing.
        cities = (
            self.object_list.select_related(None)
            .prefetch_related(None)
            .only("slug", "name_th", "name_en", "latitude", "longitude", "population")
        )
        context["map"] = SimpleLazyObject(lambda: map_context(cities))
        context["cards"] = cards.render(
            city_card,
            context["page_obj"].object_list,
            search=context.get("search"),
            kept=self.cards_kept_as(context),
        )
        return context

    def get_queryset(self):
        # The cards read their own columns (cities/cards.py).
        return City.objects.published()


class CityExportView(CsvExportView):
    spec_class = CitySpec
    filterset_class = CityFilter

    def get_queryset(self):
        return City.objects.published()


class CityDetailView(PreviewMixin, DetailView):
    model = City
    template_name = "cities/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        # Partnerships and projects come from apps that build on this one; they are
        # reached through reverse relations so that cities never imports them.
        partnerships = related_model(City, "partnerships")
        return (
            self.visible(City.objects.all())
            .select_related("country")
            .prefetch_related(
                published_focus_area_links(),
                "sources",
                Prefetch(
                    "partnerships",
                    queryset=partnerships.objects.published()
                    .newest_first()
                    .select_related("partner", "partner__country"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The projects' entries are cards kept in the cache (projects/cards.py),
        # reached by the name of the card, so that cities never imports projects.
        context["project_items"] = cards.render(
            cards.named("project-item"),
            self.object.projects.published().newest_first(),
            kept=f"city:{self.object.pk}",
        )
        context["map"] = locator_map(self.object)
        return context


class CountryDetailView(PreviewMixin, DetailView):
    model = Country
    template_name = "cities/country_detail.html"
    context_object_name = "country"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return self.visible(Country.objects.all())

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if not (len(code) == 2 and code.isascii() and code.isalpha()):
            raise Http404
        if code != code.upper():
            # /countries/th/ is the same country as /countries/TH/.
            return redirect("cities:country-detail", code=code.upper(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cities"] = (
            self.object.cities.published()
            .prefetch_related(published_focus_areas())
            .order_by(*by_name())
        )
        # Read from the cities the page lists: no query of its own.
        context["map"] = SimpleLazyObject(lambda: country_map(context["cities"]))
        return context


class FocusAreaListView(ListView):
    template_name = "cities/focus_area_list.html"
    context_object_name = "focus_areas"

    def get_queryset(self):
        return with_published_counts(FocusArea.objects.published())


class FocusAreaDetailView(PreviewMixin, DetailView):
    """An area with its first published cities and projects; the lists of cities
    and projects filtered by the area show them all."""

    model = FocusArea
    template_name = "cities/focus_area_detail.html"
    context_object_name = "focus_area"
    shown = PAGE_SIZE

    def get_queryset(self):
        return with_published_counts(self.visible(FocusArea.objects.all()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # In the city list's order: by name in the reader's language.
        context["cities"] = (
            self.object.cities.published()
            .select_related("country")
            .order_by(*CityFilter.ordering)[: self.shown]
        )
        context["projects"] = self.object.projects.published().newest_first()[
            : self.shown
        ]
        return context
