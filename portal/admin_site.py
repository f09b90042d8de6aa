"""The portal's admin site: its titles, each staff member's preferences, and a
login that opens the admin in the language the staff member prefers."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path, translate_url
from django.utils.translation import gettext_lazy as _

from core.review_admin import review_queue
from users.views import preferences, remember_language


class PortalAdminSite(admin.AdminSite):
    site_header = _("ASCN Portal administration")
    site_title = _("ASCN Portal")
    index_title = _("Records of the ASEAN Smart Cities Network")

    def get_urls(self):
        return [
            path("preferences/", self.admin_view(preferences), name="preferences"),
            path(
                "review/",
                self.admin_view(lambda request: review_queue(request, self)),
                name="review_queue",
            ),
            *super().get_urls(),
        ]

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().login(request, extra_context)
        user = request.user
        if (
            request.method == "POST"
            and user.is_authenticated
            and response.status_code == 302
        ):
            language = getattr(user, "admin_language", "")
            if language:
                response["Location"] = translate_url(response["Location"], language)
                remember_language(response, language)
        return response
