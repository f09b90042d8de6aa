"""Parts of pages kept under the content version: filter choices, the map, the
home page's figures and the number of matches. Each must follow every change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def test_filter_choices_follow_new_records_and_mark_the_chosen_one(
    client, no_page_cache
):
    phuket = CityFactory(slug="phuket", name_en="Phuket")
    ProjectFactory(slug="in-phuket").cities.add(phuket)
    html = client.get("/en/projects/").content.decode()
    assert '<option value="phuket">Phuket (1)</option>' in html
    assert '<option value="" selected>All pilot cities</option>' in html
    CityFactory(slug="khon-kaen", name_en="Khon Kaen")
    html = client.get("/en/projects/?city=khon-kaen").content.decode()
    # Chosen, though it has no project yet; a filter does not narrow its own
    # options: Phuket keeps its count.
    assert '<option value="khon-kaen" selected>Khon Kaen (0)</option>' in html
    assert '<option value="phuket">Phuket (1)</option>' in html
    assert '<option value="">All pilot cities</option>' in html


def test_filter_choices_are_in_the_reader_language(client, no_page_cache):
    PartnerFactory(slug="huawei", name_en="Huawei", name_th="หัวเว่ย")
    assert "หัวเว่ย" in client.get("/th/projects/").content.decode()
    assert ">Huawei (0)</option>" in client.get("/en/projects/").content.decode()


def test_the_filter_choices_cost_no_query_the_second_time(client, no_page_cache):
    for number in range(5):
        CityFactory(slug=f"city-{number}")
        PartnerFactory(slug=f"partner-{number}")
    with CaptureQueriesContext(connection) as first:
        client.get("/en/projects/")
    with CaptureQueriesContext(connection) as second:
        client.get("/en/projects/")
    # The city and partner choices and the count come from the cache.
    assert len(second) <= len(first) - 3


def test_counts_and_figures_follow_every_change(client, no_page_cache):
    city = CityFactory(slug="phuket")
    ProjectFactory(slug="one").cities.add(city)
    assert "1 result" in client.get("/en/projects/").content.decode()
    home = client.get("/en/").content.decode()
    assert '?bankable=yes">' not in home  # 0 bankable projects: not shown
    ProjectFactory(slug="two", bankable="yes")
    assert "2 results" in client.get("/en/projects/").content.decode()
    home = client.get("/en/").content.decode()
    assert '?bankable=yes">1</a>' in home
    figures = client.get("/en/").context["figures"]
    assert figures["projects"] == 2 and figures["cities"] == 1


def map_cities(html: str) -> set[str]:
    """The cities the map's markers link to."""
    return set(re.findall(r'<a href="([^"#]+)"\s+class="city-map__marker', html))


def test_the_map_follows_new_cities(client, no_page_cache):
    CityFactory(slug="phuket", name_en="Phuket", latitude=7.88, longitude=98.39)
    assert map_cities(client.get("/en/").content.decode()) == {"/en/cities/phuket/"}
    assert map_cities(client.get("/en/cities/").content.decode()) == {
        "/en/cities/phuket/"
    }
    CityFactory(slug="rayong", name_en="Rayong", latitude=12.68, longitude=101.27)
    both = {"/en/cities/phuket/", "/en/cities/rayong/"}
    assert map_cities(client.get("/en/").content.decode()) == both
    assert map_cities(client.get("/en/cities/").content.decode()) == both
    filtered = client.get("/en/cities/?q=Rayong").content.decode()
    assert map_cities(filtered) == {"/en/cities/rayong/"}
