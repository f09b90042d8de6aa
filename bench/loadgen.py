"""gunicorn and wrk for the benchmark: a server on a free loopback port that is always
stopped again, and wrk runs whose figures come back as a dict."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPTS = Path(__file__).resolve().parent / "wrk"
GUNICORN_CONFIG = ROOT / "ascn_portal" / "gunicorn.conf.py"
LOOPBACK = "127.0.0.1"
JSON_MARK = "BENCH_JSON "


def wrk_binary() -> str | None:
    return shutil.which("wrk") or (
        "/usr/bin/wrk" if os.access("/usr/bin/wrk", os.X_OK) else None
    )


def parse_wrk(output: str) -> dict:
    """The figures that bench/wrk/report.lua prints on one line, with `errors`: the
    socket errors and the responses that were neither 2xx nor 3xx, added up."""
    for line in output.splitlines():
        if line.startswith(JSON_MARK):
            figures = json.loads(line[len(JSON_MARK) :])
            break
    else:
        raise ValueError(f"wrk printed no {JSON_MARK.strip()} line:\n{output}")
    figures["errors"] = figures["non_2xx_3xx"] + sum(figures["socket_errors"].values())
    if not figures["requests"]:
        # No response came back in time: there is no latency to speak of.
        for figure in ("p50_ms", "p95_ms", "p99_ms", "max_ms"):
            figures[figure] = None
    return figures


def run_wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    timeout: int,
    threads: int = 1,
    paths: list[str] | None = None,
) -> dict:
    """One wrk run against `url`; with `paths`, wrk requests them in turn."""
    wrk = wrk_binary()
    if wrk is None:
        raise RuntimeError("wrk is missing: apt-get install wrk")
    script = WRK_SCRIPTS / ("rotate.lua" if paths else "report.lua")
    command = [
        wrk,
        f"-t{threads}",
        f"-c{max(connections, threads)}",
        f"-d{seconds}s",
        f"--timeout={timeout}s",
        f"--script={script}",
        url,
    ]
    if paths:
        command += ["--", *paths]
    done = subprocess.run(  # noqa: S603 - our own arguments, no shell
        command,
        capture_output=True,
        text=True,
        timeout=seconds + timeout + 60,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return parse_wrk(done.stdout)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 120) -> tuple[int, int]:
    """GET one path; the status and the size of the body, read to its end."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        return response.status, size
    finally:
        connection.close()


def fetch_headers(port: int, path: str, timeout: float = 120) -> tuple[int, dict]:
    """GET one path; the status and the response's header fields, lower-cased."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, {
            name.lower(): value for name, value in response.getheaders()
        }
    finally:
        connection.close()


class Server:
    """gunicorn with `workers` sync workers on a free loopback port, in a process
    group of its own so that stopping it also stops every worker; use it as a
    context manager, which stops it whatever happens (an error, Ctrl-C). It runs
    without an access log: writing a line per request costs the fastest responses
    a good share of their time, and every page would pay it alike."""

    def __init__(
        self,
        env: dict[str, str],
        log: Path,
        workers: int = 2,
        max_requests: int | None = None,
        worker_class: str | None = "sync",
        bind_port: int | None = None,
    ):
        self.env = {**env, "GUNICORN_ACCESS_LOG": "off"}
        self.log = log
        self.workers = workers
        self.max_requests = max_requests
        # The benchmark measures plain sync workers; None: gunicorn.conf.py's.
        self.worker_class = worker_class
        self.bind_port = bind_port
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.uses_config = GUNICORN_CONFIG.exists()

    def command(self) -> list[str]:
        command = [sys.executable, "-m", "gunicorn"]
        if self.uses_config:
            command += ["--config", str(GUNICORN_CONFIG)]
        if self.max_requests is not None:
            command += [
                f"--max-requests={self.max_requests}",
                "--max-requests-jitter=0",
            ]
        # Given after the config file, these win over it.
        return [
            *command,
            f"--bind={LOOPBACK}:{self.port}",
            f"--workers={self.workers}",
            *([f"--worker-class={self.worker_class}"] if self.worker_class else []),
            # gunicorn runs a sync worker with more than one thread (which
            # gunicorn.conf.py asks for) as gthread: one thread, or it is not sync.
            *(["--threads=1"] if self.worker_class == "sync" else []),
            # The CSV export of 100,000 projects takes seconds while wrk waits.
            "--timeout=300",
            "--graceful-timeout=5",
            "--error-logfile=-",
            # Several servers at once (and `make serve`) must not share one socket.
            "--no-control-socket",
            f"--chdir={ROOT}",
            "ascn_portal.wsgi:application",
        ]

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self, wait: float = 60) -> None:
        self.port = self.bind_port or free_port()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own arguments
                self.command(),
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}; "
                    f"see {self.log}:\n{self.log_tail()}"
                )
            try:
                status, _size = fetch(self.port, "/bench/minimal/", timeout=5)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200:
                return
            raise RuntimeError(f"/bench/minimal/ answered {status}; see {self.log}")
        raise RuntimeError(
            f"gunicorn did not answer within {wait:.0f} s; see {self.log}"
        )

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        # The group is the master's pid: the master and its workers, nothing else.
        group = process.pid
        if process.poll() is None:
            self._signal(group, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._signal(group, signal.SIGKILL)
                process.wait(timeout=15)
        # A worker that outlived its master.
        self._signal(group, signal.SIGKILL)

    @staticmethod
    def _signal(group: int, signum: int) -> None:
        try:
            os.killpg(group, signum)
        except ProcessLookupError:
            pass

    def worker_pids(self) -> list[int]:
        """The workers' process ids (the master's children)."""
        if self.process is None:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_restarts(self) -> int:
        """Workers that gunicorn replaced after their max_requests."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return 0
        return text.count("Autorestarting worker")

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])
