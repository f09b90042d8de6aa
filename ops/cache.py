"""The shared cache (Redis through django-redis) with a circuit breaker.

A cache that does not answer must make pages slower, never broken or stuck:
every call has short connect and read timeouts (settings), and after a call
fails, this process leaves Redis alone for `BACK_OFF` seconds: calls answer at
once as if the cache were empty (reads) or did nothing (writes). Then one call
tries Redis again; when it answers, the cache is used as before.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

CACHE_AWAY = (RedisConnectionError, RedisTimeoutError, OSError)


class Breaker:
    """Open after a failure for `back_off` seconds; then one caller at a time
    tries again (the others keep skipping) until a call succeeds."""

    def __init__(self, name: str, back_off: float) -> None:
        self.name = name
        self.back_off = back_off
        self._open_until = 0.0
        self._open = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open

    def allows(self) -> bool:
        if not self._open:
            return True
        with self._lock:
            now = time.monotonic()
            if now < self._open_until:
                return False
            # This caller tries; the others wait for another back-off.
            self._open_until = now + self.back_off
            return True

    def failed(self, error: BaseException) -> None:
        with self._lock:
            if not self._open:
                logger.warning(
                    "The cache %s does not answer (%s); pages are served without "
                    "it, trying again every %s s",
                    self.name,
                    error,
                    self.back_off,
                )
            self._open = True
            self._open_until = time.monotonic() + self.back_off

    def succeeded(self) -> None:
        if self._open:
            with self._lock:
                self._open = False
            logger.warning("The cache %s answers again", self.name)


# Django makes a cache object per thread; the breaker is the process's.
_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(name: str, back_off: float) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(name, Breaker(name, back_off))


class ResilientRedisCache(RedisCache):
    """django-redis's cache backend behind a circuit breaker.

    OPTIONS: BACK_OFF (seconds, default 2), and django-redis's own: keep
    SOCKET_CONNECT_TIMEOUT and SOCKET_TIMEOUT well under a second."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        # Errors reach the breaker instead of being swallowed one by one.
        self._ignore_exceptions = False
        back_off = float(params.get("OPTIONS", {}).get("BACK_OFF", 2.0))
        self.breaker = breaker_for(str(server), back_off)


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
