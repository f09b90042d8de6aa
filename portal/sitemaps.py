"""The sitemap index: every public page of every app, in Thai and English."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.sitemaps import CitySitemap, CountrySitemap, FocusAreaSitemap
from core.sitemaps import PortalSitemap
from partners.sitemaps import PartnerSitemap
from projects.sitemaps import ProjectSitemap


class StaticPagesSitemap(PortalSitemap):
    def __init__(self, names: list[str]) -> None:
        self.names = names

    def items(self):
        return self.names

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS: dict[str, Sitemap[Any] | type[Sitemap[Any]]] = {
    "pages": StaticPagesSitemap(
        [
            "portal:home",
            "cities:city-list",
            "partners:partner-list",
            "projects:project-list",
            "cities:focus-area-list",
            "portal:data-dictionary",
        ]
    ),
    "cities": CitySitemap,
    "countries": CountrySitemap,
    "focus-areas": FocusAreaSitemap,
    "partners": PartnerSitemap,
    "projects": ProjectSitemap,
}
