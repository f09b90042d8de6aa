"""Log records of an outage: one line per request, not a traceback each.

While the database is away every request that needs it is answered with the 503
page, and Django logs each as an error with its traceback: thousands of lines a
minute that hide what happened. The breakers log when a service stops and starts
answering (ops/breaker.py); a request answered 503 because of it needs one line.
"""

import logging

from .views import SERVICE_AWAY


class OutageTracebacks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], SERVICE_AWAY):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
