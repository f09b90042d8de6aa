from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import Partnership
from tests.factories import PartnershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_project_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(start_year=2024, end_year=2020)


@pytest.mark.usefixtures("english")
def test_form_validation_explains_start_year_after_end_year():
    project = ProjectFactory.build(start_year=2024, end_year=2020)
    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()
    assert "The start year must not be after the end year." in str(excinfo.value)


def test_a_project_may_start_and_end_in_the_same_year():
    project = ProjectFactory(start_year=2020, end_year=2020)
    project.full_clean()


def test_database_refuses_a_negative_cost():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(estimated_cost=Decimal("-1"), currency="USD")


def test_a_cost_needs_its_currency():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(estimated_cost=Decimal("1000"), currency="")


def test_database_refuses_a_currency_that_is_not_iso_4217():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(estimated_cost=Decimal("1000"), currency="thb")


def test_database_refuses_a_partnership_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(start_year=2022, end_year=2020)


def test_a_partnership_shows_on_both_sides():
    partnership = PartnershipFactory()
    assert list(partnership.city.partnerships.all()) == [partnership]
    assert list(partnership.partner.partnerships.all()) == [partnership]
    assert Partnership.objects.count() == 1
