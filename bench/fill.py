"""Synthetic records for the benchmark, in a database of their own, kept between runs.

    DATABASE_URL=sqlite:///var/bench/bench_10000.sqlite3 DJANGO_SETTINGS_MODULE=... \
        .venv/bin/python -m bench.fill --projects 10000 [--regenerate]

`prepare` leaves a database with `projects` published projects and, in proportion,
pilot cities (projects/100, at least 10), partners (projects/50, at least 10), their
partnerships, a few countries, the six focus areas, sources on some records, the home
page's text and a superuser `bench` without a password. A marker table records the
generator's version, the migrations' digest and the size once the load is complete; a
later run reuses the database while they match and no migration is pending, and builds
it anew otherwise
(or with --regenerate): a SQLite file is deleted, a PostgreSQL database dropped and
created again. Give the benchmark databases of their own.
"""

import argparse
import datetime
import json
import time
from pathlib import Path

from django.db import connection, transaction

# Raise it whenever fill() changes, so that cached databases are built anew.
GENERATOR_VERSION = 2
MARKER_TABLE = "bench_marker"
BATCH = 5000

COUNTRIES = [
    ("TH", "ไทย", "Thailand", True),
    ("VN", "เวียดนาม", "Viet Nam", True),
    ("ID", "อินโดนีเซีย", "Indonesia", True),
    ("MY", "มาเลเซีย", "Malaysia", True),
    ("PH", "ฟิลิปปินส์", "Philippines", True),
    ("JP", "ญี่ปุ่น", "Japan", False),
    ("KR", "เกาหลีใต้", "Republic of Korea", False),
]
ASEAN_CODES = [code for code, _th, _en, member in COUNTRIES if member]
FOCUS_AREAS = [
    ("civic-and-social", "พลเมืองและสังคม", "Civic and Social"),
    ("health-and-well-being", "สุขภาพและความเป็นอยู่", "Health and Well-Being"),
    ("safety-and-security", "ความปลอดภัยและความมั่นคง", "Safety and Security"),
    ("quality-environment", "คุณภาพสิ่งแวดล้อม", "Quality Environment"),
    ("built-infrastructure", "โครงสร้างพื้นฐาน", "Built Infrastructure"),
    ("industry-and-innovation", "อุตสาหกรรมและนวัตกรรม", "Industry and Innovation"),
]


