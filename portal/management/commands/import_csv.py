"""Import pilot cities, partners or projects from a CSV file in the export format.

Prints a line per new, changed, conflicting or failing row and a summary; writes
all rows in one transaction, or none. Exits with status 1 when any row fails. A row
whose record changed after the file was exported (its `updated_at` differs) is a
conflict, left alone unless `--overwrite SLUG` names it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from cities.csv_columns import CitySpec
from core.csvio.applying import apply_import
from core.csvio.planning import RowResult, plan_import
from partners.csv_columns import PartnerSpec
from projects.csv_columns import ProjectSpec

SPECS = {spec.name: spec for spec in (CitySpec, PartnerSpec, ProjectSpec)}


class Command(BaseCommand):
    help = "Import cities, partners or projects from a CSV file (the export format)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change; write nothing.",
        )
        parser.add_argument(
            "--overwrite",
            action="append",
            default=[],
            metavar="SLUG",
            help="Overwrite this record although it changed after the export "
            "(repeat for several).",
        )

    @no_translations
    def handle(
        self,
        *args,
        kind: str,
        file: Path,
        dry_run: bool,
        overwrite: list[str],
        **options,
    ) -> None:
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        with transaction.atomic():
            # Checked and written in one transaction, the records locked.
            self.run(kind, data, file, dry_run, overwrite)

    def run(
        self, kind: str, data: bytes, file: Path, dry_run: bool, overwrite: list[str]
    ) -> None:
        plan = plan_import(SPECS[kind](), data, overwrite=overwrite, lock=not dry_run)
        for message in plan.file_errors:
            self.stderr.write(self.style.ERROR(message))
        if plan.reading:
            self.stdout.write(plan.reading)
        for row in plan.rows:
            if row.status == RowResult.ERROR:
                for message in row.errors:
                    self.stderr.write(self.style.ERROR(message))
            elif row.status == RowResult.NEW:
                self.stdout.write(f"row {row.number}: {row.key}: new")
            elif row.status == RowResult.CHANGED:
                changes = ", ".join(row.changes)
                self.stdout.write(f"row {row.number}: {row.key}: changed ({changes})")
            elif row.status == RowResult.CONFLICT:
                self.stderr.write(
                    self.style.WARNING(
                        f"row {row.number}: {row.key}: conflict, left alone: changed "
                        f"at {row.changed_since}, after the export "
                        f"(--overwrite {row.key} to write it anyway)"
                    )
                )
            for cell in row.cells:
                for warning in cell.warnings:
                    self.stderr.write(
                        self.style.WARNING(
                            f"row {row.number}: {row.key}: {cell.header}: {warning}"
                        )
                    )
        summary = plan.summary()
        line = ", ".join(f"{count} {status}" for status, count in summary.items())
        if not plan.is_valid:
            raise CommandError(f"Nothing was imported. {line}.", returncode=1)
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {line}.")
            return
        apply_import(plan, file_name=file.name)
        self.stdout.write(self.style.SUCCESS(f"Imported: {line}."))
