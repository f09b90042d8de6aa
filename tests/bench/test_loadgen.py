"""The benchmark's server runs the workers it says it measures."""

from pathlib import Path

from bench.loadgen import Server


def option(command: list[str], name: str) -> str | None:
    values = [arg.split("=", 1)[1] for arg in command if arg.startswith(f"--{name}=")]
    return values[-1] if values else None


def test_sync_workers_are_given_one_thread_each(tmp_path: Path):
    # gunicorn.conf.py asks for 4 threads, and gunicorn runs a sync worker with
    # more than one thread as gthread.
    command = Server({}, tmp_path / "log").command()
    assert option(command, "worker-class") == "sync"
    assert option(command, "threads") == "1"


def test_the_configured_workers_keep_their_threads(tmp_path: Path):
    command = Server({}, tmp_path / "log", worker_class=None).command()
    assert option(command, "worker-class") is None
    assert option(command, "threads") is None
