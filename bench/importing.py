"""The CSV import's speed: rows per second of the preview and of the apply, on a
file of generated projects as large as an import may be (ASCN_CSV_IMPORT_MAX_BYTES,
5 MB), with Thai text and relations to cities, partners and focus areas.

    DATABASE_URL=sqlite:///var/bench/import.sqlite3 DJANGO_SETTINGS_MODULE=... \
        .venv/bin/python -m bench.importing --out var/bench/import.json

bench/run.py runs it in a process of its own (`make bench`, `make bench-import`) on a
copy of a benchmark database (bench/fill.py), so that the benchmark's own databases
stay as they were. Two files are imported in turn, as a member of staff would:

- new: every row a project that the portal does not have yet;
- changed: the projects just created, exported, with a Thai summary changed in every
  row and the pilot cities in every third one.

Each is previewed (the preview job: every row read, checked and compared) and
applied (the import job: checked again, since the records may have changed
meanwhile, and written in one transaction with its history), each job run in
this process as the worker runs it, and timed apart (wall clock and the
process's CPU time).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

STAGES = ["idea", "planning", "seeking_funding", "funded", "in_progress"]
THAI_WORDS = [
    "โครงการ",
    "พัฒนา",
    "เมืองอัจฉริยะ",
    "ระบบ",
    "ขนส่งสาธารณะ",
    "พลังงานสะอาด",
    "การจัดการน้ำ",
    "ชุมชน",
    "ดิจิทัล",
    "ความปลอดภัย",
    "สิ่งแวดล้อม",
    "สุขภาพ",
    "การท่องเที่ยว",
    "นวัตกรรม",
    "ข้อมูลเปิด",
    "ไฟฟ้า",
    "ขยะ",
    "อากาศ",
]
ENGLISH_WORDS = [
    "smart",
    "city",
    "transport",
    "clean",
    "energy",
    "water",
    "management",
    "community",
    "digital",
    "safety",
    "environment",
    "health",
    "tourism",
    "innovation",
    "open",
    "data",
    "waste",
    "air",
]


def words(vocabulary: list[str], n: int, count: int, separator: str) -> str:
    return separator.join(
        vocabulary[(n * 7 + k * 5) % len(vocabulary)] for k in range(count)
    )


def project_row(n: int, cities: list[str], partners: list[str], areas: list[str]):
    """One new project, as the export writes it (the columns of ProjectSpec)."""
    city_slugs = sorted({cities[(n + k) % len(cities)] for k in range(1 + n % 3)})
    return {
        "slug": f"imported-project-{n:05d}",
        "stage": STAGES[n % len(STAGES)],
        "start_year": str(2018 + n % 8),
        "end_year": str(2027 + n % 4) if n % 2 else "",
        "estimated_cost": str(250_000 + 1_000 * n) if n % 3 == 0 else "",
        "currency": "THB" if n % 3 == 0 else "",
        "bankable": "yes" if n % 5 == 0 else "",
        "network_level": "false",
        "is_featured": "false",
        "cities": ";".join(city_slugs),
        "partners_lead": partners[n % len(partners)],
        "partners_funder": partners[(n * 3 + 1) % len(partners)] if n % 4 == 0 else "",
        "partners_technical": "",
        "partners_implementer": partners[(n * 5 + 2) % len(partners)]
        if n % 6 == 0
        else "",
        "partners_other": "",
        "focus_areas": ";".join(
            sorted({areas[n % len(areas)], areas[(n * 5 + 1) % len(areas)]})
        ),
        "title_en": f"Smart-city project {n}: "
        + words(ENGLISH_WORDS, n, 4, " ").capitalize(),
        "title_th": f"โครงการเมืองอัจฉริยะที่ {n} " + words(THAI_WORDS, n, 4, ""),
        "summary_en": words(ENGLISH_WORDS, n + 1, 10, " ").capitalize() + ".",
        "summary_th": words(THAI_WORDS, n + 1, 8, " "),
        "description_en": words(ENGLISH_WORDS, n + 2, 16, " ").capitalize() + ".",
        "description_th": words(THAI_WORDS, n + 2, 12, " "),
        "image_alt_en": "",
        "image_alt_th": "",
        "image_focus_x": "",
        "image_focus_y": "",
        "thai_unreviewed": "false",
        "status": "draft" if n % 2 else "review",
        "created_at": "",
        "updated_at": "",
    }


def to_csv(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([row[column] for column in header] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def new_projects_file(limit: int) -> tuple[bytes, int]:
    """New projects, as many as fit into `limit` bytes; the file and its rows."""
    from cities.models import City, FocusArea
    from partners.models import Partner
    from projects.csv_columns import ProjectSpec

    header = ProjectSpec().headers()
    cities = list(City.objects.order_by("slug").values_list("slug", flat=True))
    partners = list(Partner.objects.order_by("slug").values_list("slug", flat=True))
    areas = list(FocusArea.objects.order_by("slug").values_list("slug", flat=True))
    sample = to_csv(
        header, [project_row(n, cities, partners, areas) for n in range(50)]
    )
    per_row = len(sample) / 50
    count = int(limit / per_row)
    while True:
        rows = [project_row(n, cities, partners, areas) for n in range(count)]
        data = to_csv(header, rows)
        if len(data) <= limit:
            return data, count
        count -= max(1, int((len(data) - limit) / per_row) + 1)


def changed_file(slugs: list[str], limit: int) -> tuple[bytes, int]:
    """The staff export of these projects, with the Thai summary changed in every
    row and the pilot cities in every third, as many rows as fit into `limit`
    bytes."""
    from cities.models import City
    from core.csvio.export import export_lines
    from projects.csv_columns import ProjectSpec
    from projects.models import Project

    text = "".join(
        export_lines(
            ProjectSpec(), Project.objects.filter(slug__in=slugs), public=False
        )
    )
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader)
    cities = list(City.objects.order_by("slug").values_list("slug", flat=True))
    rows = []
    for n, cells in enumerate(reader):
        row = dict(zip(header, cells, strict=True))
        row["summary_th"] = "ปรับปรุงแล้ว: " + row["summary_th"]
        if n % 3 == 0:
            row["cities"] = cities[(n * 11) % len(cities)]
        rows.append(row)
    data = to_csv(header, rows)
    while len(data) > limit:
        del rows[-max(1, len(rows) * (len(data) - limit) // len(data)) :]
        data = to_csv(header, rows)
    return data, len(rows)


def timed(function, *args, **kwargs):
    started, cpu = time.perf_counter(), time.process_time()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started, time.process_time() - cpu


def measure_file(name: str, data: bytes, rows: int, user) -> dict:
    """Preview and apply one file as the admin's jobs do (core/csvio/jobs.py), each
    run here as the worker runs it."""
    from core.csvio import jobs
    from core.models import ImportJob
    from projects.csv_columns import ProjectSpec

    preview, preview_seconds, preview_cpu = timed(
        jobs.start_preview,
        spec=ProjectSpec(),
        data=data,
        file_name=f"{name}.csv",
        user=user,
    )
    summary = (preview.result or {}).get("preview", {}).get("summary")
    if preview.state != ImportJob.State.DONE or not jobs.can_confirm(preview):
        raise SystemExit(
            f"bench: the {name} file does not import: {preview.error or preview.result}"
        )
    applied, apply_seconds, apply_cpu = timed(jobs.start_apply, preview, overwrite=[])
    if applied is None or "counts" not in (applied.result or {}):
        raise SystemExit(f"bench: the {name} file was not applied: {applied}")
    result = {
        "rows": rows,
        "bytes": len(data),
        "preview_seconds": round(preview_seconds, 2),
        "apply_seconds": round(apply_seconds, 2),
        "preview_cpu_seconds": round(preview_cpu, 2),
        "apply_cpu_seconds": round(apply_cpu, 2),
        "preview_rows_per_second": round(rows / preview_seconds),
        "apply_rows_per_second": round(rows / apply_seconds),
        "summary": summary,
    }
    print(
        f"  import, {name} rows: {rows:,} rows, {len(data) / 1e6:.1f} MB; "
        f"preview {result['preview_rows_per_second']:,} rows/s "
        f"({result['preview_seconds']} s), apply {result['apply_rows_per_second']:,} "
        f"rows/s ({result['apply_seconds']} s)",
        flush=True,
    )
    return result


def measure(max_bytes: int | None = None) -> dict:
    import os

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import translation

    from projects.models import Project

    limit = max_bytes or settings.CSV_IMPORT_MAX_BYTES
    user = get_user_model().objects.get(username="bench")
    results: dict = {
        "database": connection.vendor,
        "max_bytes": limit,
        "load_average_at_start": list(os.getloadavg()),
    }
    # Run here, as the worker would run them, whatever their size.
    with (
        translation.override("en"),
        override_settings(CSV_IMPORT_BACKGROUND_ROWS=10**9),
    ):
        data, rows = new_projects_file(limit)
        results["new"] = measure_file("new", data, rows, user)
        slugs = list(
            Project.objects.filter(slug__startswith="imported-project-").values_list(
                "slug", flat=True
            )
        )
        data, rows = changed_file(slugs, limit)
        results["changed"] = measure_file("changed", data, rows, user)
    results["load_average_at_end"] = list(os.getloadavg())
    return results


def copy_database(source: str, target: str) -> None:
    """The benchmark database of one size, copied: the import writes into it."""
    source_parts, target_parts = urlsplit(source), urlsplit(target)
    if source_parts.scheme == "sqlite":
        path = Path(target_parts.path)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(source_parts.path, path)
        return
    import psycopg
    from psycopg import sql

    admin = target_parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(target_parts.path.strip("/"))
            )
        )
        connection.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(target_parts.path.strip("/")),
                sql.Identifier(source_parts.path.strip("/")),
            )
        )


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON result file")
    parser.add_argument(
        "--max-bytes", type=int, help="size of the file (default: the import's limit)"
    )
    args = parser.parse_args()
    django.setup()
    result = measure(args.max_bytes)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
