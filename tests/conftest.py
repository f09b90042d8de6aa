import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. The database rolls back after each
    test, and with it the content version under which pages are cached, so a page
    cached by one test could otherwise be served to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ascn_data(db):
    """The real ASCN reference records, as `load_ascn` loads them."""
    call_command("load_ascn", stdout=io.StringIO())


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def thai():
    with translation.override("th"):
        yield


@pytest.fixture
def draft():
    """Keyword arguments that make a factory record a draft."""
    from core.models import PublicationStatus

    return {"status": PublicationStatus.DRAFT}
