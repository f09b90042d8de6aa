"""Many rows of one table written with one statement, run for each row
(`executemany`): an import's changed records and its versions in history.

Django's `bulk_update` builds a CASE of every row for every column, and its
`bulk_create` an expression per value: for thousands of rows that costs several
times the writes themselves. Here each value goes through its field's own
preparation for the database (`pre_save`, `get_db_prep_save`), as `save()` does;
no signal is sent, and `save()` methods are not called.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router

from .collation import derived_fields


def update_rows(records: Sequence[models.Model], fields: Iterable[str]) -> None:
    """Write these columns of saved records of one model, as `save(update_fields=)`
    would (an `auto_now` field is stamped), in one statement; with them the sort
    keys computed from them (core/collation.py), which never go stale."""
    if not records:
        return
    model = type(records[0])
    using = router.db_for_write(model)
    connection = connections[using]
    names = list(dict.fromkeys(fields))
    names += sorted(derived_fields(model, set(names)) - set(names))
    columns: list[Any] = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    pk: Any = model._meta.pk
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names quoted
        quote(model._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in columns),
        quote(pk.column),
    )
    params = [
        [
            field.get_db_prep_save(field.pre_save(record, False), connection)
            for field in columns
        ]
        + [pk.get_db_prep_save(record.pk, connection)]
        for record in records
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows of one model, each given by field name (the primary key is the
    database's; a field not given gets its default), in one statement."""
    if not rows:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [
        field
        for field in model._meta.local_concrete_fields
        if not (field.primary_key and field.name not in rows[0])
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names quoted
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    defaults = {
        field.name: field.get_default() for field in fields if field.name not in rows[0]
    }
    params = [
        [
            field.get_db_prep_save(
                row[field.name] if field.name in row else defaults[field.name],
                connection,
            )
            for field in fields
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
