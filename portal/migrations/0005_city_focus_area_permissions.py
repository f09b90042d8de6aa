"""Editors and publishers edit a city's focus areas (now rows of their own,
cities.CityFocusArea) in the city's form, as they edit its sources."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PARTS = {"Editor": ["add", "change", "view", "delete"], "Viewer": ["view"]}
PARTS["Publisher"] = PARTS["Editor"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in PARTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cities",
                codename__in=[f"{action}_cityfocusarea" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=PARTS):
        group.permissions.remove(
            *Permission.objects.filter(codename__endswith="_cityfocusarea")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_history_relations"),
        ("cities", "0005_focus_area_basis"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
