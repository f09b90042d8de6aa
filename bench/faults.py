"""The fault drill (`make faults`): the production stack under load while its
database and its cache are stopped and hung in turn, a worker is killed and slow
clients hold connections; for each fault, the answers and the 99th percentile
of their times before, during and after it.

The stack is the documented one, on loopback, with instances of the drill's own
(never the machine's shared services): PostgreSQL (initdb in a temporary
directory), Redis, gunicorn with ascn_portal/gunicorn.conf.py (threaded workers)
and nginx with deploy/nginx.conf in front. The ASCN data is loaded; the load is
anonymous visitors on public pages the cache holds, and one request in eight a
search that no cache holds, so that it needs the database.

Passes when no answer is a 5xx other than 503 and every request is answered
(no connection error, no timeout), when the 99th percentile during a Redis
fault is under one second, and when, five seconds after each fault ends,
every answer is again what it was before it. The exit code is 1 otherwise.

    .venv/bin/python -m bench.faults [--during 12] [--connections 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadgen import LOOPBACK, Server, fetch, free_port
from bench.run import base_environment

ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = ROOT / "deploy" / "nginx.conf"
OUT = ROOT / "var" / "faults"
PG_BIN = Path("/usr/lib/postgresql")
RECOVERY_LIMIT = 5.0
REDIS_P99_LIMIT = 1.0

CACHED_PATHS = [
    "/th/",
    "/en/",
    "/th/cities/",
    "/en/cities/",
    "/th/partners/",
    "/en/partners/",
    "/th/projects/",
    "/en/projects/?stage=completed",
    "/th/cities/phnom-penh/",
    "/en/partners/japan/",
    "/th/projects/water-smart-engagements-wise/",
    "/th/search/?q=%E0%B8%A0%E0%B8%B9%E0%B9%80%E0%B8%81%E0%B9%87%E0%B8%95",
    "/th/data/",
]


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(PG_BIN.glob("*"), reverse=True):
        if (version / "bin" / name).exists():
            return str(version / "bin" / name)
    raise RuntimeError(f"{name} is missing: apt-get install postgresql")


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: the drill's own instance runs as the
    postgres user when the drill runs as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("check", True)
    return subprocess.run(command, **kwargs)  # noqa: S603


def group_signal(pids: list[int], signum: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def children(pid: int) -> list[int]:
    try:
        return [
            int(child)
            for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


class Postgres:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "pgdata"
        self.port = free_port()
        self.log = folder / "postgres.log"

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        run(
            as_postgres(
                [
                    pg_tool("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            stdout=subprocess.DEVNULL,
        )
        self.start()
        run(
            as_postgres(
                [
                    pg_tool("createdb"),
                    "-h",
                    LOOPBACK,
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "ascn",
                ]
            )
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@{LOOPBACK}:{self.port}/ascn"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses={LOOPBACK} "
            "-c fsync=off -c max_connections=100"
        )
        run(
            as_postgres(
                [pg_tool("pg_ctl"), "-D", str(self.data), "-l", str(self.log)]
                + ["-o", options, "-w", "start"]
            ),
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        run(
            as_postgres([pg_tool("pg_ctl"), "-D", str(self.data), "-m", "fast"])
            + ["-w", "stop"],
            stdout=subprocess.DEVNULL,
            check=False,
        )

    def pids(self) -> list[int]:
        try:
            postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return []
        return [postmaster, *children(postmaster)]

    def hang(self) -> None:
        group_signal(self.pids(), signal.SIGSTOP)

    def resume(self) -> None:
        group_signal(self.pids(), signal.SIGCONT)

    def destroy(self) -> None:
        self.resume()
        run(
            as_postgres([pg_tool("pg_ctl"), "-D", str(self.data), "-m", "immediate"])
            + ["-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )


class Redis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is missing: apt-get install redis-server")
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [binary, "--port", str(self.port), "--bind", LOOPBACK, "--save", ""]
            + ["--appendonly", "no", "--maxmemory", "256mb"]
            + ["--maxmemory-policy", "allkeys-lru"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((LOOPBACK, self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def info(self) -> dict[str, str]:
        """Redis's memory and eviction figures (INFO), {} if it does not answer."""
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=1) as sock:
                sock.sendall(b"INFO\r\n")
                data = b""
                while b"\r\n\r\n" not in data[-8:] or len(data) < 100:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    data += chunk
        except OSError:
            return {}
        fields = dict(
            line.split(":", 1)
            for line in data.decode(errors="replace").splitlines()
            if ":" in line
        )
        return {
            key: fields.get(key, "")
            for key in (
                "used_memory_human",
                "evicted_keys",
                "keyspace_hits",
                "keyspace_misses",
            )
        }

    def hang(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)


