"""Django's PostgreSQL backend whose connections wait a limited time.

`connect_timeout` bounds a new connection and the server's `statement_timeout`
a slow statement, but neither helps when the server stops answering on a
connection that is already open (a hung process, a stalled disk): the client
would wait until the worker is killed. Here each wait for the server ends after
OPTIONS["answer_timeout"] seconds with an OperationalError, which the portal
answers with its 503 page, and the connection is closed.
"""

from __future__ import annotations

import types
from typing import Any

import psycopg
from django.db.backends.postgresql import base


class DeadlineConnection(psycopg.Connection):
    answer_timeout: float | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is None:
            timeout = self.answer_timeout
        return super().wait(gen, interval=interval, timeout=timeout)


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

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        connection.answer_timeout = self._answer_timeout
        return connection
