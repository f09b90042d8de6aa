"""The operations of the JSON API: a list and a detail per kind of record,
published records only, and the pilot cities as GeoJSON."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import FilterSet
from ninja import Query, Router

from cities.filters import CityFilter
from cities.models import City, Country, FocusArea
from cities.views import with_published_counts
from core.collation import by_name
from core.versioning import versioned
from partners.filters import PartnerFilter
from partners.models import Partner, Partnership, PartnershipKind
from projects.filters import ProjectFilter
from projects.models import Project

from . import records, schemas
from .http import PARAMETERS, json_response, json_text

router = Router()

GEOJSON = "application/geo+json"


class ApiError(Exception):
    """An answer other than 200, with its message."""

    def __init__(self, status: int, detail: str, errors: list | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


class PartnershipFilter(FilterSet):
    """The partnerships of a pilot city or a partner, of a kind; there is no
    public list of them, so the API has its own filters."""

    city = django_filters.ModelChoiceFilter(
        label=_("Pilot city"),
        queryset=City.objects.none(),
        to_field_name="slug",
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        to_field_name="slug",
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PartnershipKind.choices)

    class Meta:
        model = Partnership
        fields = ["city", "partner", "kind"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["city"].queryset = City.objects.published()
        self.filters["partner"].queryset = Partner.objects.published()

    def get_ordering(self, data: dict) -> tuple:
        return Partnership.objects.newest_first_ordering()

    @property
    def qs(self):
        return super().qs.order_by(*self.get_ordering({}))


# Helpers


def _filtered(
    filterset_class: type[FilterSet], params: schemas.Schema, queryset: QuerySet
) -> QuerySet:
    """The records the public list would show with these filters. A value the
    list would refuse is an error with each parameter's message: a 404 where
    every such value is well formed but names nothing published (an unknown
    country code, a year no city joined in), a 400 otherwise."""
    names = set(filterset_class.base_filters)
    data = {
        name: str(value)
        for name, value in params.dict().items()
        if name in names and value is not None and value != ""
    }
    if not data:
        # The list's order without building its FilterSet, whose choices (every
        # published city, partner ...) cost an unfiltered page of 100 projects a
        # fifth of its time: the order is declared on the class.
        bare: Any = object.__new__(filterset_class)
        return queryset.order_by(*bare.get_ordering({}))
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        found = filterset.form.errors.as_data()
        unknown = all(
            error.code == "invalid_choice"
            for errors in found.values()
            for error in errors
        )
        raise ApiError(
            404 if unknown else 400,
            gettext("No published record matches these filters.")
            if unknown
            else gettext("The filters are not valid."),
            [
                {"parameter": name, "message": str(message)}
                for name, messages in filterset.errors.items()
                for message in messages
            ],
        )
    return filterset.qs


def _page_link(request: HttpRequest, links: records.Links, page: int) -> str:
    query = request.GET.copy()
    for name in list(query):
        if name not in PARAMETERS:
            del query[name]
    query["page"] = str(page)
    return links.absolute(f"{request.path}?{query.urlencode()}")


def _page(
    request: HttpRequest,
    params: schemas.ListParameters,
    queryset: QuerySet,
    fields: tuple[str, ...],
    build: Callable[[list[dict[str, Any]], records.Links], list[dict[str, Any]]],
) -> HttpResponse:
    """One page of the list: the count, the page's rows (none read past the
    end) and the addresses of the pages before and after."""
    links = records.Links(request)
    # The count of a list is made from its path and its filters alone: kept
    # under the content version, as the public lists keep theirs.
    filters = sorted(
        (name, value)
        for name, value in params.dict().items()
        if name not in ("page", "page_size") and value not in (None, "")
    )
    count = versioned(
        f"api-count:{request.path}:{_digest(repr(filters))}", queryset.count
    )
    start = (params.page - 1) * params.page_size

    def results() -> str:
        rows = (
            list(queryset.values(*fields)[start : start + params.page_size])
            if start < count
            else []
        )
        return json_text(build(rows, links))

    # The page's records as JSON, kept under the content version and what makes
    # them (the path, the filters, the page, the host the links name), as the
    # public lists keep their cards.
    page_key = repr((links.base, filters, params.page, params.page_size))
    found = versioned(f"api-page:{request.path}:{_digest(page_key)}", results)
    last = max(1, math.ceil(count / params.page_size))
    head = json_text(
        {
            "count": count,
            "next": _page_link(request, links, params.page + 1)
            if start + params.page_size < count
            else None,
            "previous": _page_link(request, links, min(params.page - 1, last))
            if params.page > 1
            else None,
        }
    )
    return json_response(raw=f'{head[:-1]},"results":{found}}}')


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _one(queryset: QuerySet, fields: tuple[str, ...], **lookup: str) -> dict:
    if any("\x00" in value for value in lookup.values()):
        raise Http404  # no slug holds one, and PostgreSQL refuses to compare it
    row = queryset.filter(**lookup).values(*fields).first()
    if row is None:
        raise Http404
    return row


# The responses every operation documents besides its 200.
NOT_MODIFIED = {304: None}
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}


def _list_responses(schema: type) -> dict:
    return {200: schema, **NOT_MODIFIED, **ERRORS}


def _detail_responses(schema: type) -> dict:
    return {200: schema, **NOT_MODIFIED, **ERRORS}


# Countries


def _countries() -> QuerySet:
    return Country.objects.published().annotate(
        city_count=Count(
            "cities", filter=City.objects.published_q("cities"), distinct=True
        )
    )


@router.get(
    "/countries/",
    response=_list_responses(schemas.CountryList),
    url_name="country-list",
    summary="Countries",
    tags=["countries"],
)
def country_list(request: HttpRequest, params: Query[schemas.ListParameters]):
    """The countries of the pilot cities and partners, by name in the order of
    `lang`."""
    return _page(
        request,
        params,
        _countries().order_by(*by_name(tie="code")),
        records.COUNTRY_FIELDS,
        lambda rows, links: [records.country(row, links) for row in rows],
    )


@router.get(
    "/countries/{code}/",
    response=_detail_responses(schemas.CountryDetail),
    url_name="country-detail",
    summary="A country",
    tags=["countries"],
)
def country_detail(
    request: HttpRequest, code: str, params: Query[schemas.LanguageParameter]
):
    """A country by its ISO 3166-1 alpha-2 code (TH), with its published pilot
    cities."""
    row = _one(_countries(), records.COUNTRY_FIELDS, code=code.upper())
    links = records.Links(request)
    cities = (
        City.objects.published()
        .filter(country__code=row["code"])
        .order_by(*by_name())
        .values("slug", "name_th", "name_en")
    )
    return json_response(
        {
            **records.country(row, links),
            "cities": [records.named("", city) for city in cities],
        }
    )


# Focus areas


@router.get(
    "/focus-areas/",
    response=_list_responses(schemas.FocusAreaList),
    url_name="focus-area-list",
    summary="Focus areas",
    tags=["focus areas"],
)
def focus_area_list(request: HttpRequest, params: Query[schemas.ListParameters]):
    """The focus areas of the ASEAN Smart Cities Framework, in its order."""
    return _page(
        request,
        params,
        with_published_counts(FocusArea.objects.published()).order_by(
            "position", "slug"
        ),
        records.FOCUS_AREA_FIELDS,
        lambda rows, links: [records.focus_area(row, links) for row in rows],
    )


@router.get(
    "/focus-areas/{slug}/",
    response=_detail_responses(schemas.FocusAreaDetail),
    url_name="focus-area-detail",
    summary="A focus area",
    tags=["focus areas"],
)
def focus_area_detail(
    request: HttpRequest, slug: str, params: Query[schemas.LanguageParameter]
):
    """A focus area, with the addresses of the lists of its cities and projects."""
    row = _one(
        with_published_counts(FocusArea.objects.published()),
        records.FOCUS_AREA_FIELDS,
        slug=slug,
    )
    links = records.Links(request)
    lists = {
        name: links.absolute(f"{links_path}?focus_area={row['slug']}")
        for name, links_path in (
            ("cities_url", reverse("api:city-list")),
            ("projects_url", reverse("api:project-list")),
        )
    }
    return json_response({**records.focus_area(row, links), **lists})


# Cities


@router.get(
    "/cities/",
    response=_list_responses(schemas.CityList),
    url_name="city-list",
    summary="Pilot cities",
    tags=["cities"],
)
def city_list(request: HttpRequest, params: Query[schemas.CityParameters]):
    """The published pilot cities, with the filters and the order of the
    portal's list of cities."""
    queryset = _filtered(CityFilter, params, City.objects.published())

    def build(rows, links):
        areas = records.city_focus_areas([row["pk"] for row in rows])
        return [records.city(row, links, areas) for row in rows]

    return _page(request, params, queryset, records.CITY_FIELDS, build)


