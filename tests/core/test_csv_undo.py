"""Every import is recorded as a batch; one action undoes it, relations included,
and refuses where a record has changed since."""

import pytest
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from core.csvio.undo import UndoRefused, changed_since, undo_batch
from core.models import ImportBatch
from tests.core.test_csv_import import rows_of, staff_export, to_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _own_upload_folder(settings, tmp_path):
    settings.CSV_IMPORT_DIR = tmp_path / "csv-imports"


def import_file(changes, new_rows=(), user=None, name="cities.csv") -> ImportBatch:
    header, rows = rows_of(staff_export(CitySpec, City))
    for row in rows:
        for (slug, column), value in changes.items():
            if row[0] == slug:
                row[header.index(column)] = value
    phuket = next(row for row in rows if row[0] == "phuket")
    for slug in new_rows:
        fresh = list(phuket)
        fresh[0] = slug
        fresh[header.index("updated_at")] = ""
        rows.append(fresh)
    plan = plan_import(CitySpec(), to_csv(header, rows), user=user)
    assert plan.is_valid, plan.errors
    apply_import(plan, file_name=name)
    return ImportBatch.objects.latest("pk")


def state(slug):
    city = City.objects.get(slug=slug)
    return (
        city.summary_en,
        city.status,
        sorted(city.focus_areas.values_list("slug", flat=True)),
    )


def stamp(slug):
    city = City.objects.get(slug=slug)
    return city.published_at, city.published_by_id


def test_an_import_is_recorded_as_a_batch(ascn_data, admin_user):
    batch = import_file(
        {("phuket", "summary_en"): "Changed"},
        new_rows=["new-town"],
        user=admin_user,
        name="mine.csv",
    )
    assert (batch.spec, batch.file_name, batch.created_by) == (
        "cities",
        "mine.csv",
        admin_user,
    )
    assert (batch.created_count, batch.changed_count) == (1, 1)
    assert batch.created_keys == ["new-town"]
    assert set(batch.before) == {"phuket"}


def test_undo_restores_values_and_relations_and_removes_created_records(ascn_data):
    before, published = state("phuket"), stamp("phuket")
    assert before[2] != ["civic-social"]  # what the import below writes
    batch = import_file(
        {
            ("phuket", "summary_en"): "Changed",
            ("phuket", "focus_areas"): "civic-social",
            ("phuket", "status"): "draft",
        },
        new_rows=["new-town"],
    )
    assert state("phuket") == ("Changed", "draft", ["civic-social"])
    undo_batch(batch)
    assert state("phuket") == before
    # Its own publication stamp, not a new one.
    assert stamp("phuket") == published
    assert not City.objects.filter(slug="new-town").exists()
    batch.refresh_from_db()
    assert batch.undone_at is not None
    with pytest.raises(UndoRefused, match="already been undone"):
        undo_batch(batch)


def test_undo_is_refused_and_names_records_changed_since(ascn_data):
    batch = import_file(
        {("phuket", "summary_en"): "Imported", ("rayong", "summary_en"): "Imported too"}
    )
    city = City.objects.get(slug="rayong")
    city.summary_en = "A colleague's later edit"
    city.save()
    assert changed_since(batch) == ["rayong"]
    with pytest.raises(UndoRefused, match="rayong"):
        undo_batch(batch)
    # Nothing was undone: the import and the later edit both stand.
    assert City.objects.get(slug="phuket").summary_en == "Imported"
    assert City.objects.get(slug="rayong").summary_en == "A colleague's later edit"


def test_the_admin_lists_imports_and_undoes_one(admin_client, ascn_data):
    url = reverse("admin:cities_city_import")
    header, rows = rows_of(staff_export(CitySpec, City))
    for row in rows:
        if row[0] == "phuket":
            row[header.index("summary_en")] = "From the file"
    from tests.csv_admin import confirm, upload

    preview = upload(admin_client, url, to_csv(header, rows), "phuket-fix.csv")
    assert "CSV imports" in preview.content.decode()
    confirm(admin_client, preview)
    batch = ImportBatch.objects.get()
    assert batch.file_name == "phuket-fix.csv"

    listing = admin_client.get(reverse("admin:core_importbatch_changelist"))
    assert "phuket-fix.csv" in listing.content.decode()
    done = admin_client.post(
        reverse("admin:core_importbatch_changelist"),
        {"action": "undo", "_selected_action": [batch.pk]},
        follow=True,
    )
    assert "Undone:" in done.content.decode()
    assert City.objects.get(slug="phuket").summary_en != "From the file"


def test_the_shell_import_is_recorded_too(ascn_data, tmp_path):
    from django.core.management import call_command

    header, rows = rows_of(staff_export(CitySpec, City))
    for row in rows:
        if row[0] == "phuket":
            row[header.index("summary_en")] = "From the shell"
    path = tmp_path / "shell.csv"
    path.write_bytes(to_csv(header, rows))
    call_command("import_csv", "cities", str(path))
    assert ImportBatch.objects.get().file_name == "shell.csv"
