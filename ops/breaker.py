"""A circuit breaker: after a service failed to answer, calls to it are skipped
for a short back-off instead of each waiting for its timeouts; then one call at
a time tries again, and the first that succeeds closes the breaker. One breaker
per service and process, shared by the process's threads."""

from __future__ import annotations

import logging
import threading
import time

logger = logging.getLogger(__name__)


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
                    "%s does not answer (%s); trying again every %s s",
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
            logger.warning("%s answers again", self.name)


# Django makes a cache object per thread; the breaker is the process's.
_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(name: str, back_off: float) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(name, Breaker(name, back_off))
