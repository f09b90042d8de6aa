"""Measure the streaming CSV export of many projects: time to the first bytes,
rows per second, peak memory growth and queries.

    DATABASE_URL=sqlite:///var/bench/export.sqlite3 .venv/bin/python bench/export_csv.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ascn_bench .venv/bin/python \
        bench/export_csv.py --rows 100000

The database named by DATABASE_URL is emptied and filled with synthetic records
(published projects, each in one or two pilot cities with a lead partner): give
it a database of its own. Prints a table and writes var/bench/export-csv.json.
"""

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'export.sqlite3'}"
)
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def fill(rows: int) -> None:
    from cities.models import City, Country, FocusArea
    from partners.models import Partner
    from projects.models import Project, ProjectPartner

    call_command("flush", "--no-input", verbosity=0)
    published = "published"
    country = Country.objects.create(
        code="TH",
        name_th="ไทย",
        name_en="Thailand",
        is_asean_member=True,
        status=published,
    )
    area = FocusArea.objects.create(
        slug="built-infrastructure",
        name_th="โครงสร้างพื้นฐาน",
        name_en="Built Infrastructure",
        status=published,
    )
    cities = City.objects.bulk_create(
        City(
            slug=f"city-{n}",
            name_th=f"เมือง {n}",
            name_en=f"City {n}",
            country=country,
            latitude=13.75,
            longitude=100.5,
            joined_year=2018,
            status=published,
        )
        for n in range(max(10, rows // 100))
    )
    partners = Partner.objects.bulk_create(
        Partner(
            slug=f"partner-{n}",
            name_th=f"ภาคี {n}",
            name_en=f"Partner {n}",
            kind="company",
            status=published,
        )
        for n in range(max(10, rows // 50))
    )
    batch = 5000
    for start in range(0, rows, batch):
        projects = Project.objects.bulk_create(
            Project(
                slug=f"project-{n:07d}",
                title_th=f"โครงการเมืองอัจฉริยะ {n}",
                title_en=f"Smart-city project {n}",
                summary_th="โครงการพัฒนาเมืองอัจฉริยะด้านการขนส่ง, น้ำ และพลังงาน",
                summary_en="A smart-city project on transport, water and energy.",
                stage="in_progress",
                start_year=2020,
                status=published,
            )
            for n in range(start, min(rows, start + batch))
        )
        Project.cities.through.objects.bulk_create(
            Project.cities.through(project=p, city=cities[i % len(cities)])
            for i, p in enumerate(projects)
        )
        Project.focus_areas.through.objects.bulk_create(
            Project.focus_areas.through(project=p, focusarea=area) for p in projects
        )
        ProjectPartner.objects.bulk_create(
            ProjectPartner(project=p, partner=partners[i % len(partners)], role="lead")
            for i, p in enumerate(projects)
        )


def analyze() -> None:
    """Fresh planner statistics, as autovacuum keeps them on a live database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def stream(trace_memory: bool) -> dict:
    """Download the export once; with trace_memory, also the peak memory growth
    (tracing slows Python down, so speed is measured on a run without it)."""
    client = Client()
    if trace_memory:
        tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0] if trace_memory else 0
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/projects/export.csv")
        chunks = iter(response.streaming_content)
        first = next(chunks)
        first_bytes = time.perf_counter() - started
        size, lines = len(first), first.count(b"\r\n")
        for chunk in chunks:
            size += len(chunk)
            lines += chunk.count(b"\r\n")
    elapsed = time.perf_counter() - started
    result = {
        "seconds": elapsed,
        "first_bytes": first_bytes,
        "bytes": size,
        "lines": lines,
        "queries": len(queries),
    }
    if trace_memory:
        result["peak"] = tracemalloc.get_traced_memory()[1] - baseline
        tracemalloc.stop()
    return result


def measure(rows: int) -> dict:
    timed = stream(trace_memory=False)
    traced = stream(trace_memory=True)
    return {
        "database": connection.vendor,
        "projects": rows,
        "lines": timed["lines"],
        "bytes": timed["bytes"],
        "seconds": round(timed["seconds"], 2),
        "rows_per_second": round(rows / timed["seconds"]),
        "first_bytes_ms": round(timed["first_bytes"] * 1000, 1),
        "peak_memory_growth_mb": round(traced["peak"] / 2**20, 1),
        "queries": timed["queries"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    fill(args.rows)
    analyze()
    result = measure(args.rows)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    target = ROOT / "var" / "bench" / "export-csv.json"
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if result["lines"] != args.rows + 1:
        sys.exit(f"expected {args.rows + 1} lines, got {result['lines']}")


if __name__ == "__main__":
    main()
