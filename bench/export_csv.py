"""Measure the streaming CSV export of many projects on its own: time to the first
bytes, rows per second, the process's peak resident memory and its growth, and
queries. `make bench` (bench/run.py)
takes the same measurement at each of its sizes; this script is the quick way to
look at the export alone.

    DATABASE_URL=sqlite:///var/bench/export.sqlite3 .venv/bin/python bench/export_csv.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ascn_bench .venv/bin/python \
        bench/export_csv.py --rows 100000

The database named by DATABASE_URL is emptied and filled with the benchmark's
synthetic records (bench/fill.py): give it a database of its own. Prints a table and
writes var/bench/export-csv.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ascn_portal.settings.dev")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'export.sqlite3'}"
)
(ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from bench.fill import analyze, fill  # noqa: E402


def measure_export(path: str) -> dict:
    """bench/probe.py's measurement, in a fresh process: this one's peak memory is
    that of the fill."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "export.json"
        subprocess.run(  # noqa: S603 - our own arguments, no shell
            [sys.executable, "-m", "bench.probe", "--export", path, "--out", out],
            cwd=ROOT,
            check=True,
        )
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    with transaction.atomic():
        fill(args.rows)
    analyze()
    with translation.override("en"):
        path = reverse("projects:project-export")
    result = {
        "database": connection.vendor,
        "projects": args.rows,
        **measure_export(path),
    }
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    target = ROOT / "var" / "bench" / "export-csv.json"
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if result["rows"] != args.rows:
        sys.exit(f"expected {args.rows} rows, got {result['rows']}")


if __name__ == "__main__":
    main()
