"""The sort key beside each Thai name is never stale, whichever way the record
is written: the admin's save, the import's writes together, a restore from
history or from a backup, a pending change published. It stays out of the
exports, the data dictionary and the history."""

import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command

from cities.csv_columns import CitySpec
from cities.models import City, Country
from core import revisions, snapshots
from core.bulk import update_rows
from core.collation import sort_key_fields, thai_sort_key
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from core.history import latest_version
from partners.models import Partner
from projects.csv_columns import ProjectSpec
from projects.models import Project
from tests.core.test_csv_import import edit, rows_of, staff_export, to_csv
from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

KEYED = [(Country, "name"), (City, "name"), (Partner, "name"), (Project, "title")]


def stale(model) -> list[str]:
    """Records whose key is not that of their Thai name (or English one)."""
    found = []
    for record in model._default_manager.all():
        for field in sort_key_fields(model):
            thai = getattr(record, f"{field.source}_th") or ""
            english = getattr(record, f"{field.source}_en") or ""
            if getattr(record, field.attname) != thai_sort_key(thai.strip() or english):
                found.append(str(record))
    return found


@pytest.mark.parametrize(("model", "source"), KEYED)
def test_the_reference_data_has_the_keys_of_its_names(ascn_data, model, source):
    assert model._default_manager.exists()
    assert stale(model) == []
    assert [field.source for field in sort_key_fields(model)] == [source]


def test_saving_a_record_computes_its_key():
    city = CityFactory(name_th="เชียงใหม่", name_en="Chiang Mai")
    assert city.name_th_sort == thai_sort_key("เชียงใหม่")
    city.name_th = "ขอนแก่น"
    city.save()
    city.refresh_from_db()
    assert city.name_th_sort == thai_sort_key("ขอนแก่น")


def test_saving_only_the_name_writes_its_key_too():
    partner = PartnerFactory(name_th="แรมบอลล์")
    partner.name_th = "หัวเว่ย"
    partner.save(update_fields=["name_th", "updated_at"])
    partner.refresh_from_db()
    assert partner.name_th_sort == thai_sort_key("หัวเว่ย")


def test_a_record_without_a_thai_name_sorts_by_the_name_the_page_shows():
    project = ProjectFactory(title_th="", title_en="Smart Mobility")
    assert project.title_th_sort == thai_sort_key("Smart Mobility")


def test_a_very_long_name_fits_its_key_column():
    project = ProjectFactory(title_th="ำ" * 250)
    project.refresh_from_db()
    field = Project._meta.get_field("title_th_sort")
    assert len(project.title_th_sort) == field.max_length


def test_records_written_together_get_their_keys(db):
    Country.objects.bulk_create(
        [Country(code="XA", name_th="แอฟริกาใต้"), Country(code="XB", name_th="กานา")]
    )
    assert stale(Country) == []
    countries = list(Country.objects.filter(code__in=["XA", "XB"]))
    for country in countries:
        country.name_th = f"ใหม่ {country.code}"
    update_rows(countries, ["name_th"])
    assert stale(Country) == []


def test_a_file_of_cities_imported_keeps_the_keys_right(ascn_data, english):
    text = staff_export(CitySpec, City)
    data = edit(text, "hanoi", "name_th", "เอ ฮานอย")
    header, rows = rows_of(data.decode("utf-8-sig"))
    new = list(rows[0])
    new[header.index("slug")] = "new-town"
    new[header.index("name_th")] = "ไชยา"
    new[header.index("updated_at")] = new[header.index("created_at")] = ""
    plan = plan_import(CitySpec(), to_csv(header, [*rows, new]))
    assert plan.is_valid, plan.errors
    apply_import(plan)
    assert City.objects.get(slug="hanoi").name_th_sort == thai_sort_key("เอ ฮานอย")
    assert City.objects.get(slug="new-town").name_th_sort == thai_sort_key("ไชยา")
    assert stale(City) == []


def test_a_file_of_projects_imported_keeps_the_keys_right(ascn_data, english):
    text = staff_export(ProjectSpec, Project)
    slug = Project.objects.order_by("slug").first().slug
    apply_import(plan_import(ProjectSpec(), edit(text, slug, "title_th", "ไม้ไผ่")))
    assert Project.objects.get(slug=slug).title_th_sort == thai_sort_key("ไม้ไผ่")
    assert stale(Project) == []


def test_the_key_is_neither_exported_nor_described(ascn_data, client, english):
    for spec, model in ((CitySpec, City), (ProjectSpec, Project)):
        header, _rows = rows_of(staff_export(spec, model))
        assert not [name for name in header if "sort" in name]
    page = client.get("/th/data/").content.decode()
    assert "_sort" not in page


def test_the_key_is_not_kept_in_history():
    city = CityFactory(name_th="ภูเก็ต")
    version = latest_version(city)
    assert not hasattr(version, "name_th_sort")
    assert "name_th_sort" not in snapshots.take(city)["fields"]


def test_restoring_a_version_brings_back_the_key_of_its_name(admin_user, draft):
    city = CityFactory(name_th="ภูเก็ต", **draft)
    old = latest_version(city)
    city.name_th = "ระยอง"
    city.save()
    revisions.restore(version=old, user=admin_user)
    city.refresh_from_db()
    assert (city.name_th, city.name_th_sort) == ("ภูเก็ต", thai_sort_key("ภูเก็ต"))


def test_restoring_a_deleted_record_gives_it_its_key(admin_user):
    city = CityFactory(name_th="ดานัง")
    pk = city.pk
    city.delete()
    version = City.history.filter(id=pk, history_type="-").get()
    revisions.restore(version=version, user=admin_user)
    assert City.objects.get(pk=pk).name_th_sort == thai_sort_key("ดานัง")


def test_publishing_a_pending_change_writes_the_key_of_the_new_name(admin_user):
    partner = PartnerFactory(name_th="หัวเว่ย")
    snapshot = snapshots.take(partner)
    snapshot["fields"]["name_th"] = "เอไอเอส"
    revisions.propose(record=partner, snapshot=snapshot, user=admin_user, submit=True)
    partner.refresh_from_db()
    assert partner.name_th_sort == thai_sort_key("หัวเว่ย")
    revisions.publish(record=partner, user=admin_user)
    partner.refresh_from_db()
    assert partner.name_th_sort == thai_sort_key("เอไอเอส")


def test_a_backup_loaded_gets_keys_computed_anew(tmp_path):
    """A backup is a fixture loaded raw, without `pre_save`: one taken before
    the keys existed, or before their rules changed, is sorted anew."""
    country = Country.objects.create(code="XC", name_th="ไทย", name_en="Thailand")
    rows = json.loads(serializers.serialize("json", [country]))
    rows[0]["fields"]["name_th_sort"] = "stale"
    fixture = tmp_path / "countries.json"
    fixture.write_text(json.dumps(rows), encoding="utf-8")
    Country.objects.filter(pk=country.pk).delete()
    call_command("loaddata", str(fixture), stdout=io.StringIO())
    assert Country.objects.get(code="XC").name_th_sort == thai_sort_key("ไทย")