@router.get(
    "/cities.geojson",
    # Its 200 is described as GeoJSON in the OpenAPI document (see PortalApi).
    response={200: None, **NOT_MODIFIED, **ERRORS},
    url_name="cities-geojson",
    summary="Pilot cities as GeoJSON",
    tags=["cities"],
)
def cities_geojson(request: HttpRequest, params: Query[schemas.CityFilters]):
    """Every published pilot city matching the filters (no pages), as a GeoJSON
    FeatureCollection: a Point in WGS 84, longitude first, per city, with its
    names, country, year joined and page addresses as properties. Every city
    has coordinates (the database requires them)."""
    queryset = _filtered(CityFilter, params, City.objects.published())
    links = records.Links(request)
    features = [
        {
            "type": "Feature",
            "id": row["slug"],
            "geometry": {
                "type": "Point",
                "coordinates": [
                    records.number(row["longitude"]),
                    records.number(row["latitude"]),
                ],
            },
            "properties": {
                **records.named("", row),
                "country": records.country_ref(row),
                "joined_year": row["joined_year"],
                "url": links.api("api:city-detail", row["slug"]),
                "pages": links.pages("cities:city-detail", row["slug"]),
            },
        }
        for row in queryset.values(
            "slug",
            "name_th",
            "name_en",
            "latitude",
            "longitude",
            "joined_year",
            "country__code",
            "country__name_th",
            "country__name_en",
        )
    ]
    return json_response(
        {"type": "FeatureCollection", "features": features},
        content_type=GEOJSON,
    )


