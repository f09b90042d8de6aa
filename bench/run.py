"""Serving benchmark of the portal: `make bench`, or

    .venv/bin/python bench/run.py [--sizes 100,10000,100000] [--regenerate]
        [--seconds 3] [--rounds 3] [--load-seconds 60]
        [--compare var/bench/results-previous.json]

For each size (projects; cities and partners in proportion) it prepares a database
of its own (bench/fill.py; SQLite files in var/bench/, or PostgreSQL databases named
after BENCH_DATABASE_URL with the size as a suffix), kept between runs. In a process
of its own, with the page cache off, it counts each page's queries and the admin
changelists' queries; in a fresh one each, it measures the CSV and the XLSX exports'
speed and the process's peak resident memory (bench/probe.py). Then it serves the
database with gunicorn (production settings, 2 sync workers, no access log,
loopback) twice, with the anonymous page cache off ("uncached") and on ("cached"),
and measures every page with wrk in rounds (--rounds, 3; each round every page
once, in turn): the median of the rounds' requests per second, median and
95th-percentile latency, with their spread, and the rps as a share of a minimal
Django view's and a static file's, which both servers serve alike, outside the page
cache. At the largest size, a load run of 100 connections against the cached
server follows.

Writes var/bench/results.json (the previous one is kept as results-previous.json)
and prints Markdown tables with PASS/MISS for each target. The exit code is 1 for
errors only (a crash, a page that does not answer 200, a page that the page cache
stores when it should not or the reverse, a socket error or an answer other than
2xx/3xx in any wrk run, the load run's included), never for a missed target.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.loadgen import (  # noqa: E402
    GUNICORN_CONFIG,
    LOOPBACK,
    Server,
    fetch,
    fetch_headers,
    run_wrk,
    wrk_binary,
)

BENCH_DIR = ROOT / "var" / "bench"
DEFAULT_SIZES = (100, 10_000, 100_000)
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
# Requests per page before wrk starts: every worker imports, connects and, with the
# page cache on, fills its cache.
WARM_REQUESTS = 4
# A page slower than the wrk run's length gets a longer run in each round, of about
# this many times the time one request took, up to --max-seconds.
SLOW_PAGE_SAMPLES = 3


def database_url(base: str | None, size: int) -> str:
    """The database of one size: a SQLite file in var/bench/ by default; from a
    postgres:// BENCH_DATABASE_URL, a database of the same name with `_<size>`; from
    a sqlite:/// one, a file of the same name with `_<size>`."""
    if not base:
        return f"sqlite:///{BENCH_DIR / f'bench_{size}.sqlite3'}"
    parts = urlsplit(base)
    if parts.scheme in POSTGRES_SCHEMES:
        name = parts.path.strip("/") or "ascn_bench"
        return urlunsplit(parts._replace(path=f"/{name}_{size}"))
    if parts.scheme == "sqlite":
        head, _slash, tail = base.rpartition("/")
        stem, _dot, suffix = tail.partition(".")
        return f"{head}/{stem or 'bench'}_{size}.{suffix or 'sqlite3'}"
    raise SystemExit(f"BENCH_DATABASE_URL: use postgres:// or sqlite:///, not {base!r}")


def redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def base_environment() -> dict[str, str]:
    """Production settings on loopback. REDIS_URL is left out: each size's pages
    must not be served from a shared cache that another size filled."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        # wrk asks from one address far more often than the API's rate limit
        # lets a client: the API is measured without it.
        ASCN_API_RATE_LIMIT="",
        PYTHONPATH=str(ROOT),
    )
    return env


def python(env: dict[str, str], *args: str) -> None:
    """Run a Python module of the project in a process of its own."""
    subprocess.run(  # noqa: S603 - our own arguments, no shell
        [sys.executable, *args], cwd=ROOT, env=env, check=True
    )


def run_module(env: dict[str, str], module: str, *args: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.json"
        python(env, "-m", module, *args, "--out", str(out))
        return json.loads(out.read_text(encoding="utf-8"))


def warm_up(port: int, pages: dict, load_paths: list[str], errors: list) -> dict:
    """Request every page a few times (exports once): every worker imports,
    connects and, with the page cache on, fills its cache. Returns the seconds the
    last request of each page took, for the pages that answered 200."""
    timings = {}
    for key, page in pages.items():
        status = None
        for _ in range(1 if page["kind"] == "export" else WARM_REQUESTS):
            started = time.perf_counter()
            status, _size = fetch(port, page["path"])
            took = time.perf_counter() - started
        if status == 200:
            timings[key] = took
        else:
            errors.append(f"{page['path']} answered HTTP {status}")
    for path in load_paths:
        for _ in range(2):
            status, _size = fetch(port, path)
        if status != 200:
            errors.append(f"{path} (load run) answered HTTP {status}")
    return timings


def wrk_page(port: int, page: dict, took: float, args) -> dict:
    """One wrk run of a page, long enough for some responses of a slow one."""
    export = page["kind"] == "export"
    connections = args.export_connections if export else args.connections
    seconds = max(
        args.export_seconds if export else args.seconds,
        min(args.max_seconds, math.ceil(SLOW_PAGE_SAMPLES * took)),
    )
    # Queued behind the other connections, a request waits for theirs too.
    timeout = max(
        args.export_timeout if export else args.timeout,
        math.ceil(2 * connections * took),
    )
    return run_wrk(
        f"http://{LOOPBACK}:{port}{page['path']}",
        seconds=seconds,
        connections=connections,
        timeout=timeout,
    )


def check_page_cache(port: int, pages: dict, mode: str) -> list[str]:
    """The minimal view never comes from the page cache; the other pages (not the
    exports, which stream, and the API, which keeps its answers itself and
    always sends Last-Modified) do exactly when it is on. A page the cache
    stored carries its Last-Modified field."""
    found = []
    for key, page in pages.items():
        if page["kind"] in ("export", "api") or key == "static":
            continue
        status, headers = fetch_headers(port, page["path"])
        stored = "last-modified" in headers
        expected = mode == "cached" and page["kind"] != "baseline"
        if status == 200 and stored != expected:
            found.append(
                f"{page['path']} was {'' if stored else 'not '}stored in the page cache"
            )
    return found


def show(mode: str, key: str, run: dict, label: str = "") -> None:
    def ms(value: float | None) -> str:
        return f"{value:>8.1f} ms" if value is not None else "       – ms"

    print(
        f"  {mode:<8} {label:<3} {key:<20} {run['rps']:>9,.1f} rps  "
        f"p50 {ms(run['p50_ms'])}  p95 {ms(run['p95_ms'])}  "
        f"({run['requests']} in {run['seconds']:.0f} s)"
        + (f"  {run['errors']} ERRORS" if run["errors"] else ""),
        flush=True,
    )


def measure_server(
    server: Server, size_result: dict, mode: str, args, errors: list
) -> None:
    """Every page under wrk, in `args.rounds` rounds of every page once, in turn,
    so that a change in the machine's load falls on all pages alike rather than on
    one. Each page's figures are the median of its rounds (report.summary)."""
    pages = size_result["pages"]
    where = f"{size_result['projects']} {mode}"
    found = []
    timings = warm_up(server.port, pages, size_result["load_paths"], found)
    found += check_page_cache(server.port, pages, mode)
    errors += [f"{where}: {error}" for error in found]
    baselines = [key for key, page in pages.items() if page["kind"] == "baseline"]
    order = [*baselines, *(key for key in pages if key not in baselines)]
    runs: dict[str, list[dict]] = {key: [] for key in order if key in timings}
    for key in order:
        pages[key][mode] = None
    for number in range(1, args.rounds + 1):
        for key in runs:
            run = wrk_page(server.port, pages[key], timings[key], args)
            runs[key].append(run)
            if run["errors"]:
                errors.append(
                    f"{where} {key} round {number}: {run['errors']} errors "
                    f"({run['non_2xx_3xx']} not 2xx/3xx, "
                    f"socket errors {run['socket_errors']})"
                )
            show(mode, key, run, f"r{number}")
            # Kept after every run: an interrupted run still writes what it has.
            pages[key][mode] = report.summary(runs[key])


def load_run(server: Server, size_result: dict, args) -> dict:
    paths = size_result["load_paths"]
    print(
        f"  load run: {args.load_connections} connections, {args.load_seconds} s, "
        f"{len(paths)} URLs in turn",
        flush=True,
    )
    run = run_wrk(
        f"http://{LOOPBACK}:{server.port}",
        seconds=args.load_seconds,
        connections=args.load_connections,
        threads=2,
        timeout=args.load_timeout,
        paths=paths,
    )
    show("load", "rotating", run)
    return {
        "size": size_result["projects"],
        "connections": args.load_connections,
        "seconds_asked": args.load_seconds,
        "timeout_seconds": args.load_timeout,
        "paths": paths,
        **run,
    }


