from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from core import workflow
from core.admin import (
    IMAGE_PREVIEW_CSS,
    PublishableAdmin,
    SourceInline,
    mark_thai_reviewed,
    render_logo_preview,
)
from core.csvio.admin import CsvAdminMixin

from .csv_columns import PartnerSpec
from .models import Partner, Partnership


class PartnershipInline(TranslationTabularInline):
    """New partnerships start as drafts here; their status changes, and edits of
    existing ones by editors, go through the partnership's own page, where the
    editorial workflow applies to each record."""

    model = Partnership
    extra = 0
    fields = ("city", "partner", "kind", "topic", "start_year", "end_year", "status")
    readonly_fields = ("status",)
    autocomplete_fields = ("city", "partner")
    show_change_link = True

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and workflow.may_publish(
            request.user, Partnership
        )


@admin.register(Partner)
class PartnerAdmin(CsvAdminMixin, PublishableAdmin):
    csv_spec_class = PartnerSpec
    inlines = [PartnershipInline, SourceInline]
    list_display = ("name", "kind", "country", "since_year", "status", "updated_at")
    list_filter = ("status", "kind", "country", "thai_unreviewed")
    actions = [*PublishableAdmin.actions, mark_thai_reviewed]
    list_select_related = ("country",)
    search_fields = (
        "slug",
        "name_th",
        "name_en",
        "aliases_th",
        "aliases_en",
        "description_th",
        "description_en",
    )
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("country",)
    readonly_fields = ("logo_preview", *PublishableAdmin.readonly_fields)
    fieldsets = (
        (None, {"fields": ("name", "aliases", "slug", "kind", "status")}),
        (
            _("About"),
            {
                "fields": (
                    "country",
                    "since_year",
                    "website",
                    "description",
                    "thai_unreviewed",
                )
            },
        ),
        (_("Logo"), {"fields": ("logo", "logo_preview")}),
        (
            _("Record"),
            {"fields": ("published_at", "published_by", "created_at", "updated_at")},
        ),
    )

    class Media:
        css = IMAGE_PREVIEW_CSS

    @admin.display(description=_("preview"))
    def logo_preview(self, obj: Partner) -> str:
        return render_logo_preview(obj.logo, obj.name)


@admin.register(Partnership)
class PartnershipAdmin(PublishableAdmin):
    list_display = (
        "city",
        "partner",
        "kind",
        "short_topic",
        "start_year",
        "end_year",
        "status",
    )

    @admin.display(description=_("topic"), ordering="topic")
    def short_topic(self, obj: Partnership) -> str:
        """The topic's first 80 characters: a list, not a reading page."""
        return Truncator(obj.topic).chars(80)

    list_filter = ("status", "kind", "city__country", "thai_unreviewed")
    actions = [*PublishableAdmin.actions, mark_thai_reviewed]
    list_select_related = ("city", "partner")
    search_fields = (
        "topic_th",
        "topic_en",
        "city__name_th",
        "city__name_en",
        "partner__name_th",
        "partner__name_en",
    )
    autocomplete_fields = ("city", "partner")
    fields = (
        "city",
        "partner",
        "kind",
        "topic",
        "thai_unreviewed",
        ("start_year", "end_year"),
        "status",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
    )
