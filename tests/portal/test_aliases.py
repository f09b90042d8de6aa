"""Other well-known names (KL, Saigon, กรุงเทพฯ, Burma): kept by staff beside the
name in each language, exported and imported, and found by every search."""

import pytest

from cities.csv_columns import CitySpec
from cities.models import City, Country
from core.aliases import split_aliases
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from tests.core.test_csv_import import edit, rows_of, staff_export
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_aliases_are_read_as_a_comma_separated_list():
    assert split_aliases(" HCMC ,Saigon,, ") == ["HCMC", "Saigon"]
    assert split_aliases("กรุงเทพฯ, กทม.") == ["กรุงเทพฯ", "กทม."]
    assert split_aliases("") == split_aliases(None) == []


def test_the_reference_data_knows_the_well_known_other_names(ascn_data):
    kuala_lumpur = City.objects.get(slug="kuala-lumpur")
    assert split_aliases(kuala_lumpur.aliases_en) == ["KL"]
    saigon = City.objects.get(slug="ho-chi-minh-city")
    assert split_aliases(saigon.aliases_en) == ["HCMC", "Saigon"]
    assert split_aliases(saigon.aliases_th) == ["ไซ่ง่อน"]
    myanmar = Country.objects.get(code="MM")
    assert (myanmar.aliases_en, myanmar.aliases_th) == ("Burma", "พม่า")


@pytest.mark.parametrize(
    ("lang", "query", "slug"),
    [
        ("en", "KL", "kuala-lumpur"),
        ("th", "KL", "kuala-lumpur"),
        ("en", "saigon", "ho-chi-minh-city"),
        ("th", "ไซ่ง่อน", "ho-chi-minh-city"),
        ("en", "HCMC", "ho-chi-minh-city"),
        ("th", "กรุงเทพฯ", "bangkok"),
        ("th", "เนปิดอ", "nay-pyi-taw"),
    ],
)
def test_a_city_is_found_by_its_other_names_in_the_list_and_the_site_search(
    client, ascn_data, lang, query, slug
):
    listed = client.get(f"/{lang}/cities/", {"q": query}).content.decode()
    assert f'href="/{lang}/cities/{slug}/"' in listed
    found = client.get(f"/{lang}/search/", {"q": query}).content.decode()
    assert f'href="/{lang}/cities/{slug}/"' in found


def test_a_city_found_by_another_name_is_listed_before_one_that_mentions_it(client, db):
    CityFactory(slug="alpha", name_en="Alpha", summary_en="A ferry to Saigon.")
    CityFactory(slug="zeta", name_en="Zeta", aliases_en="Saigon")
    html = client.get("/en/cities/", {"q": "saigon"}).content.decode()
    assert html.index("/en/cities/zeta/") < html.index("/en/cities/alpha/")


@pytest.mark.parametrize(
    ("lang", "query", "shown"),
    [("en", "Burma", "Myanmar"), ("th", "พม่า", "เมียนมา"), ("en", "siam", "Thailand")],
)
def test_the_site_search_finds_a_country_by_its_other_name(
    client, ascn_data, lang, query, shown
):
    html = client.get(f"/{lang}/search/", {"q": query}).content.decode()
    code = "TH" if shown == "Thailand" else "MM"
    assert f'href="/{lang}/countries/{code}/"' in html
    assert shown in html


@pytest.mark.parametrize("lang", ["th", "en"])
def test_korat_is_not_a_pilot_city_and_the_list_says_so_helpfully(
    client, ascn_data, lang
):
    response = client.get(f"/{lang}/cities/", {"q": "โคราช"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="record"' not in html
    message = {
        "en": "Nothing found for “โคราช”. Try a shorter word or the other language.",
        "th": "ไม่พบผลลัพธ์สำหรับ “โคราช”",
    }[lang]
    assert message in html
    assert f'class="empty-result__clear" href="/{lang}/cities/"' in html
    search = client.get(f"/{lang}/search/", {"q": "Korat"})
    assert search.status_code == 200


def test_staff_edit_the_aliases_in_the_admin(admin_client):
    from tests.core.test_admin import admin_url

    city = CityFactory(slug="kuala-lumpur", name_en="Kuala Lumpur")
    page = admin_client.get(admin_url(City, "change", city.pk, language="en"))
    html = page.content.decode()
    assert 'name="aliases_en"' in html and 'name="aliases_th"' in html
    assert "separated by commas" in html
    changelist = admin_url(City, "changelist", language="en")
    found = admin_client.get(changelist, {"q": "KL"})
    assert list(found.context["cl"].result_list) == []
    City.objects.filter(pk=city.pk).update(aliases_en="KL")
    found = admin_client.get(changelist, {"q": "KL"})
    assert [c.slug for c in found.context["cl"].result_list] == ["kuala-lumpur"]


def test_aliases_go_out_and_come_back_through_the_csv_files(ascn_data, english):
    text = staff_export(CitySpec, City)
    header, rows = rows_of(text)
    row = next(row for row in rows if row[0] == "ho-chi-minh-city")
    assert row[header.index("aliases_en")] == "HCMC, Saigon"
    assert row[header.index("aliases_th")] == "ไซ่ง่อน"
    # Exported and imported again, nothing changes; one alias edited, it is kept.
    assert plan_import(CitySpec(), text.encode()).count("changed") == 0
    plan = plan_import(CitySpec(), edit(text, "kuala-lumpur", "aliases_th", "เคแอล"))
    assert plan.errors == []
    apply_import(plan)
    assert City.objects.get(slug="kuala-lumpur").aliases_th == "เคแอล"
