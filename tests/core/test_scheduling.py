"""Scheduled publishing and unpublishing: due records change once, at once on
the public pages, whoever runs the scheduler and however often; /healthz says
when it is not running."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cities.models import City
from core.scheduling import overdue, run_schedule
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MINUTE = datetime.timedelta(minutes=1)


def test_due_records_are_published_and_unpublished_once(client, capsys):
    due = CityFactory(slug="due-town", name_en="Due town", status="review")
    due.publish_at = NOW - MINUTE
    due.save()
    later = CityFactory(slug="later-town", status="draft")
    later.publish_at = NOW + MINUTE * 60
    later.save()
    leaving = CityFactory(
        slug="leaving-town", name_en="Leaving town", status="published"
    )
    leaving.unpublish_at = NOW - MINUTE
    leaving.save()
    assert client.get("/en/cities/due-town/").status_code == 404
    assert client.get("/en/cities/leaving-town/").status_code == 200  # now cached

    call_command("publish_scheduled")
    assert "1 published, 1 unpublished." in capsys.readouterr().out

    due.refresh_from_db(), later.refresh_from_db(), leaving.refresh_from_db()
    assert (due.status, due.publish_at) == ("published", None)
    assert due.published_at is not None
    assert later.status == "draft"
    assert (leaving.status, leaving.unpublish_at) == ("draft", None)
    # The page cache shows the change at once.
    assert client.get("/en/cities/due-town/").status_code == 200
    assert client.get("/en/cities/leaving-town/").status_code == 404
    # Run again: nothing is due any more.
    done = run_schedule()
    assert (done.published, done.unpublished) == ([], [])


def test_a_scheduled_change_is_in_the_records_history():
    city = CityFactory(slug="due-town", status="review")
    city.publish_at = NOW - MINUTE
    city.save()
    run_schedule()
    latest = city.history.first()
    assert latest.status == "published"


def test_only_publishers_may_schedule(client, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user(
        "editor", password="pw-12345678", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    city = CityFactory(status="draft")
    page = client.get(f"/en/admin/cities/city/{city.pk}/change/").content.decode()
    assert "Schedule" in page
    assert 'name="publish_at_0"' not in page and 'name="publish_at"' not in page


def test_healthz_reports_scheduled_records_overdue(client):
    city = CityFactory(status="review")
    city.publish_at = NOW - MINUTE * 11
    city.save()
    assert overdue() == 1
    answer = client.get("/healthz").json()
    assert answer["checks"]["scheduler"] == "overdue"
    assert answer["scheduled_overdue"] == 1
    assert answer["status"] == "degraded"
    run_schedule()
    assert client.get("/healthz").json()["checks"]["scheduler"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_publish_each_record_once():
    for number in range(6):
        city = CityFactory(slug=f"town-{number}", status="review")
        city.publish_at = NOW - MINUTE
        city.save()
    results = []

    def run():
        results.append(run_schedule())
        connection.close()

    if connection.vendor == "sqlite":
        # SQLite writes one transaction at a time: the runs follow each other.
        run()
        run()
    else:
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    published = sorted(name for done in results for name in done.published)
    assert len(published) == 6 == len(set(published))
    assert City.objects.filter(status="published").count() == 6
    for city in City.objects.all():
        assert city.history.filter(status="published").count() == 1


def test_publishers_schedule_in_the_form(admin_client):
    city = CityFactory(status="review")
    url = f"/en/admin/cities/city/{city.pk}/change/"
    assert 'name="publish_at_0"' in admin_client.get(url).content.decode()
