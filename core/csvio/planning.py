"""Import, first step: every row of a CSV file parsed, checked and compared with
the record of the same slug, before anything is written (the plan)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from core import workflow
from core.dates import common_era_of
from core.models import MAX_YEAR, MIN_YEAR

from .columns import Column, CsvSpec, Kind
from .reading import UnreadableFile, has_thai, read_table


@dataclass
class CellChange:
    """One cell the import would change: old and new as the export writes them,
    and what looks wrong about the new value."""

    header: str
    old: str
    new: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class RowResult:
    number: int  # line number in the file, the header being line 1
    key: str
    status: str  # new, changed, unchanged, error
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    cells: list[CellChange] = field(default_factory=list)

    # The record changed after the file was exported: its last change, as
    # exported, and as a moment.
    changed_since: str = ""
    changed_at: Any = None

    # To be written: the record with the file's values assigned and validated,
    # its status and columns before (for undo).
    instance: Any = field(default=None, repr=False, compare=False)
    old_status: str = ""
    before: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    ERROR = "error"


@dataclass
class ImportPlan:
    spec: CsvSpec
    user: Any = None
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    # How the file was read: its encoding and delimiter, in words.
    reading: str = ""
    # For each relation column: slug (or code) → record.
    lookups: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

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

    @property
    def rows_with_warnings(self) -> int:
        return sum(1 for row in self.rows if any(cell.warnings for cell in row.cells))

    def summary(self) -> dict[str, int]:
        return {
            status: self.count(status)
            for status in (
                RowResult.NEW,
                RowResult.CHANGED,
                RowResult.UNCHANGED,
                RowResult.CONFLICT,
                RowResult.ERROR,
            )
        }


def max_import_bytes() -> int:
    return getattr(settings, "CSV_IMPORT_MAX_BYTES", 5 * 1024 * 1024)


def check_size(data: bytes) -> None:
    if len(data) > max_import_bytes():
        raise UnreadableFile(
            _("The file is %(size)s KB; files of up to %(limit)s KB can be imported.")
            % {"size": len(data) // 1024, "limit": max_import_bytes() // 1024}
        )


# The column whose exported value tells whether a record changed since.
LAST_CHANGED = "updated_at"


# The longest a plan goes without saying how far it got (rows).
PROGRESS_EVERY = 100


def plan_import(
    spec: CsvSpec,
    data: bytes,
    user=None,
    overwrite: Collection[str] = (),
    *,
    lock: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Read, check and compare every row; write nothing.

    With a `user`, the editorial workflow applies: an editor may not change
    published or archived records, nor make a record published or archived.

    A row whose `updated_at` differs from its record's (the record changed after
    the file was exported) is a conflict, which the import leaves alone, unless
    its key is in `overwrite`.

    Each row's record is kept in the plan with the file's values assigned and
    validated, ready to be written by `apply_import` without being read or
    checked again: inside the transaction of the writes, `lock` keeps the records
    from changing meanwhile (PostgreSQL). `progress(done, total)` hears how far it
    got, every PROGRESS_EVERY rows.
    """
    plan = ImportPlan(spec, user=user)
    known = {column.header: column for column in spec.columns}
    try:
        check_size(data)
        table = read_table(data, set(known))
    except UnreadableFile as problem:
        plan.file_errors.append(str(problem))
        return plan
    plan.reading = table.description
    header, rows = table.header, table.rows

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

    lookups = plan.lookups = spec.relation_lookups()
    columns = [known[h] for h in header if h in known and known[h].writable]
    writable = [column for column in spec.columns if column.writable]
    labels = {column.field: column.header for column in spec.columns if column.field}
    last_changed = known[LAST_CHANGED]
    key_header, key_field = spec.import_key()
    key_index = header.index(key_header)
    keys = [row[key_index].strip() if len(row) > key_index else "" for row in rows]
    records = spec.model._default_manager.filter(**{f"{key_field}__in": set(keys)})
    if lock:
        records = records.select_for_update(of=("self",))
    existing = {
        getattr(record, key_field): record
        for record in spec.export_records(records, public=False)
    }
    seen: dict[str, int] = {}
    total = len(rows)
    for index, cells in enumerate(rows):
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, total)
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
            unknown = unknown_references(column, values[column.header], lookups)
            if unknown:
                fail(
                    column.header,
                    _("no record has the slug or code %(values)s.")
                    % {"values": ", ".join(f"“{value}”" for value in unknown)},
                )
        key = values.get(key_header) or result.key
        if key in seen:
            fail(
                key_header,
                _("“%(slug)s” is also on row %(row)s; each slug may appear once.")
                % {"slug": key, "row": seen[key]},
            )
        elif key:
            seen[key] = number
        if result.errors:
            continue

        record = existing.get(key)
        for column in columns:
            new = column.format(values[column.header])
            old = "" if record is None else column.format(column.value(record))
            if new != old:
                result.cells.append(
                    CellChange(column.header, old, new, cell_warnings(column, old, new))
                )
        if record is None:
            result.status = RowResult.NEW
            instance = spec.model()
        else:
            result.changes = [cell.header for cell in result.cells]
            result.status = RowResult.CHANGED if result.changes else RowResult.UNCHANGED
            instance = record
            exported = raw.get(LAST_CHANGED, "").strip()
            current = last_changed.format(last_changed.value(record))
            if result.changes and exported and exported != current:
                result.changed_since = current
                result.changed_at = last_changed.value(record)
                if key not in overwrite:
                    result.status = RowResult.CONFLICT
        if user is not None and result.status != RowResult.UNCHANGED:
            for message in _workflow_messages(user, record, spec.model, values):
                result.errors.append(
                    _("Row %(row)s: %(message)s") % {"row": number, "message": message}
                )
        written = result.status in (RowResult.NEW, RowResult.CHANGED)
        if written and record is not None:
            # What undoing the import gives back (core/csvio/undo.py).
            result.old_status = record.status
            result.before = snapshot_of(record, writable)
        spec.assign(instance, values, lookups)
        for message in _validation_messages(instance, labels):
            result.errors.append(
                _("Row %(row)s: %(message)s") % {"row": number, "message": message}
            )
        if result.errors:
            result.status = RowResult.ERROR
        result.values = values
        if written:
            result.instance = instance
    if progress is not None:
        progress(total, total)
    return plan


