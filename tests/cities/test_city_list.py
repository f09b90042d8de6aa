import re

import pytest

from tests.factories import CityFactory, CountryFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    """Slugs of the cities in the list (not the map, the header or the filters)."""
    assert response.status_code == 200
    results = response.content.decode().split('class="record-list"', 1)
    if len(results) < 2:
        return []
    return re.findall(
        r'<h2 class="record__title">\s*<a href="/\w\w/cities/([^/]+)/"', results[1]
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "country=TH",
            {"bangkok", "chonburi", "phuket", "chiang-mai", "khon-kaen", "rayong"},
        ),
        ("country=TH&joined=2023", {"chiang-mai", "khon-kaen", "rayong"}),
        ("joined=2024", {"sumedang", "sihanoukville"}),
        ("q=ho chi minh", {"ho-chi-minh-city"}),
        ("q=เวียงจันทน์", {"vientiane"}),
        ("q=Banyuwangi", {"banyuwangi"}),
    ],
)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_city_filters(client, ascn_data, lang, query, expected):
    response = client.get(f"/{lang}/cities/?{query}")
    assert set(listed(response)) == expected


@pytest.mark.parametrize("query", ["ภูเก็ต", "Phuket", "phuket", "เก็ต", "PHUK"])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_search_finds_phuket_first_in_either_language(client, ascn_data, lang, query):
    slugs = listed(client.get(f"/{lang}/cities/", {"q": query}))
    assert slugs[0] == "phuket"
    # Other cities match only where their texts mention Phuket.
    assert set(slugs) <= {
        "phuket",
        "bangkok",
        "chonburi",
        "khon-kaen",
        "rayong",
        "chiang-mai",
    }


def test_focus_area_filter(client, ascn_data):
    area = FocusAreaFactory(slug="civic-test")
    CityFactory(slug="civic-town", name_en="Civic Town").focus_areas.add(area)
    assert listed(client.get("/en/cities/?focus_area=civic-test")) == ["civic-town"]


def test_sorting_by_year_joined_puts_the_newest_first(client, ascn_data):
    slugs = listed(client.get("/en/cities/?sort=-joined&country=KH"))
    assert slugs[0] == "sihanoukville"
    assert slugs[-1] in {"battambang", "phnom-penh", "siem-reap"}


def test_default_order_is_alphabetical_in_the_pages_language(client, db):
    CityFactory(slug="hanoi", name_th="ฮานอย", name_en="Hanoi")
    CityFactory(slug="manila", name_th="มะนิลา", name_en="Manila")
    assert listed(client.get("/en/cities/")) == ["hanoi", "manila"]
    assert listed(client.get("/th/cities/")) == ["manila", "hanoi"]


def test_result_count_and_pagination(client, db):
    for number in range(30):
        CityFactory(slug=f"town-{number:02d}", name_en=f"Town {number:02d}")
    first = client.get("/en/cities/")
    assert "30 results" in first.content.decode()
    assert len(listed(first)) == 24
    second = client.get("/en/cities/?page=2")
    assert len(listed(second)) == 6
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=XX", "Select a valid choice"),
        ("country=TH&focus_area=nowhere", "Select a valid choice"),
        ("joined=abc", "Select a valid choice"),
        ("joined=2561", "Select a valid choice"),
        ("q=" + "x" * 5000, "Ensure this value has at most 200 characters"),
        ("q=%00", "Null characters are not allowed"),
        ("sort=drop+table", "Select a valid choice"),
    ],
)
def test_an_invalid_filter_shows_a_message_and_no_results(
    client, ascn_data, query, message
):
    response = client.get(f"/en/cities/?{query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert listed(response) == []
    assert "a filter value is not valid" in html


def test_an_invalid_filter_is_explained_in_thai_on_thai_pages(client, ascn_data):
    html = client.get("/th/cities/?country=XX").content.decode()
    assert "ตัวกรองมีค่าที่ไม่ถูกต้อง" in html


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=99999", "page=-1", "page=0", "utm_source=x&foo[]=1", "%ZZ=1"],
)
def test_odd_query_strings_still_show_the_list(client, ascn_data, query):
    response = client.get(f"/en/cities/?{query}")
    assert response.status_code == 200
    assert listed(response)


def test_undecodable_bytes_in_a_search_find_nothing_without_an_error(client, ascn_data):
    response = client.get("/en/cities/?q=%FF%FE")
    assert response.status_code == 200
    assert listed(response) == []
    assert "Nothing found for “" in response.content.decode()


def test_draft_cities_are_not_listed_or_counted(client, ascn_data, draft):
    CityFactory(slug="secret-city", name_en="Secret City", **draft)
    response = client.get("/en/cities/?q=Secret")
    assert listed(response) == []
    assert "secret-city" not in client.get("/en/cities/").content.decode()
    assert client.get("/en/cities/secret-city/").status_code == 404


def test_a_city_of_a_draft_country_is_not_shown(client, db, draft):
    country = CountryFactory(code="ZZ", name_en="Draftland", **draft)
    CityFactory(slug="draft-capital", country=country)
    assert listed(client.get("/en/cities/")) == []
    assert client.get("/en/countries/ZZ/").status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_list_queries_do_not_grow_with_the_rows(
    client, db, django_assert_max_num_queries, rows
):
    area = FocusAreaFactory()
    for number in range(rows):
        CityFactory(slug=f"town-{number:02d}").focus_areas.add(area)
    with django_assert_max_num_queries(9):
        assert client.get("/en/cities/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_city_page_queries_do_not_grow_with_partnerships(
    client, db, django_assert_max_num_queries, rows
):
    from tests.factories import PartnershipFactory, ProjectFactory

    city = CityFactory(slug="phuket")
    for number in range(rows):
        PartnershipFactory(city=city, partner__slug=f"p-{number}")
        ProjectFactory(slug=f"project-{number}").cities.add(city)
        city.sources.create(title=f"Source {number}", url="https://example.org/")
    with django_assert_max_num_queries(8):
        response = client.get("/en/cities/phuket/")
    assert response.status_code == 200
    assert response.content.decode().count('class="record__title"') == 2 * rows


def test_a_draft_country_hides_its_cities_everywhere(client, db, draft):
    from tests.factories import FocusAreaFactory, ProjectFactory

    country = CountryFactory(code="ZZ", name_en="Draftland", **draft)
    area = FocusAreaFactory(slug="water")
    city = CityFactory(slug="hidden-capital", name_en="Hidden Capital", country=country)
    city.focus_areas.add(area)
    project = ProjectFactory(slug="open-project")
    project.cities.add(city)
    for page in (
        "/en/search/?q=Hidden",
        "/en/focus-areas/water/",
        "/en/projects/open-project/",
        "/en/",
    ):
        assert "Hidden Capital" not in client.get(page).content.decode(), page
    export = b"".join(client.get("/en/projects/export.csv").streaming_content)
    assert b"hidden-capital" not in export
    assert client.get("/en/cities/hidden-capital/").status_code == 404


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 0),
        ("sort=-joined", 0),
        ("country=TH&sort=-joined", 1),
        ("q=+&country=TH&joined=2023&page=1", 2),
        ("country=XX", 1),
    ],
)
def test_the_filter_button_counts_the_filters_in_use_not_the_order(
    client, ascn_data, query, count
):
    response = client.get(f"/th/cities/?{query}")
    html = response.content.decode()
    summary = html.split('class="filter-panel__toggle">', 1)[1].split("</summary>")[0]
    button = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    if count:
        assert button == f"ตัวกรอง ({count}) ใช้อยู่ {count} ตัว"
    else:
        assert button == "ตัวกรอง"
