"""schema.org descriptions of the detail pages' records, for search engines: a
pilot city as a `City`, a partner as an `Organization`, a project as a `Project`.

Names are in the page's language, with the other language's name as
`alternateName`; the page itself is the `mainEntityOfPage`, with its language.
Built from what the detail views already fetched: no query of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation

from cities.models import City, Country
from partners.models import Partner
from projects.models import PartnerRole, Project

Absolute = Callable[[str], str]


def _in_other_language(record: Any, field: str) -> str | None:
    """The field's text in the other language, where it differs."""
    current = translation.get_language()
    shown = getattr(record, field)
    for code, _name in settings.LANGUAGES:
        if code != current:
            other = getattr(record, f"{field}_{code}", "") or ""
            if other and other != shown:
                return other
    return None


def _named(record: Any, field: str, absolute: Absolute) -> dict[str, Any]:
    data: dict[str, Any] = {"name": getattr(record, field)}
    other = _in_other_language(record, field)
    if other:
        data["alternateName"] = other
    data["url"] = absolute(record.get_absolute_url())
    return data


def _page(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        **data,
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": data["url"],
            "inLanguage": translation.get_language(),
        },
    }


def country(record: Country, absolute: Absolute) -> dict[str, Any]:
    return {
        "@type": "Country",
        **_named(record, "name", absolute),
        "identifier": record.code,
    }


def city(record: City, absolute: Absolute) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "City", **_named(record, "name", absolute)}
    if record.summary:
        data["description"] = record.summary
    data["geo"] = {
        "@type": "GeoCoordinates",
        "latitude": float(record.latitude),
        "longitude": float(record.longitude),
    }
    data["containedInPlace"] = country(record.country, absolute)
    if record.cover_image:
        data["image"] = absolute(record.cover_image.url)
    if record.website:
        data["sameAs"] = record.website
    return _page(data)


def _organisation(record: Partner, absolute: Absolute) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", **_named(record, "name", absolute)}
    if record.country is not None:
        data["address"] = {
            "@type": "PostalAddress",
            "addressCountry": record.country.code,
        }
    return data


def partner(record: Partner, absolute: Absolute) -> dict[str, Any]:
    data = _organisation(record, absolute)
    if record.description:
        data["description"] = record.description
    if record.logo:
        data["logo"] = absolute(record.logo.url)
    if record.website:
        data["sameAs"] = record.website
    return _page(data)


def project(record: Project, absolute: Absolute) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Project", **_named(record, "title", absolute)}
    if record.summary:
        data["description"] = record.summary
    if record.start_year:
        data["foundingDate"] = str(record.start_year)
    if record.image:
        data["image"] = absolute(record.image.url)
    # The detail view fetched the published cities and partners with their roles.
    cities = [
        {"@type": "City", **_named(place, "name", absolute)}
        for place in record.cities.all()
    ]
    if cities:
        data["location"] = cities
    funders: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    for link in record.project_partners.all():
        organisation = _organisation(link.partner, absolute)
        (funders if link.role == PartnerRole.FUNDER else members).append(organisation)
    if funders:
        data["funder"] = funders
    if members:
        data["member"] = members
    return _page(data)
