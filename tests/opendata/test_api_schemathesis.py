"""The API against its own OpenAPI document, on the reference data: Schemathesis
generates requests for every operation (valid and invalid parameters) and runs
every check on each answer: no server error, a documented status code and
content type, headers and bodies that match their schemas, valid data
accepted and invalid data refused."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings


@pytest.fixture
def api_schema(request, ascn_data, settings_override):
    from ascn_portal.wsgi import application

    # Schemathesis 4.32's lazy schema names each operation's subtest through
    # the item's `_nodeid`, which pytest 9 no longer has.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    # Requests go through Django's WSGI handler, not its test client: as the
    # test client does, keep the connection (and the test's transaction, with
    # the reference data) open between requests.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def settings_override(settings):
    # Every generated request is answered by the view, not by the rate limit or
    # from the cache.
    settings.API_RATE_LIMIT = ""
    settings.API_CACHE_ENABLED = False


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_matches_the_openapi_document(case):
    case.call_and_validate()
