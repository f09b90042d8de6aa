"""The sitemap index: every public page of every app, in Thai and English."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.sitemaps import CitySitemap, CountrySitemap, FocusAreaSitemap
from core.sitemaps import PortalSitemap, PublishedSitemap
from partners.sitemaps import PartnerSitemap
from projects.sitemaps import ProjectSitemap

from .models import Page


class StaticPagesSitemap(PortalSitemap):
    def __init__(self, names: list[str]) -> None:
        self.names = names

    def items(self):
        return self.names

    def location(self, name: str) -> str:
        return reverse(name)


class PageSitemap(PublishedSitemap):
    """The pages staff write; the home page's introduction is the home page."""

    model = Page

    def items(self):
        return super().items().exclude(slug=Page.HOME_INTRODUCTION)


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
    "texts": PageSitemap,
}
