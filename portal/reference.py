"""Idempotent loading of reference records that never overwrites staff edits.

For every record it writes, the loader keeps what it wrote, field by field
(`ReferenceRecord`). On a later run a record whose current values no longer match
those has been edited by someone, and the loader leaves it alone unless forced.
Fields that a newer release of the data adds do not count as edits. Each record
is written inside a savepoint and compared with what it was before, so a run that
would change nothing rolls back and changes nothing, not even a timestamp.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from core import workflow
from core.models import Source

from .models import ReferenceRecord


class Relation(Protocol):
    """Something besides the record's own columns that the loader sets."""

    key: str

    def current(self, obj: models.Model) -> Any: ...

    def apply(self, obj: models.Model) -> None: ...


@dataclass
class ManyToMany:
    key: str
    targets: Sequence[models.Model]

    def current(self, obj: models.Model) -> list[int]:
        return sorted(getattr(obj, self.key).values_list("pk", flat=True))

    def apply(self, obj: models.Model) -> None:
        getattr(obj, self.key).set(self.targets)


@dataclass
class Sources:
    """The record's sources: each a dict with url, title and as_of (ISO date)."""

    items: Sequence[dict[str, str]]
    key: str = "sources"

    def current(self, obj: models.Model) -> list[list[str]]:
        return [
            [s.title, s.url, s.as_of.isoformat() if s.as_of else ""]
            for s in Source.objects.filter(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
            ).order_by("position", "id")
        ]

    def apply(self, obj: models.Model) -> None:
        content_type = ContentType.objects.get_for_model(obj)
        Source.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        Source.objects.bulk_create(
            Source(
                content_type=content_type,
                object_id=obj.pk,
                title=item["title"],
                url=item["url"],
                as_of=datetime.date.fromisoformat(item["as_of"])
                if item.get("as_of")
                else None,
                position=position,
            )
            for position, item in enumerate(self.items)
        )


@dataclass
class LoadReport:
    counts: dict[str, Counter] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, model: type[models.Model], outcome: str) -> None:
        label = model._meta.verbose_name_plural
        self.counts.setdefault(label, Counter())[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())


class ReferenceLoader:
    def __init__(self, *, force: bool = False) -> None:
        self.force = force
        self.report = LoadReport()

    def upsert(
        self,
        model: type[models.Model],
        *,
        lookup: dict[str, Any],
        values: dict[str, Any],
        relations: Iterable[Relation] = (),
    ) -> models.Model:
        relations = list(relations)
        columns = sorted(set(lookup) | set(values))
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            if hasattr(obj, "published_at"):
                # By no one: loaded, not edited.
                workflow.stamp_published(obj, old_status="", user=None)
            obj.full_clean(validate_unique=False)
            obj.save()
            for relation in relations:
                relation.apply(obj)
            self._remember(obj, self._snapshot(obj, columns, relations))
            self.report.count(model, "created")
            return obj

        before = self._snapshot(obj, columns, relations)
        record = self._record(obj)
        edited = record is None or any(
            before[key] != value
            for key, value in record.values.items()
            if key in before
        )
        savepoint = transaction.savepoint()
        for name, value in values.items():
            setattr(obj, name, value)
        obj.full_clean(validate_unique=False)
        obj.save()
        for relation in relations:
            relation.apply(obj)
        after = self._snapshot(obj, columns, relations)

        if after == before:
            transaction.savepoint_rollback(savepoint)
            self._remember(obj, before)
            self.report.count(model, "unchanged")
        elif edited and not self.force:
            transaction.savepoint_rollback(savepoint)
            obj.refresh_from_db()
            self.report.count(model, "skipped")
            self.report.skipped.append(f"{model._meta.model_name} {_label(lookup)}")
        else:
            transaction.savepoint_commit(savepoint)
            self._remember(obj, after)
            self.report.count(model, "updated")
        return obj

    def _snapshot(
        self, obj: models.Model, columns: list[str], relations: list[Relation]
    ) -> dict[str, Any]:
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        snapshot: dict[str, Any] = {
            name: fresh._meta.get_field(name).value_to_string(fresh) for name in columns
        }
        for relation in relations:
            snapshot[relation.key] = relation.current(fresh)
        return snapshot

    def _record(self, obj: models.Model) -> ReferenceRecord | None:
        return ReferenceRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).first()

    def _remember(self, obj: models.Model, snapshot: dict[str, Any]) -> None:
        # Stored as JSON and compared with fresh snapshots: make both the same types.
        values = json.loads(json.dumps(snapshot, default=str))
        record = self._record(obj)
        if record is None:
            ReferenceRecord.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                values=values,
            )
        elif record.values != values:
            record.values = values
            record.save(update_fields=["values", "loaded_at"])


def _label(lookup: dict[str, Any]) -> str:
    """A record's natural key in ASCII, e.g. `phuket` or `phuket/milwaukee/twinning`."""
    return "/".join(
        str(getattr(value, "slug", None) or getattr(value, "code", None) or value)
        for value in lookup.values()
    )
