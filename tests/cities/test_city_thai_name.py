"""Whether a Thai source confirms a city's Thai name, for staff."""

import pytest
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from tests.core.test_csv_import import edit, staff_export
from tests.factories import CityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

WIKI = "https://th.wikipedia.org/wiki/กูจิง"


@pytest.fixture
def cities(db):
    return {
        "kuching": CityFactory(
            slug="kuching",
            name_en="Kuching",
            name_th="กูจิง",
            name_th_confirmed=True,
            name_th_source=WIKI,
        ),
        "sumedang": CityFactory(slug="sumedang", name_en="Sumedang", name_th="ซูเมดัง"),
    }


def test_a_new_city_starts_with_its_thai_name_unconfirmed(db):
    assert CityFactory().name_th_confirmed is False


def test_staff_filter_cities_by_a_confirmed_thai_name(admin_client, cities):
    url = reverse("admin:cities_city_changelist")
    html = admin_client.get(url, {"name_th_confirmed__exact": "0"}).content.decode()
    assert "Sumedang" in html and "Kuching" not in html


def test_the_dashboard_lists_each_unconfirmed_thai_name_with_a_link(
    admin_client, cities
):
    html = admin_client.get(reverse("admin:index")).content.decode()
    section = html.split("Thai names not confirmed by a Thai source")[1]
    section = section.split("</section>")[0]
    change = reverse("admin:cities_city_change", args=[cities["sumedang"].pk])
    assert f'<a href="{change}">Sumedang</a>' in section
    assert '<span lang="th">ซูเมดัง</span>' in section
    assert "Kuching" not in section
    assert "?name_th_confirmed__exact=0" in html


def test_the_dashboard_says_it_in_thai(admin_client, cities):
    from django.utils import translation

    with translation.override("th"):
        html = admin_client.get(reverse("admin:index")).content.decode()
    assert "ชื่อภาษาไทยที่ยังไม่มีแหล่งข้อมูลภาษาไทยยืนยัน" in html


def test_no_list_when_every_thai_name_is_confirmed(admin_client, cities):
    City.objects.update(name_th_confirmed=True)
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Thai names not confirmed" not in html


def test_the_csv_files_carry_the_mark_and_its_source(cities):
    text = staff_export(CitySpec, City)
    assert f"Kuching,กูจิง,true,{WIKI}" in text
    assert "Sumedang,ซูเมดัง,false," in text
    assert plan_import(CitySpec(), text.encode()).summary()["changed"] == 0
    plan = plan_import(CitySpec(), edit(text, "sumedang", "name_th_confirmed", "true"))
    assert plan.is_valid, plan.errors
    apply_import(plan)
    assert City.objects.get(slug="sumedang").name_th_confirmed is True


def test_the_reference_data_confirms_every_thai_name_but_sumedangs_and_the_new(
    ascn_data,
):
    # The seven members of 2025 and 2026 have Thai names no Thai source confirms.
    unconfirmed = City.objects.filter(name_th_confirmed=False)
    assert set(unconfirmed.values_list("slug", flat=True)) == {"sumedang"} | set(
        City.objects.filter(joined_year__gte=2025).values_list("slug", flat=True)
    )
    assert City.objects.filter(joined_year__gte=2025).count() == 7
    assert City.objects.count() == 38
