from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import (
    FOCAL_POINT_JS,
    IMAGE_PREVIEW_CSS,
    PublishableAdmin,
    SourceInline,
    mark_thai_reviewed,
    render_focal_point_preview,
)
from core.csvio.admin import CsvAdminMixin

from .csv_columns import CitySpec
from .models import City, CityFocusArea, Country, FocusArea


class CityFocusAreaInline(admin.TabularInline):
    model = CityFocusArea
    extra = 0
    fields = ("focus_area", "basis", "note")
    autocomplete_fields = ("focus_area",)


@admin.register(Country)
class CountryAdmin(PublishableAdmin):
    inlines = []
    list_display = ("code", "name", "is_asean_member", "status", "updated_at")
    list_filter = ("is_asean_member", "status")
    search_fields = ("code", "name_th", "name_en", "aliases_th", "aliases_en")
    fields = (
        "code",
        "name",
        "aliases",
        "is_asean_member",
        "status",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    )


@admin.register(FocusArea)
class FocusAreaAdmin(PublishableAdmin):
    inlines = []
    list_display = ("name", "slug", "position", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("slug", "name_th", "name_en", "description_th", "description_en")
    prepopulated_fields = {"slug": ("name_en",)}
    fields = (
        "name",
        "slug",
        "description",
        "position",
        "status",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    )


class CityAdmin(CsvAdminMixin, PublishableAdmin):
    """Registered by the portal app, which adds the city's partnerships."""

    csv_spec_class = CitySpec
    inlines = [CityFocusAreaInline, SourceInline]
    list_display = ("name", "country", "region", "joined_year", "status", "updated_at")
    list_filter = (
        "status",
        "name_th_confirmed",
        "thai_unreviewed",
        "country",
        "joined_year",
        "focus_areas",
    )
    list_select_related = ("country",)
    actions = [*PublishableAdmin.actions, mark_thai_reviewed]
    search_fields = (
        "slug",
        "name_th",
        "name_en",
        "aliases_th",
        "aliases_en",
        "region_th",
        "region_en",
        "summary_th",
        "summary_en",
    )
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("country",)
    readonly_fields = ("cover_image_preview", *PublishableAdmin.readonly_fields)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_th_confirmed",
                    "name_th_source",
                    "aliases",
                    "slug",
                    "status",
                )
            },
        ),
        (
            _("Place"),
            {"fields": ("country", "region", ("latitude", "longitude"), "website")},
        ),
        (
            _("Network"),
            {
                "fields": (
                    "joined_year",
                    ("population", "population_year"),
                    "land_area_km2",
                    "facts_source_title",
                    "facts_source_url",
                )
            },
        ),
        (
            _("Texts"),
            {"fields": ("summary", "description", "vision", "thai_unreviewed")},
        ),
        (
            _("Cover image"),
            {
                "fields": (
                    "cover_image",
                    "cover_image_preview",
                    ("cover_image_focus_x", "cover_image_focus_y"),
                    "cover_image_alt",
                )
            },
        ),
        (
            _("Record"),
            {"fields": ("published_at", "published_by", "created_at", "updated_at")},
        ),
    )

    class Media:
        css = IMAGE_PREVIEW_CSS
        js = FOCAL_POINT_JS

    @admin.display(description=_("preview"))
    def cover_image_preview(self, obj: City) -> str:
        return render_focal_point_preview(obj, "cover_image")
