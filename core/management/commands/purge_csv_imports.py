"""Delete the CSV files of import previews that were never confirmed.

python manage.py purge_csv_imports             # older than a day
python manage.py purge_csv_imports --hours 2
"""

import datetime

from django.core.management.base import BaseCommand, no_translations

from core.csvio import uploads


class Command(BaseCommand):
    help = "Delete uploaded CSV files whose import was neither applied nor cancelled."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=24,
            help="Delete files older than this many hours (default: 24).",
        )

    @no_translations
    def handle(self, *args, hours: float, **options) -> None:
        purged = uploads.purge(datetime.timedelta(hours=hours))
        self.stdout.write(f"{purged} abandoned CSV upload(s) deleted.")