# Kept beside the columns in a snapshot: who published the record, and when.
PUBLISHED = "@published"


def snapshot_of(record: Any, columns: list[Column]) -> dict[str, Any]:
    """A record's writable columns as the export writes them, and its
    publication stamp."""
    return {
        **{column.header: column.format(column.value(record)) for column in columns},
        PUBLISHED: [
            record.published_at.isoformat() if record.published_at else None,
            record.published_by_id,
        ],
    }


# UTF-8 read as Windows-1252 or Latin-1: Thai becomes "à¸…", "à¹…", accented
# letters "Ã…", typographic quotes "â€…".
GARBLED = re.compile(r"à[¸¹º]|Ã[\x80-\xbf¡-¿]|â€|ï»¿")


def cell_warnings(column: Column, old: str, new: str) -> list[str]:
    """What looks wrong about a new value; the import still may go ahead."""
    warnings = []
    if column.kind == Kind.TEXT and new:
        garbled = GARBLED.search(new)
        if garbled:
            sample = new[max(0, garbled.start() - 2) : garbled.end() + 6]
            warnings.append(
                _(
                    "Looks garbled (“%(sample)s…”): the file was probably saved in "
                    "another encoding than it was read in."
                )
                % {"sample": sample}
            )
        elif column.header.endswith("_th") and not has_thai(new) and has_thai(old):
            warnings.append(_("The Thai text has lost its Thai script."))
        if len(old) >= 40 and len(new) < len(old) and old.startswith(new):
            warnings.append(
                _(
                    "Shorter than before and otherwise the same (%(old)s → %(new)s "
                    "characters): was it cut off?"
                )
                % {"old": len(old), "new": len(new)}
            )
    if column.kind == Kind.INTEGER and "year" in column.header and new.isdigit():
        year = int(new)
        common_era = common_era_of(year, MIN_YEAR, MAX_YEAR)
        if common_era is not None:
            warnings.append(
                _(
                    "%(year)s looks like a Buddhist Era year; years are entered in "
                    "the Common Era: %(ce)s?"
                )
                % {"year": year, "ce": common_era}
            )
    return warnings


def _workflow_messages(user, record, model, values: dict[str, Any]) -> list[str]:
    status = values.get("status")
    if record is None:
        if status in (workflow.PUBLISHED, workflow.ARCHIVED) and not (
            workflow.may_publish(user, model)
        ):
            return [_("Only publishers may import a record as published or archived.")]
        return []
    if not workflow.may_change_directly(user, record):
        return [
            _(
                "Only publishers may import changes to a published or archived "
                "record; change it in its form, where the change waits for review."
            )
        ]
    if status is None:
        return []
    try:
        workflow.check_transition(user, record, record.status, status)
    except (ValidationError, PermissionDenied) as error:
        return list(getattr(error, "messages", [str(error)]))
    return []


def unknown_references(column: Column, value: Any, lookups) -> list[str]:
    if column.header not in lookups or value in (None, "", []):
        return []
    wanted = value if isinstance(value, list) else [value]
    return [item for item in wanted if item not in lookups[column.header]]


def _validation_messages(instance, labels: dict[str, str]) -> list[str]:
    """The model's own checks (field validators, check constraints), each message
    named by its CSV column (`labels`: field → header)."""
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as error:
        messages = []
        for name, field_messages in error.message_dict.items():
            label = labels.get(name, name)
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
