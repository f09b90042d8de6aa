"""The fault drill's own arithmetic and its nginx configuration. (The drill itself
runs with `make faults`, not in the test suite.)"""

import re
import shutil
import subprocess

import pytest

from bench.faults import NGINX_SITE, Answer, Fault, recovery_seconds, summary


def answers(*rows):
    return [Answer(at, kind, status, seconds) for at, kind, status, seconds in rows]


def test_recovery_is_the_last_abnormal_answer_after_the_fault():
    rows = answers(
        (9.0, "search", 503, 0.01),  # during the fault: not counted
        (10.5, "search", 503, 0.02),
        (11.0, "cached", 200, 1.5),  # slow: not yet recovered
        (12.9, "cached", 200, 0.01),
    )
    assert recovery_seconds(rows, ended=10.0) == 2.5
    assert recovery_seconds(answers((10.5, "cached", 200, 0.01)), ended=10.0) == 0.0


def test_a_500_or_an_unanswered_request_fails_the_drill_a_503_does_not():
    rows = answers(
        (1.0, "cached", 200, 0.01),
        (5.0, "search", 503, 0.01),
        (6.0, "cached", 500, 0.01),
        (7.0, "cached", 0, 10.0),
        (12.0, "cached", 200, 0.01),
    )
    figures = summary(Fault("x", None, None), rows, [], 0.0, 4.0, 10.0, 16.0)
    assert figures["during"]["statuses"] == {"0": 1, "500": 1, "503": 1}
    assert figures["during"]["failures"] == 2
    assert figures["problems"] == ["2 failed answers during"]


def test_a_slow_cache_fault_fails_on_its_99th_percentile():
    rows = answers(*[(5.0 + i / 100, "cached", 200, 1.2) for i in range(100)])
    figures = summary(Fault("x", None, None, True), rows, [], 0.0, 4.0, 10.0, 16.0)
    assert figures["problems"] == ["p99 1200 ms during the fault"]


def test_the_nginx_configuration_is_valid_once_filled_in(tmp_path):
    site = re.sub(
        r"\$\{(ASCN_[A-Z_]+)\}",
        lambda found: {
            "ASCN_LISTEN": "127.0.0.1:18080",
            "ASCN_SERVER_NAME": "localhost",
            "ASCN_UPSTREAM": "127.0.0.1:18000",
            "ASCN_MEDIA_ROOT": str(tmp_path),
        }[found.group(1)],
        NGINX_SITE.read_text(),
    )
    assert "${" not in re.sub(r"(?m)#.*$", "", site)
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None:
        pytest.skip("nginx is not installed (make faults installs it)")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp {\n"
        + "".join(
            f"  {kind}_temp_path {tmp_path}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"  include {tmp_path}/site.conf;\n}}\n"
    )
    checked = subprocess.run(  # noqa: S603 - nginx's own syntax check
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
