"""Import, second step: a plan without errors written in one transaction, and
recorded as a batch that can be undone (core/csvio/undo.py).

The rows are written together, a few hundred in each query: new records with
`bulk_create`, changed ones with `bulk_update` of the columns that change (and
`updated_at`, which only `save()` would set), their relations by difference,
and then a version in history for each record, with its relations, in the
importer's name (core/history.py). No row is checked again: the plan did that,
inside the same transaction (`plan_import(..., lock=True)`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db import models, transaction

from core import workflow
from core.bulk import update_rows
from core.history import changes_made_by, write_versions
from core.models import ImportBatch
from core.versioning import one_bump_for_all

from .columns import CsvSpec, Kind
from .planning import PUBLISHED, ImportPlan, RowResult, snapshot_of

__all__ = ["PUBLISHED", "apply_import", "snapshot"]

# Rows written together: one query of each kind per chunk, and a word on how far
# the writes got after each.
CHUNK = 500


def snapshot(spec: CsvSpec, records: models.QuerySet) -> dict[str, dict[str, Any]]:
    """Each record's writable columns as the export writes them, by key, and its
    publication stamp."""
    _header, key_field = spec.import_key()
    columns = [column for column in spec.columns if column.writable]
    return {
        getattr(record, key_field): snapshot_of(record, columns)
        for record in spec.export_records(records, public=False)
    }


def _chunks(rows: list[RowResult]) -> Iterator[list[RowResult]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def _relations(spec: CsvSpec, row: RowResult) -> dict[str, Any]:
    """The relation columns of a row that change something: those whose cells
    changed, or, for a new record, all that are not empty."""
    changed = set(row.changes) if row.status == RowResult.CHANGED else None
    return {
        column.header: row.values[column.header]
        for column in spec.columns
        if column.kind == Kind.SLUGS
        and column.header in row.values
        and (row.values[column.header] if changed is None else column.header in changed)
    }


def _changed_fields(spec: CsvSpec, row: RowResult) -> frozenset[str]:
    """The model fields that a changed row writes, as `save()` would write them:
    with the column modeltranslation keeps for a translated field, `updated_at`,
    and the publication stamp where the status changes."""
    names = {"updated_at"}
    for header in row.changes:
        column = spec.column(header)
        if column.kind == Kind.SLUGS or column.field is None:
            continue
        field: Any = spec.model._meta.get_field(column.field)
        names.add(field.name)
        translated = getattr(field, "translated_field", None)
        if translated is not None:
            names.add(translated.name)
    if "status" in names:
        names |= {"published_at", "published_by"}
    return frozenset(names)


def apply_import(
    plan: ImportPlan,
    *,
    file_name: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Write every new and changed row of a plan without errors, all or none, and
    record them as a batch.

    The plan's records are written as it left them, checked and with the file's
    values: run `plan_import` (with `lock=True`) and this in one transaction where
    the records must not change in between. Each written record gets one version
    in history, with its relations, in the importer's name; the content version
    grows once. `progress(done, total)` hears how far it got.
    """
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    spec, user = plan.spec, plan.user
    rows = [
        row for row in plan.rows if row.status in (RowResult.NEW, RowResult.CHANGED)
    ]
    _header, key_field = spec.import_key()
    with transaction.atomic(), one_bump_for_all() as changes, changes_made_by(user):
        done = 0
        for chunk in _chunks(rows):
            if progress is not None:
                progress(done, len(rows))
            for row in chunk:
                workflow.stamp_published(
                    row.instance, old_status=row.old_status, user=user
                )
            _write_chunk(spec, chunk, plan.lookups, user)
            done += len(chunk)
        if rows:
            changes.note()
            ImportBatch.objects.create(
                spec=spec.name,
                file_name=file_name[:255],
                created_by=user if getattr(user, "pk", None) else None,
                created_count=sum(1 for row in rows if row.status == RowResult.NEW),
                changed_count=sum(1 for row in rows if row.status == RowResult.CHANGED),
                before={
                    row.key: row.before
                    for row in rows
                    if row.status == RowResult.CHANGED
                },
                created_keys=[row.key for row in rows if row.status == RowResult.NEW],
                after={
                    getattr(
                        row.instance, key_field
                    ): row.instance.updated_at.isoformat()
                    for row in rows
                },
            )
        if progress is not None:
            progress(len(rows), len(rows))
    return plan.summary()


def _write_chunk(spec: CsvSpec, rows: list[RowResult], lookups, user: Any) -> None:
    model = spec.model
    new = [row.instance for row in rows if row.status == RowResult.NEW]
    if new:
        model._default_manager.bulk_create(new)
    by_fields: dict[frozenset[str], list[Any]] = defaultdict(list)
    for row in rows:
        if row.status == RowResult.CHANGED:
            by_fields[_changed_fields(spec, row)].append(row.instance)
    for fields, records in by_fields.items():
        update_rows(records, sorted(fields))
    children = spec.set_relations_of_many(
        [
            (row.instance, relations)
            for row in rows
            if (relations := _relations(spec, row))
        ],
        lookups,
    )
    # The versions come last: each holds its record's relations as they ended.
    write_versions(new, history_type="+", user=user)
    write_versions(
        [row.instance for row in rows if row.status == RowResult.CHANGED],
        history_type="~",
        user=user,
    )
    by_model: dict[type, list[Any]] = defaultdict(list)
    for child in children:
        by_model[type(child)].append(child)
    for records in by_model.values():
        write_versions(records, history_type="+", user=user)
