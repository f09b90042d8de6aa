"""The admin in Thai lists records by their Thai names in Thai dictionary order:
the lists, a name column sorted by its heading, the choices of the filters and
the autocompletes of other records' forms. In English, by the English names."""

import pytest
from django.urls import reverse
from django.utils import translation

from cities.models import City
from core.collation import thai_sort_key
from partners.models import Partnership
from tests.portal.test_thai_order import THAI_CITIES, THAI_COUNTRIES, THAI_MEMBER_STATES

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "th", **query) -> str:
    with translation.override(language):
        path = reverse(name)
    return path + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def listed(admin_client, name: str, language: str = "th", **query) -> list:
    response = admin_client.get(url(name, language, **query))
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_the_thai_list_of_cities_is_in_thai_order(admin_client, ascn_data):
    cities = listed(admin_client, "admin:cities_city_changelist")
    assert [city.name_th for city in cities] == THAI_CITIES


def test_the_english_list_of_cities_is_alphabetical(admin_client, ascn_data):
    cities = listed(admin_client, "admin:cities_city_changelist", "en")
    shown = [city.name_en for city in cities]
    assert shown == sorted(shown, key=str.lower)


def test_sorting_by_the_name_column_keeps_thai_order(admin_client, ascn_data):
    # The name is the list's first column: o=1 sorts up, o=-1 down.
    down = listed(admin_client, "admin:cities_city_changelist", o="-1")
    assert [city.name_th for city in down] == THAI_CITIES[::-1]
    up = listed(admin_client, "admin:cities_city_changelist", o="1")
    assert [city.name_th for city in up] == THAI_CITIES


def test_sorting_by_the_country_column_follows_the_thai_names(admin_client, ascn_data):
    # name, thai_complete, english_complete, country: the fourth column.
    cities = listed(admin_client, "admin:cities_city_changelist", o="4.1")
    countries: list[str] = []
    for city in cities:
        if city.country.name_th not in countries:
            countries.append(city.country.name_th)
    assert countries == THAI_MEMBER_STATES


def test_the_thai_lists_of_countries_partners_and_projects(admin_client, ascn_data):
    countries = listed(admin_client, "admin:cities_country_changelist")
    assert [c.name_th for c in countries][:4] == ["กัมพูชา", "จีน", "ญี่ปุ่น", "ติมอร์-เลสเต"]
    partners = listed(admin_client, "admin:partners_partner_changelist")
    assert partners[0].name_th == "กรมประปาและระบายน้ำเคาน์ตีไมแอมี-เดด"
    projects = listed(admin_client, "admin:projects_project_changelist")
    titles = [project.title_th for project in projects]
    assert len(titles) == 50
    assert titles == sorted(titles, key=thai_sort_key)


def test_partnerships_are_listed_by_the_thai_names_of_their_cities(
    admin_client, ascn_data
):
    partnerships = listed(admin_client, "admin:partners_partnership_changelist")
    cities = [partnership.city.name_th for partnership in partnerships]
    assert cities == sorted(cities, key=thai_sort_key)
    assert len(partnerships) == min(50, Partnership.objects.count())


def test_the_country_filter_of_the_list_offers_thai_order(admin_client, ascn_data):
    response = admin_client.get(url("admin:cities_city_changelist"))
    country = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "field_path", "") == "country"
    )
    names = [name for _pk, name in country.lookup_choices]
    assert names == THAI_COUNTRIES


def test_the_autocomplete_of_a_citys_country_is_in_thai_order(admin_client, ascn_data):
    with translation.override("th"):
        path = reverse("admin:autocomplete")
    response = admin_client.get(
        path, {"app_label": "cities", "model_name": "city", "field_name": "country"}
    )
    assert response.status_code == 200
    names = [item["text"] for item in response.json()["results"]]
    assert [name for name in names if name in THAI_MEMBER_STATES] == (
        THAI_MEMBER_STATES
    )
    assert names[:2] == ["กัมพูชา", "จีน"]


def test_the_autocomplete_of_a_projects_cities_is_in_thai_order(
    admin_client, ascn_data
):
    with translation.override("th"):
        path = reverse("admin:autocomplete")
    response = admin_client.get(
        path,
        {"app_label": "projects", "model_name": "project", "field_name": "cities"},
    )
    names = [item["text"] for item in response.json()["results"]]
    assert names == THAI_CITIES[: len(names)]
    assert len(names) >= 20
    assert City.objects.count() == len(THAI_CITIES)
