"""The shared cache (Redis through django-redis) with a circuit breaker.

A cache that does not answer must make pages slower, never broken or stuck:
every call has short connect and read timeouts (settings), and after a call
fails, this process leaves Redis alone for `BACK_OFF` seconds: calls answer at
once as if the cache were empty (reads) or did nothing (writes). Then one call
tries Redis again; when it answers, the cache is used as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .breaker import breaker_for

CACHE_AWAY = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """django-redis's cache backend behind a circuit breaker.

    OPTIONS: BACK_OFF (seconds, default 2), and django-redis's own: keep
    SOCKET_CONNECT_TIMEOUT and SOCKET_TIMEOUT well under a second."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # Errors reach the breaker instead of being swallowed one by one.
        self._ignore_exceptions = False
        back_off = float(params.get("OPTIONS", {}).get("BACK_OFF", 2.0))
        where = urlsplit(str(server))
        # Named without the password a URL may hold: the name goes to the log.
        self.breaker = breaker_for(
            f"The cache at {where.hostname}:{where.port or 6379}", back_off
        )


def _guarded(name: str, fallback: Callable[[tuple, dict], Any]) -> Callable:
    unguarded = getattr(RedisCache, name)

    @functools.wraps(unguarded)
    def guarded(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        if not self.breaker.allows():
            return fallback(args, kwargs)
        try:
            result = unguarded(self, *args, **kwargs)
        except CACHE_AWAY as error:
            self.breaker.failed(error)
            return fallback(args, kwargs)
        self.breaker.succeeded()
        return result

    return guarded


def _default(args: tuple, kwargs: dict) -> Any:
    return kwargs.get("default", args[1] if len(args) > 1 else None)


_FALLBACKS: dict[str, Callable[[tuple, dict], Any]] = {
    "get": _default,
    "get_many": lambda args, kwargs: {},
    "set": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "set_many": lambda args, kwargs: list(args[0]) if args else [],
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: None,
    "has_key": lambda args, kwargs: False,
    "touch": lambda args, kwargs: False,
    "incr": lambda args, kwargs: None,
    "decr": lambda args, kwargs: None,
    "clear": lambda args, kwargs: None,
}
for _name, _fallback in _FALLBACKS.items():
    setattr(ResilientRedisCache, _name, _guarded(_name, _fallback))
