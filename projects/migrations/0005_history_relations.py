"""Each version keeps its relations in one JSON column (core/history.py); the
cities and focus areas simple-history kept per version in tables of their own
move there."""

from django.db import migrations, models


def copy_relations(apps, schema_editor):
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    kept: dict[int, dict[str, list[int]]] = {}
    for relation, model, column in (
        ("cities", "HistoricalProject_cities", "city_id"),
        ("focus_areas", "HistoricalProject_focus_areas", "focusarea_id"),
    ):
        tracked = apps.get_model("projects", model)
        for history_id, pk in tracked.objects.values_list(
            "history_id", column
        ).order_by(column):
            kept.setdefault(history_id, {}).setdefault(relation, []).append(pk)
    for version in HistoricalProject.objects.only("history_id").iterator():
        found = kept.get(version.history_id, {})
        version.relations = {
            "cities": found.get("cities", []),
            "focus_areas": found.get("focus_areas", []),
        }
        version.save(update_fields=["relations"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_scheduled_publishing"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=f"historical{model}",
                name="relations",
                field=models.JSONField(blank=True, editable=False, null=True),
            )
            for model in ("project", "projectpartner")
        ),
        migrations.RunPython(copy_relations, migrations.RunPython.noop),
        migrations.DeleteModel(name="HistoricalProject_cities"),
        migrations.DeleteModel(name="HistoricalProject_focus_areas"),
    ]
