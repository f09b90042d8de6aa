"""A file exported before a colleague's edit does not silently revert that edit:
its rows are conflicts, left alone unless the importer chooses to overwrite."""

import re

import pytest
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from tests.core.test_csv_import import rows_of, staff_export, to_csv
from tests.csv_admin import confirm, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _own_upload_folder(settings, tmp_path):
    """Previews left unconfirmed here keep their files out of other tests' way."""
    settings.CSV_IMPORT_DIR = tmp_path / "csv-imports"


def exported_with(changes: dict[tuple[str, str], str]) -> bytes:
    header, rows = rows_of(staff_export(CitySpec, City))
    for row in rows:
        for (slug, column), value in changes.items():
            if row[0] == slug:
                row[header.index(column)] = value
    return to_csv(header, rows)


def colleague_edits(slug: str, summary: str) -> None:
    city = City.objects.get(slug=slug)
    city.summary_en = summary
    city.save()


def test_every_export_carries_each_rows_last_change(client, ascn_data):
    public = b"".join(client.get("/en/cities/export.csv").streaming_content)
    header, rows = rows_of(public.decode("utf-8"))
    assert "updated_at" in header
    phuket = next(row for row in rows if row[0] == "phuket")
    updated = City.objects.get(slug="phuket").updated_at.isoformat()
    assert phuket[header.index("updated_at")] == updated
    dictionary = client.get("/en/data/").content.decode()
    assert "a row whose record has changed since the file was exported" in dictionary


def test_an_old_file_does_not_revert_a_colleagues_edit(ascn_data):
    old_file = exported_with(
        {("phuket", "summary_en"): "Mine", ("rayong", "summary_en"): "Also mine"}
    )
    colleague_edits("phuket", "The colleague's summary")

    plan = plan_import(CitySpec(), old_file)
    phuket = next(row for row in plan.rows if row.key == "phuket")
    assert phuket.status == "conflict"
    assert (
        phuket.changed_since == City.objects.get(slug="phuket").updated_at.isoformat()
    )
    # Side by side: what the portal holds now, what the file says.
    (cell,) = phuket.cells
    assert (cell.old, cell.new) == ("The colleague's summary", "Mine")
    assert plan.is_valid
    counts = apply_import(plan)
    assert counts["conflict"] == 1 and counts["changed"] == 1
    assert City.objects.get(slug="phuket").summary_en == "The colleague's summary"
    assert City.objects.get(slug="rayong").summary_en == "Also mine"


def test_the_importer_may_choose_to_overwrite_a_conflict(ascn_data):
    old_file = exported_with({("phuket", "summary_en"): "Mine"})
    colleague_edits("phuket", "The colleague's summary")
    plan = plan_import(CitySpec(), old_file, overwrite={"phuket"})
    (row,) = [row for row in plan.rows if row.key == "phuket"]
    assert row.status == "changed" and row.changed_since
    apply_import(plan)
    assert City.objects.get(slug="phuket").summary_en == "Mine"


def test_no_conflict_without_a_change_or_without_the_column(ascn_data):
    colleague_edits("phuket", "The colleague's summary")
    # The file agrees with the portal on every value: nothing to do.
    stale = exported_with({})
    assert plan_import(CitySpec(), stale).count("conflict") == 0
    # An empty updated_at cell means: do not check, the file knows best.
    emptied = exported_with(
        {("phuket", "updated_at"): "", ("phuket", "summary_en"): "X"}
    )
    plan = plan_import(CitySpec(), emptied)
    assert plan.count("conflict") == 0 and plan.count("changed") == 1


def test_the_admin_shows_the_conflict_and_asks_before_overwriting(
    admin_client, ascn_data
):
    url = reverse("admin:cities_city_import")
    old_file = exported_with({("phuket", "summary_en"): "Mine"})
    colleague_edits("phuket", "The colleague's summary")

    preview = upload(admin_client, url, old_file)
    page = preview.content.decode()
    assert "1 conflict: its record changed after the file was exported." in page
    assert "<del>The colleague&#x27;s summary</del>" in page
    assert re.search(r'name="overwrite"\s+value="phuket"', page)

    done = confirm(admin_client, preview)
    assert "1 row was left alone" in done.content.decode()
    assert City.objects.get(slug="phuket").summary_en == "The colleague's summary"

    preview = upload(admin_client, url, old_file)
    confirm(admin_client, preview, overwrite=["phuket"])
    assert City.objects.get(slug="phuket").summary_en == "Mine"


def test_the_conflict_says_when_in_the_readers_calendar(admin_client, ascn_data):
    import datetime

    old_file = exported_with({("phuket", "summary_en"): "Mine"})
    colleague_edits("phuket", "The colleague's summary")
    City.objects.filter(slug="phuket").update(
        updated_at=datetime.datetime(2026, 12, 2, 9, 5, tzinfo=datetime.UTC)
    )
    page = upload(
        admin_client,
        reverse("admin:cities_city_import").replace("/en/", "/th/"),
        old_file,
    ).content.decode()
    # 09:05 UTC is 16:05 in Bangkok, in the Buddhist Era on the Thai admin.
    assert "แก้ไขล่าสุดเมื่อ 2\u00a0ธันวาคม พ.ศ.\u00a02569 เวลา 16:05\u00a0น." in page
