"""Publish and unpublish the records whose scheduled time has come
(core/scheduling.py). Run it every minute; two runs at once are safe."""

from django.core.management.base import BaseCommand

from core.scheduling import run_schedule


class Command(BaseCommand):
    help = "Publish and unpublish the records whose scheduled time has come."

    def handle(self, *args, **options) -> None:
        done = run_schedule()
        for record in done.published:
            self.stdout.write(f"published: {record}")
        for record in done.unpublished:
            self.stdout.write(f"unpublished: {record}")
        self.stdout.write(
            f"{len(done.published)} published, {len(done.unpublished)} unpublished."
        )
