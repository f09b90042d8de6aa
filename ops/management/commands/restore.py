"""Replace the database contents and the uploaded media with those of a backup made by
`manage.py backup`. Checks the whole backup first and changes nothing if any of it is
missing, damaged or of the other database vendor.

    python manage.py restore var/backups/ascn-20250101T020000Z
"""

from pathlib import Path

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import connections

from ops.backup import BackupError, prepare_restore, restore_backup, vendor_name


class Command(BaseCommand):
    help = "Replace the database and the media files with those of a backup."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, metavar="DIR")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--database", default="default", help="The database to restore into."
        )

    @no_translations
    def handle(
        self, *args, backup: Path, interactive: bool, database: str, **options
    ) -> None:
        try:
            manifest = prepare_restore(backup, using=database)
        except BackupError as error:
            raise CommandError(f"Nothing was restored. {error}") from error
        connection = connections[database]
        target = (
            f"the {vendor_name(connection.vendor)} database "
            f"{connection.settings_dict['NAME']}"
        )
        if manifest["django_version"] != django.get_version():
            self.stdout.write(
                self.style.WARNING(
                    f"The backup was made with Django {manifest['django_version']}, "
                    f"this is Django {django.get_version()}."
                )
            )
        if interactive and not self._confirmed(backup, manifest, target):
            raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restore_backup(backup, manifest, using=database)
        except BackupError as error:
            raise CommandError(f"Restore failed. {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {target} and the media files in {settings.MEDIA_ROOT} "
                f"from the backup of {manifest['created']}; the cache is cleared. "
                "Restart the application so that every worker starts afresh."
            )
        )

    def _confirmed(self, backup: Path, manifest: dict, target: str) -> bool:
        prompt = (
            f"This replaces every record in {target} and every file in "
            f"{settings.MEDIA_ROOT} with those of the backup {backup} (made "
            f"{manifest['created']}).\nType 'yes' to continue, or anything else to "
            "cancel: "
        )
        try:
            return input(prompt).strip().lower() == "yes"
        except EOFError:
            self.stderr.write(
                "No answer on standard input; use --no-input to restore without asking."
            )
            return False
