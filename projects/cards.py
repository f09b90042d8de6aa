"""The cards of projects (core/cards.py): the card of the lists and the shorter
entry of a city's or a focus area's page."""

from typing import Any

from cities.models import City
from core.cards import Card, Row, build, prefetched, register
from core.collation import is_thai

from .models import Project

# A city as a project's card names it.
CITY_COLUMNS = ("id", "updated_at", "slug", "name_en", "name_th", "name_th_sort")


class ProjectCard(Card):
    name = "project-card"
    model = Project
    template_name = "includes/project_card.html"
    context_name = "project"
    fields = (
        "slug",
        "title_en",
        "title_th",
        "stage",
        "network_level",
        "bankable",
        "start_year",
        "end_year",
        "summary_en",
        "summary_th",
    )

    def related(self, pks):
        """The published cities of each project, in the reader's order (as
        `in_readers_order` sorts them, by their stored Thai sort key)."""
        links = (
            Project.cities.through.objects.filter(project_id__in=list(pks))
            .filter(City.objects.published_q("city"))
            .values("project_id", *(f"city__{column}" for column in CITY_COLUMNS))
        )
        thai = is_thai()
        found: dict[Any, list[Row]] = {}
        for link in links:
            found.setdefault(link.pop("project_id"), []).append(link)
        for cities in found.values():
            cities.sort(key=lambda city: _readers_order(city, thai))
        return found

    def record(self, row, related):
        project = super().record(row, related)
        prefetched(project, "cities", [build(City, city, "city__") for city in related])
        return project


def _readers_order(city: Row, thai: bool) -> tuple[str, str]:
    name = city["city__name_th_sort"] if thai else city["city__name_en"].lower()
    return name or "", city["city__slug"]


class ProjectItem(Card):
    name = "project-item"
    model = Project
    template_name = "includes/project_item.html"
    context_name = "project"
    fields = (
        "slug",
        "title_en",
        "title_th",
        "stage",
        "network_level",
        "start_year",
        "end_year",
    )


project_card = register(ProjectCard())
project_item = register(ProjectItem())
