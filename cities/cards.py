"""The cards of pilot cities (core/cards.py), as the list of cities shows them."""

from typing import Any

from core.cards import Card, Row, build, prefetched, register

from .models import City, CityFocusArea, Country, FocusArea

AREA_COLUMNS = ("id", "updated_at", "slug", "name_en", "name_th")


class CityCard(Card):
    name = "city-card"
    model = City
    template_name = "includes/city_card.html"
    context_name = "city"
    fields = (
        "slug",
        "name_en",
        "name_th",
        "region_en",
        "region_th",
        "joined_year",
        "summary_en",
        "summary_th",
        "country_id",
    )
    joined = {"country": (Country, ("id", "updated_at", "code", "name_en", "name_th"))}

    def related(self, pks):
        """The published focus areas of each city, in the focus areas' order."""
        links = (
            CityFocusArea.objects.filter(city_id__in=list(pks))
            .filter(FocusArea.objects.published_q("focus_area"))
            .order_by("focus_area__position", "focus_area__slug")
            .values("city_id", *(f"focus_area__{column}" for column in AREA_COLUMNS))
        )
        found: dict[Any, list[Row]] = {}
        for link in links:
            found.setdefault(link.pop("city_id"), []).append(link)
        return found

    def record(self, row, related):
        city = super().record(row, related)
        areas = [build(FocusArea, area, "focus_area__") for area in related]
        prefetched(city, "focus_areas", areas)
        return city


city_card = register(CityCard())