class Nginx:
    """nginx with deploy/nginx.conf, its own files in `folder`."""

    def __init__(self, folder: Path, upstream_port: int) -> None:
        self.folder = folder
        self.port = free_port()
        self.upstream_port = upstream_port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        values = {
            "ASCN_LISTEN": f"{LOOPBACK}:{self.port}",
            "ASCN_SERVER_NAME": LOOPBACK,
            "ASCN_UPSTREAM": f"{LOOPBACK}:{self.upstream_port}",
            "ASCN_MEDIA_ROOT": str(self.folder / "media"),
        }
        site = re.sub(
            r"\$\{(ASCN_[A-Z_]+)\}",
            lambda found: values[found.group(1)],
            NGINX_SITE.read_text(),
        )
        (self.folder / "site.conf").write_text(site)
        temp = self.folder / "nginx-temp"
        temp.mkdir(exist_ok=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\n"
            f"pid {self.folder}/nginx.pid;\nerror_log {self.folder}/nginx.log warn;\n"
            "events { worker_connections 4096; }\nhttp {\n  access_log off;\n"
            + "".join(
                f"  {kind}_temp_path {temp}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {self.folder}/site.conf;\n}}\n"
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [binary, "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, "/healthz", timeout=2)[0] in (200, 503):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not start; see {self.folder}/nginx.log")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


# The load


@dataclass
class Answer:
    at: float
    kind: str  # "cached" or "search"
    status: int  # 0: no answer (connection error or timeout)
    seconds: float


@dataclass
class Load:
    port: int
    connections: int
    answers: list[Answer] = field(default_factory=list)
    health: list[tuple[float, int, str]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)

    def visitor(self, number: int) -> None:
        connection: http.client.HTTPConnection | None = None
        count = number
        while not self.stopping.is_set():
            count += 1
            if count % 8 == 0:
                kind, path = "search", f"/en/search/?q={secrets.token_hex(4)}"
            else:
                kind, path = "cached", CACHED_PATHS[count % len(CACHED_PATHS)]
            start = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(
                        LOOPBACK, self.port, timeout=10
                    )
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                status = 0
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)
            self.answers.append(
                Answer(start - self.started, kind, status, time.monotonic() - start)
            )

    def health_checker(self) -> None:
        while not self.stopping.is_set():
            at = time.monotonic() - self.started
            try:
                connection = http.client.HTTPConnection(LOOPBACK, self.port, timeout=5)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                body = response.read()
                connection.close()
                state = json.loads(body).get("status", "?")
                self.health.append((at, response.status, state))
            except (OSError, ValueError, http.client.HTTPException):
                self.health.append((at, 0, "no answer"))
            time.sleep(0.5)

    def __enter__(self) -> Load:
        self.threads = [
            threading.Thread(target=self.visitor, args=(n,), daemon=True)
            for n in range(self.connections)
        ]
        self.threads.append(threading.Thread(target=self.health_checker, daemon=True))
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(15)

    def now(self) -> float:
        return time.monotonic() - self.started


class SlowClients:
    """Connections that send their request headers a byte a second."""

    def __init__(self, port: int, count: int) -> None:
        self.port, self.count = port, count
        self.stopping = threading.Event()

    def client(self) -> None:
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=5) as sock:
                sock.sendall(b"GET /th/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                while not self.stopping.wait(1.0):
                    sock.sendall(b"X")
        except OSError:
            pass  # the server gave up on it: as it should

    def start(self) -> None:
        self.threads = [
            threading.Thread(target=self.client, daemon=True) for _ in range(self.count)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(5)


# Figures


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def phase_figures(answers: list[Answer]) -> dict:
    return {
        "requests": len(answers),
        "statuses": dict(sorted(Counter(str(a.status) for a in answers).items())),
        "p99_ms": round(1000 * (percentile([a.seconds for a in answers], 0.99) or 0)),
        "failures": sum(1 for a in answers if failed(a)),
    }


def failed(answer: Answer) -> bool:
    """No answer, or a server error other than the outage page."""
    return answer.status == 0 or (answer.status >= 500 and answer.status != 503)


def normal(answer: Answer) -> bool:
    return answer.status == 200 and answer.seconds < 1.0


def recovery_seconds(answers: list[Answer], ended: float) -> float:
    """From the end of the fault to the last answer after it that was not normal
    (the outage page, an error, or slower than a second)."""
    late = [a.at + a.seconds for a in answers if a.at >= ended and not normal(a)]
    return round(max(0.0, max(late) - ended), 1) if late else 0.0


@dataclass
class Fault:
    name: str
    begin: object
    end: object
    is_cache_fault: bool = False


def drill(args: argparse.Namespace) -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="ascn-faults-"))
    # The drill's PostgreSQL runs as the postgres user: it must reach its folder.
    os.chmod(folder, 0o755)  # noqa: S103
    postgres, redis = Postgres(folder / "pg"), Redis(folder)
    server = nginx = None
    results: dict = {"faults": {}, "errors": []}
    try:
        print("== PostgreSQL and Redis of the drill's own", flush=True)
        postgres.init()
        redis.start()
        # The benchmark's production settings, with this drill's services.
        env = {**base_environment(), "DATABASE_URL": postgres.url}
        env["REDIS_URL"] = redis.url
        print("== migrate, load the ASCN data, collectstatic", flush=True)
        for command in (
            ["migrate", "--no-input", "--verbosity=0"],
            ["load_ascn"],
            ["collectstatic", "--no-input", "--verbosity=0"],
        ):
            run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        (OUT / "gunicorn.log").unlink(missing_ok=True)
        server = Server(
            env, OUT / "gunicorn.log", workers=args.workers, worker_class=None
        )
        server.env["GUNICORN_TIMEOUT"] = "30"
        server.start()
        nginx = Nginx(folder, server.port)
        nginx.start()
        front = nginx.port
        print(
            f"== gunicorn on {server.port} ({args.workers} workers, threaded), "
            f"nginx on {front}",
            flush=True,
        )
        for path in CACHED_PATHS:
            status, _ = fetch(front, path, timeout=30)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before any fault")

        def kill_a_worker() -> None:
            group_signal(server.worker_pids()[:1], signal.SIGKILL)

        slow = SlowClients(front, args.slow_clients)
        faults = [
            Fault("database stopped", postgres.stop, postgres.start),
            Fault("database hung", postgres.hang, postgres.resume),
            Fault("Redis stopped", redis.stop, redis.start, is_cache_fault=True),
            Fault("Redis hung", redis.hang, redis.resume, is_cache_fault=True),
            Fault("a worker killed", kill_a_worker, lambda: None),
            Fault(f"{args.slow_clients} slow clients", slow.start, slow.stop),
        ]
        with Load(front, args.connections) as load:
            for fault in faults:
                time.sleep(args.before)
                began = load.now()
                print(f"== {fault.name}", flush=True)
                fault.begin()
                time.sleep(args.during)
                ended = load.now()
                fault.end()
                time.sleep(args.after)
                finished = load.now()
                answers = list(load.answers)
                print(f"   Redis: {redis.info()}", flush=True)
                results["faults"][fault.name] = summary(
                    fault,
                    answers,
                    load.health,
                    began - args.before,
                    began,
                    ended,
                    finished,
                )
                show(fault.name, results["faults"][fault.name])
    except Exception as error:  # reported, written and turned into the exit code
        results["errors"].append(f"{type(error).__name__}: {error}")
        raise
    finally:
        for part in (nginx, server):
            if part is not None:
                part.stop()
        redis.stop()
        postgres.destroy()
        shutil.rmtree(folder, ignore_errors=True)
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
    return results


