"""Load the reference records of the ASEAN Smart Cities Network.

Idempotent: a second run changes nothing. A record that staff have edited since
the loader wrote it is left alone and listed, unless --force is given.
"""

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from cities.models import City, Country, FocusArea
from core.models import PublicationStatus
from partners.models import Partner, Partnership
from portal.models import Page
from portal.reference import ManyToMany, ReferenceLoader, Sources
from projects.models import Project, ProjectPartner

DATA_DIR = Path(__file__).resolve().parents[2] / "reference_data"
PUBLISHED = PublicationStatus.PUBLISHED


def read(name: str) -> list[dict[str, Any]]:
    path = DATA_DIR / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class ProjectPartners:
    """A project's partners with their roles, through ProjectPartner."""

    key = "partners"

    def __init__(self, roles: list[tuple[Partner, str]]) -> None:
        self.roles = roles

    def current(self, obj: Project) -> list[list[Any]]:
        return sorted(
            [pp.partner_id, pp.role]
            for pp in ProjectPartner.objects.filter(project=obj)
        )

    def apply(self, obj: Project) -> None:
        ProjectPartner.objects.filter(project=obj).delete()
        ProjectPartner.objects.bulk_create(
            ProjectPartner(project=obj, partner=partner, role=role)
            for partner, role in self.roles
        )


class Command(BaseCommand):
    help = (
        "Load the ASCN reference records (the home page's introduction, countries, "
        "focus areas, the 31 pilot cities, partners, partnerships and projects) "
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
        with transaction.atomic():
            self.load(loader)
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

    def load(self, loader: ReferenceLoader) -> None:
        for row in read("pages"):
            loader.upsert(
                Page,
                lookup={"slug": row["slug"]},
                values={
                    "title_th": row["title_th"],
                    "title_en": row["title_en"],
                    "body_th": row["body_th"],
                    "body_en": row["body_en"],
                    "status": PUBLISHED,
                },
            )

        countries = {}
        for row in read("countries"):
            countries[row["code"]] = loader.upsert(
                Country,
                lookup={"code": row["code"]},
                values={
                    "name_th": row["name_th"],
                    "name_en": row["name_en"],
                    "is_asean_member": row["asean_member"],
                    "status": PUBLISHED,
                },
            )

        focus_areas = {}
        for row in read("focus_areas"):
            focus_areas[row["slug"]] = loader.upsert(
                FocusArea,
                lookup={"slug": row["slug"]},
                values={
                    "name_th": row["name_th"],
                    "name_en": row["name_en"],
                    "description_th": row.get("description_th", ""),
                    "description_en": row.get("description_en", ""),
                    "position": row["order"],
                    "status": PUBLISHED,
                },
            )

        cities = {}
        for row in read("cities"):
            cities[row["slug"]] = loader.upsert(
                City,
                lookup={"slug": row["slug"]},
                values={
                    "name_th": row["name_th"],
                    "name_en": row["name_en"],
                    "country": countries[row["country"]],
                    "region_th": row.get("region_th") or "",
                    "region_en": row.get("region_en") or "",
                    "latitude": decimal_or_none(row["latitude"]),
                    "longitude": decimal_or_none(row["longitude"]),
                    "population": row.get("population"),
                    "population_year": row.get("population_year"),
                    "joined_year": row["joined_year"],
                    "summary_th": row.get("summary_th", ""),
                    "summary_en": row.get("summary_en", ""),
                    "vision_th": row.get("vision_th", ""),
                    "vision_en": row.get("vision_en", ""),
                    "website": row.get("website") or "",
                    "status": PUBLISHED,
                },
                relations=[
                    ManyToMany(
                        "focus_areas",
                        [focus_areas[slug] for slug in row.get("focus_areas", [])],
                    ),
                    Sources(row.get("sources", [])),
                ],
            )

        partners = {}
        for row in read("partners"):
            partners[row["slug"]] = loader.upsert(
                Partner,
                lookup={"slug": row["slug"]},
                values={
                    "name_th": row["name_th"],
                    "name_en": row["name_en"],
                    "kind": row["kind"],
                    "country": countries[row["country"]]
                    if row.get("country")
                    else None,
                    "website": row.get("website") or "",
                    "since_year": row.get("since_year"),
                    "description_th": row.get("description_th", ""),
                    "description_en": row.get("description_en", ""),
                    "status": PUBLISHED,
                },
                relations=[Sources(row.get("sources", []))],
            )

        for row in read("partnerships"):
            loader.upsert(
                Partnership,
                lookup={
                    "city": cities[row["city"]],
                    "partner": partners[row["partner"]],
                    "kind": row["kind"],
                },
                values={
                    "topic_th": row.get("topic_th", ""),
                    "topic_en": row.get("topic_en", ""),
                    "start_year": row.get("start_year"),
                    "end_year": row.get("end_year"),
                    "status": PUBLISHED,
                },
                relations=[Sources(row.get("sources", []))],
            )

        for row in read("projects"):
            loader.upsert(
                Project,
                lookup={"slug": row["slug"]},
                values={
                    "title_th": row["title_th"],
                    "title_en": row["title_en"],
                    "summary_th": row.get("summary_th", ""),
                    "summary_en": row.get("summary_en", ""),
                    "stage": row["stage"],
                    "start_year": row.get("start_year"),
                    "end_year": row.get("end_year"),
                    "estimated_cost": decimal_or_none(row.get("estimated_cost")),
                    "currency": row.get("currency") or "",
                    "is_bankable": row.get("bankable", False),
                    "is_featured": row.get("featured", False),
                    "status": PUBLISHED,
                },
                relations=[
                    ManyToMany("cities", [cities[slug] for slug in row["cities"]]),
                    ManyToMany(
                        "focus_areas",
                        [focus_areas[slug] for slug in row.get("focus_areas", [])],
                    ),
                    ProjectPartners(
                        [(partners[p["partner"]], p["role"]) for p in row["partners"]]
                    ),
                    Sources(row.get("sources", [])),
                ],
            )
