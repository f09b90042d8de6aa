"""A database that does not answer fails a request fast, into the 503 page,
instead of holding a worker."""

import time

import pytest
from django.db import OperationalError, connection
from django.db.utils import load_backend


@pytest.fixture(autouse=True)
def _breakers_closed_after():
    """A test that trips the breaker of the test database's address must not
    keep the next test from connecting to it."""
    yield
    from ops import breaker

    breaker._breakers.clear()


def wrapper(**settings_dict):
    backend = load_backend("ops.db")
    base = {
        "NAME": "test",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": 5432,
        "OPTIONS": {},
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
    }
    return backend.DatabaseWrapper({**base, **settings_dict}, alias="timeouts")


def test_connecting_to_a_hung_server_gives_up_after_the_connect_timeout(
    silent_server, django_db_blocker
):
    database = wrapper(PORT=silent_server, OPTIONS={"connect_timeout": 2})
    start = time.monotonic()
    with django_db_blocker.unblock(), pytest.raises(OperationalError):
        database.ensure_connection()
    assert time.monotonic() - start < 4


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own timeouts"
)


def _settings_of_this_database():
    own = connection.settings_dict
    return {key: own[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}


@postgresql_only
@pytest.mark.django_db
def test_a_statement_over_its_timeout_is_ended_by_the_server():
    database = wrapper(
        **_settings_of_this_database(),
        OPTIONS={"options": "-c statement_timeout=200"},
    )
    try:
        start = time.monotonic()
        with pytest.raises(OperationalError), database.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")
        assert time.monotonic() - start < 2
    finally:
        database.close()


@postgresql_only
@pytest.mark.django_db
def test_a_server_that_stops_answering_is_given_up_on():
    # The server sleeps instead of answering, as a hung one would; the client
    # stops waiting after answer_timeout and the connection is not reused.
    database = wrapper(**_settings_of_this_database(), OPTIONS={"answer_timeout": 0.5})
    try:
        start = time.monotonic()
        with pytest.raises(OperationalError), database.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")
        assert time.monotonic() - start < 2
        assert not database.is_usable()
        # The process does not ask again at once: the next request fails fast.
        start = time.monotonic()
        with pytest.raises(OperationalError, match="not asked again yet"):
            database.close()
            database.ensure_connection()
        assert time.monotonic() - start < 0.1
    finally:
        database.close()
