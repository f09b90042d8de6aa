"""The benchmark's results: the median of the rounds, ratios, targets, the Markdown
tables and the comparison with an earlier results.json. Pure functions of the
results dict, no Django."""

from __future__ import annotations

import itertools
import statistics

# Format 2: figures are medians of rounds, with their spread; the CSV export's
# memory is the process's resident size. Format 1 (no "format" key) had one wrk run
# per page and the memory of Python's heap (tracemalloc).
FORMAT = 2
MODES = ("uncached", "cached")
BASELINES = ("minimal", "static")
MAX_PAGE_QUERIES = 10
MAX_ADMIN_QUERIES = 15
LIST_RATIO = {"cached": 0.5, "uncached": 0.2}
# Without the page cache, each list and detail page (its cards come from the card
# cache, core/cards.py) at the size of a large network: at least this share of the
# minimal view's rps.
UNCACHED_PAGES_RATIO = 0.1
UNCACHED_PAGES_SIZE = 10_000
UNCACHED_PAGE_KINDS = ("list", "detail")
# The JSON API's list of 100 projects (kind "api") at the size of a large network:
# at most this many queries, and this share of the minimal view's rps with its
# answers kept in the cache and without.
API_KIND = "api"
API_MAX_QUERIES = 5
API_RATIO = {"cached": 0.5, "uncached": 0.2}
API_SIZE = 10_000
CSV_SIZE = 100_000
CSV_MIN_ROWS_PER_SECOND = 20_000
CSV_MAX_MEMORY_MB = 50
# The XLSX export of as many projects: its memory only (it is compressed as it
# streams, and is slower than the CSV by nature).
XLSX_SIZE = CSV_SIZE
XLSX_MAX_MEMORY_MB = 50
# The CSV import of a file at the size limit (5 MB): rows per second of the
# preview and of the apply, each.
# The exports measured in process, by their key in a size's results.
EXPORTS = {"csv_export": "CSV", "xlsx_export": "XLSX"}
IMPORT_MIN_ROWS_PER_SECOND = 1_000
IMPORT_FILES = {"new": "new projects", "changed": "changed projects"}
IMPORT_STEPS = ("preview", "apply")


# The figures of a wrk run that are given as the median of the rounds.
FIGURES = ("rps", "p50_ms", "p95_ms")


def check_format(results: dict) -> None:
    """ValueError unless `results` was written in this benchmark's format."""
    found = results.get("format", 1)
    if found != FORMAT:
        raise ValueError(
            f"results of format {found}, not {FORMAT}: written by an earlier "
            "benchmark (one wrk run per page; the CSV export's memory as Python's "
            "heap), whose figures cannot be shown or compared with these. Run "
            "make bench again, or use the commit that wrote them."
        )


def summary(runs: list[dict]) -> dict:
    """A page's rounds as one: the median of each figure, its spread (the lowest
    and highest round) and the rounds themselves; requests and errors added up."""
    found = {
        "requests": sum(run["requests"] for run in runs),
        "seconds": round(sum(run["seconds"] for run in runs), 3),
        "errors": sum(run["errors"] for run in runs),
        "non_2xx_3xx": sum(run["non_2xx_3xx"] for run in runs),
        "spread": {},
    }
    for figure in FIGURES:
        values = [run[figure] for run in runs if run[figure] is not None]
        found[figure] = round(statistics.median(values), 3) if values else None
        found["spread"][figure] = [min(values), max(values)] if values else None
    found["rounds"] = runs
    return found


def add_ratios(size_result: dict) -> None:
    """Each page's median rps as a fraction of the minimal view's and the static
    file's medians, in the same mode (the same server)."""
    pages = size_result["pages"]
    for mode in MODES:
        baselines = {
            name: (pages.get(name, {}).get(mode) or {}).get("rps") for name in BASELINES
        }
        for page in pages.values():
            run = page.get(mode)
            if not run or run.get("rps") is None:
                continue
            for name, baseline in baselines.items():
                run[f"vs_{name}"] = (
                    round(run["rps"] / baseline, 4) if baseline else None
                )


def target(name: str, goal: str, value: str, passed: bool | None) -> dict:
    """passed is None when the figure was not measured in this run."""
    return {"name": name, "target": goal, "value": value, "passed": passed}


