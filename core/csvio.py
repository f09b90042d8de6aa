"""CSV export and import of records: one declaration of the columns per model
serves the public export, the staff export and the import.

Export: UTF-8 with a BOM (so that Excel shows Thai), RFC 4180 quoting, streamed
row by row from one query. Text cells that a spreadsheet would run as a formula
are made inert with a leading apostrophe, which the import takes off again.

Import: every row is parsed, validated and compared with the record of the same
slug before anything is written (the plan); applying a plan without errors
writes all its rows in one transaction.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

    @property
    def writable(self) -> bool:
        return self.field is not None

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


# --- export ---------------------------------------------------------------


class GroupConcat(models.Aggregate):
    """The values of a column joined with ";" (GROUP_CONCAT, or STRING_AGG on
    PostgreSQL). The order is not defined; `Column.format` sorts."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ';')"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ';')",
            **extra,
        )


def slugs_of(
    through: type[models.Model],
    owner: str,
    slug_path: str,
    *,
    extra_filter: models.Q | None = None,
) -> Subquery:
    """A correlated subquery: the slugs a record is linked to, joined with ";".

    One query exports any number of rows, instead of one more query per row or
    per chunk of rows."""
    links = through.objects.filter(**{owner: OuterRef("pk")})
    if extra_filter is not None:
        links = links.filter(extra_filter)
    return Subquery(
        links.order_by()
        .values(owner)
        .annotate(slugs=GroupConcat(slug_path))
        .values("slugs")[:1],
        output_field=models.TextField(),
    )


class Echo:
    """A file-like object that hands back what is written to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[Column], records: Iterable[Any]) -> Iterator[str]:
    """The CSV text, a few rows at a time: BOM and header first, at once."""
    writer = csv.writer(Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow([column.header for column in columns])
    batch: list[str] = []
    for record in records:
        batch.append(
            writer.writerow([column.format(column.value(record)) for column in columns])
        )
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


class CsvSpec:
    """A model's CSV columns and how they are read and written.

    Subclasses set `name`, `model` and `columns`, annotate the export query in
    `annotate_export`, and write relations in `set_relations`.
    """

    name: str = ""
    model: type[models.Model]
    columns: list[Column] = []
    key = "slug"

    def public_columns(self) -> list[Column]:
        return [column for column in self.columns if not column.staff_only]

    def annotate_export(self, queryset: models.QuerySet, *, public: bool):
        return queryset

    def export_records(self, queryset: models.QuerySet, *, public: bool):
        queryset = self.annotate_export(queryset, public=public)
        # A server-side cursor on PostgreSQL: memory stays flat however many rows.
        return queryset.iterator(chunk_size=2000)

    def lines(self, queryset: models.QuerySet, *, public: bool) -> Iterator[str]:
        columns = self.public_columns() if public else self.columns
        return csv_lines(columns, self.export_records(queryset, public=public))

    def filename(self) -> str:
        return f"ascn-{self.name}-{datetime.date.today().isoformat()}.csv"

    # --- import -----------------------------------------------------------

    def relation_lookups(self) -> dict[str, dict[str, models.Model]]:
        """For each header of a relation column: slug (or code) → record."""
        return {}

    def assign(self, record: models.Model, values: dict[str, Any], lookups) -> None:
        for column in self.columns:
            if (
                column.writable
                and column.header in values
                and column.kind != Kind.SLUGS
            ):
                value = values[column.header]
                if column.header in lookups:
                    value = lookups[column.header].get(value) if value else None
                setattr(record, column.field, value)

    def set_relations(self, record: models.Model, values: dict[str, Any], lookups):
        """Many-to-many columns; a column missing from the file changes nothing."""
        for column in self.columns:
            if (
                column.writable
                and column.kind == Kind.SLUGS
                and column.header in values
                and hasattr(record, column.field)
            ):
                targets = [
                    lookups[column.header][slug] for slug in values[column.header]
                ]
                getattr(record, column.field).set(targets)


# --- import ---------------------------------------------------------------


@dataclass
class RowResult:
    number: int  # line number in the file, the header being line 1
    key: str
    status: str  # new, changed, unchanged, error
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class ImportPlan:
    spec: CsvSpec
    user: Any = None
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [
            message for row in self.rows for message in row.errors
        ]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def summary(self) -> dict[str, int]:
        return {
            status: self.count(status)
            for status in (
                RowResult.NEW,
                RowResult.CHANGED,
                RowResult.UNCHANGED,
                RowResult.ERROR,
            )
        }


def max_import_bytes() -> int:
    return getattr(settings, "CSV_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def read_text(data: bytes) -> tuple[str | None, str | None]:
    """The file's text, or a message saying why it cannot be read."""
    if len(data) > max_import_bytes():
        return None, _(
            "The file is %(size)s KB; files of up to %(limit)s KB can be imported."
        ) % {"size": len(data) // 1024, "limit": max_import_bytes() // 1024}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, _(
            "The file is not in UTF-8 (line %(line)s). Save it as “CSV UTF-8” and "
            "try again."
        ) % {"line": line}
    if "\x00" in text:
        return None, _("The file contains null bytes; it is not a CSV text file.")
    if not text.strip():
        return None, _("The file is empty.")
    return text, None


