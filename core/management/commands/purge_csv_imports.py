"""Delete the CSV files of import previews that were never confirmed, and
import jobs (their previews, how they ended) older than that.

python manage.py purge_csv_imports             # older than a day
python manage.py purge_csv_imports --hours 2
"""

import datetime

from django.core.management.base import BaseCommand, no_translations
from django.utils import timezone

from core.csvio import uploads
from core.models import ImportJob


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
        age = datetime.timedelta(hours=hours)
        purged = uploads.purge(age)
        self.stdout.write(f"{purged} abandoned CSV upload(s) deleted.")
        jobs, _by_model = ImportJob.objects.filter(
            created_at__lt=timezone.now() - age
        ).delete()
        self.stdout.write(f"{jobs} finished CSV import job(s) deleted.")