def proportions(projects: int) -> dict[str, int]:
    return {
        "projects": projects,
        "cities": max(10, projects // 100),
        "partners": max(10, projects // 50),
    }


def fill(projects: int) -> dict[str, int]:
    """Write the records into an empty, migrated database; returns their counts."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from cities.models import City, CityFocusArea, Country, FocusArea
    from core.models import Source
    from partners.models import Partner, PartnerKind, Partnership, PartnershipKind
    from portal.models import Page
    from projects.models import PartnerRole, Project, ProjectPartner, Stage

    published = "published"
    published_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    sizes = proportions(projects)
    user = get_user_model()(username="bench", is_staff=True, is_superuser=True)
    user.set_unusable_password()
    user.save()
    Page.objects.create(
        slug="about-ascn",
        title_th="เครือข่ายเมืองอัจฉริยะอาเซียน",
        title_en="The ASEAN Smart Cities Network",
        body_th="เครือข่ายความร่วมมือของเมืองอัจฉริยะในอาเซียน\n\nข้อมูลสังเคราะห์",
        body_en="A collaborative platform of ASEAN cities.\n\nSynthetic data.",
        status=published,
        published_at=published_at,
    )
    countries = {
        code: Country.objects.create(
            code=code,
            name_th=name_th,
            name_en=name_en,
            is_asean_member=member,
            status=published,
            published_at=published_at,
        )
        for code, name_th, name_en, member in COUNTRIES
    }
    areas = [
        FocusArea.objects.create(
            slug=slug,
            name_th=name_th,
            name_en=name_en,
            description_th=f"ด้าน{name_th}",
            description_en=f"The focus area {name_en}.",
            position=position,
            status=published,
            published_at=published_at,
        )
        for position, (slug, name_th, name_en) in enumerate(FOCUS_AREAS)
    ]
    cities = City.objects.bulk_create(
        City(
            slug=f"city-{n:05d}",
            name_th=f"เมือง {n}",
            name_en=f"City {n}",
            region_en=f"Province {n % 40}",
            region_th=f"จังหวัด {n % 40}",
            summary_th="เมืองนำร่องของเครือข่ายเมืองอัจฉริยะอาเซียน",
            summary_en="A pilot city of the ASEAN Smart Cities Network.",
            country=countries[ASEAN_CODES[n % len(ASEAN_CODES)]],
            latitude=-8 + (n * 7) % 28,
            longitude=95 + (n * 11) % 30,
            population=100_000 + n * 1000,
            population_year=2020,
            joined_year=2018 + n % 7,
            status=published,
            published_at=published_at,
        )
        for n in range(sizes["cities"])
    )
    CityFocusArea.objects.bulk_create(
        CityFocusArea(city=city, focus_area=areas[(i + k) % len(areas)])
        for i, city in enumerate(cities)
        for k in range(2)
    )
    kinds = list(PartnerKind.values)
    partner_countries = [*countries.values(), None]
    partners = Partner.objects.bulk_create(
        Partner(
            slug=f"partner-{n:05d}",
            name_th=f"ภาคี {n}",
            name_en=f"Partner {n}",
            description_th="ภาคีของเครือข่าย",
            description_en="A partner of the network.",
            kind=kinds[n % len(kinds)],
            country=partner_countries[n % len(partner_countries)],
            since_year=2015 + n % 10,
            status=published,
            published_at=published_at,
        )
        for n in range(sizes["partners"])
    )
    partnership_kinds = list(PartnershipKind.values)
    Partnership.objects.bulk_create(
        Partnership(
            city=city,
            partner=partners[(2 * i + k) % len(partners)],
            kind=partnership_kinds[(i + k) % len(partnership_kinds)],
            topic_th="ความร่วมมือด้านเมืองอัจฉริยะ",
            topic_en="Smart-city cooperation",
            start_year=2018 + (i + k) % 6,
            status=published,
            published_at=published_at,
        )
        for i, city in enumerate(cities)
        for k in range(2)
    )
    stages = list(Stage.values)
    for start in range(0, projects, BATCH):
        batch = Project.objects.bulk_create(
            Project(
                slug=f"project-{n:07d}",
                title_th=f"โครงการเมืองอัจฉริยะ {n}",
                title_en=f"Smart-city project {n}",
                summary_th="โครงการพัฒนาเมืองอัจฉริยะด้านการขนส่ง, น้ำ และพลังงาน",
                summary_en="A smart-city project on transport, water and energy.",
                stage=stages[n % len(stages)],
                start_year=2015 + n % 10,
                end_year=2026 + n % 5 if n % 2 else None,
                estimated_cost=1_000_000 + n if n % 4 == 0 else None,
                currency="USD" if n % 4 == 0 else "",
                bankable="yes" if n % 5 == 0 else "",
                is_featured=n % 500 == 0,
                status=published,
                published_at=published_at,
            )
            for n in range(start, min(projects, start + BATCH))
        )
        Project.cities.through.objects.bulk_create(
            Project.cities.through(
                project=p, city=cities[(start + i + k) % len(cities)]
            )
            for i, p in enumerate(batch)
            for k in range(1 if (start + i) % 3 else 2)
        )
        Project.focus_areas.through.objects.bulk_create(
            Project.focus_areas.through(
                project=p, focusarea=areas[(start + i + k) % len(areas)]
            )
            for i, p in enumerate(batch)
            for k in range(1 if (start + i) % 2 else 2)
        )
        roles = [(PartnerRole.LEAD, 0), (PartnerRole.FUNDER, 1)]
        ProjectPartner.objects.bulk_create(
            ProjectPartner(
                project=p,
                partner=partners[(start + i + offset) % len(partners)],
                role=role,
            )
            for i, p in enumerate(batch)
            for role, offset in roles[: 1 if (start + i) % 4 else 2]
        )
        project_type = ContentType.objects.get_for_model(Project)
        Source.objects.bulk_create(
            Source(
                content_type=project_type,
                object_id=p.pk,
                title=f"Project sheet {start + i}",
                url=f"https://example.org/projects/{start + i}",
                as_of=datetime.date(2024, 1, 1),
            )
            for i, p in enumerate(batch)
            if (start + i) % 10 == 0
        )
    for model, records in ((City, cities), (Partner, partners)):
        record_type = ContentType.objects.get_for_model(model)
        Source.objects.bulk_create(
            Source(
                content_type=record_type,
                object_id=record.pk,
                title=f"Fact sheet of {record.slug}",
                url=f"https://example.org/{record.slug}",
                as_of=datetime.date(2024, 1, 1),
            )
            for record in records
        )
    return {
        **sizes,
        "partnerships": Partnership.objects.count(),
        "sources": Source.objects.count(),
        "countries": len(countries),
        "focus_areas": len(areas),
    }


def analyze() -> None:
    """Fresh planner statistics, as a live database has them (autovacuum on
    PostgreSQL, ANALYZE or PRAGMA optimize on SQLite): without them PostgreSQL plans
    the export of 100,000 projects badly, and SQLite reads every published project
    for the home page's few featured ones."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def read_marker() -> dict | None:
    try:
        with connection.cursor() as cursor:
            if MARKER_TABLE not in connection.introspection.table_names(cursor):
                return None
            cursor.execute(f"SELECT content FROM {MARKER_TABLE}")  # noqa: S608
            row = cursor.fetchone()
    except Exception:  # a database that does not exist yet is not current either
        return None
    return json.loads(row[0]) if row else None


def write_marker(content: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {MARKER_TABLE} (content TEXT NOT NULL)")
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (content) VALUES (%s)",  # noqa: S608
            [json.dumps(content)],
        )


def migrations_digest() -> str:
    """A digest of every migration file of the project's apps: a migration edited
    in place (its name unchanged) builds the databases anew too."""
    import hashlib

    from django.apps import apps
    from django.conf import settings

    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if root in folder.parents:
            for path in sorted(folder.glob("*.py")):
                digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def migrations_pending() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def recreate_database() -> None:
    """Start from nothing: delete the SQLite file, or drop and create the PostgreSQL
    database (connected to the server's `postgres` database meanwhile)."""
    settings = connection.settings_dict
    connection.close()
    if connection.vendor == "sqlite":
        path = Path(settings["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        import psycopg
        from psycopg import sql

        params = {
            "dbname": "postgres",
            "host": settings["HOST"] or None,
            "port": settings["PORT"] or None,
            "user": settings["USER"] or None,
            "password": settings["PASSWORD"] or None,
        }
        name = sql.Identifier(settings["NAME"])
        with psycopg.connect(
            **{k: v for k, v in params.items() if v}, autocommit=True
        ) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
            )
            admin.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    name
                )
            )
    else:
        raise SystemExit(f"bench: no support for {connection.vendor} databases")


def prepare(projects: int, regenerate: bool = False) -> dict:
    """A database with `projects` projects: the cached one if it is current."""
    from django.core.management import call_command

    wanted = {
        "generator": GENERATOR_VERSION,
        "migrations": migrations_digest(),
        **proportions(projects),
    }
    marker = None if regenerate else read_marker()
    if marker and marker.get("complete") and marker["wanted"] == wanted:
        if not migrations_pending():
            return {"generated": False, "seconds": 0.0, **marker}
    started = time.perf_counter()
    recreate_database()
    call_command("migrate", "--no-input", verbosity=0)
    with transaction.atomic():
        counts = fill(projects)
    analyze()
    content = {
        "wanted": wanted,
        "counts": counts,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "complete": True,
    }
    write_marker(content)
    return {
        "generated": True,
        "seconds": round(time.perf_counter() - started, 1),
        **content,
    }


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, required=True)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--out", type=Path, required=True, help="JSON result file")
    args = parser.parse_args()
    django.setup()
    result = prepare(args.projects, regenerate=args.regenerate)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
