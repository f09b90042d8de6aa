"""URL map: public pages and the admin under /th/ and /en/."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from opendata import api
from portal.views import favicon, robots_txt, sitemap_xml

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("ops.urls")),
    path("", include("opendata.urls")),
    # The JSON API: both languages in every answer, so outside the prefixes.
    path("api/v1/", api.urls()),
]

# An error that reaches Django's handler: a 503 page when the database or another
# service is away, the 500 page otherwise.
handler500 = "ops.views.server_error"
# Not allowed, or a request the portal cannot take: in the admin's design for
# staff in the admin, in the public one otherwise.
handler403 = "ops.views.permission_denied"
handler400 = "ops.views.bad_request"

urlpatterns += i18n_patterns(
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("portal.urls")),
    path("", include("cities.urls")),
    path("", include("partners.urls")),
    path("", include("projects.urls")),
    path("", include("opendata.feed_urls")),
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
