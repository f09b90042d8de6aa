"""Redis away or hung: every cache call answers within its timeout, then at once
while the breaker is open; the cache is used again when Redis answers."""

import shutil
import signal
import socket
import subprocess
import time

import pytest

from ops.breaker import Breaker
from ops.cache import ResilientRedisCache


def redis_cache(port: int, back_off: float = 0.5) -> ResilientRedisCache:
    return ResilientRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {
            "KEY_PREFIX": f"test-{port}",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "BACK_OFF": back_off,
            },
        },
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(call):
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def test_hung_redis_costs_one_timeout_then_nothing(silent_server):
    cache = redis_cache(silent_server)
    value, first = timed(lambda: cache.get("page", "fallback"))
    assert value == "fallback"
    assert first < 1.0
    # The breaker is open: no call waits on the dead server.
    for call in (
        lambda: cache.get("page"),
        lambda: cache.set("page", "x", 10),
        lambda: cache.get_many(["a", "b"]),
        lambda: cache.delete("page"),
    ):
        _, seconds = timed(call)
        assert seconds < 0.05
    assert cache.breaker.is_open


def test_refused_connections_answer_at_once():
    cache = redis_cache(free_port())
    assert cache.get("page") is None
    assert cache.set("page", "x", 10) is False
    assert cache.get_many(["a"]) == {}
    assert cache.breaker.is_open


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_the_cache_is_used_again_when_redis_answers(tmp_path):
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        cache = redis_cache(port, back_off=0.3)
        for _ in range(50):
            if cache.set("ready", 1, 10):
                break
            time.sleep(0.05)
        assert cache.get("ready") == 1
        server.send_signal(signal.SIGSTOP)  # hung, not refusing
        _, seconds = timed(lambda: cache.get("ready"))
        assert seconds < 1.0
        assert cache.breaker.is_open
        server.send_signal(signal.SIGCONT)
        time.sleep(0.35)
        deadline = time.monotonic() + 3
        while cache.get("ready") != 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert cache.get("ready") == 1
        assert not cache.breaker.is_open
    finally:
        server.send_signal(signal.SIGCONT)
        server.terminate()
        server.wait(5)


def test_breaker_lets_one_caller_try_after_the_back_off(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("ops.breaker.time.monotonic", lambda: clock[0])
    breaker = Breaker("test", back_off=2.0)
    assert breaker.allows()
    breaker.failed(ConnectionError("refused"))
    assert not breaker.allows()
    clock[0] += 2.1
    assert breaker.allows()  # this caller tries
    assert not breaker.allows()  # the others keep skipping meanwhile
    breaker.succeeded()
    assert breaker.allows()
    assert not breaker.is_open


@pytest.mark.django_db
def test_pages_answer_and_health_is_degraded_while_redis_is_hung(
    client, silent_server, settings
):
    from tests.factories import CityFactory

    CityFactory(slug="phuket", name_en="Phuket")
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{silent_server}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    start = time.monotonic()
    for path in ("/en/cities/", "/th/cities/phuket/", "/en/projects/", "/en/"):
        assert client.get(path).status_code == 200
    assert time.monotonic() - start < 3
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