def measure_size(size: int, env: dict[str, str], args, results: dict) -> None:
    url = database_url(os.environ.get("BENCH_DATABASE_URL"), size)
    env = {**env, "DATABASE_URL": url}
    print(f"== {size:,} projects: {redacted(url)}", flush=True)
    fill_args = ["--projects", str(size)] + (
        ["--regenerate"] if args.regenerate else []
    )
    database = run_module(env, "bench.fill", *fill_args)
    print(
        "  database "
        + (
            f"generated in {database['seconds']} s"
            if database["generated"]
            else "reused"
        )
        + f": {database['counts']}",
        flush=True,
    )
    probe_env = {**env, "ASCN_PAGE_CACHE": "false", "ASCN_API_CACHE": "false"}
    probe = run_module(probe_env, "bench.probe")
    size_result = {
        "projects": size,
        "database": {"url": redacted(url), **probe["database"], **database},
        "pages": probe["pages"],
        "load_paths": probe["load_paths"],
        "admin": probe["admin"],
        "worker_restarts": {},
    }
    results["sizes"][str(size)] = size_result
    print(
        "  in process: queries "
        + ", ".join(f"{key} {page['queries']}" for key, page in probe["pages"].items()),
        flush=True,
    )
    # In a fresh process: the peak resident memory must be the export's own.
    export = run_module(
        probe_env, "bench.probe", "--export", probe["pages"]["projects-csv"]["path"]
    )
    size_result["csv_export"] = export
    # The XLSX beside the CSV, in a fresh process of its own too.
    xlsx_path = probe["pages"]["projects-csv"]["path"].removesuffix(".csv") + ".xlsx"
    xlsx = run_module(probe_env, "bench.probe", "--export", xlsx_path)
    size_result["xlsx_export"] = xlsx
    for label, measured in (("CSV", export), ("XLSX", xlsx)):
        print(
            f"  in process: {label} export {measured['rows_per_second']:,} rows/s, "
            f"peak RSS {measured['peak_rss_mb']} MB, {measured['rss_growth_mb']} MB "
            f"over the {measured['rss_before_mb']} MB before it",
            flush=True,
        )
    for mode in report.MODES:
        cached = "true" if mode == "cached" else "false"
        # The JSON API keeps its answers under the content version as the page
        # cache keeps pages: both on, or both off.
        server_env = {**env, "ASCN_PAGE_CACHE": cached, "ASCN_API_CACHE": cached}
        log = BENCH_DIR / f"gunicorn-{size}-{mode}.log"
        log.unlink(missing_ok=True)
        server = Server(server_env, log, max_requests=args.max_requests)
        with server:
            measure_server(server, size_result, mode, args, results["errors"])
            size_result["worker_restarts"][mode] = server.worker_restarts()
            if mode == "cached" and size == max(args.sizes) and args.load_seconds > 0:
                restarts = server.worker_restarts()
                results["load"] = load_run(server, size_result, args)
                results["load"]["worker_restarts"] = server.worker_restarts() - restarts
                if results["load"]["errors"]:
                    results["errors"].append(
                        f"load run: {results['load']['errors']} errors"
                    )
    report.add_ratios(size_result)


def measure_import(env: dict[str, str], args, results: dict) -> None:
    """The CSV import's preview and apply (bench/importing.py), in a fresh process,
    on a copy of the database of `--import-projects` projects."""
    from bench.importing import copy_database

    base = os.environ.get("BENCH_DATABASE_URL")
    source = database_url(base, args.import_projects)
    print(f"== CSV import: into a copy of {redacted(source)}", flush=True)
    fill_args = ["--projects", str(args.import_projects)]
    run_module({**env, "DATABASE_URL": source}, "bench.fill", *fill_args)
    target = (
        f"{source.rsplit('_', 1)[0]}_import"
        if urlsplit(source).scheme in POSTGRES_SCHEMES
        else f"sqlite:///{BENCH_DIR / 'import.sqlite3'}"
    )
    copy_database(source, target)
    extra = ["--max-bytes", str(args.import_bytes)] if args.import_bytes else []
    found = run_module({**env, "DATABASE_URL": target}, "bench.importing", *extra)
    results["import"] = {"projects": args.import_projects, **found}


def first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - our own arguments, no shell
            command, capture_output=True, text=True, check=False, cwd=ROOT
        )
    except OSError:
        return ""
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0] if lines else ""


