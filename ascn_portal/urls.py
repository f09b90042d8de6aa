"""URL map: public pages and the admin under /th/ and /en/."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from cities.sitemaps import CitySitemap, CountrySitemap, FocusAreaSitemap
from core.sitemaps import StaticPagesSitemap
from core.views import favicon, healthz, robots_txt
from partners.sitemaps import PartnerSitemap
from projects.sitemaps import ProjectSitemap
from projects.views import HomeView

admin.site.site_header = _("ASCN Portal administration")
admin.site.site_title = _("ASCN Portal")
admin.site.index_title = _("Records of the ASEAN Smart Cities Network")

sitemaps = {
    "pages": StaticPagesSitemap(
        [
            "home",
            "cities:city-list",
            "partners:partner-list",
            "projects:project-list",
            "cities:focus-area-list",
            "projects:data-dictionary",
        ]
    ),
    "cities": CitySitemap,
    "countries": CountrySitemap,
    "focus-areas": FocusAreaSitemap,
    "partners": PartnerSitemap,
    "projects": ProjectSitemap,
}

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", HomeView.as_view(), name="home"),
    path("", include("cities.urls")),
    path("", include("partners.urls")),
    path("", include("projects.urls")),
    prefix_default_language=True,
)

if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
