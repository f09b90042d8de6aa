"""Thai names in Thai dictionary order: a sort key beside each Thai name
(core/collation.py), filled for the rows already there, and the indexes of
the public lists on it. The index of the project list and export (migration
0002: newest start year first, then by title) follows the title in the
reader's order: its Thai sort key, or its English text in lower case."""

from importlib import import_module

from django.conf import settings
from django.db import migrations, models

import core.collation

OLD_SQL = import_module("projects.migrations.0002_newest_first_index").newest_first_sql


def title_order(vendor: str, language: str) -> str:
    if language == "th":
        return '"title_th_sort"'
    collate = ' COLLATE "C"' if vendor == "postgresql" else ""
    return f'(lower("title_en"){collate})'


def newest_first_sql(vendor: str, language: str) -> str:
    nulls_last = " NULLS LAST" if vendor == "postgresql" else ""
    return (
        f'CREATE INDEX "project_published_newest_{language}" ON "projects_project" '
        f'("status", "start_year" DESC{nulls_last}, {title_order(vendor, language)}, '
        '"slug")'
    )


def recreate(sql):
    def run(apps, schema_editor):
        for language in ("th", "en"):
            # IF EXISTS: SQLite loses an index made by hand whenever a migration
            # rebuilds the table.
            schema_editor.execute(
                f'DROP INDEX IF EXISTS "project_published_newest_{language}"'
            )
            schema_editor.execute(sql(schema_editor.connection.vendor, language))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0010_thai_sort_keys"),
        ("partners", "0006_thai_sort_keys"),
        ("projects", "0009_image_focal_point"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="project",
            name="project_featured_th",
        ),
        migrations.RemoveIndex(
            model_name="project",
            name="project_featured_en",
        ),
        migrations.AddField(
            model_name="project",
            name="title_th_sort",
            field=core.collation.ThaiSortKeyField(
                max_length=501, source="title", verbose_name="Thai sort key"
            ),
        ),
        migrations.RunPython(
            core.collation.fill_sort_keys("projects.Project"), migrations.RunPython.noop
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                condition=models.Q(("is_featured", True)),
                fields=["status", "-start_year", "title_th_sort", "slug"],
                name="project_featured_th",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                models.F("status"),
                models.OrderBy(models.F("start_year"), descending=True),
                core.collation.Folded("title_en"),
                models.F("slug"),
                condition=models.Q(("is_featured", True)),
                name="project_featured_en",
            ),
        ),
        migrations.RunPython(recreate(newest_first_sql), recreate(OLD_SQL)),
    ]