def import_targets(results: dict) -> list[dict]:
    found = []
    measured = results.get("import") or {}
    for key, label in IMPORT_FILES.items():
        run = measured.get(key)
        for step in IMPORT_STEPS:
            rate_ = run[f"{step}_rows_per_second"] if run else None
            found.append(
                target(
                    f"CSV import, {label}: {step}",
                    f"≥ {IMPORT_MIN_ROWS_PER_SECOND:,} rows/s",
                    f"{rate_:,} rows/s ({run['rows']:,} rows, "
                    f"{run['bytes'] / 1e6:.1f} MB)"
                    if run
                    else "not measured",
                    rate_ >= IMPORT_MIN_ROWS_PER_SECOND if run else None,
                )
            )
    return found


def targets(results: dict) -> list[dict]:
    return page_targets(results) + api_targets(results) + import_targets(results)


def api_targets(results: dict) -> list[dict]:
    """The API's list: its queries at every size, its rps at API_SIZE."""
    found: list[dict] = []
    sizes = sorted(results["sizes"], key=int)
    keys = sorted(
        {
            key
            for size in sizes
            for key, page in results["sizes"][size]["pages"].items()
            if page["kind"] == API_KIND
        }
    )
    for key in keys:
        counts = [
            results["sizes"][s]["pages"].get(key, {}).get("queries") for s in sizes
        ]
        known = [c for c in counts if c is not None]
        found.append(
            target(
                f"queries {key} (API)",
                f"≤ {API_MAX_QUERIES} and the same at every size",
                ", ".join(f"{c} at {s}" for s, c in zip(sizes, counts, strict=True)),
                bool(known) and len(set(counts)) == 1 and max(known) <= API_MAX_QUERIES,
            )
        )
        page = (results["sizes"].get(str(API_SIZE)) or {}).get("pages", {}).get(key)
        for mode in MODES:
            ratio = ((page or {}).get(mode) or {}).get("vs_minimal")
            goal = API_RATIO[mode]
            found.append(
                target(
                    f"{key} {mode} at {API_SIZE}",
                    f"≥ {goal:.0%} of the minimal view's rps",
                    "not measured" if ratio is None else f"{ratio:.0%}",
                    None if ratio is None else ratio >= goal,
                )
            )
    return found