def plan_import(spec: CsvSpec, data: bytes, user=None) -> ImportPlan:
    """Read, check and compare every row; write nothing.

    With a `user`, the editorial workflow applies: an editor may not change
    published or archived records, nor make a record published or archived.
    """
    plan = ImportPlan(spec, user=user)
    text, problem = read_text(data)
    if problem:
        plan.file_errors.append(problem)
        return plan
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        rows = list(reader)
    except csv.Error as error:
        plan.file_errors.append(
            _("The file is not valid CSV (line %(line)s): %(error)s")
            % {"line": reader.line_num, "error": error}
        )
        return plan

    known = {column.header: column for column in spec.columns}
    duplicated = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicated:
        plan.file_errors.append(
            _("These columns appear more than once: %(columns)s.")
            % {"columns": ", ".join(duplicated)}
        )
    missing = [
        column.header
        for column in spec.columns
        if column.required and column.header not in header
    ]
    if missing:
        plan.file_errors.append(
            _("Required columns are missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    if plan.file_errors:
        return plan
    if not any(any(cell.strip() for cell in row) for row in rows):
        plan.file_errors.append(_("The file has a header but no rows."))
        return plan

    lookups = spec.relation_lookups()
    columns = [known[h] for h in header if h in known and known[h].writable]
    key_index = header.index(spec.key)
    keys = [row[key_index].strip() if len(row) > key_index else "" for row in rows]
    existing = {
        record.slug: record
        for record in spec.export_records(
            spec.model._default_manager.filter(slug__in=set(keys)), public=False
        )
    }
    seen: dict[str, int] = {}
    for index, cells in enumerate(rows):
        number = index + 2
        if not any(cell.strip() for cell in cells):
            continue  # blank lines, as spreadsheets leave them at the end
        result = RowResult(number=number, key=keys[index], status=RowResult.ERROR)
        plan.rows.append(result)

        def fail(header_name: str, message: str, result=result) -> None:
            result.errors.append(
                _("Row %(row)s, column %(column)s: %(message)s")
                % {"row": result.number, "column": header_name, "message": message}
            )

        if len(cells) != len(header):
            result.errors.append(
                _("Row %(row)s has %(found)s cells; the header has %(expected)s.")
                % {"row": number, "found": len(cells), "expected": len(header)}
            )
            continue
        raw = dict(zip(header, cells, strict=True))
        values: dict[str, Any] = {}
        for column in columns:
            try:
                values[column.header] = column.parse(raw[column.header])
            except ValidationError as error:
                fail(column.header, " ".join(error.messages))
                continue
            unknown = _unknown_references(column, values[column.header], lookups)
            if unknown:
                fail(
                    column.header,
                    _("no record has the slug or code %(values)s.")
                    % {"values": ", ".join(f"“{value}”" for value in unknown)},
                )
        key = values.get(spec.key) or result.key
        if key in seen:
            fail(
                spec.key,
                _("“%(slug)s” is also on row %(row)s; each slug may appear once.")
                % {"slug": key, "row": seen[key]},
            )
        elif key:
            seen[key] = number
        if result.errors:
            continue

        record = existing.get(key)
        if record is None:
            result.status = RowResult.NEW
            instance = spec.model()
        else:
            result.changes = [
                column.header
                for column in columns
                if column.format(values[column.header])
                != column.format(column.value(record))
            ]
            result.status = RowResult.CHANGED if result.changes else RowResult.UNCHANGED
            instance = record
        if user is not None and result.status != RowResult.UNCHANGED:
            for message in _workflow_messages(user, record, spec.model, values):
                result.errors.append(
                    _("Row %(row)s: %(message)s") % {"row": number, "message": message}
                )
        spec.assign(instance, values, lookups)
        for message in _validation_messages(spec, instance, columns):
            result.errors.append(
                _("Row %(row)s: %(message)s") % {"row": number, "message": message}
            )
        if result.errors:
            result.status = RowResult.ERROR
        result.values = values
    return plan


def _workflow_messages(user, record, model, values: dict[str, Any]) -> list[str]:
    from . import workflow  # the workflow builds on the models; import it late

    status = values.get("status")
    if record is None:
        if status in (workflow.PUBLISHED, workflow.ARCHIVED) and not (
            workflow.may_publish(user, model)
        ):
            return [_("Only publishers may import a record as published or archived.")]
        return []
    if not workflow.may_edit(user, record):
        return [_("Only publishers may change a published or archived record.")]
    if status is None:
        return []
    try:
        workflow.check_transition(user, record, record.status, status)
    except (ValidationError, PermissionDenied) as error:
        return list(getattr(error, "messages", [str(error)]))
    return []


def _unknown_references(column: Column, value: Any, lookups) -> list[str]:
    if column.header not in lookups or value in (None, "", []):
        return []
    wanted = value if isinstance(value, list) else [value]
    return [item for item in wanted if item not in lookups[column.header]]


def _validation_messages(spec: CsvSpec, instance, columns: list[Column]) -> list[str]:
    """The model's own checks (field validators, check constraints), each message
    named by its CSV column."""
    by_field = {column.field: column.header for column in spec.columns if column.field}
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as error:
        messages = []
        for name, field_messages in error.message_dict.items():
            label = by_field.get(name, name)
            for message in field_messages:
                if name == "__all__":
                    messages.append(message)
                else:
                    messages.append(
                        _("column %(column)s: %(message)s")
                        % {"column": label, "message": message}
                    )
        return messages
    return []


@transaction.atomic
def apply_import(plan: ImportPlan) -> dict[str, int]:
    """Write every new and changed row of a plan without errors, all or none."""
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    spec = plan.spec
    lookups = spec.relation_lookups()
    slugs = [row.key for row in plan.rows if row.status == RowResult.CHANGED]
    existing = {r.slug: r for r in spec.model._default_manager.filter(slug__in=slugs)}
    for row in plan.rows:
        if row.status not in (RowResult.NEW, RowResult.CHANGED):
            continue
        instance = existing.get(row.key) or spec.model()
        old_status = instance.status if instance.pk else ""
        spec.assign(instance, row.values, lookups)
        if instance.status == "published" and old_status != "published":
            instance.published_at = timezone.now()
            instance.published_by = plan.user
        instance.full_clean(validate_unique=False)
        instance.save()
        spec.set_relations(instance, row.values, lookups)
    return plan.summary()
