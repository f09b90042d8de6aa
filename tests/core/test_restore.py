"""Restoring a version and undeleting a record, relations included, through the
admin: a draft or a change waiting for review, never straight to the public."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cities.models import City, FocusAreaBasis
from core import history, revisions, snapshots
from core.models import ChangeState, PendingChange, Source
from partners.models import Partnership
from projects.models import PartnerRole, Project, ProjectPartner
from tests.factories import (
    CityFactory,
    FocusAreaFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def restore_url(record_or_model, pk, version) -> str:
    opts = record_or_model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[pk, version.history_id],
    )


def history_url(model, pk) -> str:
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[pk]
    )


def last_saved(model, pk):
    """The newest version before the record was deleted."""
    return model.history.filter(id=pk).exclude(history_type="-").first()


@pytest.fixture
def city_with_everything():
    city = CityFactory(name_en="Phuket", summary_en="Island city", status="published")
    city.focus_areas.set([FocusAreaFactory(), FocusAreaFactory()])
    Source.objects.create(
        record=city,
        title="Action plan",
        url="https://asean.org/plan",
        as_of=datetime.date(2024, 5, 1),
        position=0,
    )
    Source.objects.create(record=city, title="Census", url="https://x.org/", position=1)
    PartnershipFactory(city=city, topic_en="Smart grid", start_year=2020)
    PartnershipFactory(city=city, topic_en="Water", kind="mou")
    history.settle(city)
    city.refresh_from_db()  # decimals as the database keeps them
    return city


def rows(city_pk):
    """Every row that belongs to the city, with every value but the moments a
    row itself was made and saved (a snapshot does not keep them)."""

    def kept(values):
        return [
            {k: v for k, v in row.items() if k not in {"created_at", "updated_at"}}
            for row in values
        ]

    return {
        "focus_areas": sorted(
            City.objects.get(pk=city_pk).focus_areas.values_list("pk", flat=True)
        ),
        "sources": kept(
            Source.objects.filter(object_id=city_pk, content_type__model="city")
            .order_by("pk")
            .values()
        ),
        "partnerships": kept(
            Partnership.objects.filter(city_id=city_pk).order_by("pk").values()
        ),
    }


@pytest.mark.parametrize("group", ["Editor", "Publisher"])
@pytest.mark.parametrize("which", ["last saved", "the deletion"])
def test_a_deleted_city_comes_back_as_a_draft_with_all_that_belonged_to_it(
    client, member, city_with_everything, group, which
):
    city = city_with_everything
    pk = city.pk
    before = snapshots.take(city)
    before_rows = rows(pk)
    member("Publisher")
    response = client.post(
        reverse("admin:cities_city_delete", args=[pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not City.objects.filter(pk=pk).exists()
    assert not Partnership.objects.filter(city_id=pk).exists()
    assert not Source.objects.filter(object_id=pk, content_type__model="city").exists()

    member(group, username="restorer")
    deleted = client.get(reverse("admin:cities_city_deleted")).content.decode()
    assert history_url(City, pk) in deleted
    if which == "last saved":
        version = last_saved(City, pk)
    else:
        version = City.history.get(id=pk, history_type="-")
    response = client.post(restore_url(City, pk, version))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cities_city_change", args=[pk])

    restored = City.objects.get(pk=pk)
    assert restored.status == "draft"
    assert restored.publish_at is None
    after = snapshots.take(restored)
    assert after["fields"] == {**before["fields"], "status": "draft"}
    assert after["relations"] == before["relations"]
    assert rows(pk) == before_rows  # same primary keys, same values, row by row
    assert client.get(restored.get_absolute_url()).status_code == 404
    latest = history.latest_version(restored)
    assert latest.history_change_reason.startswith("Restored from the version of")
    assert latest.relations == before["relations"]


def test_a_viewer_sees_the_comparison_but_cannot_restore(
    client, member, city_with_everything
):
    pk = city_with_everything.pk
    city_with_everything.delete()
    member("Viewer")
    url = restore_url(City, pk, last_saved(City, pk))
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Island city" in html and "Smart grid" in html
    assert "Restore this version" not in html
    assert client.post(url).status_code == 403
    assert not City.objects.filter(pk=pk).exists()


def test_a_viewer_cannot_restore_a_version_of_a_draft(client, member, draft):
    city = CityFactory(summary_en="First", **draft)
    city.summary_en = "Second"
    city.save()
    member("Viewer")
    assert client.post(restore_url(City, city.pk, city.history.last())).status_code == (
        403
    )
    city.refresh_from_db()
    assert city.summary_en == "Second"


def test_before_a_restore_staff_see_what_it_will_change(client, member, draft):
    old_area, new_area = FocusAreaFactory(name_en="Mobility"), FocusAreaFactory()
    city = CityFactory(summary_en="First", region_en="", **draft)
    city.focus_areas.set(
        [old_area], through_defaults={"basis": FocusAreaBasis.ACTION_PLAN}
    )
    history.settle(city)
    first = history.latest_version(city)
    city.summary_en = "Second"
    city.region_en = "Andaman coast"
    city.save()
    city.focus_areas.set([new_area])
    history.settle(city)
    member("Editor")
    page = client.get(restore_url(City, city.pk, first))
    changes = {(c.label, c.old, c.new) for c in page.context["changes"]}
    assert changes == {
        ("summary (English)", "Second", "First"),
        ("province or state (English)", "Andaman coast", "—"),
        (
            "focus areas of the city",
            f"focus area: {new_area}",
            "focus area: Mobility; how it is known: Chosen in the city's 2018 "
            "action plan",
        ),
    }
    html = page.content.decode()
    assert "Restore this version" in html and "None" not in html
    city.refresh_from_db()
    assert city.summary_en == "Second"  # looking changes nothing


def test_restoring_a_draft_says_so_in_its_history(client, member, draft):
    city = CityFactory(summary_en="First", status="review")
    first = history.latest_version(city)
    city.summary_en = "Second"
    city.save()
    member("Editor")
    assert client.post(restore_url(City, city.pk, first)).status_code == 302
    city.refresh_from_db()
    assert (city.summary_en, city.status) == ("First", "draft")
    html = client.get(history_url(City, city.pk)).content.decode()
    moment = timezone.localtime(first.history_date).strftime("%H:%M")
    assert "Restored from the version of" in html and moment in html


def test_the_reason_is_in_the_language_of_the_admin(client, member, draft):
    city = CityFactory(summary_en="First", **draft)
    first = history.latest_version(city)
    city.summary_en = "Second"
    city.save()
    member("Editor")
    with translation.override("th"):
        url = restore_url(City, city.pk, first)
    client.post(url)
    reason = history.latest_version(city).history_change_reason
    assert reason.startswith("กู้คืนจากฉบับ") and "พ.ศ." in reason
    assert len(reason) <= 100


def test_an_editor_cannot_bring_back_an_archived_record(client, member):
    city = CityFactory(summary_en="First", status="archived")
    first = history.latest_version(city)
    city.summary_en = "Second"
    city.save()
    member("Editor")
    html = client.get(restore_url(City, city.pk, first)).content.decode()
    assert "Restore this version" not in html
    assert client.post(restore_url(City, city.pk, first)).status_code == 403
    member("Publisher")
    assert client.post(restore_url(City, city.pk, first)).status_code == 302
    city.refresh_from_db()
    assert (city.summary_en, city.status) == ("First", "draft")


def test_a_restored_draft_loses_its_publishing_time(client, member, draft):
    city = CityFactory(summary_en="First", **draft)
    first = history.latest_version(city)
    city.summary_en = "Second"
    city.publish_at = timezone.now() + datetime.timedelta(hours=1)
    city.save()
    member("Editor")
    response = client.post(restore_url(City, city.pk, first), follow=True)
    city.refresh_from_db()
    assert city.publish_at is None and city.status == "draft"
    assert "publishing time was cleared" in response.content.decode()


@pytest.mark.parametrize("group", ["Editor", "Publisher"])
def test_an_old_version_of_a_published_project_becomes_a_change_for_review(
    client, member, group
):
    lead, funder = PartnerFactory(name_en="Old Lead"), PartnerFactory(name_en="New")
    old_area, new_area = FocusAreaFactory(), FocusAreaFactory()
    project = ProjectFactory(title_en="Old title")
    project.cities.add(CityFactory())
    project.focus_areas.set([old_area])
    ProjectPartner.objects.create(project=project, partner=lead, role=PartnerRole.LEAD)
    history.settle(project)
    old = history.latest_version(project)
    old_relations = old.relations
    project.title_en = "New title"
    project.save()
    project.focus_areas.set([new_area])
    project.project_partners.all().delete()
    ProjectPartner.objects.create(
        project=project, partner=funder, role=PartnerRole.FUNDER
    )
    history.settle(project)
    live = snapshots.take(project)

    member(group)
    page = client.get(restore_url(Project, project.pk, old)).content.decode()
    assert "change waiting for review" in page
    assert "Old Lead" in page and "Old title" in page  # its partner roles too
    response = client.post(restore_url(Project, project.pk, old))
    assert response.status_code == 302

    project.refresh_from_db()
    assert project.status == "published"
    assert snapshots.take(project) == live  # the public keeps the live version
    public = client.get(project.get_absolute_url()).content.decode()
    assert "New title" in public and "Old title" not in public
    change = revisions.open_change(project)
    assert change.state == ChangeState.REVIEW
    assert change.reason.startswith("Restored from the version of")
    assert change.data["relations"] == old_relations
    assert change.data["relations"]["focus_areas"] == [old_area.pk]
    assert change.data["relations"]["project_partners"][0]["partner"] == lead.pk
    assert change.data["fields"]["title_en"] == "Old title"

    publisher = member("Publisher", username="reviewer")
    revisions.publish(record=project, user=publisher)
    project.refresh_from_db()
    assert project.title_en == "Old title"
    assert list(project.focus_areas.all()) == [old_area]
    assert [(r.partner, r.role) for r in project.project_partners.all()] == [
        (lead, PartnerRole.LEAD)
    ]


def test_a_partner_deleted_since_is_named_as_not_brought_back(client, member, draft):
    city = CityFactory(**draft)
    gone = PartnershipFactory(city=city, topic_en="With a partner deleted since")
    history.settle(city)
    version = history.latest_version(city)
    gone.partner.delete()
    member("Editor")
    response = client.post(restore_url(City, city.pk, version), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Not brought back: partnerships") for m in messages)
    assert not Partnership.objects.filter(city=city).exists()


def test_a_taken_slug_keeps_a_deleted_record_deleted_and_says_why(client, member):
    city = CityFactory(slug="phuket", status="draft")
    pk = city.pk
    city.delete()
    CityFactory(slug="phuket")
    member("Editor")
    response = client.post(restore_url(City, pk, last_saved(City, pk)), follow=True)
    assert not City.objects.filter(pk=pk).exists()
    messages = [str(m) for m in response.context["messages"]]
    assert any("slug" in m.lower() for m in messages)


def test_the_open_change_is_replaced_and_said_to_be(client, member):
    project = ProjectFactory(title_en="First")
    first = history.latest_version(project)
    project.title_en = "Second"
    project.save()
    revisions.propose(
        record=project,
        snapshot={**snapshots.take(project), "fields": {"title_en": "Third"}},
        user=None,
    )
    member("Editor")
    page = client.get(restore_url(Project, project.pk, first)).content.decode()
    assert "It replaces the change already waiting" in page
    client.post(restore_url(Project, project.pk, first))
    assert PendingChange.objects.filter(object_id=project.pk).count() == 1
    assert revisions.open_change(project).data["fields"]["title_en"] == "First"


def test_the_comparison_is_in_the_language_of_the_admin(
    client, member, city_with_everything
):
    pk = city_with_everything.pk
    city_with_everything.delete()
    member("Editor")
    with translation.override("th"):
        html = client.get(restore_url(City, pk, last_saved(City, pk))).content.decode()
    assert "เผยแพร่แล้ว" in html  # the status in words
    # A source's date, in the Buddhist Era.
    assert "1\u00a0พฤษภาคม พ.ศ.\u00a02567" in html
    assert "กู้คืนฉบับนี้" in html
