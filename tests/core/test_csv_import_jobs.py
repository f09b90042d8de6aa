"""A large CSV file is previewed and imported by the worker, not in the request:
the admin shows how far it got, then the preview, then what was imported. Only
the person who started it answers it; a job that fails writes nothing."""

import datetime
import os
import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio import jobs
from core.models import ImportBatch, ImportJob
from tests.core.test_csv_import import rows_of, staff_export, to_csv
from tests.csv_admin import confirm, confirm_url, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "admin:cities_city_import"


@pytest.fixture(autouse=True)
def _large_files_go_to_the_worker(settings, tmp_path):
    settings.CSV_IMPORT_DIR = tmp_path / "csv-imports"
    # The 38 cities of the reference data are "large" here.
    settings.CSV_IMPORT_BACKGROUND_ROWS = 10


@pytest.fixture
def no_worker(settings):
    """Tasks are kept, not run: the job waits as it would for a busy worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }


@pytest.fixture
def database_worker(settings, monkeypatch):
    """Tasks go to the database, where `manage.py db_worker` finds them. The
    worker runs here in the test's own transaction, which it must not close as it
    closes its connection between tasks in a process of its own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )


def cities_file(summary: str) -> bytes:
    header, rows = rows_of(staff_export(CitySpec, City))
    for row in rows:
        row[header.index("summary_en")] = f"{summary} {row[0]}"
    return to_csv(header, rows)


def test_a_large_file_waits_for_the_worker_and_its_page_shows_how_far_it_got(
    admin_client, ascn_data, no_worker
):
    page = upload(admin_client, reverse(URL), cities_file("Waiting"))
    html = page.content.decode()
    job = ImportJob.objects.get()
    assert page.redirect_chain[-1][0].endswith(f"/import/{job.pk}/")
    assert "Waiting for the import worker to start" in html
    assert "js/import-progress.js" in html and "<script>" not in html

    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    jobs.write_progress(job.pk, "check", 12, 38)
    html = admin_client.get(page.redirect_chain[-1][0]).content.decode()
    assert "Checking rows: 12 of 38" in html
    assert '<progress value="12" max="38">' in html

    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED)
    jobs.run(job.pk)  # what the worker does
    html = admin_client.get(page.redirect_chain[-1][0]).content.decode()
    assert "0 new, 38 changed, 0 unchanged, 0 with errors." in html
    assert City.objects.get(slug="phuket").summary_en != "Waiting phuket"


def test_the_worker_previews_and_imports_in_the_importers_name(
    admin_client, admin_user, ascn_data, database_worker
):
    page = upload(admin_client, reverse(URL), cities_file("By the worker"))
    assert ImportJob.objects.get().state == ImportJob.State.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    preview = admin_client.get(page.redirect_chain[-1][0])
    assert "38 changed" in preview.content.decode()

    writing = confirm(admin_client, preview)
    assert "Importing" in writing.content.decode()
    assert City.objects.get(slug="phuket").summary_en != "By the worker phuket"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    done = admin_client.get(writing.redirect_chain[-1][0]).content.decode()
    assert "Imported: 0 new, 38 changed, 0 unchanged." in done
    phuket = City.objects.get(slug="phuket")
    assert phuket.summary_en == "By the worker phuket"
    assert phuket.history.first().history_user == admin_user
    assert ImportBatch.objects.get().created_by == admin_user


def test_a_job_is_seen_by_its_starter_and_superusers_only(
    client, django_user_model, ascn_data, no_worker
):
    from django.contrib.auth.models import Permission

    def editor(name):
        user = django_user_model.objects.create_user(
            name, password="pw-12345678", is_staff=True
        )
        user.user_permissions.add(
            *Permission.objects.filter(
                codename__in=["add_city", "change_city", "view_city"]
            )
        )
        return user

    client.force_login(editor("starter"))
    page = upload(client, reverse(URL), cities_file("Mine"))
    job_url = page.redirect_chain[-1][0]
    assert client.get(job_url).status_code == 200
    client.force_login(editor("colleague"))
    assert client.get(job_url).status_code == 404
    client.force_login(
        django_user_model.objects.create_superuser("boss", "b@example.org", "pw-1234")
    )
    assert client.get(job_url).status_code == 200


def test_a_failing_job_writes_nothing_and_says_so_in_the_importers_language(
    admin_client, ascn_data, no_worker, monkeypatch
):
    thai_url = reverse(URL).replace("/en/", "/th/")
    page = upload(admin_client, thai_url, cities_file("Half"))
    jobs.run(ImportJob.objects.get().pk)
    preview = admin_client.get(page.redirect_chain[-1][0])
    writing = confirm(admin_client, preview)
    job = ImportJob.objects.get(phase=ImportJob.Phase.APPLY)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    # The records are written, then the batch cannot be recorded.
    monkeypatch.setattr("core.csvio.applying.ImportBatch.objects.create", broken)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED
    assert not City.objects.filter(summary_en__startswith="Half").exists()
    html = admin_client.get(writing.redirect_chain[-1][0]).content.decode()
    assert "การนำเข้าหยุดลงเพราะข้อผิดพลาดในพอร์ทัล และไม่มีการบันทึกสิ่งใด" in html
    assert "the disk is full" not in html


def test_a_job_whose_worker_stopped_says_that_nothing_was_written(
    admin_client, ascn_data, no_worker, settings
):
    page = upload(admin_client, reverse(URL), cities_file("Stopped"))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    jobs.write_progress(job.pk, "check", 5, 38)
    long_ago = time.time() - 3600
    os.utime(jobs._progress_file(job.pk), (long_ago, long_ago))
    html = admin_client.get(page.redirect_chain[-1][0]).content.decode()
    assert "The import stopped before it finished" in html
    assert "Nothing was written" in html


def test_a_worker_that_does_not_start_is_named(admin_client, ascn_data, no_worker):
    page = upload(admin_client, reverse(URL), cities_file("Nobody"))
    ImportJob.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    html = admin_client.get(page.redirect_chain[-1][0]).content.decode()
    assert "The import worker does not seem to be running" in html


def test_the_preview_of_a_large_file_shows_its_first_rows_and_counts_them_all(
    admin_client, ascn_data, monkeypatch
):
    monkeypatch.setattr(jobs, "SHOWN_CHANGES", 5)
    page = upload(admin_client, reverse(URL), cities_file("Many"))
    html = page.content.decode()
    assert "0 new, 38 changed, 0 unchanged, 0 with errors." in html
    assert len(re.findall(r'<tr class="import-changed">', html)) == 5
    assert "33 more new or changed rows are not shown here" in html
    confirm(admin_client, page)
    assert City.objects.filter(summary_en__startswith="Many").count() == 38


def test_a_preview_is_answered_once(admin_client, ascn_data):
    page = upload(admin_client, reverse(URL), cities_file("Once"))
    first = confirm(admin_client, page)
    assert ImportJob.objects.filter(phase=ImportJob.Phase.APPLY).count() == 1
    again = admin_client.post(confirm_url(page), follow=True)
    assert "no longer waiting for an answer" in again.content.decode()
    assert ImportJob.objects.filter(phase=ImportJob.Phase.APPLY).count() == 1
    assert first.status_code == 200
