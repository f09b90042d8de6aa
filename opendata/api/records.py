"""The records of the API's answers, read with values() in a fixed number of
queries whatever the number of rows: a page's rows in one, their related
records in one more."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from cities.models import City, CityFocusArea, FocusArea
from core.collation import InReadersOrder, is_thai
from core.models import Source
from partners.models import Partner, Partnership
from projects.models import Project, ProjectPartner

PLACEHOLDER = "slug-placeholder"


class Links:
    """Absolute addresses of records, each made by reversing once per request
    and filling in the slug (or code)."""

    def __init__(self, request: HttpRequest) -> None:
        self.base = request.build_absolute_uri("/").rstrip("/")
        self._templates: dict[tuple[str, str], str] = {}

    def _template(self, name: str, kwarg: str, language: str | None = None) -> str:
        key = (name, language or "")
        if key not in self._templates:
            if language:
                with translation.override(language):
                    path = reverse(name, kwargs={kwarg: PLACEHOLDER})
            else:
                path = reverse(name, kwargs={kwarg: PLACEHOLDER})
            self._templates[key] = self.base + path
        return self._templates[key]

    def api(self, name: str, value: str, kwarg: str = "slug") -> str:
        return self._template(name, kwarg).replace(PLACEHOLDER, value)

    def pages(self, name: str, value: str, kwarg: str = "slug") -> dict[str, str]:
        return {
            language: self._template(name, kwarg, language).replace(PLACEHOLDER, value)
            for language in ("th", "en")
        }

    def absolute(self, path: str) -> str:
        return self.base + path


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def named(prefix: str, row: Mapping[str, Any], name: str = "name") -> dict[str, str]:
    return {
        "slug": row[f"{prefix}slug"],
        "name_th": row[f"{prefix}{name}_th"] or "",
        "name_en": row[f"{prefix}{name}_en"] or "",
    }


def sources_of(model: type[models.Model], pk: int) -> list[dict[str, Any]]:
    content_type = ContentType.objects.get_for_model(model)
    return [
        {
            "title": row["title"],
            "url": row["url"],
            "as_of": row["as_of"].isoformat() if row["as_of"] else None,
            "language": row["language"],
        }
        for row in Source.objects.filter(content_type=content_type, object_id=pk)
        .order_by("position", "id")
        .values("title", "url", "as_of", "language")
    ]


# Countries

COUNTRY_FIELDS = ("code", "name_th", "name_en", "is_asean_member", "city_count")


def country(row: dict[str, Any], links: Links) -> dict[str, Any]:
    code = row["code"]
    return {
        "code": code,
        "name_th": row["name_th"] or "",
        "name_en": row["name_en"] or "",
        "is_asean_member": row["is_asean_member"],
        "city_count": row["city_count"],
        "url": links.api("api:country-detail", code, "code"),
        "pages": links.pages("cities:country-detail", code, "code"),
    }


# Focus areas

FOCUS_AREA_FIELDS = (
    "slug",
    "name_th",
    "name_en",
    "description_th",
    "description_en",
    "position",
    "city_count",
    "project_count",
)


def focus_area(row: dict[str, Any], links: Links) -> dict[str, Any]:
    slug = row["slug"]
    return {
        **named("", row),
        "description_th": row["description_th"] or "",
        "description_en": row["description_en"] or "",
        "position": row["position"],
        "city_count": row["city_count"],
        "project_count": row["project_count"],
        "url": links.api("api:focus-area-detail", slug),
        "pages": links.pages("cities:focus-area-detail", slug),
    }


# Cities

CITY_FIELDS = (
    "pk",
    "slug",
    "name_th",
    "name_en",
    "country__code",
    "country__name_th",
    "country__name_en",
    "region_th",
    "region_en",
    "latitude",
    "longitude",
    "joined_year",
    "population",
    "population_year",
    "land_area_km2",
    "summary_th",
    "summary_en",
    "website",
)
CITY_DETAIL_FIELDS = (
    *CITY_FIELDS,
    "aliases_th",
    "aliases_en",
    "description_th",
    "description_en",
    "vision_th",
    "vision_en",
    "facts_source_title_th",
    "facts_source_title_en",
    "facts_source_url",
)


def country_ref(row: dict[str, Any], prefix: str = "country__") -> dict | None:
    if row[f"{prefix}code"] is None:
        return None
    return {
        "code": row[f"{prefix}code"],
        "name_th": row[f"{prefix}name_th"] or "",
        "name_en": row[f"{prefix}name_en"] or "",
    }


def city_focus_areas(city_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """Each city's published focus areas, in the areas' order, with how each is
    known: one query."""
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    links = (
        CityFocusArea.objects.filter(city_id__in=city_ids)
        .filter(FocusArea.objects.published_q("focus_area"))
        .order_by("focus_area__position", "focus_area__slug")
        .values(
            "city_id",
            "basis",
            "focus_area__slug",
            "focus_area__name_th",
            "focus_area__name_en",
        )
    )
    for row in links:
        found[row["city_id"]].append(
            {**named("focus_area__", row), "basis": row["basis"]}
        )
    return found


def city(
    row: dict[str, Any], links: Links, areas: dict[int, list[dict[str, str]]]
) -> dict[str, Any]:
    slug = row["slug"]
    return {
        **named("", row),
        "country": country_ref(row),
        "region_th": row["region_th"] or "",
        "region_en": row["region_en"] or "",
        "latitude": number(row["latitude"]),
        "longitude": number(row["longitude"]),
        "joined_year": row["joined_year"],
        "population": row["population"],
        "population_year": row["population_year"],
        "land_area_km2": number(row["land_area_km2"]),
        "summary_th": row["summary_th"] or "",
        "summary_en": row["summary_en"] or "",
        "website": row["website"],
        "focus_areas": areas.get(row["pk"], []),
        "url": links.api("api:city-detail", slug),
        "pages": links.pages("cities:city-detail", slug),
    }


def city_detail(row: dict[str, Any], links: Links) -> dict[str, Any]:
    pk = row["pk"]
    projects = (
        Project.objects.published()
        .filter(cities=pk)
        .newest_first()
        .values("slug", "title_th", "title_en")
    )
    return {
        **city(row, links, city_focus_areas([pk])),
        **{
            field: row[field] or ""
            for field in CITY_DETAIL_FIELDS
            if field not in CITY_FIELDS
        },
        "partnerships": partnerships(
            Partnership.objects.published().filter(city=pk).newest_first()
        ),
        "projects": [named("", project, "title") for project in projects],
        "sources": sources_of(City, pk),
    }


# Partners

PARTNER_FIELDS = (
    "pk",
    "slug",
    "name_th",
    "name_en",
    "kind",
    "country__code",
    "country__name_th",
    "country__name_en",
    "website",
    "since_year",
    "description_th",
    "description_en",
)
PARTNER_DETAIL_FIELDS = (*PARTNER_FIELDS, "aliases_th", "aliases_en")


def partner(row: dict[str, Any], links: Links) -> dict[str, Any]:
    slug = row["slug"]
    return {
        **named("", row),
        "kind": row["kind"],
        "country": country_ref(row),
        "website": row["website"],
        "since_year": row["since_year"],
        "description_th": row["description_th"] or "",
        "description_en": row["description_en"] or "",
        "url": links.api("api:partner-detail", slug),
        "pages": links.pages("partners:partner-detail", slug),
    }


def partner_detail(row: dict[str, Any], links: Links) -> dict[str, Any]:
    pk = row["pk"]
    roles = (
        ProjectPartner.objects.filter(partner=pk)
        .filter(Project.objects.published_q("project"))
        .order_by(InReadersOrder("project__title"), "project__slug", "role")
        .values("project__slug", "project__title_th", "project__title_en", "role")
    )
    return {
        **partner(row, links),
        "aliases_th": row["aliases_th"] or "",
        "aliases_en": row["aliases_en"] or "",
        "partnerships": partnerships(
            Partnership.objects.published().filter(partner=pk).newest_first()
        ),
        "projects": [
            {"project": named("project__", role, "title"), "role": role["role"]}
            for role in roles
        ],
        "sources": sources_of(Partner, pk),
    }


# Partnerships

PARTNERSHIP_FIELDS = (
    "city__slug",
    "city__name_th",
    "city__name_en",
    "partner__slug",
    "partner__name_th",
    "partner__name_en",
    "kind",
    "start_year",
    "end_year",
    "topic_th",
    "topic_en",
)


def partnership(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "city": named("city__", row),
        "partner": named("partner__", row),
        "kind": row["kind"],
        "start_year": row["start_year"],
        "end_year": row["end_year"],
        "topic_th": row["topic_th"] or "",
        "topic_en": row["topic_en"] or "",
    }


def partnerships(queryset: models.QuerySet) -> list[dict[str, Any]]:
    return [partnership(row) for row in queryset.values(*PARTNERSHIP_FIELDS)]


# Projects

PROJECT_FIELDS = (
    "pk",
    "slug",
    "title_th",
    "title_en",
    "summary_th",
    "summary_en",
    "stage",
    "start_year",
    "end_year",
    "estimated_cost",
    "currency",
    "bankable",
    "network_level",
)
PROJECT_DETAIL_FIELDS = (*PROJECT_FIELDS, "description_th", "description_en")


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def project_relations(project_ids: list[int]) -> dict[int, dict[str, list]]:
    """Each project's published cities, focus areas and partners (with their
    roles), in one query: a UNION of the three links."""
    cities = (
        Project.cities.through.objects.filter(
            City.objects.published_q("city"), project_id__in=project_ids
        )
        .order_by()
        .values_list(
            "project_id",
            _text("cities"),
            "city__slug",
            "city__name_th",
            "city__name_en",
            "city__name_th_sort",
            _text(""),
        )
    )
    areas = (
        Project.focus_areas.through.objects.filter(
            FocusArea.objects.published_q("focusarea"), project_id__in=project_ids
        )
        .order_by()
        .values_list(
            "project_id",
            _text("focus_areas"),
            "focusarea__slug",
            "focusarea__name_th",
            "focusarea__name_en",
            Cast("focusarea__position", output_field=CharField()),
            _text(""),
        )
    )
    roles = (
        ProjectPartner.objects.filter(
            ProjectPartner.objects.published_q(), project_id__in=project_ids
        )
        .order_by()
        .values_list(
            "project_id",
            _text("partners"),
            "partner__slug",
            "partner__name_th",
            "partner__name_en",
            "partner__name_th_sort",
            "role",
        )
    )
    keyed: dict[int, dict[str, list]] = defaultdict(
        lambda: {"cities": [], "focus_areas": [], "partners": []}
    )
    thai = is_thai()
    for project_id, kind, slug, name_th, name_en, sort, role in cities.union(
        areas, roles, all=True
    ):
        item: dict[str, str] = {
            "slug": slug,
            "name_th": name_th or "",
            "name_en": name_en or "",
        }
        # The reader's order (as core.collation.by_name): focus areas by their
        # position, cities and partners (within a role) by name, then slug.
        if kind == "focus_areas":
            key: tuple = (int(sort), slug)
        else:
            name = sort if thai else (name_en or "").lower()
            if kind == "partners":
                item["role"] = role
                key = (role, name, slug)
            else:
                key = (name, slug)
        keyed[project_id][kind].append((key, item))
    found: dict[int, dict[str, list]] = {}
    for project_id, kinds in keyed.items():
        found[project_id] = {
            kind: [item for _key, item in sorted(items, key=itemgetter(0))]
            for kind, items in kinds.items()
        }
    return found


def project(
    row: dict[str, Any], links: Links, relations: dict[int, dict[str, list]]
) -> dict[str, Any]:
    slug = row["slug"]
    related = relations.get(row["pk"], {})
    return {
        "slug": slug,
        "title_th": row["title_th"] or "",
        "title_en": row["title_en"] or "",
        "summary_th": row["summary_th"] or "",
        "summary_en": row["summary_en"] or "",
        "stage": row["stage"],
        "start_year": row["start_year"],
        "end_year": row["end_year"],
        "estimated_cost": number(row["estimated_cost"]),
        "currency": row["currency"],
        "bankable": row["bankable"],
        "network_level": row["network_level"],
        "cities": related.get("cities", []),
        "focus_areas": related.get("focus_areas", []),
        "partners": related.get("partners", []),
        "url": links.api("api:project-detail", slug),
        "pages": links.pages("projects:project-detail", slug),
    }


def project_detail(row: dict[str, Any], links: Links) -> dict[str, Any]:
    return {
        **project(row, links, project_relations([row["pk"]])),
        "description_th": row["description_th"] or "",
        "description_en": row["description_en"] or "",
        "sources": sources_of(Project, row["pk"]),
    }
