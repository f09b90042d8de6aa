"""The columns of a model's CSV files: one declaration per model serves the
public export, the staff export, the import and the data dictionary.

A `Column` says how one cell is written (`format`) and read back (`parse`); a
`CsvSpec` lists a model's columns and how they map onto its records. Text cells
that a spreadsheet would run as a formula are made inert with a leading
apostrophe, which `parse` takes off again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bulk import insert_rows
from core.models import SLUG_PATTERN, PublicationStatus, PublishableModel

BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = ";"
TRUE_WORDS = {"true", "yes", "1"}
FALSE_WORDS = {"false", "no", "0", ""}


class Kind:
    TEXT = "text"
    URL = "url"
    SLUG = "slug"
    SLUGS = "slugs"
    CODE = "code"
    CHOICE = "choice"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"
    DATETIME = "datetime"

    LABELS = {
        TEXT: gettext_lazy("free text"),
        URL: gettext_lazy("web address (URL)"),
        SLUG: gettext_lazy("slug: lower-case letters, digits and hyphens"),
        SLUGS: gettext_lazy("slugs separated by “;”"),
        CODE: gettext_lazy("code"),
        CHOICE: gettext_lazy("one of the values listed"),
        INTEGER: gettext_lazy("whole number"),
        DECIMAL: gettext_lazy("decimal number with a full stop"),
        BOOLEAN: gettext_lazy("true or false"),
        DATETIME: gettext_lazy("date and time, ISO 8601"),
    }
    NUMERIC = {INTEGER, DECIMAL}
    # The Frictionless Table Schema type of each kind (opendata/datapackage.py),
    # also shown in the data dictionary: a list is of items separated by ";".
    TABLE_SCHEMA_TYPES = {
        TEXT: "string",
        URL: "string",
        SLUG: "string",
        SLUGS: "list",
        CODE: "string",
        CHOICE: "string",
        INTEGER: "integer",
        DECIMAL: "number",
        BOOLEAN: "boolean",
        DATETIME: "datetime",
    }


def inert(text: str) -> str:
    """OWASP CSV injection: a cell that starts like a formula is prefixed with '."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def revive(text: str) -> str:
    """Undo `inert`, so that a file exported and imported again changes nothing."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def format_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


@dataclass(frozen=True)
class Column:
    """One column of a model's CSV files.

    `field` is the model field the import writes (None for a column that is only
    exported); `attr` is what the export reads from each record, by default the
    header itself (a field or an annotation of the export's query).
    """

    header: str
    kind: str
    description: Any
    example: str = ""
    required: bool = False
    field: str | None = None
    attr: str | None = None
    choices: tuple[str, ...] = ()
    staff_only: bool = False
    nullable: bool = False
    default: Any = None  # the value of an empty cell, where not None or ""
    # What every value matches, as the database checks it: a regular expression
    # that matches the whole value (XML Schema style, without ^ and $).
    pattern: str = ""
    # The column of another file whose value this column holds, as (file, column):
    # ("cities", "slug") for a city's slug. The data package declares it as a
    # foreign key and the data dictionary names it.
    references: tuple[str, str] | None = None

    @property
    def writable(self) -> bool:
        return self.field is not None

    @property
    def schema_type(self) -> str:
        """The column's type in a Frictionless Table Schema."""
        return Kind.TABLE_SCHEMA_TYPES[self.kind]

    def value(self, record: Any) -> Any:
        return getattr(record, self.attr or self.header)

    def format(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == Kind.BOOLEAN:
            return "true" if value else "false"
        if self.kind == Kind.DECIMAL:
            return format_decimal(Decimal(value))
        if self.kind == Kind.INTEGER:
            return str(int(value))
        if self.kind == Kind.DATETIME:
            return value.isoformat()
        if self.kind == Kind.SLUGS:
            items = value.split(LIST_SEPARATOR) if isinstance(value, str) else value
            return LIST_SEPARATOR.join(sorted({item for item in items if item}))
        return inert(str(value))

    def cell(self, value: Any) -> Any:
        """The typed value of a cell in a file with types (XLSX): None, a bool, an
        int, a Decimal, a datetime or a text. The same value as `format` writes,
        but a text is left as it is: a text cell of such a file is never run as a
        formula."""
        if value is None:
            return None
        if self.kind == Kind.BOOLEAN:
            return bool(value)
        if self.kind == Kind.DECIMAL:
            return Decimal(value)
        if self.kind == Kind.INTEGER:
            return int(value)
        if self.kind == Kind.DATETIME:
            return value
        if self.kind == Kind.SLUGS:
            return self.format(value)  # slugs only: nothing to make inert
        return str(value)

    def parse(self, raw: str) -> Any:
        """The Python value of a cell; raises ValidationError with a message for
        the reader."""
        text = revive(raw.strip())
        if self.kind in Kind.NUMERIC or self.kind == Kind.BOOLEAN:
            text = text.replace("\u00a0", "").strip()
        if text == "":
            if self.default is not None:
                return self.default
            if self.required:
                raise ValidationError(_("This column must not be empty."))
            if self.kind == Kind.BOOLEAN:
                return False
            if self.kind == Kind.SLUGS:
                return []
            return None if self.kind in Kind.NUMERIC or self.nullable else ""
        if self.kind == Kind.INTEGER:
            try:
                return int(text)
            except ValueError:
                raise ValidationError(
                    _("“%(value)s” is not a whole number.") % {"value": text}
                ) from None
        if self.kind == Kind.DECIMAL:
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise ValidationError(
                    _("“%(value)s” is not a number; write it like 13.75 or -6.2.")
                    % {"value": text}
                )
            return number
        if self.kind == Kind.BOOLEAN:
            word = text.lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValidationError(
                _("“%(value)s” is neither true nor false.") % {"value": text}
            )
        if self.kind == Kind.CHOICE and text not in self.choices:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": ", ".join(self.choices)}
            )
        if self.kind == Kind.SLUGS:
            return sorted({item.strip() for item in text.split(LIST_SEPARATOR)} - {""})
        return text


class CsvSpec:
    """A model's CSV columns and how they are read and written.

    Subclasses set `name`, `model` and `columns`, annotate the export query in
    `annotate_export`, and write relations in `set_relations`. `key` names the
    columns that identify a record (its slug, for most).
    """

    name: str = ""
    model: type[PublishableModel]
    columns: list[Column] = []
    key: tuple[str, ...] = ("slug",)
    # Every spec by name, for an import batch to find its own (core/csvio/undo.py).
    registry: ClassVar[dict[str, type[CsvSpec]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            CsvSpec.registry[cls.name] = cls

    def column(self, header: str) -> Column:
        for column in self.columns:
            if column.header == header:
                return column
        raise KeyError(header)

    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def import_key(self) -> tuple[str, str]:
        """The header and the field by which an import matches rows to records:
        imports match by one column (the slug); a spec keyed by several columns
        serves exports and the reference data only."""
        if len(self.key) != 1:
            raise ValueError(
                f"{self.name} cannot be imported: its key has columns {self.key}"
            )
        header = self.key[0]
        return header, self.column(header).field or header

    def key_lookup(self, values: dict[str, Any], lookups) -> dict[str, Any]:
        """The field lookup of the record that a row's key columns name."""
        found = {}
        for header in self.key:
            value = values[header]
            if header in lookups:
                value = lookups[header][value]
            found[self.column(header).field or header] = value
        return found

    def formatted(self, record: Any, headers: list[str]) -> dict[str, str]:
        """A record's cells, as an export of it would write them."""
        return {
            header: self.column(header).format(self.column(header).value(record))
            for header in headers
        }

    def public_columns(self) -> list[Column]:
        return [column for column in self.columns if not column.staff_only]

    def annotate_export(self, queryset: models.QuerySet, *, public: bool):
        return queryset

    def export_records(self, queryset: models.QuerySet, *, public: bool):
        queryset = self.annotate_export(queryset, public=public)
        # A server-side cursor on PostgreSQL: memory stays flat however many rows.
        return queryset.iterator(chunk_size=2000)

    def filename(self, extension: str = "csv") -> str:
        return f"ascn-{self.name}-{datetime.date.today().isoformat()}.{extension}"

    # --- import -----------------------------------------------------------

    def relation_lookups(self) -> dict[str, dict[str, models.Model]]:
        """For each header of a relation column: slug (or code) → record."""
        return {}

    def assign(self, record: models.Model, values: dict[str, Any], lookups) -> None:
        for column in self.columns:
            if (
                column.field is not None
                and column.header in values
                and column.kind != Kind.SLUGS
            ):
                value = values[column.header]
                if column.header in lookups:
                    value = lookups[column.header].get(value) if value else None
                setattr(record, column.field, value)

    def set_relations(self, record: models.Model, values: dict[str, Any], lookups):
        """Many-to-many columns; a column missing from the file changes nothing."""
        own = {field.name for field in record._meta.many_to_many}
        for column in self.columns:
            if (
                column.kind == Kind.SLUGS
                and column.field in own
                and column.header in values
            ):
                targets = [
                    lookups[column.header][slug] for slug in values[column.header]
                ]
                getattr(record, column.field).set(targets)

    def set_relations_of_many(
        self, changes: list[tuple[models.Model, dict[str, Any]]], lookups
    ) -> list[models.Model]:
        """`set_relations` of many saved records at once, a few queries per column
        for all of them, and without signals: the caller writes the versions in
        history and bumps the content version. Returns the records created on
        the way (child records, which need versions of their own)."""
        own = {field.name: field for field in self.model._meta.many_to_many}
        for column in self.columns:
            field: Any = own.get(column.field or "")
            if column.kind != Kind.SLUGS or field is None:
                continue
            wanted = {
                record.pk: {
                    lookups[column.header][slug].pk for slug in values[column.header]
                }
                for record, values in changes
                if column.header in values
            }
            if not wanted:
                continue
            through = field.remote_field.through
            owner, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = through._default_manager.filter(**{f"{owner}__in": list(wanted)})
            current: dict[Any, dict[Any, Any]] = {pk: {} for pk in wanted}
            for pk, record_pk, target in links.values_list("pk", owner, other):
                current[record_pk][target] = pk
            gone = [
                link
                for record_pk, targets in current.items()
                for target, link in targets.items()
                if target not in wanted[record_pk]
            ]
            if gone:
                through._default_manager.filter(pk__in=gone).delete()
            insert_rows(
                through,
                [
                    {owner: record_pk, other: target}
                    for record_pk, targets in wanted.items()
                    for target in sorted(targets - set(current[record_pk]))
                ],
            )
        return []


# Columns that every model's CSV files share


def slug_column() -> Column:
    return Column(
        "slug",
        Kind.SLUG,
        gettext_lazy(
            "The record's key: part of its page address, the same in both languages. "
            "Rows of an import are matched to records by this column."
        ),
        example="phuket",
        required=True,
        field="slug",
        pattern=SLUG_PATTERN.removeprefix("^").removesuffix("$"),
    )


def translated_columns(
    field: str, description, example_en: str, example_th: str, *, required=False
) -> list[Column]:
    """The English and the Thai column of a translated text, side by side."""
    return [
        Column(
            f"{field}_en",
            Kind.TEXT,
            format_lazy(
                gettext_lazy("{description}, in English"), description=description
            ),
            example=example_en,
            required=required,
            field=f"{field}_en",
        ),
        Column(
            f"{field}_th",
            Kind.TEXT,
            format_lazy(
                gettext_lazy("{description}, in Thai"), description=description
            ),
            example=example_th,
            required=required,
            field=f"{field}_th",
        ),
    ]


def year_span_columns(
    started, ended, *, examples: tuple[str, str] = ("", "")
) -> list[Column]:
    """The start and end years of a YearSpan record (core/models.py)."""
    return [
        Column(
            "start_year", Kind.INTEGER, started, example=examples[0], field="start_year"
        ),
        Column("end_year", Kind.INTEGER, ended, example=examples[1], field="end_year"),
    ]


def thai_unreviewed_column(texts) -> Column:
    """The mark of Thai text translated from English that no Thai reader has
    reviewed yet (core.models.ThaiReviewMark), in every export."""
    return Column(
        "thai_unreviewed",
        Kind.BOOLEAN,
        format_lazy(
            "{} {}",
            gettext_lazy(
                "true where the Thai text was translated from the English and no "
                "Thai reader has reviewed it yet:"
            ),
            texts,
        ),
        example="false",
        field="thai_unreviewed",
    )


def focus_columns(image: str) -> list[Column]:
    """The focal point of a cropped image (core.images.FocusField), in the staff
    export only: the public files carry no image for it to apply to. An empty
    cell is the centre."""
    edges = {
        "x": gettext_lazy("from 0 (left edge) to 100 (right edge)"),
        "y": gettext_lazy("from 0 (top edge) to 100 (bottom edge)"),
    }
    return [
        Column(
            f"{image}_focus_{axis}",
            Kind.INTEGER,
            format_lazy(
                gettext_lazy(
                    "Focal point of the image, which its crop keeps in view, in "
                    "percent {edges}; empty for the centre (50)."
                ),
                edges=edges[axis],
            ),
            example="50",
            field=f"{image}_focus_{axis}",
            staff_only=True,
            default=50,
        )
        for axis in ("x", "y")
    ]


def record_columns() -> list[Column]:
    """Publication status and timestamps: in the staff export only."""
    return [
        Column(
            "status",
            Kind.CHOICE,
            gettext_lazy(
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
            gettext_lazy("When the record was created; not imported."),
            example="2026-11-27T09:00:00+00:00",
            staff_only=True,
        ),
        Column(
            "updated_at",
            Kind.DATETIME,
            gettext_lazy(
                "When the record was last changed. Not imported, but checked: a row "
                "whose record has changed since the file was exported is a "
                "conflict, left alone unless the importer chooses to overwrite it."
            ),
            example="2026-11-27T09:00:00.123456+00:00",
        ),
    ]
