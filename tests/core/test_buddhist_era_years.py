"""A Buddhist Era year typed where the portal wants the Common Era gets a hint
with the year it probably means, in forms as in imports."""

import pytest
from django.urls import reverse

from cities.models import City

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            "2561 looks like a year of the Buddhist Era; years are entered in the "
            "Common Era: 2018.",
        ),
        ("th", "2561 ดูเหมือนปีพุทธศักราช โปรดกรอกปีเป็นคริสต์ศักราช: 2018"),
    ],
)
def test_a_buddhist_era_year_in_a_form_gets_the_hint(
    admin_client, ascn_data, language, words
):
    from tests.admin_forms import admin_form_data

    city = City.objects.get(slug="phuket")
    url = reverse("admin:cities_city_change", args=[city.pk]).replace(
        "/en/", f"/{language}/"
    )
    data = admin_form_data(admin_client.get(url))
    data.update(joined_year="2561", population_year="2562")
    page = admin_client.post(url, data).content.decode()
    assert words in page
    assert "2562" in page and "2019" in page
    assert City.objects.get(slug="phuket").joined_year == 2018
