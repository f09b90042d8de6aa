"""Rules that every app follows, each written once: newest first, what is public,
who published, the year span, the country filter, translation requirements."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from modeltranslation.translator import translator

from cities.models import City, Country
from core import translation_status, workflow
from partners.models import Partnership
from projects.models import Project, ProjectPartner
from tests.factories import (
    CityFactory,
    CountryFactory,
    FocusAreaFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

# Start years, some unknown, and the order every page must show them in on
# SQLite and on PostgreSQL alike: newest first, unknown last, then by title.
YEARS = {"b-2020": 2020, "a-none": None, "c-2022": 2022, "d-none": None, "e-2018": 2018}
NEWEST_FIRST = ["c-2022", "b-2020", "e-2018", "a-none", "d-none"]


@pytest.fixture
def projects_of_many_years():
    city = CityFactory(slug="phuket")
    partner = PartnerFactory(slug="huawei")
    area = FocusAreaFactory(slug="built-infrastructure")
    for slug, year in YEARS.items():
        project = ProjectFactory(
            slug=slug, title_en=slug, title_th=slug, start_year=year
        )
        project.cities.add(city)
        project.focus_areas.add(area)
        ProjectPartner.objects.create(project=project, partner=partner, role="lead")
    return city, partner, area


def slugs_in_page(html: str) -> list[str]:
    return [s for s in re.findall(r"/projects/([a-e]-[0-9a-z]+)/", html)]


def test_newest_first_puts_unknown_years_last_on_every_database(
    projects_of_many_years,
):
    assert [p.slug for p in Project.objects.newest_first()] == NEWEST_FIRST


@pytest.mark.parametrize(
    "path",
    [
        "/en/projects/",
        "/en/cities/phuket/",
        "/en/partners/huawei/",
        "/en/focus-areas/built-infrastructure/",
    ],
)
def test_every_page_lists_projects_newest_first(client, projects_of_many_years, path):
    html = client.get(path).content.decode()
    found = list(dict.fromkeys(slugs_in_page(html)))
    assert found == NEWEST_FIRST


def test_partnerships_are_listed_newest_first_on_both_sides(client):
    city = CityFactory(slug="phuket")
    partner = PartnerFactory(slug="milwaukee", name_en="Milwaukee")
    for kind, year in (("mou", None), ("twinning", 2019), ("funding", 2023)):
        PartnershipFactory(
            city=city, partner=partner, kind=kind, start_year=year, topic_en=kind
        )
    assert [p.kind for p in Partnership.objects.newest_first()] == [
        "funding",
        "twinning",
        "mou",
    ]


def test_a_partnership_is_public_only_with_its_city_partner_and_country(draft):
    shown = PartnershipFactory()
    PartnershipFactory(partner=PartnerFactory(**draft))
    PartnershipFactory(city=CityFactory(**draft))
    PartnershipFactory(city=CityFactory(country=CountryFactory(code="LA", **draft)))
    PartnershipFactory(**draft)
    assert list(Partnership.objects.published()) == [shown]


def test_a_partners_role_is_public_only_with_the_partner(draft):
    project = ProjectFactory()
    shown = ProjectPartner.objects.create(
        project=project, partner=PartnerFactory(), role="lead"
    )
    ProjectPartner.objects.create(
        project=project, partner=PartnerFactory(**draft), role="funder"
    )
    assert list(ProjectPartner.objects.published()) == [shown]


def test_publishing_stamps_when_and_who_once():
    user = get_user_model().objects.create_user("pranee")
    city = CityFactory.build(status="published")
    workflow.stamp_published(city, old_status="review", user=user)
    assert city.published_by == user
    first = city.published_at
    assert first is not None
    workflow.stamp_published(city, old_status="published", user=None)
    assert (city.published_at, city.published_by) == (first, user)


def test_the_loader_publishes_as_no_one(ascn_data):
    phuket = City.objects.get(slug="phuket")
    assert phuket.published_at is not None
    assert phuket.published_by is None


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("factory", [ProjectFactory, PartnershipFactory])
def test_both_year_spans_refuse_an_end_before_the_start(factory):
    record = factory.build(start_year=2024, end_year=2020)
    with pytest.raises(ValidationError, match="The start year must not be after"):
        record.full_clean(exclude=["city", "partner"])


@pytest.fixture
def laos_and_japan(draft):
    """Laos has a published pilot city and a draft partner; Japan the reverse."""
    laos = CountryFactory(code="LA", name_en="Laos")
    japan = CountryFactory(code="JP", name_en="Japan")
    CityFactory(country=laos)
    CityFactory(country=japan, **draft)
    PartnerFactory(country=japan)
    PartnerFactory(country=laos, **draft)


@pytest.mark.usefixtures("laos_and_japan")
@pytest.mark.parametrize(
    ("path", "offered", "left_out"),
    [("/en/cities/", "LA", "JP"), ("/en/partners/", "JP", "LA")],
)
def test_the_country_filter_offers_countries_with_published_records(
    client, path, offered, left_out
):
    html = client.get(path).content.decode()
    assert f'<option value="{offered}">' in html
    assert f'<option value="{left_out}">' not in html
    assert "1 result" in client.get(path, {"country": offered}).content.decode()


def test_translation_requirements_are_declared_once_per_model():
    for model in translator.get_registered_models():
        options = translator.get_options_for_model(model)
        required = getattr(options, "required", ())
        languages = options.required_languages or {}
        for code in translation_status.languages():
            assert tuple(languages.get(code, ())) == tuple(required), model
        assert set(translation_status.required_fields(model)) >= set(required)
    assert translation_status.required_fields(City) == ("name", "summary")
    assert translation_status.required_fields(Country) == ("name",)


@pytest.mark.usefixtures("english")
def test_a_name_is_required_in_both_languages_in_the_admin(admin_client):
    CountryFactory()
    response = admin_client.post(
        "/en/admin/cities/country/add/",
        {"code": "LA", "name_th": "ลาว", "name_en": "", "status": "draft"},
    )
    assert response.status_code == 200
    assert not Country.objects.filter(code="LA").exists()
