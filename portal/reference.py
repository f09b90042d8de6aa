"""Idempotent loading of the reference data, read through each model's CSV column
declarations, that never overwrites staff edits.

Each file of `reference_data/` is a list of rows whose keys are the columns of the
model's CSV files (`slug`, `name_en`, `name_th`, `focus_areas` ...) plus `sources`;
every value is read and checked as the CSV import reads a cell. A key that is not
a column is an error, as is a value the column refuses: nothing is written then.

For every record it writes, the loader keeps its cells as an export would write
them (`ReferenceRecord`). On a later run, a record whose cells no longer match
those has been edited by someone, and the loader leaves it alone unless forced.
Columns that a newer release of the data adds do not count as edits. A row that
would change nothing writes nothing, not even a timestamp.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from core import workflow
from core.csvio.columns import LIST_SEPARATOR, CsvSpec
from core.csvio.planning import unknown_references
from core.models import PublicationStatus, PublishableModel, Source, SourceLanguage

from .models import ReferenceRecord

SOURCES = "sources"
SOURCE_KEYS = {"title", "url", "as_of", "language"}
# Reference records are public unless a row says otherwise.
DEFAULTS = {"status": PublicationStatus.PUBLISHED}


class ReferenceDataError(Exception):
    """A row of the reference data that cannot be loaded; says where and why."""


def cell_text(value: Any) -> str:
    """A JSON value as the text of a CSV cell, for the column to read."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, float):
        return str(Decimal(str(value)))
    return str(value)


@dataclass
class Sources:
    """A record's sources: each a dict with url, title, as_of (ISO date) and,
    for a title whose letters do not tell its language, language (`id`)."""

    items: Sequence[dict[str, str]]

    @classmethod
    def read(cls, items: Any, where: str) -> Sources:
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ReferenceDataError(f"{where}: `sources` must be a list of objects.")
        for item in items:
            unknown = sorted(set(item) - SOURCE_KEYS)
            missing = sorted({"title", "url"} - set(item))
            if unknown or missing:
                raise ReferenceDataError(
                    f"{where}: a source has unknown keys {unknown} or lacks {missing}."
                )
            if item.get("as_of"):
                try:
                    datetime.date.fromisoformat(item["as_of"])
                except ValueError:
                    raise ReferenceDataError(
                        f"{where}: a source's as_of is not a date: {item['as_of']!r}."
                    ) from None
            if item.get("language", "") not in SourceLanguage.values + [""]:
                raise ReferenceDataError(
                    f"{where}: a source's language is not one of "
                    f"{', '.join(SourceLanguage.values)}: {item['language']!r}."
                )
        return cls(items)

    # A source's language is noted only when it has one, so that what the loader
    # noted before sources had a language still matches the records it wrote.
    def wanted(self) -> list[list[str]]:
        return [
            [i["title"], i["url"], i.get("as_of") or ""]
            + ([i["language"]] if i.get("language") else [])
            for i in self.items
        ]

    @staticmethod
    def current(obj: models.Model) -> list[list[str]]:
        return [
            [s.title, s.url, s.as_of.isoformat() if s.as_of else ""]
            + ([s.language] if s.language else [])
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
                language=item.get("language", ""),
                position=position,
            )
            for position, item in enumerate(self.items)
        )


@dataclass
class LoadReport:
    counts: dict[str, Counter] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, model: type[models.Model], outcome: str) -> None:
        label = str(model._meta.verbose_name_plural)
        self.counts.setdefault(label, Counter())[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())


@dataclass
class Row:
    """One row of a reference file, read through the spec's columns."""

    spec: CsvSpec
    where: str
    values: dict[str, Any]
    sources: Sources | None

    @property
    def headers(self) -> list[str]:
        return list(self.values)

    def cells(self) -> dict[str, Any]:
        """What the record's export would say once the row is loaded."""
        cells: dict[str, Any] = {
            header: self.spec.column(header).format(value)
            for header, value in self.values.items()
        }
        if self.sources is not None:
            cells[SOURCES] = self.sources.wanted()
        return cells