def machine() -> dict:
    import django
    import gunicorn

    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "wrk": first_line([wrk_binary() or "wrk", "--version"]),
        "git_commit": first_line(["git", "rev-parse", "--short", "HEAD"]),
        "gunicorn_config": str(GUNICORN_CONFIG.relative_to(ROOT))
        if GUNICORN_CONFIG.exists()
        else None,
        "load_average_at_start": list(os.getloadavg()),
    }


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Targets missed are reported as MISS; they do not change the exit code.",
    )

    def sizes(text: str) -> list[int]:
        return sorted({int(part.replace("_", "")) for part in text.split(",") if part})

    parser.add_argument(
        "--sizes",
        type=sizes,
        default=list(DEFAULT_SIZES),
        help="numbers of projects, comma-separated (default 100,10000,100000)",
    )
    parser.add_argument(
        "--regenerate", action="store_true", help="build the databases anew"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of every page in turn; figures are their median (default 3)",
    )
    parser.add_argument(
        "--seconds", type=int, default=3, help="wrk run per page and round"
    )
    parser.add_argument("--connections", type=int, default=4, help="wrk, per page")
    parser.add_argument("--timeout", type=int, default=10, help="wrk, per request")
    parser.add_argument(
        "--max-seconds",
        type=int,
        default=20,
        help="longest wrk run of a slow page in a round (default 20)",
    )
    parser.add_argument("--export-seconds", type=int, default=3)
    parser.add_argument("--export-connections", type=int, default=2)
    parser.add_argument("--export-timeout", type=int, default=120)
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=60,
        help="the load run at the largest size; 0 leaves it out",
    )
    parser.add_argument("--load-connections", type=int, default=100)
    parser.add_argument(
        "--load-timeout",
        type=int,
        default=30,
        help="seconds after which wrk counts a request of the load run as an error",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        help="gunicorn's max_requests (0: workers are never replaced); "
        "default: as ascn_portal/gunicorn.conf.py says",
    )
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="measure the CSV import only (make bench-import): no servers, no wrk",
    )
    parser.add_argument(
        "--import-projects",
        type=int,
        default=10_000,
        help="projects in the database the CSV import goes into (default 10000)",
    )
    parser.add_argument(
        "--import-bytes",
        type=int,
        help="size of the imported files (default: the import's limit, 5 MB)",
    )
    parser.add_argument(
        "--compare", type=Path, help="an earlier results.json to compare with"
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.json")
    parser.add_argument(
        "--show",
        type=Path,
        metavar="RESULTS.json",
        help="measure nothing: print the tables of an earlier run (and --compare)",
    )
    args = parser.parse_args(argv)
    if not args.sizes:
        parser.error("--sizes: give at least one size")
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    return args


def read_results(path: Path) -> dict:
    """An earlier results.json; SystemExit with the reason if it cannot be used."""
    try:
        results = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"bench: cannot read {path}: {error}") from None
    try:
        report.check_format(results)
    except ValueError as error:
        raise SystemExit(f"bench: {path}: {error}") from None
    return results


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    old = read_results(args.compare) if args.compare else None
    if args.show:
        shown = read_results(args.show)
        print(report.markdown(shown))
        if old:
            print()
            print(report.compare(old, shown))
        return 0
    if wrk_binary() is None and not args.import_only:
        print("bench: wrk is missing (apt-get install wrk)", file=sys.stderr)
        return 2
    # SIGTERM ends the run like Ctrl-C does: servers are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    env = base_environment()
    results = {
        "format": report.FORMAT,
        "machine": machine(),
        "options": {
            "sizes": args.sizes,
            "rounds": args.rounds,
            "seconds": args.seconds,
            "connections": args.connections,
            "timeout": args.timeout,
            "export_seconds": args.export_seconds,
            "export_connections": args.export_connections,
            "export_timeout": args.export_timeout,
            "load_seconds": args.load_seconds,
            "load_connections": args.load_connections,
            "load_timeout": args.load_timeout,
            "max_seconds": args.max_seconds,
            "max_requests": args.max_requests,
            "import_only": args.import_only,
            "import_projects": args.import_projects,
            "workers": 2,
            "worker_class": "sync",
            "access_log": False,
        },
        "sizes": {},
        "errors": [],
    }
    try:
        if not args.import_only:
            print("== collectstatic", flush=True)
            python(
                {**env, "DATABASE_URL": database_url(None, 0)},
                "manage.py",
                "collectstatic",
                "--no-input",
                "--verbosity=0",
            )
            for size in args.sizes:
                measure_size(size, env, args, results)
        measure_import(env, args, results)
    except KeyboardInterrupt:
        results["errors"].append("interrupted")
    except Exception:  # reported, written and turned into the exit code below
        results["errors"].append("crash: " + traceback.format_exc())
        traceback.print_exc()
    finally:
        results["machine"]["load_average_at_end"] = list(os.getloadavg())
        results["machine"]["seconds"] = round(time.monotonic() - started)
        try:
            results["targets"] = report.targets(results)
        except (KeyError, TypeError, ValueError):  # a run that stopped half-way
            results["targets"] = []
        if args.out.exists():
            previous = args.out.with_name(f"{args.out.stem}-previous{args.out.suffix}")
            shutil.copyfile(args.out, previous)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(report.markdown(results))
    if old:
        print()
        print(report.compare(old, results))
    missed = [t for t in results["targets"] if t["passed"] is False]
    print()
    print(f"Results: {args.out}")
    if missed:
        print(
            f"{len(missed)} targets missed (reported only: a missed target does not "
            "fail the run; the exit code reports errors)."
        )
    if results["errors"]:
        print(f"{len(results['errors'])} errors:", file=sys.stderr)
        for error in results["errors"]:
            print(f"  {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
