"""Anonymous visitors get public pages from the cache; any change shows at once."""

import pytest
from django.utils.http import http_date

from core.models import ContentVersion
from tests.factories import CityFactory, FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(db):
    return CityFactory(slug="phuket", name_en="Phuket", name_th="ภูเก็ต")


def test_second_visit_is_served_from_the_cache_with_one_query(
    client, city, django_assert_num_queries
):
    first = client.get("/en/cities/phuket/")
    # One query: the content version the cached page is filed under.
    with django_assert_num_queries(1):
        second = client.get("/en/cities/phuket/")
    assert second.status_code == 200
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    assert "no-cache" in second["Cache-Control"]


def test_editing_a_record_shows_on_cached_pages_at_once(client, city):
    assert "Phuket" in client.get("/en/cities/").content.decode()
    city.name_en = "Phuket Province"
    city.save()
    assert "Phuket Province" in client.get("/en/cities/").content.decode()
    assert "Phuket Province" in client.get("/en/cities/phuket/").content.decode()


def test_related_changes_and_deletions_show_at_once(client, city):
    project = ProjectFactory(slug="smart-bus", title_en="Smart bus")
    assert "Smart bus" not in client.get("/en/cities/phuket/").content.decode()
    project.cities.add(city)
    assert "Smart bus" in client.get("/en/cities/phuket/").content.decode()
    area = FocusAreaFactory(slug="water", name_en="Water for all")
    project.focus_areas.add(area)
    assert "Water for all" in client.get("/en/projects/smart-bus/").content.decode()
    project.delete()
    assert "Smart bus" not in client.get("/en/cities/phuket/").content.decode()
    assert client.get("/en/projects/smart-bus/").status_code == 404


def test_a_change_by_an_update_query_shows_after_bump(client, city):
    from cities.models import City
    from core.versioning import bump_version

    client.get("/en/cities/")
    City.objects.filter(pk=city.pk).update(name_en="Renamed by a bulk update")
    bump_version()
    assert "Renamed by a bulk update" in client.get("/en/cities/").content.decode()


def test_each_query_string_and_language_is_cached_on_its_own(client, city):
    CityFactory(slug="bangkok", name_en="Bangkok", country=city.country)
    assert "Bangkok" in client.get("/en/cities/").content.decode()
    filtered = client.get("/en/cities/?q=Phuket").content.decode()
    assert "Bangkok" not in filtered
    assert "ภูเก็ต" in client.get("/th/cities/?q=Phuket").content.decode()


def test_staff_never_get_a_cached_page_and_see_their_preview(admin_client, client):
    draft = CityFactory(slug="draft-town", name_en="Draft town", status="draft")
    assert client.get("/en/cities/draft-town/").status_code == 404
    response = admin_client.get("/en/cities/draft-town/?preview=1")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert admin_client.get("/en/cities/").status_code == 200
    draft.status = "published"
    draft.save()
    assert client.get("/en/cities/draft-town/").status_code == 200


def test_an_unchanged_page_answers_304_to_its_etag(client, city):
    first = client.get("/en/cities/phuket/")
    assert first["ETag"]
    again = client.get("/en/cities/phuket/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    city.name_en = "Phuket City"
    city.save()
    changed = client.get("/en/cities/phuket/", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Phuket City" in changed.content.decode()


def test_last_modified_is_the_time_of_the_last_change(client, city):
    changed_at = ContentVersion.objects.get().changed_at
    first = client.get("/en/")
    assert first["Last-Modified"] == http_date(changed_at.timestamp())
    again = client.get("/en/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert again.status_code == 304


def test_exports_are_never_taken_from_the_page_cache(client, city):
    first = b"".join(client.get("/en/cities/export.csv").streaming_content)
    assert b"Phuket" in first
    city.name_en = "Phuket Island"
    city.save()
    second = b"".join(client.get("/en/cities/export.csv").streaming_content)
    assert b"Phuket Island" in second


def test_the_cache_can_be_turned_off(client, city, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/en/cities/phuket/")
    response = client.get("/en/cities/phuket/")
    assert response.status_code == 200
    # The page is rendered again (the records it shows may still come from the
    # values kept under the content version).
    assert "cities/city_detail.html" in [t.name for t in response.templates]
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_served_from_the_page_cache_is_not_rendered_again(client, city):
    client.get("/en/cities/phuket/")
    response = client.get("/en/cities/phuket/")
    assert response.status_code == 200
    assert response.templates == []


def test_no_page_cached_before_a_restore_is_served_after_it(client, city):
    from cities.models import City
    from core.versioning import advance_version_past, bump_version

    assert "Phuket" in client.get("/en/cities/phuket/").content.decode()
    before = ContentVersion.objects.get().number
    # A restore brings back an older state of the records and its older number.
    City.objects.filter(pk=city.pk).update(name_en="Restored Phuket")
    ContentVersion.objects.update(number=before - 1)
    advance_version_past(before)
    # The next edit must not land on the number the old page is filed under.
    bump_version()
    assert "Restored Phuket" in client.get("/en/cities/phuket/").content.decode()


def test_outside_a_request_the_version_is_read_afresh_each_time(city):
    from core.versioning import request_version

    first = request_version().number
    # Another process (a worker, a command) changes a record.
    ContentVersion.objects.update(number=first + 5)
    assert request_version().number == first + 5


def test_exempt_addresses_are_neither_looked_up_nor_stored(
    client, settings, monkeypatch
):
    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"the page cache was used: cache.{name}")

    monkeypatch.setattr("portal.pagecache.cache", Untouchable())
    settings.PAGE_CACHE_EXEMPT_PATHS = [r"^en/cities/$"]
    assert client.get("/en/cities/").status_code == 200