class ReferenceLoader:
    def __init__(self, *, force: bool = False) -> None:
        self.force = force
        self.report = LoadReport()

    def load(self, spec: CsvSpec, rows: list[dict[str, Any]], *, file: str) -> None:
        lookups = spec.relation_lookups()
        for number, raw in enumerate(rows, start=1):
            where = f"{file}, row {number}"
            self.upsert(self.read(spec, raw, lookups, where), lookups)

    def read(self, spec: CsvSpec, raw: Any, lookups: dict, where: str) -> Row:
        if not isinstance(raw, dict):
            raise ReferenceDataError(f"{where}: a row must be an object.")
        headers = spec.headers()
        unknown = sorted(set(raw) - set(headers) - {SOURCES})
        if unknown:
            raise ReferenceDataError(
                f"{where}: unknown keys {', '.join(unknown)}; the columns of "
                f"{spec.name} are: {', '.join(headers)}."
            )
        data = {key: value for key, value in DEFAULTS.items() if key in headers}
        data.update({key: value for key, value in raw.items() if key != SOURCES})
        values: dict[str, Any] = {}
        for header, value in data.items():
            column = spec.column(header)
            try:
                values[header] = column.parse(cell_text(value))
            except ValidationError as error:
                raise ReferenceDataError(
                    f"{where}, {header}: {' '.join(error.messages)}"
                ) from None
            if missing := unknown_references(column, values[header], lookups):
                raise ReferenceDataError(
                    f"{where}, {header}: no record has the slug or code "
                    f"{', '.join(missing)}."
                )
        for header in spec.key:
            if header not in values:
                raise ReferenceDataError(
                    f"{where}: the key column {header} is missing."
                )
        sources = Sources.read(raw[SOURCES], where) if SOURCES in raw else None
        return Row(spec, where, values, sources)

    def upsert(self, row: Row, lookups: dict) -> PublishableModel:
        spec, model = row.spec, row.spec.model
        wanted = row.cells()
        found = model._default_manager.filter(**spec.key_lookup(row.values, lookups))
        record = found.first()
        if record is None:
            record = self._write(row, model(), lookups)
            self.report.count(model, "created")
            return record

        before = self._cells(row, record)
        remembered = self._remembered(record)
        edited = remembered is None or any(
            before[key] != value
            for key, value in remembered.values.items()
            if key in before
        )
        if before == wanted:
            self._remember(record, before)
            self.report.count(model, "unchanged")
        elif edited and not self.force:
            self.report.count(model, "skipped")
            key = "/".join(str(row.values[header]) for header in spec.key)
            self.report.skipped.append(f"{model._meta.model_name} {key}")
        else:
            self._write(row, record, lookups)
            self.report.count(model, "updated")
        return record

    def _write(
        self, row: Row, record: PublishableModel, lookups: dict
    ) -> PublishableModel:
        spec = row.spec
        old_status = getattr(record, "status", "") if record.pk else ""
        spec.assign(record, row.values, lookups)
        if hasattr(record, "published_at"):
            # By no one: loaded, not edited.
            workflow.stamp_published(record, old_status=old_status, user=None)
        try:
            record.full_clean(validate_unique=False)
        except ValidationError as error:
            raise ReferenceDataError(f"{row.where}: {error.messages}") from None
        record.save()
        spec.set_relations(record, row.values, lookups)
        if row.sources is not None:
            row.sources.apply(record)
        self._remember(record, self._cells(row, record))
        return record

    def _cells(self, row: Row, record: models.Model) -> dict[str, Any]:
        """The record's cells of the row's columns, read afresh."""
        spec = row.spec
        fresh = next(
            iter(
                spec.export_records(
                    spec.model._default_manager.filter(pk=record.pk), public=False
                )
            )
        )
        cells: dict[str, Any] = spec.formatted(fresh, row.headers)
        if row.sources is not None:
            cells[SOURCES] = Sources.current(record)
        return cells

    def _remembered(self, record: models.Model) -> ReferenceRecord | None:
        return ReferenceRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
        ).first()

    def _remember(self, record: models.Model, cells: dict[str, Any]) -> None:
        # Stored as JSON and compared with fresh cells: make both the same types.
        values = json.loads(json.dumps(cells))
        remembered = self._remembered(record)
        if remembered is None:
            ReferenceRecord.objects.create(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                values=values,
            )
        elif remembered.values != values:
            remembered.values = values
            remembered.save(update_fields=["values", "loaded_at"])
