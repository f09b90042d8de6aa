"""The admin of the site's own records, and admin pages that span apps: a pilot
city's page with its partnerships, which the cities app cannot know of."""

from django.contrib import admin

from cities.admin import CityAdmin
from cities.models import City
from core.admin import PublishableAdmin
from partners.admin import PartnershipInline

from .models import Page


@admin.register(City)
class CityWithPartnershipsAdmin(CityAdmin):
    inlines = [*CityAdmin.inlines, PartnershipInline]


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    inlines = []
    list_display = ("title", "slug", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("slug", "title_th", "title_en", "body_th", "body_en")
    prepopulated_fields = {"slug": ("title_en",)}
    fields = (
        "title",
        "slug",
        "body",
        "status",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    )

    def view_on_site(self, obj):
        return obj.get_absolute_url()