def summary(fault, answers, health, start, began, ended, finished) -> dict:
    def during(low: float, high: float) -> list[Answer]:
        return [a for a in answers if low <= a.at < high]

    phases = {
        "before": phase_figures(during(start, began)),
        "during": phase_figures(during(began, ended)),
        "after": phase_figures(during(ended, finished)),
    }
    in_fault = during(began, ended)
    states = Counter(state for at, _code, state in health if began <= at < ended)
    figures = {
        **phases,
        "cached_pages_during": phase_figures(
            [a for a in in_fault if a.kind == "cached"]
        ),
        "searches_during": phase_figures([a for a in in_fault if a.kind == "search"]),
        "healthz_during": dict(states),
        "recovery_s": recovery_seconds(answers, ended),
    }
    problems = []
    for name, phase in phases.items():
        if phase["failures"]:
            problems.append(f"{phase['failures']} failed answers {name}")
    if fault.is_cache_fault and phases["during"]["p99_ms"] >= REDIS_P99_LIMIT * 1000:
        problems.append(f"p99 {phases['during']['p99_ms']} ms during the fault")
    if figures["recovery_s"] > RECOVERY_LIMIT:
        problems.append(f"recovered after {figures['recovery_s']} s")
    figures["problems"] = problems
    return figures


def show(name: str, figures: dict) -> None:
    def line(phase: dict) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in phase["statuses"].items())
        return f"{phase['requests']:>6} requests ({statuses}), p99 {phase['p99_ms']} ms"

    print(f"   before  {line(figures['before'])}")
    print(f"   during  {line(figures['during'])}")
    print(f"     cached pages {line(figures['cached_pages_during'])}")
    print(f"     searches     {line(figures['searches_during'])}")
    print(f"     /healthz     {figures['healthz_during']}")
    print(f"   after   {line(figures['after'])}")
    verdict = "; ".join(figures["problems"]) or "PASS"
    print(f"   recovered in {figures['recovery_s']} s: {verdict}", flush=True)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=float, default=6, help="seconds before")
    parser.add_argument("--during", type=float, default=12, help="seconds of a fault")
    parser.add_argument("--after", type=float, default=8, help="seconds after")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--slow-clients", type=int, default=50)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    results = drill(arguments(argv))
    problems = [
        f"{name}: {problem}"
        for name, figures in results["faults"].items()
        for problem in figures["problems"]
    ]
    print("== " + ("FAIL: " + "; ".join(problems) if problems else "all faults PASS"))
    return 1 if problems or results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
