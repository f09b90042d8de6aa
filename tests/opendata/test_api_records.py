"""The JSON API's records: published only, both languages, related records,
the public lists' filters and order, pages, errors."""

import pytest
from django.urls import reverse

from core.models import PublicationStatus
from tests.factories import CityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def slugs(response, key="slug"):
    return [record[key] for record in response.json()["results"]]


def test_the_urls_have_the_agreed_names():
    assert reverse("api:city-list") == "/api/v1/cities/"
    assert reverse("api:project-detail", kwargs={"slug": "x"}) == "/api/v1/projects/x/"
    assert reverse("api:country-detail", kwargs={"code": "TH"}) == (
        "/api/v1/countries/TH/"
    )
    assert reverse("api:focus-area-list") == "/api/v1/focus-areas/"
    assert reverse("api:partnership-list") == "/api/v1/partnerships/"
    assert reverse("api:cities-geojson") == "/api/v1/cities.geojson"
    assert reverse("api:openapi-json") == "/api/v1/openapi.json"
    assert reverse("api:docs") == "/api/v1/docs/"


def test_a_city_comes_in_both_languages_with_its_country_and_areas(client, records):
    city = client.get("/api/v1/cities/chiang-mai/").json()
    assert (city["name_th"], city["name_en"]) == ("เชียงใหม่", "Chiang Mai")
    assert (city["summary_th"], city["summary_en"]) == (
        "เมืองทางภาคเหนือ",
        "A city in the north",
    )
    assert city["country"] == {"code": "TH", "name_th": "ไทย", "name_en": "Thailand"}
    assert [area["slug"] for area in city["focus_areas"]] == [
        "quality-environment",
        "health-well-being",
    ]
    assert city["pages"] == {
        "th": "http://testserver/th/cities/chiang-mai/",
        "en": "http://testserver/en/cities/chiang-mai/",
    }
    assert city["url"] == "http://testserver/api/v1/cities/chiang-mai/"
    assert [p["slug"] for p in city["projects"]] == ["smart-water"]
    assert [p["partner"]["slug"] for p in city["partnerships"]] == ["huawei"]


