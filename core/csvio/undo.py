"""Undoing an import batch: every record it changed gets back its values from
before the import, relations included, and every record it created is deleted;
refused, with the records named, where any of them has changed since."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import ImportBatch

from .applying import PUBLISHED
from .columns import CsvSpec
from .planning import LAST_CHANGED


class UndoRefused(Exception):
    """The message names what keeps the batch from being undone."""


def changed_since(batch: ImportBatch) -> list[str]:
    """The keys of the batch's records that changed (or went) after it."""
    spec = CsvSpec.registry[batch.spec]()
    _header, key_field = spec.import_key()
    current = {
        key: updated.isoformat()
        for key, updated in spec.model._default_manager.filter(
            **{f"{key_field}__in": list(batch.after)}
        ).values_list(key_field, LAST_CHANGED)
    }
    return sorted(
        key
        for key, stamp in batch.after.items()
        if current.get(key, stamp if key in batch.created_keys else None) != stamp
    )


@transaction.atomic
def undo_batch(batch: ImportBatch, user=None) -> None:
    """Undo `batch`, all or nothing; UndoRefused says why not."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.undone_at:
        raise UndoRefused(_("This import has already been undone."))
    later = changed_since(batch)
    if later:
        raise UndoRefused(
            _(
                "Not undone: these records have changed since the import, and undoing "
                "it would lose those changes: %(keys)s."
            )
            % {"keys": ", ".join(later)}
        )
    spec = CsvSpec.registry[batch.spec]()
    lookups = spec.relation_lookups()
    _header, key_field = spec.import_key()
    manager = spec.model._default_manager
    for record in manager.filter(**{f"{key_field}__in": batch.created_keys}):
        record.delete()
    records = manager.filter(**{f"{key_field}__in": list(batch.before)})
    for record in records:
        cells = batch.before[getattr(record, key_field)]
        values = {
            column.header: column.parse(cells[column.header])
            for column in spec.columns
            if column.header in cells
        }
        spec.assign(record, values, lookups)
        # The record's own publication stamp, not a new one: undone, not
        # published again.
        published_at, record.published_by_id = cells.get(PUBLISHED, (None, None))
        record.published_at = (
            datetime.datetime.fromisoformat(published_at) if published_at else None
        )
        record.save()
        spec.set_relations(record, values, lookups)
    batch.undone_at = timezone.now()
    batch.undone_by = user if getattr(user, "pk", None) else None
    batch.save(update_fields=["undone_at", "undone_by"])
