"""In-process measurements of one benchmark database: the pages to request, the
queries each makes and the admin changelists' queries; or, in a fresh process of its
own, the speed and memory of the CSV or the XLSX export. bench/run.py runs it with
the benchmark settings, the database of one size and the page cache off, so that
real queries are counted:

    .venv/bin/python -m bench.probe --out var/bench/probe-10000.json
    .venv/bin/python -m bench.probe --export /en/projects/export.csv --out export.json
    .venv/bin/python -m bench.probe --export /en/projects/export.xlsx --out xlsx.json
"""

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# The apps whose admin changelists are measured.
LOCAL_APPS = ("core", "cities", "partners", "projects")
# Host that the benchmark allows (DJANGO_ALLOWED_HOSTS), also in process.
HOST = "127.0.0.1"
PROJECTS_LATER_PAGE = 40
LOAD_SAMPLES = {"cities": 5, "partners": 5, "projects": 10}


def spread(queryset, count: int) -> list:
    """`count` records spread evenly over the queryset's order (first included)."""
    total = queryset.count()
    if not total:
        return []
    step = max(1, total // count)
    return [queryset[i] for i in range(0, total, step)][:count]


def pages() -> dict:
    """The URLs to measure, by key, with their kind, and the paths of the load run."""
    from django.templatetags.static import static
    from django.urls import reverse
    from django.utils import translation

    from cities.models import City
    from partners.models import Partner
    from projects.models import Project

    with translation.override("en"):
        cities = spread(City.objects.published().order_by("slug"), 5)
        partners = spread(Partner.objects.published().order_by("slug"), 5)
        projects = spread(Project.objects.published().order_by("slug"), 10)
        projects_list = reverse("projects:project-list")
        found = {
            "home": ("home", reverse("portal:home")),
            "cities-list": ("list", reverse("cities:city-list")),
            "partners-list": ("list", reverse("partners:partner-list")),
            "projects-list": ("list", projects_list),
            "projects-filtered": ("list", f"{projects_list}?stage=in_progress"),
            "projects-later-page": (
                "list",
                f"{projects_list}?page={PROJECTS_LATER_PAGE}",
            ),
            "city-detail": ("detail", cities[0].get_absolute_url()),
            "partner-detail": ("detail", partners[0].get_absolute_url()),
            "project-detail": ("detail", projects[0].get_absolute_url()),
            "cities-csv": ("export", reverse("cities:city-export")),
            "partners-csv": ("export", reverse("partners:partner-export")),
            "projects-csv": ("export", reverse("projects:project-export")),
            # A page of 100 projects of the JSON API, with their related records.
            "api-projects": ("api", f"{reverse('api:project-list')}?page_size=100"),
            "minimal": ("baseline", reverse("bench-minimal")),
            "static": ("baseline", static("css/site.css")),
        }
        load_paths = [
            path for kind, path in found.values() if kind in ("home", "list")
        ] + [record.get_absolute_url() for record in [*cities, *partners, *projects]]
    return {
        "pages": {
            key: {"kind": kind, "path": path} for key, (kind, path) in found.items()
        },
        "load_paths": load_paths,
    }


def clear_caches() -> None:
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def consume(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def count_queries(client: Client, path: str) -> dict:
    """The queries of one request, once the process is warm (the first request
    also fills per-process caches such as content types) and with empty caches."""
    with CaptureQueriesContext(connection) as first:
        consume(client.get(path))
    clear_caches()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        size = consume(response)
    return {
        "status": response.status_code,
        "queries": len(queries),
        "queries_first_request": len(first),
        "bytes": size,
    }


def admin_changelists() -> dict:
    """Queries of every changelist of the portal's apps, as a superuser sees it."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import translation

    client = Client(HTTP_HOST=HOST)
    client.force_login(
        get_user_model().objects.get(username="bench"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    results = {}
    models = sorted(admin.site._registry, key=lambda model: model._meta.label)
    for model in models:
        meta = model._meta
        if meta.app_label not in LOCAL_APPS:
            continue
        with translation.override("en"):
            path = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        results[meta.label_lower] = {"path": path, **count_queries(client, path)}
    return results


def stream(path: str, trace_memory: bool = False, whole: bool = True) -> dict:
    """Download an export once; with trace_memory, also the peak growth of Python's
    heap (tracing slows Python down: speed is measured on a run without it); not
    `whole`: only its first chunk, then the response is closed."""
    client = Client(HTTP_HOST=HOST)
    if trace_memory:
        tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0] if trace_memory else 0
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        chunks = iter(response.streaming_content)
        first = next(chunks)
        first_bytes = time.perf_counter() - started
        size, lines = len(first), first.count(b"\r\n")
        if whole:
            for chunk in chunks:
                size += len(chunk)
                lines += chunk.count(b"\r\n")
        else:
            response.close()
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


def resident_memory() -> tuple[int, int]:
    """The process's resident set size now and at its peak so far, in bytes."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:  # not Linux: the peak only (kilobytes; bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        return peak, peak
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return tuple(int(fields[name].split()[0]) * 1024 for name in ("VmRSS", "VmHWM"))


def reset_peak_memory() -> bool:
    """Set the peak resident size back to the present one (Linux 4.0 and later)."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def megabytes(size: int) -> float:
    return round(size / 2**20, 1)


def exported_rows(path: str) -> int:
    """The records an unfiltered export writes: an XLSX is compressed, so its
    rows are not counted in its bytes as a CSV's lines are."""
    from django.urls import resolve

    view = resolve(path).func.view_class  # type: ignore[attr-defined]
    return view().get_queryset().count()


def measure_export(path: str = "/en/projects/export.csv") -> dict:
    """Rows per second, time to the first bytes, and memory of one CSV or XLSX
    export, streamed in process. Run it in a process that has done nothing else:
    memory is the process's peak resident size during the first whole download,
    and its growth over the resident size before it."""
    # Imports, the URL map, the connection, the query's plan: the first chunk only,
    # which leaves the process's peak where it was.
    stream(path, whole=False)
    peak_was_reset = reset_peak_memory()
    rss_before, peak_before = resident_memory()
    stream(path)
    _rss_after, peak = resident_memory()
    timed = stream(path)  # warm, like a server's worker
    traced = stream(path, trace_memory=True)
    rows = exported_rows(path) if path.endswith(".xlsx") else timed["lines"] - 1
    return {
        "path": path,
        "rows": rows,
        "bytes": timed["bytes"],
        "seconds": round(timed["seconds"], 2),
        "rows_per_second": round(rows / timed["seconds"]),
        "first_bytes_ms": round(timed["first_bytes"] * 1000, 1),
        "rss_before_mb": megabytes(rss_before),
        "peak_rss_mb": megabytes(peak),
        # Without the reset, an earlier peak may hide in it: never less than true.
        "rss_growth_mb": megabytes(peak - rss_before),
        "peak_reset": peak_was_reset,
        "peak_before_mb": megabytes(peak_before),
        "python_heap_peak_growth_mb": megabytes(traced["peak"]),
        "queries": timed["queries"],
    }


def database() -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {"vendor": connection.vendor, "version": version}


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="JSON result file")
    parser.add_argument(
        "--export",
        metavar="PATH",
        help="measure this CSV or XLSX export only (in a process that does nothing "
        "else)",
    )
    args = parser.parse_args()
    django.setup()
    if args.export:
        result = measure_export(args.export)
    else:
        found = pages()
        client = Client(HTTP_HOST=HOST)
        for page in found["pages"].values():
            page.update(count_queries(client, page["path"]))
        result = {
            "database": database(),
            **found,
            "admin": admin_changelists(),
        }
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
