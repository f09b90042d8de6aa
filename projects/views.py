from django.db.models import Prefetch
from django.views.generic import DetailView

from cities.models import City, FocusArea
from core import cards
from core.collation import InReadersOrder, by_name
from core.csvio.views import CsvExportView
from core.views import PreviewMixin, PublishedFilterListView

from .cards import project_card
from .csv_columns import ProjectSpec
from .filters import ProjectFilter
from .models import Project, ProjectPartner


def published_cities() -> Prefetch:
    return Prefetch(
        "cities",
        queryset=City.objects.published()
        .select_related("country")
        .order_by(*by_name()),
    )


def project_cards(queryset):
    """Projects as the cards of lists show them, with their cities."""
    return queryset.prefetch_related(published_cities())


class ProjectListView(PublishedFilterListView):
    filterset_class = ProjectFilter
    template_name = "projects/project_list.html"
    export_url_name = "projects:project-export"

    def get_queryset(self):
        # The cards read their own columns (projects/cards.py).
        return Project.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = cards.render(
            project_card,
            context["page_obj"].object_list,
            search=context.get("search"),
            kept=self.cards_kept_as(context),
        )
        return context


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
                queryset=ProjectPartner.objects.published()
                .select_related("partner", "partner__country")
                .order_by("role", InReadersOrder("partner__name"), "partner__slug"),
            ),
        )
