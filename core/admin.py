"""Admin pieces every app uses: the sources inline and image previews."""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Page, Source

# Links typed without a scheme are taken as https, as Django 6 will do.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class SourceInline(GenericTabularInline):
    model = Source
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    extra = 0
    fields = ("title", "url", "as_of", "position")
    verbose_name = _("source")
    verbose_name_plural = _("sources")


def render_image_preview(image: models.ImageField, alt: str = "") -> str:
    if not image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" class="admin-image-preview" width="240">',
        image.url,
        alt,
    )


class PublishableAdmin(TabbedTranslationAdmin):
    """Translations in tabs, the publication status in every list, and sources."""

    inlines = [SourceInline]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50
    save_on_top = True

    @admin.display(description=_("published"), boolean=True, ordering="status")
    def published(self, obj) -> bool:
        return obj.is_published


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    inlines = []
    list_display = ("title", "slug", "status", "updated_at")
    list_filter = ("status",)
    search_fields = ("slug", "title_th", "title_en", "body_th", "body_en")
    prepopulated_fields = {"slug": ("title_en",)}
    fields = ("title", "slug", "body", "status", "created_at", "updated_at")
