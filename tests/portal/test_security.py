"""Security headers, cookies, the deployment check and the admin login lock-out."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_deployment_check_finds_nothing_with_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "ascn_portal.settings.prod",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "ascn.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture
def city(db):
    return CityFactory(slug="phuket", name_en="Phuket")


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/th/cities/",
        "/en/cities/phuket/",
        "/en/cities/export.csv",
        "/en/no-such-page/",
        "/en/admin/login/",
        "/healthz",
        "/robots.txt",
        "/static/css/site.css",
    ],
)
def test_every_response_carries_the_security_headers(client, city, path):
    response = client.get(path, secure=True)
    assert response.status_code in (200, 404), response.status_code
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    if not path.startswith("/static/"):
        assert response["X-Frame-Options"] == "DENY"
    response.close()  # as the server does: an export's cursor is closed now


def test_static_files_are_served_with_the_pages(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"font-family" in b"".join(response.streaming_content)


def test_cookies_are_secure_http_only_and_same_site(client):
    response = client.get("/en/admin/login/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    user = get_user_model().objects.create_superuser("editor", password="pw-long-1!")
    logged_in = client.post(
        "/en/admin/login/",
        {"username": "editor", "password": "pw-long-1!", "next": "/en/admin/"},
        secure=True,
    )
    assert logged_in.status_code == 302, logged_in.content[:500]
    session = logged_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert user.pk


def fail_login(client, username: str, language: str = "en"):
    return client.post(
        f"/{language}/admin/login/",
        {"username": username, "password": "wrong", "next": f"/{language}/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )


def test_admin_login_locks_out_after_repeated_failures(client):
    get_user_model().objects.create_superuser("staff", password="right-pass-9")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = fail_login(client, "staff")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    locked = fail_login(client, "staff")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many failed login attempts" in text
    assert "locked for 60 minutes" in text
    # Even the right password is refused while the lock lasts.
    right = client.post(
        "/en/admin/login/",
        {"username": "staff", "password": "right-pass-9"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_message_is_in_thai_on_thai_pages(client):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = fail_login(client, "staff", language="th")
    assert response.status_code == 429
    text = response.content.decode()
    assert "เข้าสู่ระบบผิดพลาดหลายครั้งเกินไป" in text
    assert "60 นาที" in text


def test_lock_out_is_per_user_name_and_address(client):
    get_user_model().objects.create_superuser("other", password="other-pass-9")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        fail_login(client, "staff")
    response = client.post(
        "/en/admin/login/",
        {"username": "other", "password": "other-pass-9", "next": "/en/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302


def test_forwarded_for_header_is_ignored_without_trusted_proxies(client):
    """Otherwise an attacker would choose a new address for every attempt."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/en/admin/login/",
            {"username": "staff", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        )
    assert response.status_code == 429


def test_admin_lives_where_the_setting_says(settings):
    assert settings.ADMIN_URL == "admin/"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    script = (
        "import django; django.setup();"
        "from django.urls import reverse; from django.utils import translation;"
        "translation.activate('th'); print(reverse('admin:index'))"
    )
    result = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "ascn_portal.settings.test",
            "DJANGO_ADMIN_URL": "office-7f3a/",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "/th/office-7f3a/", result.stderr
