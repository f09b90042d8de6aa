"""A server with the worker of background jobs beside it (`make run`, `make serve`):

    .venv/bin/python -m ops.with_worker COMMAND [ARGUMENT ...]

The worker (`manage.py db_worker`, which runs large CSV imports) starts first,
then the server command. When the server ends, by Ctrl-C, SIGTERM or by itself,
the worker is stopped too (a job it was running rolls back: an import writes all
or nothing) and the exit status is the server's. Should this process be killed
outright, Linux stops the worker (PR_SET_PDEATHSIG), so that none is left behind.
In production, run the worker as a service of its own instead (README, "Serving
in production").
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
PR_SET_PDEATHSIG = 1
STOP_SECONDS = 30


def _stop_with_parent() -> None:  # pragma: no cover - runs in the child
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return  # not Linux: the worker is still stopped on a normal exit
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def main(command: list[str]) -> int:
    if not command:
        print(__doc__, file=sys.stderr)
        return 2
    worker = subprocess.Popen(  # noqa: S603 - our own command, no shell
        [sys.executable, *WORKER], cwd=ROOT, preexec_fn=_stop_with_parent
    )
    server = subprocess.Popen(command)  # noqa: S603 - the Makefile's command

    def forward(signum: int, _frame: object) -> None:
        server.send_signal(signum)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    try:
        return server.wait()
    finally:
        worker.terminate()
        try:
            worker.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
