from django.db.models import Prefetch
from django.views.generic import DetailView

from cities.models import City
from core.collation import by_name, in_readers_order
from core.csvio.views import CsvExportView
from core.views import PreviewMixin, PublishedFilterListView, related_model

from .csv_columns import PartnerSpec
from .filters import PartnerFilter
from .models import Partner, Partnership


class PartnerListView(PublishedFilterListView):
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    export_url_name = "partners:partner-export"

    def get_queryset(self):
        return Partner.objects.published().select_related("country")


class PartnerExportView(CsvExportView):
    spec_class = PartnerSpec
    filterset_class = PartnerFilter


class PartnerDetailView(PreviewMixin, DetailView):
    model = Partner
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
        projects = related_model(Partner, "projects")
        return (
            self.visible(Partner.objects.all())
            .select_related("country")
            .prefetch_related(
                "sources",
                Prefetch(
                    "partnerships",
                    queryset=Partnership.objects.published()
                    .newest_first()
                    .select_related("city", "city__country"),
                ),
                Prefetch(
                    "projects",
                    queryset=projects.objects.published()
                    .distinct()
                    .newest_first()
                    .prefetch_related(
                        Prefetch(
                            "cities",
                            queryset=City.objects.published()
                            .select_related("country")
                            .order_by(*by_name()),
                        )
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        cities = {p.city for p in partner.partnerships.all()}
        for project in partner.projects.all():
            cities.update(project.cities.all())
        context["cities"] = in_readers_order(cities)
        return context
