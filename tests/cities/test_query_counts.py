"""Pages whose query count must not grow with the records they show."""

import pytest

from tests.factories import (
    CityFactory,
    CountryFactory,
    FocusAreaFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[3, 30], ids=["few", "many"])
def rows(request, db):
    country = CountryFactory(code="TH")
    area = FocusAreaFactory(slug="water")
    for number in range(request.param):
        city = CityFactory(slug=f"city-{number:02d}", country=country)
        city.focus_areas.add(area)
        project = ProjectFactory(
            slug=f"project-{number:02d}", title_en=f"Water {number}"
        )
        project.focus_areas.add(area)
        project.cities.add(city)
    return request.param


@pytest.mark.parametrize(
    ("path", "max_queries"),
    [
        ("/en/countries/TH/", 4),
        ("/en/focus-areas/", 2),
        ("/en/focus-areas/water/", 4),
        # Countries, cities, partners, projects; the version.
        ("/en/search/?q=Water", 5),
        ("/en/search/?q=city", 5),
    ],
)
def test_page_queries_do_not_grow(
    client, django_assert_max_num_queries, rows, path, max_queries
):
    with django_assert_max_num_queries(max_queries):
        response = client.get(path)
    assert response.status_code == 200
