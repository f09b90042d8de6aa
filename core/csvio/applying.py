"""Import, second step: a plan without errors written in one transaction, and
recorded as a batch that can be undone (core/csvio/undo.py)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from core import history, workflow
from core.models import ImportBatch

from .columns import CsvSpec
from .planning import ImportPlan, RowResult

# Kept beside the columns in a snapshot: who published the record, and when.
PUBLISHED = "@published"


def snapshot(spec: CsvSpec, records: models.QuerySet) -> dict[str, dict[str, Any]]:
    """Each record's writable columns as the export writes them, by key, and its
    publication stamp."""
    header, key_field = spec.import_key()
    columns = [column for column in spec.columns if column.writable]
    return {
        getattr(record, key_field): {
            **{
                column.header: column.format(column.value(record)) for column in columns
            },
            PUBLISHED: [
                record.published_at.isoformat() if record.published_at else None,
                record.published_by_id,
            ],
        }
        for record in spec.export_records(records, public=False)
    }


@transaction.atomic
def apply_import(plan: ImportPlan, *, file_name: str = "") -> dict[str, int]:
    """Write every new and changed row of a plan without errors, all or none, and
    record them as a batch."""
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    spec = plan.spec
    lookups = spec.relation_lookups()
    _header, key_field = spec.import_key()
    keys = [row.key for row in plan.rows if row.status == RowResult.CHANGED]
    records = spec.model._default_manager.filter(**{f"{key_field}__in": keys})
    before = snapshot(spec, records)
    existing = {getattr(record, key_field): record for record in records}
    written: dict[str, Any] = {}
    created: list[str] = []
    for row in plan.rows:
        if row.status not in (RowResult.NEW, RowResult.CHANGED):
            continue
        instance = existing.get(row.key) or spec.model()
        old_status = instance.status if instance.pk else ""
        if not instance.pk:
            created.append(row.key)
        spec.assign(instance, row.values, lookups)
        workflow.stamp_published(instance, old_status=old_status, user=plan.user)
        instance.full_clean(validate_unique=False)
        instance.save()
        spec.set_relations(instance, row.values, lookups)
        history.settle(instance)
        written[getattr(instance, key_field)] = instance
    if written:
        ImportBatch.objects.create(
            spec=spec.name,
            file_name=file_name[:255],
            created_by=plan.user if getattr(plan.user, "pk", None) else None,
            created_count=len(created),
            changed_count=len(written) - len(created),
            before=before,
            created_keys=created,
            after={
                key: record.updated_at.isoformat() for key, record in written.items()
            },
        )
    return plan.summary()
