"""The benchmark's minimal view is measured outside the page cache, the portal's
pages through it (PAGE_CACHE_EXEMPT_PATHS in bench/settings.py)."""

import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_stack(settings):
    # As bench/settings.py says (it cannot be imported here: it is the production
    # settings, which want a real secret key).
    settings.PAGE_CACHE_EXEMPT_PATHS = [*settings.PAGE_CACHE_EXEMPT_PATHS, r"^bench/"]
    settings.ROOT_URLCONF = "bench.urls"
    settings.PAGE_CACHE_ENABLED = True


class Untouchable:
    def __getattr__(self, name):
        raise AssertionError(f"the page cache was used: cache.{name}")


def test_the_minimal_view_is_neither_looked_up_nor_stored(
    bench_stack, client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr("portal.pagecache.cache", Untouchable())
    for _ in range(2):
        with django_assert_num_queries(0):
            response = client.get("/bench/minimal/")
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert not response.has_header("Last-Modified")
        assert "public" not in response.get("Cache-Control", "")


def test_the_portals_pages_are_still_cached(
    bench_stack, client, django_assert_num_queries
):
    CityFactory(slug="phuket", name_en="Phuket")
    first = client.get("/en/cities/phuket/")
    with django_assert_num_queries(1):  # the content version only
        second = client.get("/en/cities/phuket/")
    assert second.content == first.content
    assert second.has_header("Last-Modified")
    assert "public" in second["Cache-Control"]
