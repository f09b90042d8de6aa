from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import CityFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("latitude", Decimal("90.5")),
        ("latitude", Decimal("-91")),
        ("longitude", Decimal("180.01")),
        ("longitude", Decimal("-200")),
    ],
)
def test_database_refuses_a_coordinate_out_of_range(field, value):
    city = CityFactory()
    setattr(city, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        city.save()


def test_form_validation_names_the_bad_coordinate():
    city = CityFactory.build(country=CountryFactory(), latitude=Decimal("95"))
    with pytest.raises(ValidationError) as excinfo:
        city.full_clean()
    assert "latitude" in excinfo.value.message_dict


def test_a_city_cannot_have_joined_before_the_network_existed():
    city = CityFactory()
    city.joined_year = 2017
    with pytest.raises(IntegrityError), transaction.atomic():
        city.save()


@pytest.mark.usefixtures("english")
def test_a_population_needs_its_year():
    city = CityFactory()
    city.population = 416_582
    with pytest.raises(ValidationError) as excinfo:
        city.full_clean()
    assert "Give the year of the population figure." in str(excinfo.value)
    city.population_year = 2023
    city.full_clean()


def test_slugs_are_unique():
    CityFactory(slug="phuket")
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(slug="phuket")


@pytest.mark.parametrize("slug", ["ภูเก็ต", "Phuket", "chiang mai", "-phuket", "a--b"])
def test_database_refuses_a_slug_that_is_not_lowercase_ascii(slug):
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(slug=slug)


def test_country_code_must_be_two_capital_letters():
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryFactory(code="th")
