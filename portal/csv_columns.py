"""The columns of the page texts, read by the reference data loader."""

from django.utils.translation import gettext_lazy as _

from core.csvio.columns import (
    CsvSpec,
    record_columns,
    slug_column,
    translated_columns,
)

from .models import Page


class PageSpec(CsvSpec):
    name = "pages"
    model = Page
    columns = [
        slug_column(),
        *translated_columns(
            "title", _("Title of the page"), "About the ASCN", "", required=True
        ),
        *translated_columns("body", _("Text of the page"), "", ""),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        return queryset.order_by("slug")
