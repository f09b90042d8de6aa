"""Each version keeps its relations in one JSON column (core/history.py); the
focus areas simple-history kept per version in a table of their own move there."""

from django.db import migrations, models


def copy_focus_areas(apps, schema_editor):
    HistoricalCity = apps.get_model("cities", "HistoricalCity")
    Tracked = apps.get_model("cities", "HistoricalCity_focus_areas")
    chosen: dict[int, list[int]] = {}
    for history_id, area_id in Tracked.objects.values_list(
        "history_id", "focusarea_id"
    ).order_by("focusarea_id"):
        chosen.setdefault(history_id, []).append(area_id)
    for version in HistoricalCity.objects.only("history_id").iterator():
        version.relations = {"focus_areas": chosen.get(version.history_id, [])}
        version.save(update_fields=["relations"])


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0003_scheduled_publishing"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=f"historical{model}",
                name="relations",
                field=models.JSONField(blank=True, editable=False, null=True),
            )
            for model in ("city", "country", "focusarea")
        ),
        migrations.RunPython(copy_focus_areas, migrations.RunPython.noop),
        migrations.DeleteModel(name="HistoricalCity_focus_areas"),
    ]
