"""`Model.objects.published()` and the options of the filters are copies of
querysets built once per process: each caller gets a fresh, unevaluated copy."""

import pytest
from django.utils import translation

from cities.models import City, Country
from core.models import PublicationStatus, kept_queryset
from tests.factories import CityFactory, CountryFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_each_call_gives_a_fresh_copy_that_sees_every_change():
    city = CityFactory(slug="phuket")
    first = City.objects.published()
    assert list(first) == [city]
    second = City.objects.published()
    assert second is not first
    assert second._result_cache is None
    city.status = PublicationStatus.DRAFT
    city.save()
    assert list(City.objects.published()) == []
    # What a caller does with its copy changes no other copy.
    assert list(City.objects.published().filter(slug="elsewhere")) == []
    city.status = PublicationStatus.PUBLISHED
    city.save()
    assert list(City.objects.published()) == [city]


def test_the_rule_is_the_models_own():
    country = CountryFactory(code="TH", status=PublicationStatus.DRAFT)
    CityFactory(slug="phuket", country=country)
    # A city is public only while its country is.
    assert list(City.objects.published()) == []
    assert list(Country.objects.published()) == []


def test_a_related_manager_filters_by_its_record():
    phuket = CityFactory(slug="phuket")
    bangkok = CityFactory(slug="bangkok")
    bus = ProjectFactory(slug="bus")
    ProjectFactory(slug="boat").cities.add(bangkok)
    bus.cities.add(phuket)
    assert [p.slug for p in phuket.projects.published()] == ["bus"]
    assert [p.slug for p in bangkok.projects.published()] == ["boat"]


def test_kept_querysets_are_kept_per_language():
    CityFactory(slug="a", name_en="Zeta", name_th="กรุงเทพ")
    CityFactory(slug="b", name_en="Alpha", name_th="ฮานอย")
    from core.collation import by_name

    def options():
        return kept_queryset(
            "test-city-options", lambda: City.objects.order_by(*by_name())
        )

    with translation.override("en"):
        assert [c.slug for c in options()] == ["b", "a"]
    with translation.override("th"):
        assert [c.slug for c in options()] == ["a", "b"]
    with translation.override("en"):
        assert [c.slug for c in options()] == ["b", "a"]
