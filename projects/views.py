from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from cities.csv_columns import CitySpec
from cities.models import City, FocusArea
from core.csvio import Kind
from core.filters import SearchForm, search
from core.fragments import versioned
from core.maps import map_context
from core.models import Page
from core.views import CsvExportView, PreviewMixin, PublishedFilterListView
from partners.csv_columns import PartnerSpec
from partners.models import Partner

from .csv_columns import ProjectSpec
from .filters import NEWEST_FIRST, ProjectFilter
from .models import Project, ProjectPartner

HOME_PROJECTS = 6


def published_cities() -> Prefetch:
    return Prefetch(
        "cities",
        queryset=City.objects.published().select_related("country").order_by("name"),
    )


def project_cards(queryset):
    """Projects as the cards of lists show them, with their cities."""
    return queryset.prefetch_related(published_cities())


class ProjectListView(PublishedFilterListView):
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"
    export_url_name = "projects:project-export"

    def get_queryset(self):
        return project_cards(Project.objects.published())


class ProjectExportView(CsvExportView):
    spec_class = ProjectSpec
    filterset_class = ProjectFilter


class ProjectDetailView(PreviewMixin, DetailView):
    model = Project
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return project_cards(self.visible(Project.objects.all())).prefetch_related(
            "sources",
            Prefetch("focus_areas", queryset=FocusArea.objects.published()),
            Prefetch(
                "project_partners",
                queryset=ProjectPartner.objects.filter(
                    partner__in=Partner.objects.published()
                )
                .select_related("partner", "partner__country")
                .order_by("role", "partner__slug"),
            ),
        )


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cities = City.objects.published()
        projects = Project.objects.published()
        context["about"] = Page.objects.published().filter(slug="about-ascn").first()
        # Counting 100,000 projects on every visit costs more than the rest of
        # the page: the figures change only with the records.
        context["figures"] = versioned(
            "home-figures",
            lambda: {
                # A published city's country is published too.
                **cities.aggregate(
                    cities=Count("pk"), countries=Count("country", distinct=True)
                ),
                "partners": Partner.objects.published().count(),
                **projects.aggregate(
                    projects=Count("pk"),
                    bankable=Count("pk", filter=Q(is_bankable=True)),
                ),
            },
        )
        context["map_cities"] = cities.select_related("country").order_by("name")
        # Built only when the template's cached fragment of it is missing.
        context["map"] = SimpleLazyObject(lambda: map_context(context["map_cities"]))
        context["featured_projects"] = project_cards(
            projects.filter(is_featured=True).order_by(NEWEST_FIRST, "slug")
        )[:HOME_PROJECTS]
        context["recent_projects"] = project_cards(
            projects.order_by("-created_at", "slug")
        )[:HOME_PROJECTS]
        return context


class SearchView(TemplateView):
    """One search box for cities, partners and projects, in both languages."""

    template_name = "search.html"
    limit = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        context.update(form=form, query=query)
        if query:
            cities = City.objects.published().select_related("country")
            partners = Partner.objects.published()
            projects = Project.objects.published()
            context["cities"] = search(
                cities, query, "name", "summary", "region"
            ).order_by("search_rank", "name")[: self.limit]
            context["partners"] = search(
                partners, query, "name", "description"
            ).order_by("search_rank", "name")[: self.limit]
            context["projects"] = search(
                projects, query, "title", "summary", "description"
            ).order_by("search_rank", "title")[: self.limit]
            # len() runs each query once; the template lists the same results.
            context["result_count"] = sum(
                len(context[name]) for name in ("cities", "partners", "projects")
            )
        return context


class DataDictionaryView(TemplateView):
    """Every column of every CSV export: meaning, type, example; and the licence."""

    template_name = "data_dictionary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exports"] = [
            {
                "title": title,
                "url": reverse(url_name),
                "columns": [
                    {
                        "header": column.header,
                        "description": column.description,
                        "kind": Kind.LABELS[column.kind],
                        "example": column.example,
                        "required": column.required,
                        "staff_only": column.staff_only,
                        "imported": column.writable,
                    }
                    for column in spec.columns
                ],
            }
            for title, url_name, spec in (
                (_("Pilot cities"), "cities:city-export", CitySpec()),
                (_("Partners"), "partners:partner-export", PartnerSpec()),
                (_("Projects"), "projects:project-export", ProjectSpec()),
            )
        ]
        context["licence_name"] = settings.DATA_LICENCE_NAME
        context["licence_url"] = settings.DATA_LICENCE_URL
        context["max_import_kb"] = settings.CSV_IMPORT_MAX_BYTES // 1024
        return context
