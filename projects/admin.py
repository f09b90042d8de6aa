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

from .csv_columns import ProjectSpec
from .models import Project, ProjectPartner


class ProjectPartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 0
    fields = ("partner", "role")
    autocomplete_fields = ("partner",)


@admin.register(Project)
class ProjectAdmin(CsvAdminMixin, PublishableAdmin):
    csv_spec_class = ProjectSpec
    inlines = [ProjectPartnerInline, SourceInline]
    list_display = (
        "title",
        "stage",
        "bankable",
        "is_featured",
        "start_year",
        "end_year",
        "status",
        "updated_at",
    )
    list_filter = (
        "status",
        "stage",
        "bankable",
        "network_level",
        "thai_unreviewed",
        "is_featured",
        "focus_areas",
        "cities__country",
    )
    actions = [*PublishableAdmin.actions, mark_thai_reviewed]
    search_fields = (
        "slug",
        "title_th",
        "title_en",
        "summary_th",
        "summary_en",
    )
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ("cities", "focus_areas")
    readonly_fields = ("image_preview", *PublishableAdmin.readonly_fields)
    fieldsets = (
        (None, {"fields": ("title", "slug", "status")}),
        (_("Texts"), {"fields": ("summary", "description", "thai_unreviewed")}),
        (
            _("Where and what"),
            {
                "fields": (
                    "network_level",
                    "cities",
                    "focus_areas",
                    "stage",
                    ("start_year", "end_year"),
                )
            },
        ),
        (
            _("Money"),
            {"fields": (("estimated_cost", "currency"), "bankable")},
        ),
        (
            _("Image"),
            {
                "fields": (
                    "image",
                    "image_preview",
                    ("image_focus_x", "image_focus_y"),
                    "image_alt",
                )
            },
        ),
        (_("Home page"), {"fields": ("is_featured",)}),
        (
            _("Record"),
            {"fields": ("published_at", "published_by", "created_at", "updated_at")},
        ),
    )

    class Media:
        css = IMAGE_PREVIEW_CSS
        js = FOCAL_POINT_JS

    @admin.display(description=_("preview"))
    def image_preview(self, obj: Project) -> str:
        return render_focal_point_preview(obj, "image")
