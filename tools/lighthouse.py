"""Lighthouse scores of the portal as production serves it: `make lighthouse`, or

    .venv/bin/python tools/lighthouse.py [--port 8079] [--minimum 95] [PATH ...]

Serves the ASCN data with `make serve` (gunicorn, WhiteNoise, DEBUG off) from a
database of its own (var/lighthouse/site.sqlite3, loaded on the first run), runs
Lighthouse 12 (installed with npm into var/lighthouse/ when missing) in Debian's
Chromium on each page, on a phone (Lighthouse's mobile run, with its simulated
slow network and processor) and on a desktop, and prints the four scores:
performance, accessibility, best practices and SEO. The reports are kept in
var/lighthouse/ as JSON. The exit code is 1 when any score is under the minimum.

Performance is a measurement: on a machine busy with other work it comes out
lower than on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "lighthouse"
LIGHTHOUSE = WORK / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("ASCN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("/th/", "/en/", "/th/cities/phuket/", "/en/cities/siem-reap/")
FORM_FACTORS = ("mobile", "desktop")


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (apt-get install npm)")
    WORK.mkdir(parents=True, exist_ok=True)
    print("installing Lighthouse 12 with npm into var/lighthouse/", flush=True)
    subprocess.run(  # noqa: S603 - our own arguments, no shell
        [
            shutil.which("npm") or "npm",
            "install",
            "--silent",
            "--prefix",
            str(WORK),
            "lighthouse@12",
        ],
        check=True,
    )


def serve(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{WORK / 'site.sqlite3'}",
        "PORT": str(port),
    }
    env.pop("REDIS_URL", None)
    log = open(WORK / "serve.log", "w")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen(  # noqa: S603 - our own arguments, no shell
        [shutil.which("make") or "make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"make serve stopped: see {WORK / 'serve.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/th/", timeout=5):
                return server
        except OSError:
            time.sleep(1)
    stop(server)
    sys.exit("the server did not answer within 10 minutes")


def stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def scores(url: str, form_factor: str, report: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-flags={CHROMIUM_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(  # noqa: S603 - our own arguments, no shell
        command,
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result = json.loads(report.read_text())
    return {
        name: round(category["score"] * 100)
        for name, category in result["categories"].items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=PAGES)
    parser.add_argument("--port", type=int, default=8079)
    parser.add_argument("--minimum", type=int, default=95)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found (apt-get install chromium fonts-thai-tlwg)")
    install()
    server = serve(args.port)
    failed = False
    try:
        print(f"| page | device | {' | '.join(CATEGORIES)} |")
        print("|---|---|" + "---|" * len(CATEGORIES))
        for path in args.paths:
            for form_factor in FORM_FACTORS:
                name = path.strip("/").replace("/", "-") + f"-{form_factor}.json"
                found = scores(
                    f"http://127.0.0.1:{args.port}{path}", form_factor, WORK / name
                )
                cells = []
                for category in CATEGORIES:
                    score = found[category]
                    low = score < args.minimum
                    failed |= low
                    cells.append(f"{score}{' MISS' if low else ''}")
                print(f"| {path} | {form_factor} | {' | '.join(cells)} |", flush=True)
    finally:
        stop(server)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