def test_a_project_lists_only_published_related_records_and_its_sources(
    client, records
):
    project = client.get("/api/v1/projects/smart-water/").json()
    assert [c["slug"] for c in project["cities"]] == ["chiang-mai"]
    assert [a["slug"] for a in project["focus_areas"]] == ["quality-environment"]
    assert {(p["slug"], p["role"]) for p in project["partners"]} == {
        ("huawei", "lead"),
        ("adb", "funder"),
    }
    assert project["estimated_cost"] == 1500000
    assert (project["description_th"], project["description_en"]) == (
        "รายละเอียด",
        "Details",
    )
    assert project["sources"] == [
        {
            "title": "ASEAN report",
            "url": "https://asean.org/report.pdf",
            "as_of": "2024-01-31",
            "language": "",
        }
    ]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/cities/hidden-city/",
        "/api/v1/projects/draft-project/",
        "/api/v1/partners/secret/",
        "/api/v1/focus-areas/draft-area/",
        "/api/v1/cities/no-such-city/",
        "/api/v1/countries/ZZ/",
    ],
)
def test_a_draft_or_unknown_record_is_a_json_404(client, records, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_drafts_never_appear_in_lists(client, records):
    everything = b"".join(
        client.get(address).content
        for address in [
            "/api/v1/cities/",
            "/api/v1/projects/",
            "/api/v1/partners/",
            "/api/v1/partnerships/",
            "/api/v1/focus-areas/",
            "/api/v1/countries/",
            "/api/v1/cities.geojson",
            "/api/v1/partners/huawei/",
        ]
    )
    for hidden in [b"hidden-city", b"draft-project", b'"secret"', b"draft-area"]:
        assert hidden not in everything
    partnerships = client.get("/api/v1/partnerships/").json()["results"]
    assert [(p["city"]["slug"], p["partner"]["slug"]) for p in partnerships] == [
        ("chiang-mai", "huawei")
    ]


def test_a_city_of_a_draft_country_is_not_published(client, records):
    records["thailand"].status = PublicationStatus.DRAFT
    records["thailand"].save()
    assert slugs(client.get("/api/v1/cities/")) == ["da-nang"]
    assert client.get("/api/v1/countries/TH/").status_code == 404


def test_thai_order_files_a_leading_vowel_under_its_consonant(client, records):
    # เชียงใหม่ under ช, before ดานัง and ภูเก็ต; a naive sort puts it last.
    assert slugs(client.get("/api/v1/cities/")) == ["chiang-mai", "da-nang", "phuket"]
    assert slugs(client.get("/api/v1/cities/?lang=th")) == [
        "chiang-mai",
        "da-nang",
        "phuket",
    ]


def test_lang_or_accept_language_choose_the_order(client, records):
    CityFactory(slug="bandung", name_th="บันดุง", name_en="Bandung")
    thai = ["chiang-mai", "da-nang", "bandung", "phuket"]
    english = ["bandung", "chiang-mai", "da-nang", "phuket"]
    assert slugs(client.get("/api/v1/cities/")) == thai
    assert slugs(client.get("/api/v1/cities/?lang=en")) == english
    assert slugs(client.get("/api/v1/cities/", HTTP_ACCEPT_LANGUAGE="en-GB")) == (
        english
    )
    response = client.get("/api/v1/cities/?lang=th", HTTP_ACCEPT_LANGUAGE="en")
    assert slugs(response) == thai
    assert response["Content-Language"] == "th"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=VN", ["da-nang"]),
        ("focus_area=health-well-being", ["chiang-mai"]),
        ("joined=2019", ["da-nang"]),
        ("q=เชียง", ["chiang-mai"]),
        ("q=phuket", ["phuket"]),
        ("sort=-joined&lang=en", ["da-nang", "chiang-mai", "phuket"]),
    ],
)
def test_cities_take_the_filters_of_the_city_list(client, records, query, expected):
    assert slugs(client.get(f"/api/v1/cities/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["smart-water", "old-bus"]),
        ("city=phuket", ["old-bus"]),
        ("partner=adb", ["smart-water"]),
        ("focus_area=quality-environment", ["smart-water"]),
        ("bankable=yes", ["smart-water"]),
        ("bankable=not_stated", ["old-bus"]),
        ("stage=planning", ["smart-water", "old-bus"]),
        ("stage=not_stated", []),
        ("scope=network", []),
        ("q=bus", ["old-bus"]),
    ],
)
def test_projects_take_the_filters_of_the_project_list(
    client, records, query, expected
):
    assert slugs(client.get(f"/api/v1/projects/?{query}")) == expected


def test_partners_filter_by_kind_and_partnerships_by_city(client, records):
    assert slugs(client.get("/api/v1/partners/?kind=fund")) == ["adb"]
    assert slugs(client.get("/api/v1/partners/?lang=en")) == ["adb", "huawei"]
    response = client.get("/api/v1/partnerships/?city=phuket")
    assert response.status_code == 200
    assert response.json()["count"] == 0  # its partner is a draft


