"""The staff groups of the editorial workflow and their permissions.

Editor: creates and edits records, submits them for review; no publishing and no
deleting of records. Publisher: also publishes, unpublishes, archives and deletes.
Viewer: reads the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORDS = {
    "cities": ["country", "focusarea", "city"],
    "partners": ["partner", "partnership"],
    "projects": ["project"],
    "portal": ["page"],
}
# Parts of a record, edited in its inlines: editors may remove a row of these.
PARTS = {"core": ["source"], "projects": ["projectpartner"]}


def codenames(actions, models):
    return [
        (app, f"{action}_{model}")
        for app, names in models.items()
        for model in names
        for action in actions
    ]


GROUPS = {
    "Editor": codenames(["add", "change", "view"], RECORDS)
    + codenames(["add", "change", "view", "delete"], PARTS),
    "Publisher": codenames(["add", "change", "view", "delete", "publish"], RECORDS)
    + codenames(["add", "change", "view", "delete"], PARTS),
    "Viewer": codenames(["view"], RECORDS) + codenames(["view"], PARTS),
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cities", "0001_initial"),
        ("core", "0001_initial"),
        ("partners", "0001_initial"),
        ("projects", "0001_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
