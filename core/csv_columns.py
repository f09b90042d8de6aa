"""Columns that every model's CSV files share."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .csvio import Column, Kind
from .models import PublicationStatus


def slug_column() -> Column:
    return Column(
        "slug",
        Kind.SLUG,
        _(
            "The record's key: part of its page address, the same in both languages. "
            "Rows of an import are matched to records by this column."
        ),
        example="phuket",
        required=True,
        field="slug",
    )


def translated_columns(
    field: str, description, example_en: str, example_th: str, *, required=False
) -> list[Column]:
    """The English and the Thai column of a translated text, side by side."""
    return [
        Column(
            f"{field}_en",
            Kind.TEXT,
            format_lazy(_("{description}, in English"), description=description),
            example=example_en,
            required=required,
            field=f"{field}_en",
        ),
        Column(
            f"{field}_th",
            Kind.TEXT,
            format_lazy(_("{description}, in Thai"), description=description),
            example=example_th,
            required=required,
            field=f"{field}_th",
        ),
    ]


def record_columns() -> list[Column]:
    """Publication status and timestamps: in the staff export only."""
    return [
        Column(
            "status",
            Kind.CHOICE,
            _(
                "Publication status; only published records are public. An empty "
                "cell means a draft."
            ),
            example=PublicationStatus.PUBLISHED,
            field="status",
            choices=tuple(PublicationStatus.values),
            staff_only=True,
            default=PublicationStatus.DRAFT,
        ),
        Column(
            "created_at",
            Kind.DATETIME,
            _("When the record was created; not imported."),
            example="2026-11-27T09:00:00+00:00",
            staff_only=True,
        ),
        Column(
            "updated_at",
            Kind.DATETIME,
            _("When the record was last changed; not imported."),
            example="2026-11-27T09:00:00+00:00",
            staff_only=True,
        ),
    ]
