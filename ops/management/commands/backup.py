"""Back up the database and the uploaded media into one directory (see ops/backup.py).

python manage.py backup                      # var/backups/ascn-<UTC time>/
python manage.py backup --output /srv/backups/ascn-before-upgrade
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from ops.backup import BackupError, create_backup, default_backup_dir, vendor_name


class Command(BaseCommand):
    help = "Back up the database and the media files into a new directory."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            metavar="DIR",
            help="The new backup directory (default: var/backups/ascn-<UTC time>/).",
        )
        parser.add_argument(
            "--database", default="default", help="The database to back up."
        )

    @no_translations
    def handle(self, *args, output: Path | None, database: str, **options) -> None:
        output = output or default_backup_dir()
        try:
            manifest = create_backup(output, using=database)
        except BackupError as error:
            raise CommandError(f"No backup was written. {error}") from error
        rows = sum(manifest["database"]["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output.absolute()}: "
                f"{vendor_name(manifest['database']['vendor'])} database, {rows} rows "
                f"in {len(manifest['database']['rows'])} tables; "
                f"{manifest['media']['files']} media files."
            )
        )