@router.get(
    "/cities/{slug}/",
    response=_detail_responses(schemas.CityDetail),
    url_name="city-detail",
    summary="A pilot city",
    tags=["cities"],
)
def city_detail(
    request: HttpRequest, slug: str, params: Query[schemas.LanguageParameter]
):
    """A published pilot city with its focus areas, partnerships, projects and
    sources."""
    row = _one(City.objects.published(), records.CITY_DETAIL_FIELDS, slug=slug)
    return json_response(records.city_detail(row, records.Links(request)))


# Partners


@router.get(
    "/partners/",
    response=_list_responses(schemas.PartnerList),
    url_name="partner-list",
    summary="Partners",
    tags=["partners"],
)
def partner_list(request: HttpRequest, params: Query[schemas.PartnerParameters]):
    """The published partners, with the filters and the order of the portal's
    list of partners."""
    return _page(
        request,
        params,
        _filtered(PartnerFilter, params, Partner.objects.published()),
        records.PARTNER_FIELDS,
        lambda rows, links: [records.partner(row, links) for row in rows],
    )


@router.get(
    "/partners/{slug}/",
    response=_detail_responses(schemas.PartnerDetail),
    url_name="partner-detail",
    summary="A partner",
    tags=["partners"],
)
def partner_detail(
    request: HttpRequest, slug: str, params: Query[schemas.LanguageParameter]
):
    """A published partner with its partnerships, its roles in projects and its
    sources."""
    row = _one(Partner.objects.published(), records.PARTNER_DETAIL_FIELDS, slug=slug)
    return json_response(records.partner_detail(row, records.Links(request)))


# Partnerships


@router.get(
    "/partnerships/",
    response=_list_responses(schemas.PartnershipList),
    url_name="partnership-list",
    summary="Partnerships",
    tags=["partnerships"],
)
def partnership_list(
    request: HttpRequest, params: Query[schemas.PartnershipParameters]
):
    """The published partnerships between pilot cities and partners (twinning,
    memoranda, funding ...), newest first; those of one year by city, then
    partner, in the order of `lang`."""
    return _page(
        request,
        params,
        _filtered(PartnershipFilter, params, Partnership.objects.published()),
        records.PARTNERSHIP_FIELDS,
        lambda rows, links: [records.partnership(row) for row in rows],
    )


# Projects


@router.get(
    "/projects/",
    response=_list_responses(schemas.ProjectList),
    url_name="project-list",
    summary="Projects",
    tags=["projects"],
)
def project_list(request: HttpRequest, params: Query[schemas.ProjectParameters]):
    """The published projects, with the filters and the order of the portal's
    list of projects: newest first (by start year, those without one last),
    then by title in the order of `lang`."""
    queryset = _filtered(ProjectFilter, params, Project.objects.published())

    def build(rows, links):
        # The related records of the page's projects, kept under the content
        # version as the cards of the public lists keep theirs.
        pks = [row["pk"] for row in rows]
        relations = versioned(
            f"api-project-relations:{_digest(repr(pks))}",
            lambda: records.project_relations(pks),
        )
        return [records.project(row, links, relations) for row in rows]

    return _page(request, params, queryset, records.PROJECT_FIELDS, build)


@router.get(
    "/projects/{slug}/",
    response=_detail_responses(schemas.ProjectDetail),
    url_name="project-detail",
    summary="A project",
    tags=["projects"],
)
def project_detail(
    request: HttpRequest, slug: str, params: Query[schemas.LanguageParameter]
):
    """A published project with its cities, focus areas, partners and sources."""
    row = _one(Project.objects.published(), records.PROJECT_DETAIL_FIELDS, slug=slug)
    return json_response(records.project_detail(row, records.Links(request)))
