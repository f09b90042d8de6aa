from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, TemplateView

from cities.models import City, Country, FocusArea
from core.filters import SearchForm, search
from core.maps import map_context
from core.models import Page
from core.views import PublishedFilterListView
from partners.models import Partner

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

    def get_queryset(self):
        return project_cards(Project.objects.published())


class ProjectDetailView(DetailView):
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return project_cards(Project.objects.published()).prefetch_related(
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
        cities = City.objects.published().filter(country__status="published")
        projects = Project.objects.published()
        context["about"] = Page.objects.published().filter(slug="about-ascn").first()
        context["figures"] = {
            "cities": cities.count(),
            "countries": Country.objects.published()
            .filter(cities__in=cities)
            .distinct()
            .count(),
            "partners": Partner.objects.published().count(),
            **projects.aggregate(
                projects=Count("pk"), bankable=Count("pk", filter=Q(is_bankable=True))
            ),
        }
        context["map_cities"] = cities.select_related("country").order_by("name")
        context["map"] = map_context(context["map_cities"])
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
        return context
