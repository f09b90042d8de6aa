"""/healthz: whether this process reaches the database and the cache."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthy_portal_answers_200_with_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "scheduler": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_database_that_does_not_answer_is_down_503(client):
    with mock.patch(
        "ops.views.connection.cursor", side_effect=OperationalError("gone")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "checks": {"database": "error", "cache": "ok"},
    }
    # The reason stays in the log, not in the public answer.
    assert b"gone" not in response.content


def test_cache_that_keeps_nothing_is_degraded_but_serving(client):
    # Pages are served without the cache: a load balancer must keep the host.
    forgetful = mock.Mock(get=mock.Mock(return_value=None))
    with mock.patch("ops.views.cache", forgetful):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "error", "scheduler": "ok"},
    }


def test_cache_that_raises_is_degraded(client):
    broken = mock.Mock(set=mock.Mock(side_effect=ConnectionError("refused")))
    with mock.patch("ops.views.cache", broken):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


def test_both_away_is_down(client):
    broken = mock.Mock(set=mock.Mock(side_effect=ConnectionError("refused")))
    with (
        mock.patch("ops.views.cache", broken),
        mock.patch("ops.views.connection.cursor", side_effect=OperationalError("x")),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "error"}
