"""Thai names in Thai dictionary order: a sort key beside each Thai name
(core/collation.py), filled for the rows already there, and the indexes of
the public lists on it."""

from django.conf import settings
from django.db import migrations, models

import core.collation


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0010_thai_sort_keys"),
        ("partners", "0005_thai_unreviewed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="partner",
            name="partner_published_name_th",
        ),
        migrations.RemoveIndex(
            model_name="partner",
            name="partner_published_name_en",
        ),
        migrations.AddField(
            model_name="partner",
            name="name_th_sort",
            field=core.collation.ThaiSortKeyField(
                max_length=401, source="name", verbose_name="Thai sort key"
            ),
        ),
        migrations.RunPython(
            core.collation.fill_sort_keys("partners.Partner"), migrations.RunPython.noop
        ),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(
                fields=["status", "name_th_sort", "slug"],
                name="partner_published_name_th",
            ),
        ),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(
                models.F("status"),
                core.collation.Folded("name_en"),
                models.F("slug"),
                name="partner_published_name_en",
            ),
        ),
    ]
