import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run_with_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_with_settings(
        "ascn_portal.settings.prod", DJANGO_ALLOWED_HOSTS="ascn.example.org"
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = run_with_settings(
        "ascn_portal.settings.prod",
        DJANGO_SECRET_KEY="changeme",
        DJANGO_ALLOWED_HOSTS="ascn.example.org",
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_start_with_a_real_secret_key():
    result = run_with_settings(
        "ascn_portal.settings.prod",
        DJANGO_SECRET_KEY="k" * 20 + "Zq8!x#Lm2@Vr5%Tn7^Wp9&Ys3*Uo6(Hj4)",
        DJANGO_ALLOWED_HOSTS="ascn.example.org",
    )
    assert result.returncode == 0, result.stderr


def test_debug_flag_refuses_a_value_it_cannot_read():
    result = run_with_settings("ascn_portal.settings.dev", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
