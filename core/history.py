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

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from . import snapshots
from .bulk import insert_rows


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


def write_versions(
    records: list[models.Model],
    *,
    history_type: str,
    user: Any = None,
    date: datetime.datetime | None = None,
) -> None:
    """A version in history for each of these records of one model, with its
    relations, in one query per relation and a few inserts: for records written
    together without `save()` (an import). As django-simple-history's
    `bulk_history_create` writes versions, `relations` and all."""
    if not records or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    model = type(records[0])
    history_model: Any = model.history.model  # type: ignore[attr-defined]
    taken = snapshots.take_relations_of_many(model, records)
    date = date or timezone.now()
    user_id = user.pk if getattr(user, "pk", None) else None
    tracked = [(field.name, field.attname) for field in history_model.tracked_fields]
    insert_rows(
        history_model,
        [
            {
                **{name: getattr(record, attname) for name, attname in tracked},
                "history_date": date,
                "history_type": history_type,
                "history_user": user_id,
                "history_change_reason": None,
                "relations": taken[record.pk],
            }
            for record in records
        ],
    )


@contextmanager
def changes_made_by(user: Any) -> Iterator[None]:
    """Versions written inside name `user`, as django-simple-history's
    middleware names the user of a request: a job run by the worker has no
    request, and its changes are still the importer's."""
    if user is None:
        yield  # whoever the request or the command names
        return
    context = HistoricalRecords.context
    before = getattr(context, "request", _NOTHING)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if before is _NOTHING:
            del context.request
        else:
            context.request = before


_NOTHING = object()
