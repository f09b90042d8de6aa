"""The index of the project list and export: newest start year first, projects
without one last, then by title in each language and by slug
(Project.objects.newest_first()).

SQLite cannot write NULLS LAST in an index, and needs it less: a descending order
there already puts NULL last.
"""

from django.db import migrations


def newest_first_sql(vendor: str, language: str) -> str:
    nulls_last = " NULLS LAST" if vendor == "postgresql" else ""
    return (
        f'CREATE INDEX "project_published_newest_{language}" ON "projects_project" '
        f'("status", "start_year" DESC{nulls_last}, "title_{language}", "slug")'
    )


def create_newest_first(apps, schema_editor):
    for language in ("th", "en"):
        schema_editor.execute(
            newest_first_sql(schema_editor.connection.vendor, language)
        )


def drop_newest_first(apps, schema_editor):
    for language in ("th", "en"):
        schema_editor.execute(f'DROP INDEX "project_published_newest_{language}"')


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create_newest_first, drop_newest_first)]
