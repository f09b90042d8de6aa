"""Load the reference records of the ASEAN Smart Cities Network.

Idempotent: a second run changes nothing. A record that staff have edited since
the loader wrote it is left alone and listed, unless --force is given. Every row
is read through its model's CSV columns (portal/reference.py): an unknown key or
a value the column refuses stops the load, and nothing is written.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from cities.csv_columns import CitySpec, CountrySpec, FocusAreaSpec
from core.csvio.columns import CsvSpec
from partners.csv_columns import PartnershipSpec, PartnerSpec
from portal.csv_columns import PageSpec
from portal.reference import ReferenceDataError, ReferenceLoader
from projects.csv_columns import ProjectSpec

DATA_DIR = Path(__file__).resolve().parents[2] / "reference_data"
# In the order of their references: countries before cities, cities before
# partnerships ...
FILES: list[tuple[str, type[CsvSpec]]] = [
    ("pages", PageSpec),
    ("countries", CountrySpec),
    ("focus_areas", FocusAreaSpec),
    ("cities", CitySpec),
    ("partners", PartnerSpec),
    ("partnerships", PartnershipSpec),
    ("projects", ProjectSpec),
]


def read(path: Path) -> list[dict[str, Any]]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(rows, list):
        raise CommandError(f"{path}: the file must hold a list of rows.")
    return rows


class Command(BaseCommand):
    help = (
        "Load the ASCN reference records (the home page's introduction, countries, "
        "focus areas, the pilot cities, partners, partnerships and projects) "
        "in Thai and English."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite records that staff have edited since they were loaded.",
        )

    @no_translations
    def handle(self, *args, force: bool = False, **options) -> None:
        loader = ReferenceLoader(force=force)
        try:
            with transaction.atomic():
                for name, spec_class in FILES:
                    path = DATA_DIR / f"{name}.json"
                    loader.load(spec_class(), read(path), file=path.name)
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        report = loader.report
        for label, counts in report.counts.items():
            parts = ", ".join(
                f"{counts[outcome]} {outcome}"
                for outcome in ("created", "updated", "unchanged", "skipped")
                if counts[outcome]
            )
            self.stdout.write(f"{label}: {parts}")
        if report.skipped:
            self.stdout.write(
                self.style.WARNING(
                    "Left as staff edited them (use --force to overwrite):\n  "
                    + "\n  ".join(report.skipped)
                )
            )
        if report.changed:
            self.stdout.write(self.style.SUCCESS("ASCN reference data loaded."))
        else:
            self.stdout.write("ASCN reference data already up to date.")
