"""Review through the admin: an Editor's change to a published record waits,
invisible to the public, until a Publisher publishes it or sends it back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from core import revisions, scheduling
from core.models import ChangeState, PendingChange
from tests.admin_forms import admin_form_data
from tests.factories import (
    CityFactory,
    FocusAreaFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def url(view: str, record, *, model: str = "cities_city") -> str:
    return reverse(f"admin:{model}_{view}", args=[record.pk])


def save(client, record, action: str, model: str = "cities_city", **changes):
    data = admin_form_data(client.get(url("change", record, model=model)))
    data.update(changes, _action=action)
    return client.post(url("change", record, model=model), data)


def public(client, path: str) -> str:
    client.logout()
    return client.get(path).content.decode()


@pytest.fixture
def live_city():
    return CityFactory(
        slug="phuket",
        name_th="ภูเก็ต",
        name_en="Phuket",
        summary_th="ข้อความเดิม",
        summary_en="The published text",
        status="published",
    )


def test_an_editors_change_to_a_published_city_waits_until_a_publisher_publishes_it(
    client, member, live_city
):
    area = FocusAreaFactory(name_en="Smart mobility")
    member("Editor")
    response = save(
        client,
        live_city,
        "change_review",
        summary_en="The corrected text",
        summary_th="ข้อความที่แก้แล้ว",
        **{
            "city_focus_areas-TOTAL_FORMS": "1",
            "city_focus_areas-0-focus_area": area.pk,
            "city_focus_areas-0-basis": "action_plan",
        },
        _comment="Typo fixed",
    )
    assert response.status_code == 302
    assert response["Location"] == url("review", live_city)
    live_city.refresh_from_db()
    assert live_city.summary_en == "The published text"
    assert list(live_city.focus_areas.all()) == []
    assert live_city.history.count() == 1  # nothing written to the record
    change = PendingChange.objects.get()
    assert change.state == ChangeState.REVIEW
    assert change.data["fields"]["summary_en"] == "The corrected text"
    [link] = change.data["relations"]["city_focus_areas"]
    assert (link["focus_area"], link["basis"]) == (area.pk, "action_plan")

    page = public(client, "/en/cities/phuket/")
    assert "The published text" in page and "The corrected text" not in page

    member("Publisher")
    review = client.get(url("review", live_city)).content.decode()
    # Field by field, in both languages, relations included, with the thread.
    for text in (
        "Summary (Thai)",
        "ข้อความเดิม",
        "ข้อความที่แก้แล้ว",
        "Summary (English)",
        "The corrected text",
        "Smart mobility",
        "Typo fixed",
    ):
        assert text in review
    assert (
        client.post(url("review", live_city), {"_action": "publish"}).status_code == 302
    )
    live_city.refresh_from_db()
    assert live_city.summary_en == "The corrected text"
    assert list(live_city.focus_areas.all()) == [area]
    assert live_city.status == "published"
    change.refresh_from_db()
    assert change.state == ChangeState.PUBLISHED
    assert "The corrected text" in public(client, "/en/cities/phuket/")


def test_the_form_shows_the_pending_change_and_saving_again_updates_it(
    client, member, live_city
):
    member("Editor")
    save(client, live_city, "change_draft", summary_en="First try")
    html = client.get(url("change", live_city)).content.decode()
    assert "First try" in html and "This form shows a pending change" in html
    save(client, live_city, "change_draft", summary_en="Second try")
    change = PendingChange.objects.get()
    assert change.state == ChangeState.DRAFT
    assert change.data["fields"]["summary_en"] == "Second try"
    live_city.refresh_from_db()
    assert live_city.summary_en == "The published text"


def test_partners_with_roles_and_sources_are_part_of_a_change(client, member):
    project = ProjectFactory(slug="wise", title_en="WiSE", status="published")
    lead = PartnerFactory(name_en="Huawei")
    member("Editor")
    model = "projects_project"
    data = admin_form_data(client.get(url("change", project, model=model)))
    data.update(
        {
            "project_partners-TOTAL_FORMS": "1",
            "project_partners-0-partner": str(lead.pk),
            "project_partners-0-role": "lead",
            "core-source-content_type-object_id-TOTAL_FORMS": "1",
            "core-source-content_type-object_id-0-title": "Monitoring report 2025",
            "core-source-content_type-object_id-0-url": "https://asean.org/report",
            "core-source-content_type-object_id-0-position": "0",
            "_action": "change_review",
        }
    )
    assert client.post(url("change", project, model=model), data).status_code == 302
    assert not project.project_partners.exists() and not project.sources.exists()
    member("Publisher", username="publisher")
    review = client.get(url("review", project, model=model)).content.decode()
    assert "Huawei" in review and "Lead" in review and "Monitoring report" in review
    client.post(url("review", project, model=model), {"_action": "publish"})
    assert [(pp.partner, pp.role) for pp in project.project_partners.all()] == [
        (lead, "lead")
    ]
    assert [s.title for s in project.sources.all()] == ["Monitoring report 2025"]


def test_sending_back_needs_a_comment_and_returns_the_change(client, member, live_city):
    member("Editor")
    save(client, live_city, "change_review", summary_en="Too short")
    member("Publisher", username="publisher")
    client.post(url("review", live_city), {"_action": "send_back", "comment": " "})
    assert PendingChange.objects.get().state == ChangeState.REVIEW
    client.post(
        url("review", live_city),
        {"_action": "send_back", "comment": "Please cite the action plan."},
    )
    change = PendingChange.objects.get()
    assert change.state == ChangeState.SENT_BACK
    thread = [(c.action, c.text) for c in revisions.thread(live_city)]
    assert thread[-1] == ("sent_back", "Please cite the action plan.")
    live_city.refresh_from_db()
    assert live_city.summary_en == "The published text"


def test_the_queue_lists_what_waits_with_who_and_a_link_and_the_dashboard_links_it(
    client, member, live_city
):
    CityFactory(slug="new-city", name_en="New City", status="draft")
    editor = member("Editor", display_name="Somchai")
    save(client, live_city, "change_review", summary_en="Better")
    draft = City.objects.get(slug="new-city")
    save(client, draft, "review", _comment="Ready for a look")
    member("Publisher", username="publisher")
    queue = client.get(reverse("admin:review_queue")).content.decode()
    assert "Phuket" in queue and "New City" in queue
    assert "Change to a published record" in queue and "New record" in queue
    assert queue.count(str(editor)) >= 2 and "Ready for a look" in queue
    assert url("review", live_city) in queue
    home = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:review_queue") in home
    assert "2 records or changes are waiting for review." in home


def test_a_publisher_publishes_a_draft_in_one_step(client, member):
    draft = CityFactory(slug="draft-city", name_en="Draft City", status="draft")
    member("Publisher")
    assert save(client, draft, "publish").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    assert "Draft City" in public(client, "/en/cities/draft-city/")


def test_staff_preview_the_pending_change_in_the_public_design(
    client, member, live_city
):
    member("Editor")
    save(client, live_city, "change_draft", summary_en="Previewed text")
    html = client.get(url("review_preview", live_city)).content.decode()
    assert "Previewed text" in html and "<h1>Phuket</h1>" in html
    live_city.refresh_from_db()
    assert live_city.summary_en == "The published text"
    assert "Previewed text" not in public(client, "/en/cities/phuket/")


def test_a_viewer_reads_the_review_but_cannot_decide(client, member, live_city):
    member("Editor")
    save(client, live_city, "change_review", summary_en="Proposed")
    member("Viewer", username="viewer")
    assert client.get(url("review", live_city)).status_code == 200
    response = client.post(url("review", live_city), {"_action": "publish"})
    assert response.status_code == 403
    assert PendingChange.objects.get().state == ChangeState.REVIEW


def test_an_editor_cannot_publish_a_change(client, member, live_city):
    member("Editor")
    save(client, live_city, "change_review", summary_en="Proposed")
    client.post(url("review", live_city), {"_action": "publish"})
    assert PendingChange.objects.get().state == ChangeState.REVIEW
    live_city.refresh_from_db()
    assert live_city.summary_en == "The published text"


def test_a_change_scheduled_by_a_publisher_goes_live_when_due(
    client, member, live_city
):
    member("Editor")
    save(client, live_city, "change_review", summary_en="Scheduled text")
    member("Publisher", username="publisher")
    at = timezone.localtime() + datetime.timedelta(hours=1)
    client.post(
        url("review", live_city),
        {"_action": "schedule", "publish_at": at.strftime("%Y-%m-%dT%H:%M")},
    )
    assert PendingChange.objects.get().publish_at is not None
    assert scheduling.run_schedule().published == []
    later = timezone.now() + datetime.timedelta(hours=2)
    assert scheduling.overdue(later) == 1
    done = scheduling.run_schedule(later)
    assert done.published == [f"cities.City {live_city.pk}"]
    assert scheduling.run_schedule(later).published == []  # once only
    live_city.refresh_from_db()
    assert live_city.summary_en == "Scheduled text"
    assert "Scheduled text" in public(client, "/en/cities/phuket/")


def test_the_review_warns_when_the_live_record_changed_after_the_change(
    client, member, live_city
):
    member("Editor")
    save(client, live_city, "change_review", summary_en="Proposed")
    member("Publisher", username="publisher")
    save(client, live_city, "publish", summary_en="Fixed directly")
    # Publishing from the form takes the pending change with it.
    assert PendingChange.objects.get().state == ChangeState.PUBLISHED
    member("Editor", username="editor2")
    save(client, live_city, "change_review", summary_en="Proposed again")
    City.objects.filter(pk=live_city.pk).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    html = client.get(url("review", live_city)).content.decode()
    assert "The published version was changed after this change was made" in html
