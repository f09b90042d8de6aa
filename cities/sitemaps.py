from core.sitemaps import PublishedSitemap

from .models import City, Country, FocusArea


class CitySitemap(PublishedSitemap):
    model = City


class CountrySitemap(PublishedSitemap):
    model = Country


class FocusAreaSitemap(PublishedSitemap):
    model = FocusArea
