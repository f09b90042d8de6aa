"""With the page cache off, a page is rendered on every request, but the records
it shows (a record with its relations, a page of cards, a record's list of
projects) are kept under the content version: read from the cache, never stale."""

import pytest

from core.models import PublicationStatus
from tests.factories import (
    CityFactory,
    FocusAreaFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def project(db):
    city = CityFactory(slug="phuket", name_en="Phuket", name_th="ภูเก็ต")
    partner = PartnerFactory(slug="huawei", name_en="Huawei")
    PartnershipFactory(city=city, partner=partner, topic_en="Smart tourism")
    project = ProjectFactory(slug="smart-bus", title_en="Smart bus")
    project.cities.add(city)
    project.project_partners.create(partner=partner, role="funder")
    return project


@pytest.mark.parametrize(
    "url", ["/en/projects/smart-bus/", "/en/cities/phuket/", "/en/partners/huawei/"]
)
def test_a_record_page_seen_before_reads_its_records_from_the_cache(
    client, project, url, django_assert_num_queries
):
    first = client.get(url)
    # One query: the content version the kept records are filed under.
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content


@pytest.mark.parametrize(
    "url", ["/en/projects/", "/en/cities/", "/en/partners/", "/en/projects/?page=1"]
)
def test_a_list_page_seen_before_reads_its_cards_from_the_cache(
    client, project, url, django_assert_max_num_queries
):
    first = client.get(url)
    with django_assert_max_num_queries(1):
        again = client.get(url)
    assert again.content == first.content


def test_an_edit_of_a_related_record_shows_on_every_page_at_once(client, project):
    for url in ("/en/projects/smart-bus/", "/en/cities/phuket/", "/en/projects/"):
        assert "Phuket" in client.get(url).content.decode()
    for url in ("/en/projects/smart-bus/", "/en/cities/phuket/"):
        assert "Huawei" in client.get(url).content.decode()
    assert "Smart bus" in client.get("/en/partners/huawei/").content.decode()

    city = project.cities.get()
    city.name_en = "Phuket Island"
    city.save()
    partner = project.project_partners.get().partner
    partner.name_en = "Huawei Technologies"
    partner.save()
    project.title_en = "Smart bus line"
    project.save()

    for url in ("/en/projects/smart-bus/", "/en/cities/phuket/", "/en/projects/"):
        page = client.get(url).content.decode()
        assert "Phuket Island" in page
        assert "Smart bus line" in page
    for url in ("/en/projects/smart-bus/", "/en/cities/phuket/"):
        assert "Huawei Technologies" in client.get(url).content.decode()
    assert "Smart bus line" in client.get("/en/partners/huawei/").content.decode()


def test_a_new_relation_and_an_unpublished_record_show_at_once(client, project):
    area = FocusAreaFactory(slug="water", name_en="Water for all")
    assert "Water for all" not in client.get("/en/projects/smart-bus/").content.decode()
    project.focus_areas.add(area)
    assert "Water for all" in client.get("/en/projects/smart-bus/").content.decode()

    project.status = PublicationStatus.DRAFT
    project.save()
    assert client.get("/en/projects/smart-bus/").status_code == 404
    assert "Smart bus" not in client.get("/en/cities/phuket/").content.decode()
    assert "Smart bus" not in client.get("/en/projects/").content.decode()


def test_each_language_keeps_its_own_records(client, project):
    assert "ภูเก็ต" in client.get("/th/projects/smart-bus/").content.decode()
    english = client.get("/en/projects/smart-bus/").content.decode()
    assert "Phuket" in english
    assert "ภูเก็ต" not in english.split("<main", 1)[1]


def test_staff_preview_reads_the_record_afresh(admin_client, client, project):
    client.get("/en/projects/smart-bus/")
    project.status = PublicationStatus.DRAFT
    project.title_en = "Smart bus, second draft"
    project.save()
    preview = admin_client.get("/en/projects/smart-bus/?preview=1")
    assert preview.status_code == 200
    assert "Smart bus, second draft" in preview.content.decode()
    assert client.get("/en/projects/smart-bus/?preview=1").status_code == 404


def test_the_header_and_footer_are_in_each_pages_language(client, project):
    """They are rendered once per language and kept ({% per_language %})."""
    for _ in range(2):
        english = client.get("/en/cities/phuket/").content.decode()
        thai = client.get("/th/cities/phuket/").content.decode()
        assert "About this portal" in english
        assert "เกี่ยวกับพอร์ทัลนี้" not in english
        assert ">Pilot cities<" in english
        assert "เกี่ยวกับพอร์ทัลนี้" in thai
        assert "About this portal" not in thai
        assert ">เมืองนำร่อง<" in thai
