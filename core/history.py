"""Every version of a record keeps its relations too.

django-simple-history keeps a row per version of each record's own columns. Each
of those rows here also holds the record's relations at that version, as a
snapshot (core/snapshots.py): focus areas, the cities of a project, partners with
their roles, partnerships, sources. One JSON column on the version's own row,
rather than simple-history's tracked many-to-many tables (a row per relation per
version, which made imports slow and covered neither sources nor child records),
and django-reversion's `follow` (a second history beside the one the portal has
kept from the start).

A version's relations are taken when the row is written. The admin and the
import change relations after the record itself is saved, so they call
`settle()` once they are done: the version just written then holds the relations
as they ended.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from . import snapshots


class HistoricalRelations(models.Model):
    """The base of every historical model: the relations of that version, or
    nothing where they were not recorded (versions from before this column)."""

    relations = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


@receiver(pre_delete)
def _remember_relations(sender, instance, **kwargs) -> None:
    # The records that belong to it are deleted before the record itself is,
    # and its last version (a deletion) is written after that: keep them now.
    if hasattr(type(instance), "history") and instance.pk is not None:
        instance._relations_before_delete = snapshots.take_relations(instance)


@receiver(pre_create_historical_record)
def _record_relations(sender, instance, history_instance, **kwargs) -> None:
    if not isinstance(history_instance, HistoricalRelations):
        return
    if history_instance.history_type == "-":  # type: ignore[attr-defined]
        taken = getattr(instance, "_relations_before_delete", None)
    else:
        taken = snapshots.take_relations(instance)
    history_instance.relations = taken


def latest_version(record: models.Model):
    return (
        type(record)
        .history.filter(id=record.pk)  # type: ignore[attr-defined]
        .order_by("-history_date", "-history_id")
        .first()
    )


def settle(record: models.Model, *, reason: str | None = None) -> None:
    """Give the record's newest version the relations the record has now (and a
    reason, where given)."""
    version = latest_version(record)
    if version is None:
        return
    taken = snapshots.take_relations(record)
    update = []
    if version.relations != taken:
        version.relations = taken
        update.append("relations")
    if reason is not None and version.history_change_reason != reason:
        version.history_change_reason = reason
        update.append("history_change_reason")
    if update:
        version.save(update_fields=update)


def snapshot_of(version: Any) -> snapshots.Snapshot:
    """A version in history as a snapshot: its own columns, and its relations
    where it recorded them (absent ones are then left as they are)."""
    model = version.instance_type
    taken: snapshots.Snapshot = {
        "fields": snapshots.field_values(version, snapshots.own_fields(model))
    }
    if version.relations is not None:
        taken["relations"] = version.relations
    return taken
