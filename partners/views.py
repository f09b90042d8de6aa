from django.db.models import Prefetch
from django.views.generic import DetailView

from cities.models import City
from core import cards
from core.collation import in_readers_order
from core.csvio.views import CsvExportView
from core.views import PreviewMixin, PublishedFilterListView

from .cards import partner_card
from .csv_columns import PartnershipSpec, PartnerSpec
from .filters import PartnerFilter
from .models import Partner, Partnership


class PartnerListView(PublishedFilterListView):
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"
    export_url_name = "partners:partner-export"

    def get_queryset(self):
        # The cards read their own columns (partners/cards.py).
        return Partner.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cards"] = cards.render(
            partner_card,
            context["page_obj"].object_list,
            search=context.get("search"),
            kept=self.cards_kept_as(context),
        )
        return context


class PartnerExportView(CsvExportView):
    spec_class = PartnerSpec
    filterset_class = PartnerFilter


class PartnershipExportView(CsvExportView):
    """Every published partnership: it has no list page, and so no filters."""

    spec_class = PartnershipSpec


class PartnerDetailView(PreviewMixin, DetailView):
    model = Partner
    template_name = "partners/partner_detail.html"
    context_object_name = "partner"

    def get_queryset(self):
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
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        # The projects' cards (projects/cards.py) with the cities they name,
        # which the page lists too.
        card = cards.named("project-card")
        rows = cards.kept_rows(
            card,
            f"partner:{partner.pk}",
            partner.projects.published().distinct().newest_first(),
        )
        related = card.related_kept([row["id"] for row in rows])
        context["project_cards"] = cards.render(
            card, rows, related, kept=f"partner:{partner.pk}"
        )
        cities = {p.city for p in partner.partnerships.all()}
        # Each city once, however many of the projects name it.
        named = {city["city__id"]: city for shown in related.values() for city in shown}
        cities.update(cards.build(City, city, "city__") for city in named.values())
        context["cities"] = in_readers_order(cities)
        return context