def test_pages_link_to_each_other_with_absolute_addresses(client, records):
    for number in range(5):
        ProjectFactory(slug=f"extra-{number}", title_en=f"Extra {number}")
    first = client.get("/api/v1/projects/?page_size=3&lang=en&utm_source=x").json()
    assert first["count"] == 7
    assert first["previous"] is None
    assert first["next"] == (
        "http://testserver/api/v1/projects/?page_size=3&lang=en&page=2"
    )
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert second["previous"].endswith("page=1")
    seen = [r["slug"] for page in (first, second, third) for r in page["results"]]
    assert len(seen) == len(set(seen)) == 7
    past = client.get("/api/v1/projects/?page_size=3&page=9").json()
    assert past["results"] == []
    assert past["previous"].endswith("page=3")


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=abc",
        "page=-1",
        "page=99999999999999999999999",
        "page_size=101",
        "page_size=0",
        "lang=fr",
        "stage=unknown",
        "q=" + "x" * 201,
        "q=%00",
        "country=%00",
        "sort=name;DROP TABLE",
    ],
)
def test_a_bad_parameter_is_a_json_400_with_its_name(client, records, query):
    address = "/api/v1/projects/" if query.startswith("stage") else "/api/v1/cities/"
    response = client.get(f"{address}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    name = query.split("=")[0]
    assert name in {error["parameter"] for error in body["errors"]}


@pytest.mark.parametrize(
    "query",
    ["country=ZZ", "focus_area=no-such-area", "joined=1999", "city=%E0%B8%81"],
)
def test_a_filter_naming_nothing_published_is_a_json_404(client, records, query):
    address = "/api/v1/projects/" if query.startswith("city") else "/api/v1/cities/"
    response = client.get(f"{address}?{query}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["parameter"] == query.split("=")[0]


def test_messages_come_in_the_language_asked_for(client, records):
    thai = client.get("/api/v1/cities/nope/").json()["detail"]
    english = client.get("/api/v1/cities/nope/?lang=en").json()["detail"]
    assert english == "No published record has this address."
    assert thai != english


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/cities/%00/",
        "/api/v1/countries/%00/",
        "/api/v1/no-such-list/",
        "/api/v1/cities/a/b/",
    ],
)
def test_a_hostile_address_is_a_json_404(client, records, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_write_is_a_json_405(client, records):
    response = client.post("/api/v1/cities/", {"name": "x"})
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    assert response.json()["detail"]


def _projects_with_links(count):
    city = CityFactory(slug="linked-city")
    from partners.models import Partner
    from projects.models import ProjectPartner

    partner = Partner.objects.get(slug="huawei")
    for number in range(count):
        project = ProjectFactory(slug=f"many-{number}")
        project.cities.add(city)
        ProjectPartner.objects.create(project=project, partner=partner, role="lead")


@pytest.mark.parametrize("count", [5, 100])
def test_a_page_of_projects_takes_the_same_few_queries_however_many(
    client, records, settings, django_assert_max_num_queries, count
):
    settings.API_CACHE_ENABLED = False
    _projects_with_links(count)
    # The content version, the count, the page and the related records.
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/projects/?page_size=100")
    assert len(response.json()["results"]) == min(100, count + 2)
    assert all(r["cities"] for r in response.json()["results"][:count])


@pytest.mark.parametrize(
    ("address", "most"),
    [
        ("/api/v1/cities/?page_size=100", 5),
        ("/api/v1/partners/?page_size=100", 3),
        ("/api/v1/partnerships/?page_size=100", 3),
        ("/api/v1/countries/", 3),
        ("/api/v1/focus-areas/", 3),
        ("/api/v1/cities.geojson", 3),
    ],
)
def test_other_lists_take_a_fixed_number_of_queries(
    client, records, settings, django_assert_max_num_queries, address, most
):
    settings.API_CACHE_ENABLED = False
    for number in range(30):
        CityFactory(slug=f"more-{number}")
    with django_assert_max_num_queries(most):
        assert client.get(address).status_code == 200


def test_a_filter_that_keeps_every_record_keeps_the_order(client, records):
    for number in range(4):
        ProjectFactory(slug=f"same-year-{number}", start_year=2021)
    for lang in ("th", "en"):
        unfiltered = slugs(client.get(f"/api/v1/projects/?lang={lang}"))
        filtered = slugs(client.get(f"/api/v1/projects/?lang={lang}&scope=city"))
        assert filtered == unfiltered
        assert len(unfiltered) == 6


def test_with_the_answer_cache_off_a_page_seen_before_costs_the_version_alone(
    client, records, settings, django_assert_num_queries
):
    """The count, the page's records and their relations are kept under the
    content version (the answer itself is built again)."""
    settings.API_CACHE_ENABLED = False
    _projects_with_links(30)
    first = client.get("/api/v1/projects/?page_size=20&page=2")
    with django_assert_num_queries(1):
        again = client.get("/api/v1/projects/?page_size=20&page=2")
    assert again.json() == first.json()
    assert len(again.json()["results"]) == 12


def test_with_the_answer_cache_off_every_change_shows_at_once(
    client, records, settings
):
    from cities.models import City

    settings.API_CACHE_ENABLED = False
    address = "/api/v1/projects/?page_size=100"
    before = {p["slug"]: p for p in client.get(address).json()["results"]}
    assert [c["name_en"] for c in before["smart-water"]["cities"]] == ["Chiang Mai"]

    city = City.objects.get(slug="chiang-mai")
    city.name_en = "Chiang Mai City"
    city.save()
    ProjectFactory(slug="new-one")
    after = client.get(address).json()
    found = {p["slug"]: p for p in after["results"]}
    assert [c["name_en"] for c in found["smart-water"]["cities"]] == ["Chiang Mai City"]
    assert "new-one" in found
    assert after["count"] == len(before) + 1
    # Another host's links are its own.
    other = client.get(address, HTTP_HOST="127.0.0.1").json()
    assert other["results"][0]["url"].startswith("http://127.0.0.1/")
