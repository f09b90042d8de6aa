"""The ASCN reference data, loaded once per test session and copied into each test
that asks for it.

Running `load_ascn` takes a second or two (every record is validated, saved, its
history written and compared); copying the rows it wrote takes a few milliseconds.
The dump is taken from a real run of the command in the test database, so a test
sees exactly what the command writes: records, relations, sources, history and
the loader's own bookkeeping.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

# Rows that migrations and Django itself keep (content types, permissions, the
# editorial groups, sessions): present in every test database already.
SKIPPED_APPS = {"contenttypes", "auth", "sessions", "admin"}


@dataclass
class Table:
    model: type[models.Model]
    fields: list[models.Field]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class ReferenceDump:
    tables: list[Table]
    content_types: dict[int, tuple[str, str]]

    def load(self) -> None:
        """Insert every row, in one transaction (foreign keys are checked at the
        end), with content types matched by their natural key."""
        content_type_ids = {
            (ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()
        }
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                columns = [f.column for f in table.fields]
                # Quoted names of our own tables; the values go as parameters.
                sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
                    connection.ops.quote_name(table.model._meta.db_table),
                    ", ".join(connection.ops.quote_name(c) for c in columns),
                    ", ".join(["%s"] * len(columns)),
                )
                cursor.executemany(
                    sql,
                    [
                        [
                            self._prepared(f, value, content_type_ids)
                            for f, value in zip(table.fields, row, strict=True)
                        ]
                        for row in table.rows
                    ],
                )
            # PostgreSQL's sequences do not see explicit keys; SQLite needs nothing.
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [table.model for table in self.tables]
            ):
                cursor.execute(statement)

    def _prepared(self, field_, value, content_type_ids):
        if value is not None and _is_content_type(field_):
            value = content_type_ids[self.content_types[value]]
        return field_.get_db_prep_save(value, connection)


def _is_content_type(field_: models.Field) -> bool:
    return field_.is_relation and field_.related_model is ContentType


def _content_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in SKIPPED_APPS
        and model._meta.managed
        and not model._meta.proxy
    ]


def take() -> ReferenceDump:
    """Run `load_ascn` and keep the rows it added; the caller rolls back."""
    before = {
        model: set(model._base_manager.values_list("pk", flat=True))
        for model in _content_models()
    }
    call_command("load_ascn", stdout=io.StringIO())
    tables = []
    for model, existing in before.items():
        fields = list(model._meta.concrete_fields)
        rows = [
            row
            for row in model._base_manager.order_by("pk").values_list(
                *(f.attname for f in fields)
            )
            if row[fields.index(model._meta.pk)] not in existing
        ]
        if rows:
            tables.append(Table(model, fields, rows))
    content_types = {
        ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()
    }
    return ReferenceDump(tables, content_types)