def page_targets(results: dict) -> list[dict]:
    sizes = sorted(results["sizes"], key=int)
    found: list[dict] = []
    if not sizes:
        return found
    # Queries per page: at most 10, and the same at every size.
    first = results["sizes"][sizes[0]]["pages"]
    for key, page in first.items():
        if page["kind"] in ("baseline", API_KIND):  # the API has its own
            continue
        counts = [
            results["sizes"][s]["pages"].get(key, {}).get("queries") for s in sizes
        ]
        known = [c for c in counts if c is not None]
        same = len(set(counts)) == 1
        found.append(
            target(
                f"queries {key}",
                f"≤ {MAX_PAGE_QUERIES} and the same at every size",
                ", ".join(f"{c} at {s}" for s, c in zip(sizes, counts, strict=True)),
                bool(known) and same and max(known) <= MAX_PAGE_QUERIES,
            )
        )
    # List pages' throughput against the minimal view, per size and mode.
    for size in sizes:
        pages = results["sizes"][size]["pages"]
        for mode in MODES:
            ratios = {
                key: (page.get(mode) or {}).get("vs_minimal")
                for key, page in pages.items()
                if page["kind"] == "list"
            }
            goal = LIST_RATIO[mode]
            if not ratios or None in ratios.values():
                missing = [key for key, ratio in ratios.items() if ratio is None]
                found.append(
                    target(
                        f"list pages {mode} at {size}",
                        f"≥ {goal:.0%} of the minimal view's rps",
                        f"not measured: {', '.join(missing) or 'no list page'}",
                        None,
                    )
                )
                continue
            worst = min(ratios, key=ratios.get)
            found.append(
                target(
                    f"list pages {mode} at {size}",
                    f"≥ {goal:.0%} of the minimal view's rps",
                    f"lowest {ratios[worst]:.0%} ({worst})",
                    ratios[worst] >= goal,
                )
            )
    # List and detail pages without the page cache, at 10,000 projects.
    pages = (results["sizes"].get(str(UNCACHED_PAGES_SIZE)) or {}).get("pages")
    if pages:
        ratios = {
            key: (page.get("uncached") or {}).get("vs_minimal")
            for key, page in pages.items()
            if page["kind"] in UNCACHED_PAGE_KINDS
        }
        missing = [key for key, ratio in ratios.items() if ratio is None]
        worst = min(
            (key for key in ratios if key not in missing),
            key=lambda key: ratios[key],
            default=None,
        )
        found.append(
            target(
                f"list and detail pages uncached at {UNCACHED_PAGES_SIZE}",
                f"≥ {UNCACHED_PAGES_RATIO:.0%} of the minimal view's rps, each",
                f"not measured: {', '.join(missing)}"
                if missing or worst is None
                else f"lowest {ratios[worst]:.0%} ({worst})",
                None
                if missing or worst is None
                else ratios[worst] >= UNCACHED_PAGES_RATIO,
            )
        )
    # The CSV export of 100,000 projects.
    export = results["sizes"].get(str(CSV_SIZE), {}).get("csv_export")
    found.append(
        target(
            f"CSV export of {CSV_SIZE:,} projects: speed",
            f"≥ {CSV_MIN_ROWS_PER_SECOND:,} rows/s",
            f"{export['rows_per_second']:,} rows/s" if export else "not measured",
            export["rows_per_second"] >= CSV_MIN_ROWS_PER_SECOND if export else None,
        )
    )
    found.append(
        target(
            f"CSV export of {CSV_SIZE:,} projects: memory",
            f"< {CSV_MAX_MEMORY_MB} MB growth of the process's peak RSS",
            f"{export['rss_growth_mb']} MB (peak RSS {export['peak_rss_mb']} MB)"
            if export
            else "not measured",
            export["rss_growth_mb"] < CSV_MAX_MEMORY_MB if export else None,
        )
    )
    xlsx = results["sizes"].get(str(XLSX_SIZE), {}).get("xlsx_export")
    found.append(
        target(
            f"XLSX export of {XLSX_SIZE:,} projects: memory",
            f"< {XLSX_MAX_MEMORY_MB} MB growth of the process's peak RSS",
            f"{xlsx['rss_growth_mb']} MB (peak RSS {xlsx['peak_rss_mb']} MB, "
            f"{xlsx['rows_per_second']:,} rows/s)"
            if xlsx
            else "not measured",
            xlsx["rss_growth_mb"] < XLSX_MAX_MEMORY_MB if xlsx else None,
        )
    )
    # Admin changelists at the largest size measured (100,000 in a full run).
    largest = sizes[-1]
    admin = results["sizes"][largest].get("admin") or {}
    if admin:
        worst = max(admin, key=lambda label: admin[label]["queries"])
        found.append(
            target(
                f"admin changelists at {largest}",
                f"≤ {MAX_ADMIN_QUERIES} queries",
                f"most {admin[worst]['queries']} ({worst})",
                admin[worst]["queries"] <= MAX_ADMIN_QUERIES,
            )
        )
    load = results.get("load")
    found.append(
        target(
            "load run: no errors",
            "0 socket errors, 0 responses other than 2xx/3xx",
            f"{load['errors']} errors in {load['requests']:,} requests"
            if load
            else "not run",
            load["errors"] == 0 if load else None,
        )
    )
    return found


def verdict(passed: bool | None) -> str:
    return {True: "PASS", False: "MISS", None: "----"}[passed]


