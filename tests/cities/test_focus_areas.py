"""The focus-area index and pages: how many published cities and projects each
area has, who they are, and the filtered lists they link to."""

import re

import pytest

from core.models import PublicationStatus
from tests.factories import (
    CityFactory,
    CountryFactory,
    FocusAreaFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def titles(response, tag: str = "h3") -> list[str]:
    return re.findall(
        rf'<{tag} class="record__title">\s*<a href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


@pytest.fixture
def water(db):
    area = FocusAreaFactory(slug="water", name_en="Water", name_th="น้ำ")
    FocusAreaFactory(slug="empty", name_en="Empty", name_th="ว่าง")
    for slug in ("a", "b"):
        CityFactory(slug=f"city-{slug}").focus_areas.add(area)
    CityFactory(slug="draft-city", status=PublicationStatus.DRAFT).focus_areas.add(area)
    hidden_country = CountryFactory(code="XX", status=PublicationStatus.DRAFT)
    CityFactory(slug="hidden", country=hidden_country).focus_areas.add(area)
    for number in range(3):
        ProjectFactory(slug=f"water-{number}").focus_areas.add(area)
    ProjectFactory(
        slug="draft-project", status=PublicationStatus.DRAFT
    ).focus_areas.add(area)
    return area


def test_the_index_counts_published_cities_and_projects(client, water):
    english = text(client.get("/en/focus-areas/"))
    assert "Water 2 pilot cities · 3 projects" in english
    thai = text(client.get("/th/focus-areas/"))
    assert "น้ำ เมืองนำร่อง 2 เมือง · 3 โครงการ" in thai


def test_the_index_says_an_empty_area_has_nothing_yet_in_words(client, water):
    english = text(client.get("/en/focus-areas/"))
    assert "Empty no pilot city yet · no project yet" in english
    assert not re.search(r"\b0 (pilot cities|projects)", english)
    thai = text(client.get("/th/focus-areas/"))
    assert "ว่าง ยังไม่มีเมืองนำร่อง · ยังไม่มีโครงการ" in thai


def test_the_index_links_to_the_lists_filtered_by_the_area(client, water):
    page = client.get("/th/focus-areas/").content.decode()
    assert 'href="/th/cities/?focus_area=water"' in page
    assert 'href="/th/projects/?focus_area=water"' in page
    cities = client.get("/th/cities/?focus_area=water")
    assert "2 รายการ" in cities.content.decode()
    assert sorted(titles(cities, "h2")) == sorted(
        city.name_th for city in water.cities.filter(slug__in=["city-a", "city-b"])
    )
    projects = client.get("/en/projects/?focus_area=water")
    assert "3 results" in projects.content.decode()
    assert projects.content.decode().count('class="card__title"') == 3
    empty = client.get("/en/projects/?focus_area=empty").content.decode()
    assert 'class="card__title"' not in empty


def test_an_area_page_lists_its_published_cities_and_projects(client, water):
    response = client.get("/en/focus-areas/water/")
    page = response.content.decode()
    assert "/en/cities/city-a/" in page and "/en/cities/city-b/" in page
    assert "draft-city" not in page and "/hidden/" not in page
    assert "/en/projects/water-2/" in page and "draft-project" not in page
    # All of them fit on the page: no link to see more.
    assert "See all" not in page


def test_an_area_page_lists_cities_by_name_in_the_readers_language(client):
    area = FocusAreaFactory(slug="water")
    for slug, thai, english in [
        ("bangkok", "กรุงเทพมหานคร", "Bangkok"),
        ("phuket", "ภูเก็ต", "Phuket"),
        ("hanoi", "ฮานอย", "Hanoi"),
    ]:
        CityFactory(slug=slug, name_th=thai, name_en=english).focus_areas.add(area)
    assert titles(client.get("/en/focus-areas/water/")) == [
        "Bangkok",
        "Hanoi",
        "Phuket",
    ]
    # The city list's order on Thai pages.
    listed = titles(client.get("/th/cities/?focus_area=water"), "h2")
    assert titles(client.get("/th/focus-areas/water/")) == listed
    assert listed[0] == "กรุงเทพมหานคร"


def test_a_large_area_shows_the_first_records_and_links_to_all(client):
    area = FocusAreaFactory(slug="water")
    country = CountryFactory()
    for number in range(30):
        CityFactory(slug=f"city-{number:02d}", country=country).focus_areas.add(area)
        ProjectFactory(slug=f"project-{number:02d}").focus_areas.add(area)
    response = client.get("/en/focus-areas/water/")
    assert len(titles(response)) == 48
    page = text(response)
    assert "See all 30 pilot cities in the list" in page
    assert "See all 30 projects in the list" in page
    raw = response.content.decode()
    assert 'href="/en/cities/?focus_area=water"' in raw
    assert 'href="/en/projects/?focus_area=water"' in raw
    thai = text(client.get("/th/focus-areas/water/"))
    assert "ดูเมืองนำร่องทั้ง 30 เมืองในรายการ" in thai
    assert "ดูโครงการทั้ง 30 โครงการในรายการ" in thai
    assert "30 results" in client.get("/en/cities/?focus_area=water").content.decode()
