"""gunicorn settings of `make serve` and the benchmark; the environment overrides them.

GUNICORN_BIND      address to listen on (127.0.0.1:8000)
WEB_CONCURRENCY    worker processes (2 per core, plus one)
GUNICORN_THREADS   threads per worker (4)
GUNICORN_TIMEOUT   seconds a request may take (120: a large CSV export)
GUNICORN_ACCESS_LOG  where each request is logged: "-", standard output (the
                   default), or a file; "off", "none" or empty: no access log
                   (the benchmark runs without one)
FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are believed
ASCN_DB_STATEMENT_TIMEOUT  seconds a database statement of a request may take
                   (5); the settings also stop waiting for a server that does
                   not answer one second later
"""

import multiprocessing
import os

# Read by the settings, which the workers load after this file: requests fail
# fast into the 503 page instead of waiting on a database that does not answer.
os.environ.setdefault("ASCN_DB_STATEMENT_TIMEOUT", "5")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threaded workers: a connection that sends nothing for 5 s goes back to the
# worker's poller instead of holding a thread, and a client that sends slowly
# holds one thread of four, not a whole worker. A buffering proxy in front
# (deploy/nginx.conf) keeps slow clients away from the workers altogether.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Off by default: a replaced worker starts with an empty local-memory page cache,
# and the benchmark saw both workers replaced at once slow cached pages tenfold.
# With Redis as the cache, a limit (e.g. 5000) guards against a slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10


def _log_file(value: str) -> str | None:
    return None if value.strip().lower() in ("", "off", "none") else value


accesslog = _log_file(os.environ.get("GUNICORN_ACCESS_LOG", "-"))
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
