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


def settings_of(module: str, names: str, **env: str) -> list[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "EMAIL_", "ASCN_"))
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(*({names},), sep='\\n')"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


PRODUCTION = {
    "DJANGO_SECRET_KEY": "k" * 20 + "Zq8!x#Lm2@Vr5%Tn7^Wp9&Ys3*Uo6(Hj4)",
    "DJANGO_ALLOWED_HOSTS": "ascn.example.org,www.ascn.example.org",
}
MAIL = (
    "settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
    "settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS, "
    "settings.DEFAULT_FROM_EMAIL, settings.SITE_URL"
)


def test_production_sends_e_mail_through_the_smtp_server_of_the_environment():
    assert settings_of(
        "ascn_portal.settings.prod",
        MAIL,
        **PRODUCTION,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="portal",
        EMAIL_HOST_PASSWORD="from-the-environment",
        EMAIL_USE_TLS="true",
        DEFAULT_FROM_EMAIL="ASCN <portal@example.org>",
        ASCN_SITE_URL="https://portal.example.org/",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "portal",
        "from-the-environment",
        "True",
        "ASCN <portal@example.org>",
        "https://portal.example.org",
    ]


def test_production_links_in_e_mail_go_to_the_first_host_name_by_default():
    assert settings_of(
        "ascn_portal.settings.prod", "settings.SITE_URL", **PRODUCTION
    ) == ["https://ascn.example.org"]


def test_development_prints_e_mail_instead_of_sending_it():
    assert settings_of("ascn_portal.settings.dev", "settings.EMAIL_BACKEND") == [
        "django.core.mail.backends.console.EmailBackend"
    ]


def test_debug_flag_refuses_a_value_it_cannot_read():
    result = run_with_settings("ascn_portal.settings.dev", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_the_web_server_gives_postgresql_statements_a_time_limit_commands_none():
    # gunicorn.conf.py sets ASCN_DB_STATEMENT_TIMEOUT before the workers load
    # the settings; management commands (migrate, restore) run without one.
    script = (
        "import os, runpy; runpy.run_path('ascn_portal/gunicorn.conf.py'); "
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['OPTIONS'].get('options', ''), "
        "db['OPTIONS'].get('answer_timeout'), db['OPTIONS']['connect_timeout'])"
    )
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ASCN_DB_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ascn_portal.settings.test",
        DATABASE_URL="postgres://ascn@127.0.0.1:5432/ascn",
    )

    def database_settings(script: str) -> list[str]:
        return subprocess.run(  # noqa: S603 - this interpreter, our own script
            [sys.executable, "-c", script],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()

    assert database_settings(script) == [
        "ops.db",
        "-c",
        "statement_timeout=5000",
        "-c",
        "lock_timeout=5000",
        "6.0",
        "2",
    ]
    without_gunicorn = script.replace("runpy.run_path(", "(")
    assert database_settings(without_gunicorn) == ["ops.db", "None", "2"]


def test_gunicorn_runs_threaded_workers():
    import runpy

    config = runpy.run_path(str(settings.BASE_DIR / "ascn_portal" / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"
    assert config["threads"] >= 2
