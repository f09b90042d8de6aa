"""E-mail about review: Publishers hear of submissions, authors of decisions,
each in their own language, with links that work."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import resolve
from django.utils import timezone, translation

from core import revisions, scheduling, snapshots
from core.models import PublicationStatus
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(member):
    """A staff member of a group, with an e-mail address and an admin language."""

    def make(group: str, username: str, language: str = "en", **fields):
        return member(
            group,
            username=username,
            email=f"{username}@example.org",
            admin_language=language,
            **fields,
        )

    return make


@pytest.fixture
def editor(staff):
    return staff("Editor", "somchai", "th")


@pytest.fixture
def publishers(staff):
    return {
        "th": staff("Publisher", "pranee", "th", display_name="ปราณี"),
        "en": staff("Publisher", "alex", "en", display_name="Alex"),
    }


@pytest.fixture
def draft_city():
    return CityFactory(name_th="ภูเก็ต", name_en="Phuket", status=PublicationStatus.DRAFT)


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def submit(record, user, capture, comment=""):
    with capture(execute=True):
        revisions.submit(record=record, user=user, comment=comment)


def test_a_submission_e_mails_each_publisher_in_their_own_language(
    draft_city, editor, publishers, django_capture_on_commit_callbacks
):
    submit(draft_city, editor, django_capture_on_commit_callbacks, "พร้อมแล้ว & <ok>")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "alex@example.org",
        "pranee@example.org",
    ]
    (thai,) = to("pranee@example.org")
    assert thai.subject == "รอตรวจทาน: เมืองนำร่อง “ภูเก็ต”"
    assert "เรียน ปราณี" in thai.body
    assert "somchai ได้ส่งเมืองนำร่อง “ภูเก็ต” ให้ตรวจทาน" in thai.body
    assert "พร้อมแล้ว & <ok>" in thai.body  # plain text: nothing escaped
    # The year keeps to "พ.ศ." and the time to "น." with no-break spaces.
    assert re.search(r"พ\.ศ\.\s25\d\d เวลา \d\d:\d\d\sน\.", thai.body)
    (english,) = to("alex@example.org")
    assert english.subject == "For review: the pilot city “Phuket”"
    assert "Dear Alex," in english.body
    assert "somchai submitted the pilot city “Phuket” for review" in english.body
    assert "พร้อมแล้ว & <ok>" in english.body
    assert "พ.ศ." not in english.body


def test_a_submission_e_mails_no_editor_nor_the_submitter_nor_who_opted_out(
    draft_city, staff, publishers, django_capture_on_commit_callbacks
):
    other_editor = staff("Editor", "malee")
    submitter = staff("Publisher", "somsak")
    opted_out = staff("Publisher", "niran", notify_by_email=False)
    away = staff("Publisher", "wichai", is_active=False)
    no_address = staff("Publisher", "kanya")
    no_address.email = ""
    no_address.save()
    outside_the_admin = staff("Publisher", "pim")
    outside_the_admin.is_staff = False
    outside_the_admin.save()

    submit(draft_city, submitter, django_capture_on_commit_callbacks)

    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {"pranee@example.org", "alex@example.org"}
    for user in (other_editor, submitter, opted_out, away, outside_the_admin):
        assert user.email not in recipients


def test_superusers_hear_of_submissions_too(
    draft_city, editor, staff, django_capture_on_commit_callbacks
):
    staff("Viewer", "root", is_superuser=True)
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["root@example.org"]]


def test_publishers_of_another_kind_of_record_hear_nothing(
    draft_city, editor, staff, django_capture_on_commit_callbacks
):
    projects_only = staff("Viewer", "nok")
    projects_only.user_permissions.add(
        *Group.objects.get(name="Publisher").permissions.filter(
            codename="publish_project"
        )
    )
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_submitted_change_to_a_published_record_says_it_is_a_change(
    editor, publishers, django_capture_on_commit_callbacks
):
    city = CityFactory(name_th="ขอนแก่น", name_en="Khon Kaen")
    with django_capture_on_commit_callbacks(execute=True):
        revisions.propose(
            record=city, snapshot=snapshots.take(city), user=editor, submit=True
        )
    (english,) = to("alex@example.org")
    assert english.subject == "For review: a change to the pilot city “Khon Kaen”"
    assert "The public sees the published version" in english.body
    (thai,) = to("pranee@example.org")
    assert thai.subject == "รอตรวจทาน: การแก้ไขเมืองนำร่อง “ขอนแก่น”"


def test_sending_back_e_mails_the_author_with_the_comment(
    draft_city, editor, publishers, django_capture_on_commit_callbacks
):
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revisions.send_back(
            record=draft_city,
            user=publishers["en"],
            comment="Please add the year it joined.",
        )
    (message,) = mail.outbox
    assert message.to == ["somchai@example.org"]
    assert message.subject == "ส่งกลับให้แก้ไข: เมืองนำร่อง “ภูเก็ต”"
    assert "Alex ได้ส่งเมืองนำร่อง “ภูเก็ต” กลับมาให้คุณแก้ไข" in message.body
    assert "Please add the year it joined." in message.body


def test_sending_back_a_change_e_mails_its_author(
    staff, publishers, django_capture_on_commit_callbacks
):
    author = staff("Editor", "malee", "en")
    city = CityFactory(name_en="Khon Kaen")
    revisions.propose(record=city, snapshot=snapshots.take(city), user=author)
    with django_capture_on_commit_callbacks(execute=True):
        revisions.submit(record=city, user=author)
        revisions.send_back(record=city, user=publishers["th"], comment="ใส่แหล่งที่มา")
    (message,) = to("malee@example.org")
    assert message.subject == "Sent back: your change to the pilot city “Khon Kaen”"
    assert "ปราณี sent your change" in message.body
    assert "What should change:\nใส่แหล่งที่มา" in message.body


def test_publishing_e_mails_the_author(
    draft_city, editor, publishers, django_capture_on_commit_callbacks
):
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revisions.publish(record=draft_city, user=publishers["en"])
    (message,) = mail.outbox
    assert message.to == ["somchai@example.org"]
    assert message.subject == "เผยแพร่แล้ว: เมืองนำร่อง “ภูเก็ต”"


def test_publishing_a_change_e_mails_its_author_in_their_language(
    staff, publishers, django_capture_on_commit_callbacks
):
    author = staff("Editor", "malee", "en")
    city = CityFactory(name_th="ขอนแก่น", name_en="Khon Kaen")
    snapshot = snapshots.take(city)
    snapshot["fields"]["name_en"] = "Khon Kaen City"
    with django_capture_on_commit_callbacks(execute=True):
        revisions.propose(record=city, snapshot=snapshot, user=author, submit=True)
        revisions.publish(record=city, user=publishers["th"])
    (message,) = [m for m in to("malee@example.org") if "Published" in m.subject]
    assert message.subject == (
        "Published: your change to the pilot city “Khon Kaen City”"
    )
    assert "ปราณี published your change" in message.body


def test_a_change_published_on_schedule_e_mails_its_author(
    staff, django_capture_on_commit_callbacks
):
    author = staff("Editor", "malee", "th")
    city = CityFactory(name_th="ขอนแก่น")
    with django_capture_on_commit_callbacks(execute=True):
        change = revisions.propose(
            record=city, snapshot=snapshots.take(city), user=author, submit=True
        )
        change.publish_at = timezone.now() - datetime.timedelta(minutes=1)
        change.save()
        assert scheduling.run_schedule().published == [f"cities.City {city.pk}"]
    (message,) = to("malee@example.org")
    assert message.subject == "เผยแพร่แล้ว: การแก้ไขเมืองนำร่อง “ขอนแก่น” ของคุณ"
    assert "ได้รับการเผยแพร่แล้ว" in message.body
    assert "ตามเวลาที่กำหนดไว้" in message.body


def test_a_record_published_on_schedule_e_mails_who_submitted_it(
    draft_city, editor, publishers, django_capture_on_commit_callbacks
):
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    draft_city.publish_at = timezone.now() - datetime.timedelta(minutes=1)
    draft_city.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.run_schedule().published == [f"cities.City {draft_city.pk}"]
    (message,) = mail.outbox
    assert message.to == ["somchai@example.org"]
    assert message.subject == "เผยแพร่แล้ว: เมืองนำร่อง “ภูเก็ต”"
    assert "ตามเวลาที่กำหนดไว้" in message.body


def test_no_e_mail_to_an_author_who_opted_out_or_published_it_themselves(
    draft_city, staff, django_capture_on_commit_callbacks
):
    publisher = staff("Publisher", "somsak")
    submit(draft_city, publisher, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        revisions.publish(record=draft_city, user=publisher)
    assert mail.outbox == []

    author = staff("Editor", "malee", notify_by_email=False)
    city = CityFactory(status=PublicationStatus.DRAFT)
    submit(city, author, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revisions.send_back(record=city, user=publisher, comment="Not yet.")
    assert mail.outbox == []


def test_the_links_are_absolute_and_open_the_record(
    draft_city, editor, publishers, django_capture_on_commit_callbacks
):
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    for language, message in (
        ("th", to("pranee@example.org")[0]),
        ("en", to("alex@example.org")[0]),
    ):
        links = re.findall(r"https?://\S+", message.body)
        assert len(links) >= 2
        with translation.override(language):  # /th/ resolves in Thai only
            pages = [resolve(urlsplit(link).path) for link in links]
        for link in links:
            address = urlsplit(link)
            assert (address.scheme, address.netloc) == ("http", "testserver")
            assert address.path.startswith(f"/{language}/admin/")
        assert [(page.url_name, page.kwargs) for page in pages] == [
            ("cities_city_review", {"object_id": str(draft_city.pk)}),
            ("cities_city_change", {"object_id": str(draft_city.pk)}),
            ("preferences", {}),
        ]


class OneAddressRefused(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            if message.to == ["pranee@example.org"]:
                raise ConnectionRefusedError("mailbox unavailable")
            mail.outbox.append(message)
        return len(email_messages)


@override_settings(EMAIL_BACKEND="tests.core.test_notifications.OneAddressRefused")
def test_one_refused_address_does_not_keep_the_others_from_their_e_mail(
    draft_city, editor, publishers, django_capture_on_commit_callbacks, caplog
):
    mail.outbox = []
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["alex@example.org"]]
    assert "to pranee@example.org not sent" in caplog.text


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


@override_settings(EMAIL_BACKEND="tests.core.test_notifications.BrokenBackend")
def test_a_failing_mail_server_does_not_undo_or_break_the_action(
    draft_city, editor, publishers, django_capture_on_commit_callbacks, caplog
):
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    draft_city.refresh_from_db()
    assert draft_city.status == PublicationStatus.REVIEW
    assert "not sent" in caplog.text
    assert "ConnectionRefusedError" in caplog.text


def test_a_failure_before_sending_does_not_break_the_action(
    draft_city, editor, publishers, django_capture_on_commit_callbacks, monkeypatch
):
    from core import notifications

    def broken(*args, **kwargs):
        raise RuntimeError("a template that does not render")

    monkeypatch.setattr(notifications, "_message", broken)
    submit(draft_city, editor, django_capture_on_commit_callbacks)
    draft_city.refresh_from_db()
    assert draft_city.status == PublicationStatus.REVIEW
    assert mail.outbox == []
