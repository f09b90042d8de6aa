"""CSV files written for download: UTF-8 with a BOM (so that Excel shows Thai),
RFC 4180 quoting, streamed a few hundred rows at a time from one query."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import StreamingHttpResponse

from .columns import BOM, Column, CsvSpec


class GroupConcat(models.Aggregate):
    """The values of a column joined with ";" (GROUP_CONCAT, or STRING_AGG on
    PostgreSQL). The order is not defined; `Column.format` sorts."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ';')"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ';')",
            **extra,
        )


def slugs_of(
    through: type[models.Model],
    owner: str,
    slug_path: str,
    *,
    extra_filter: models.Q | None = None,
) -> Subquery:
    """A correlated subquery: the slugs a record is linked to, joined with ";".

    One query exports any number of rows, instead of one more query per row or
    per chunk of rows."""
    links = through._default_manager.filter(**{owner: OuterRef("pk")})
    if extra_filter is not None:
        links = links.filter(extra_filter)
    return Subquery(
        links.order_by()
        .values(owner)
        .annotate(slugs=GroupConcat(slug_path))
        .values("slugs")[:1],
        output_field=models.TextField(),
    )


class Echo:
    """A file-like object that hands back what is written to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[Column], records: Iterable[Any]) -> Iterator[str]:
    """The CSV text, a few rows at a time: BOM and header first, at once."""
    writer = csv.writer(Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow([column.header for column in columns])
    batch: list[str] = []
    for record in records:
        batch.append(
            writer.writerow([column.format(column.value(record)) for column in columns])
        )
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def export_lines(
    spec: CsvSpec, queryset: models.QuerySet, *, public: bool
) -> Iterator[str]:
    """The CSV of `queryset`: the public columns, or every column for staff.

    The query runs here, before the first line is handed out: a query that fails
    is the caller's error to answer, not a download cut off after its header."""
    columns = spec.public_columns() if public else spec.columns
    records = iter(spec.export_records(queryset, public=public))
    first = list(itertools.islice(records, 1))
    return csv_lines(columns, itertools.chain(first, records))


def csv_response(
    spec: CsvSpec, queryset: models.QuerySet, *, public: bool
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        export_lines(spec, queryset, public=public),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{spec.filename()}"'
    return response
