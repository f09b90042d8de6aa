"""While the database is away: cached pages for the public, a 503 page in the
visitor's language for everyone else, never a 500; back to normal without a
restart."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client

from portal import pagecache
from tests.factories import CityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_answers_again():
    pagecache._database_down_until = 0.0
    yield
    pagecache._database_down_until = 0.0


@contextmanager
def database_away(error=OperationalError):
    """Every query fails as it does when PostgreSQL is stopped."""

    def refuse(execute, sql, params, many, context):
        raise error("connection refused: is the server running?")

    with connection.execute_wrapper(refuse):
        yield


@pytest.fixture
def client():
    # Errors answered as a server answers them, not raised into the test.
    return Client(raise_request_exception=False)


@pytest.fixture
def admin_client(admin_user):
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.fixture
def city(db):
    return CityFactory(slug="phuket", name_en="Phuket", name_th="ภูเก็ต")


def test_cached_page_is_served_while_the_database_is_away(client, city):
    fresh = client.get("/en/cities/phuket/")
    with database_away():
        stale = client.get("/en/cities/phuket/")
    assert stale.status_code == 200
    assert stale.content == fresh.content
    # Its freshness could not be checked: no cache along the way keeps it.
    assert "max-age=0" in stale["Cache-Control"]


def test_a_page_changed_since_is_served_as_it_was(client, city):
    client.get("/en/cities/")
    city.name_en = "Phuket Province"
    city.save()
    with database_away():
        stale = client.get("/en/cities/")
    assert stale.status_code == 200
    assert "Phuket" in stale.content.decode()


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [
        ("/th/cities/", "th", "ไม่สามารถติดต่อฐานข้อมูล"),
        ("/en/cities/", "en", "cannot reach its database"),
        ("/en/projects/?stage=planned", "en", "try again in a minute"),
    ],
)
def test_page_not_in_the_cache_answers_503_in_the_visitors_language(
    client, city, path, lang, words
):
    with database_away():
        response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert words in page
    assert "no-store" in response["Cache-Control"]


def test_staff_get_the_503_page_not_a_500(admin_client, city):
    with database_away():
        admin = admin_client.get("/en/admin/cities/city/")
        preview = admin_client.get("/en/cities/phuket/?preview=1")
    assert admin.status_code == 503
    assert preview.status_code == 503


def test_a_programming_error_is_still_a_500(client, city):
    # Only an unreachable service is a 503: a broken query is a bug.
    with database_away(ProgrammingError):
        response = client.get("/en/cities/")
    assert response.status_code == 500


def test_after_the_outage_pages_are_current_again(client, city):
    client.get("/en/cities/phuket/")
    with database_away():
        assert client.get("/en/cities/phuket/").status_code == 200
    city.name_en = "Phuket Province"
    city.save()
    # While the back-off lasts, the page is served as it was without asking.
    assert "Phuket Province" not in client.get("/en/cities/phuket/").content.decode()
    pagecache._database_down_until = 0.0  # the back-off has passed
    assert "Phuket Province" in client.get("/en/cities/phuket/").content.decode()


def test_export_whose_query_fails_answers_an_error_not_a_cut_file(client, city):
    ProjectFactory(slug="smart-bus")
    with database_away():
        response = client.get("/en/projects/export.csv")
    assert response.status_code == 503
    assert not response.streaming
    assert "slug" not in response.content.decode()


def test_export_error_comes_before_the_first_byte_even_after_the_version(client, city):
    # The content version answers, then the export's own query fails.
    calls = []

    def fail_after_first(execute, sql, params, many, context):
        calls.append(sql)
        if len(calls) > 1:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_after_first):
        response = client.get("/en/cities/export.csv")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")


def test_unknown_parameters_share_the_page_and_add_no_entry(
    client, city, django_assert_num_queries
):
    first = client.get("/en/cities/")
    entries = len(cache._cache)
    with django_assert_num_queries(1):  # the content version only
        tagged = client.get("/en/cities/?utm_source=newsletter&fbclid=abc")
    assert tagged.content == first.content
    assert len(cache._cache) == entries


def test_unknown_parameters_never_reach_the_page(client, city):
    for number in range(30):
        CityFactory(slug=f"town-{number}", country=city.country)
    page = client.get("/en/cities/?utm_source=newsletter&page=2").content.decode()
    assert "page=1" in page or "?" in page
    assert "utm_source" not in page


def test_parameters_a_page_reads_are_keyed_in_one_order(
    client, city, django_assert_num_queries
):
    client.get("/en/projects/?stage=planned&q=bus")
    with django_assert_num_queries(1):
        client.get("/en/projects/?q=bus&stage=planned&utm_medium=x")
    # A parameter the page reads makes a page of its own.
    assert "Phuket" not in client.get("/en/cities/?q=Hanoi").content.decode()
    assert "Phuket" in client.get("/en/cities/?q=Phuket").content.decode()


def test_search_and_sitemap_key_on_their_own_parameters(
    client, city, django_assert_num_queries
):
    client.get("/en/search/?q=phuket")
    client.get("/sitemap.xml")
    with django_assert_num_queries(1):
        assert "Phuket" in client.get("/en/search/?q=phuket&ref=x").content.decode()
    with django_assert_num_queries(1):
        client.get("/sitemap.xml?ref=x")


def test_a_page_missing_from_the_cache_during_the_back_off_is_built_and_kept(
    client, city, django_assert_num_queries
):
    # The cache came back empty (Redis restarted) a moment after the database
    # failed: pages are built, stored and served from the cache again, rather
    # than built on every visit while the back-off keeps being renewed.
    import time

    pagecache._database_down_until = time.monotonic() + 60
    assert client.get("/en/cities/phuket/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/en/cities/phuket/").status_code == 200


def test_an_outage_is_logged_in_a_line_per_request_not_a_traceback(client, city):
    import logging

    from ops.logging import OutageTracebacks

    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(OutageTracebacks())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        with database_away():
            client.get("/en/cities/")
        with database_away(ProgrammingError):
            client.get("/en/partners/")
    finally:
        logger.removeHandler(handler)
    outage, bug = records
    assert outage.levelname == "WARNING"
    assert outage.exc_info is None
    assert "connection refused" in outage.getMessage()
    # A bug keeps its traceback.
    assert bug.levelname == "ERROR"
    assert bug.exc_info is not None
