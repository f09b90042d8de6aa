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


def test_a_population_may_have_no_year_as_printed_in_its_source():
    city = CityFactory()
    city.population = 64_409
    city.full_clean()
    city.save()


@pytest.mark.usefixtures("english")
def test_a_land_area_must_be_more_than_zero():
    city = CityFactory()
    city.land_area_km2 = 0
    with pytest.raises(ValidationError) as excinfo:
        city.full_clean()
    assert "The land area must be more than zero." in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        city.save()


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