def number(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def rate(value) -> str:
    """Requests per second: whole numbers, but a slow export's 0.4 stays 0.4."""
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 10 else f"{round(value):,}"


def percent(value) -> str:
    if value is None:
        return "–"
    return "<1%" if 0 < value < 0.005 else f"{value:.0%}"


def deviation(run: dict, figure: str) -> str:
    """How far the rounds strayed: the largest distance of a round from the median,
    as a share of the median ("±3%"); empty for a single round."""
    median = run.get(figure)
    spread = (run.get("spread") or {}).get(figure)
    if not median or not spread or len(run.get("rounds", ())) < 2:
        return ""
    low, high = spread
    share = max(high - median, median - low) / median
    return " ±<1%" if 0 < share < 0.005 else f" ±{share:.0%}"


def with_spread(run: dict, figure: str) -> str:
    shown = rate(run.get(figure)) if figure == "rps" else number(run.get(figure), 1)
    return shown + deviation(run, figure) if run.get(figure) is not None else shown


def import_markdown(results: dict) -> list[str]:
    measured = results.get("import")
    if not measured:
        return []
    lines = [
        "",
        f"CSV import ({measured.get('database', '')}), as its jobs run in the "
        f"worker, into a database of {measured['projects']:,} projects: a file of "
        "new projects, then the same projects exported with a Thai summary changed "
        "in each row and the pilot cities in every third; rows/s on the wall clock "
        "(the process's CPU time in brackets):",
        "",
        "| file | rows | MB | preview rows/s | preview s | apply rows/s | apply s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label in IMPORT_FILES.items():
        run = measured.get(key)
        if run:
            lines.append(
                f"| {label} | {run['rows']:,} | {run['bytes'] / 1e6:.1f} "
                f"| {run['preview_rows_per_second']:,} | {run['preview_seconds']} "
                f"({run['preview_cpu_seconds']}) "
                f"| {run['apply_rows_per_second']:,} | {run['apply_seconds']} "
                f"({run['apply_cpu_seconds']}) |"
            )
    return lines


def markdown(results: dict) -> str:
    lines = page_markdown(results) if results["sizes"] else []
    lines += import_markdown(results)
    lines += ["", "Targets:", ""]
    lines += [
        f"- {verdict(t['passed'])} {t['name']}: {t['value']} (target {t['target']})"
        for t in results["targets"]
    ]
    return "\n".join(lines).strip("\n")


def page_markdown(results: dict) -> list[str]:
    sizes = sorted(results["sizes"], key=int)
    options = results["options"]
    rounds = options["rounds"]
    lines = [
        "Requests per second (rps) and latency under wrk "
        f"({options['connections']} connections, {options['seconds']} s per page; "
        f"exports {options['export_connections']} connections, "
        f"{options['export_seconds']} s; a slow page runs longer, up to "
        f"{options['max_seconds']} s), gunicorn 2 sync workers without an access "
        f"log. Each figure is the median of {rounds} "
        f"round{'s' if rounds > 1 else ''} (each round measures every page once, "
        "in turn)"
        + (
            ", ± the largest distance of a round from it, as a share of it"
            if rounds > 1
            else ""
        )
        + "; p50/p95 in ms; vs min./static: the median rps as a share of the "
        "minimal view's and the static file's on the same server (both served "
        "outside the page cache, alike in both runs); queries: in process, page "
        "cache off.",
        "",
        "| projects | page | queries | uncached rps | p50 | p95 | vs min. | vs static "
        "| cached rps | p50 | p95 | vs min. | vs static |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        for key, page in results["sizes"][size]["pages"].items():
            cells = [f"{int(size):,}", key, number(page.get("queries"))]
            for mode in MODES:
                run = page.get(mode) or {}
                cells += [
                    with_spread(run, "rps"),
                    with_spread(run, "p50_ms"),
                    with_spread(run, "p95_ms"),
                    percent(run.get("vs_minimal")),
                    percent(run.get("vs_static")),
                ]
            lines.append("| " + " | ".join(cells) + " |")
    restarts = [
        f"{int(size):,} "
        + ", ".join(
            f"{mode} {count}"
            for mode, count in results["sizes"][size].get("worker_restarts", {}).items()
        )
        for size in sizes
    ]
    lines += [
        "",
        "Workers replaced by gunicorn after max_requests (each empties that worker's "
        "local-memory page cache): " + "; ".join(restarts) + ".",
    ]
    lines += [
        "",
        "CSV and XLSX exports of the projects, each in a process that does nothing "
        "else: resident memory (RSS) before the first download, the process's peak "
        "during it and the growth; Python's heap: tracemalloc's peak over a third "
        "download:",
        "",
        "| projects | file | rows/s | first bytes ms | RSS before MB | peak RSS MB "
        "| RSS growth MB | Python heap MB | queries |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, (key, label) in itertools.product(sizes, EXPORTS.items()):
        export = results["sizes"][size].get(key)
        if export:
            lines.append(
                f"| {int(size):,} | {label} | {export['rows_per_second']:,} "
                f"| {export['first_bytes_ms']} | {export['rss_before_mb']} "
                f"| {export['peak_rss_mb']} | {export['rss_growth_mb']} "
                f"| {export['python_heap_peak_growth_mb']} | {export['queries']} |"
            )
    admin_labels = sorted(
        {label for size in sizes for label in results["sizes"][size].get("admin", {})}
    )
    if admin_labels:
        lines += [
            "",
            "Admin changelists, queries per request (superuser):",
            "",
            "| changelist | " + " | ".join(f"{int(s):,}" for s in sizes) + " |",
            "| --- | " + " | ".join("---:" for _ in sizes) + " |",
        ]
        for label in admin_labels:
            counts = [
                (results["sizes"][s].get("admin", {}).get(label) or {}).get("queries")
                for s in sizes
            ]
            lines.append(f"| {label} | " + " | ".join(number(c) for c in counts) + " |")
    load = results.get("load")
    if load:
        lines += [
            "",
            f"Load run: {load['connections']} connections for "
            f"{load['seconds_asked']} s, "
            f"{len(load['paths'])} list, detail and home URLs in turn, cached server, "
            f"{int(load['size']):,} projects:",
            "",
            "| requests | rps | p50 ms | p95 ms | socket errors | not 2xx/3xx "
            "| workers replaced |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {load['requests']:,} | {rate(load['rps'])} "
            f"| {number(load['p50_ms'], 1)} | {number(load['p95_ms'], 1)} "
            f"| {sum(load['socket_errors'].values())} | {load['non_2xx_3xx']} "
            f"| {load.get('worker_restarts', '–')} |",
        ]
    return lines


def figures(results: dict) -> dict[str, tuple[float, list | None]]:
    """Every figure worth comparing between runs, by a readable name: its value and,
    for a median of rounds, the lowest and highest round."""
    found: dict[str, tuple[float, list | None]] = {}
    for size, size_result in results.get("sizes", {}).items():
        for key, page in size_result.get("pages", {}).items():
            if page.get("queries") is not None:
                found[f"{size} {key} queries"] = (page["queries"], None)
            for mode in MODES:
                run = page.get(mode) or {}
                for figure in FIGURES:
                    if run.get(figure) is not None:
                        spread = (run.get("spread") or {}).get(figure)
                        found[f"{size} {key} {mode} {figure}"] = (run[figure], spread)
        for key, label in EXPORTS.items():
            export = size_result.get(key) or {}
            for figure in (
                "rows_per_second",
                "first_bytes_ms",
                "peak_rss_mb",
                "rss_growth_mb",
            ):
                if figure in export:
                    found[f"{size} {label.lower()} export {figure}"] = (
                        export[figure],
                        None,
                    )
        for label, changelist in (size_result.get("admin") or {}).items():
            found[f"{size} admin {label} queries"] = (changelist["queries"], None)
    load = results.get("load") or {}
    for figure in ("requests", "rps", "p50_ms", "p95_ms", "errors"):
        if figure in load:
            found[f"load {figure}"] = (load[figure], None)
    for key in IMPORT_FILES:
        run = (results.get("import") or {}).get(key) or {}
        for step in IMPORT_STEPS:
            if f"{step}_rows_per_second" in run:
                found[f"csv import {key} {step} rows/s"] = (
                    run[f"{step}_rows_per_second"],
                    None,
                )
    return found


def change(old: float, new: float) -> str:
    if old == new:
        return "0%"
    if not old:
        return "new"
    return f"{(new - old) / old:+.1%}"


def overlap(before: list | None, now: list | None) -> str:
    """Whether the two runs' rounds overlap: a change within them may be noise."""
    if not before or not now:
        return ""
    return "yes" if before[0] <= now[1] and now[0] <= before[1] else "no"


def compare(old: dict, new: dict) -> str:
    """Each figure of `new` beside the same figure of `old`, with the change in %
    and, for medians of rounds, whether the two runs' rounds overlap."""
    before, now = figures(old), figures(new)
    lines = [
        f"Compared with the run of {old.get('machine', {}).get('date', '?')} "
        "(rounds overlap: the lowest to the highest round of one run meets the "
        "other's, so the change may be noise):",
        "",
        "| figure | before | now | change | rounds overlap |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for name, (value, spread) in now.items():
        if name in before:
            old_value, old_spread = before[name]
            lines.append(
                f"| {name} | {number(old_value, 1)} | {number(value, 1)} "
                f"| {change(old_value, value)} | {overlap(old_spread, spread)} |"
            )
    only = len(set(before) ^ set(now))
    if only:
        lines += ["", f"{only} figures are in only one of the two runs."]
    return "\n".join(lines)
