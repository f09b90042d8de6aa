"""Django's PostgreSQL backend whose connections wait a limited time.

`connect_timeout` bounds a new connection and the server's `statement_timeout`
a slow statement, but neither helps when the server stops answering on a
connection that is already open (a hung process, a stalled disk): the client
would wait until the worker is killed. Here each wait for the server ends after
OPTIONS["answer_timeout"] seconds with an OperationalError, which the portal
answers with its 503 page, and the connection is closed.

After a connection could not be made, or the server did not answer in time, the
process does not ask it again for BACK_OFF seconds (a circuit breaker, ops/
breaker.py): requests fail into the 503 page at once instead of each waiting
for the timeouts, and one request at a time tries again.
"""

from __future__ import annotations

import types
from typing import Any

import psycopg
from django.db.backends.postgresql import base

from ops.breaker import Breaker, breaker_for

BACK_OFF_SECONDS = 2.0
# How long the health check of a kept connection, at the start of a request,
# waits for the server's answer to SELECT 1.
HEALTH_CHECK_SECONDS = 1.0
# What psycopg raises when a wait for the server ends at its timeout.
_WAIT_TIMEOUT = getattr(psycopg.errors, "_WaitTimeout", psycopg.errors.OperationalError)


class DeadlineConnection(psycopg.Connection):
    answer_timeout: float | None = None
    breaker: Breaker | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is None:
            timeout = self.answer_timeout
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except _WAIT_TIMEOUT as error:
            if self.breaker is not None:
                self.breaker.failed(error)
            raise


class _Psycopg(types.ModuleType):
    """The psycopg module, but connect() makes DeadlineConnections."""

    connect = DeadlineConnection.connect

    def __getattr__(self, name: str) -> Any:
        return getattr(psycopg, name)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg("psycopg")

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        self._answer_timeout = params.pop("answer_timeout", None)
        return params

    @property
    def breaker(self) -> Breaker:
        where = self.settings_dict
        return breaker_for(
            f"The database at {where['HOST']}:{where['PORT']}", BACK_OFF_SECONDS
        )

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        breaker = self.breaker
        if not breaker.allows():
            raise psycopg.OperationalError(
                "the database did not answer a moment ago; not asked again yet"
            )
        try:
            connection = super().get_new_connection(conn_params)
        except psycopg.OperationalError as error:
            breaker.failed(error)
            raise
        breaker.succeeded()
        connection.answer_timeout = self._answer_timeout
        connection.breaker = breaker
        return connection

    def is_usable(self) -> bool:
        raw = self.connection
        if raw is None:
            return False
        kept = raw.answer_timeout
        raw.answer_timeout = min(kept or HEALTH_CHECK_SECONDS, HEALTH_CHECK_SECONDS)
        try:
            return super().is_usable()
        finally:
            raw.answer_timeout = kept
