from django.contrib.sitemaps import Sitemap

from core.models import PublishableModel


class PortalSitemap(Sitemap):
    """Every page in Thai and English, each listing the other as an alternate."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(PortalSitemap):
    model: type[PublishableModel]

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at
