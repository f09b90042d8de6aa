import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core import revisions
from core.csvio.export import export_lines
from core.csvio.planning import plan_import
from tests.admin_forms import admin_form_data
from tests.factories import CityFactory, CountryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def city_url(view: str, *args) -> str:
    return reverse(f"admin:cities_city_{view}", args=args)


def change_status(client, city, status):
    url = city_url("change", city.pk)
    data = admin_form_data(client.get(url))
    data["status"] = status
    return client.post(url, data)


def bulk(client, action, cities, confirm=True):
    data = {"action": action, "_selected_action": [c.pk for c in cities]}
    if confirm:
        data["confirm"] = "yes"
    return client.post(city_url("changelist"), data)


def test_the_three_groups_exist_with_their_rights():
    editor = {p.codename for p in Group.objects.get(name="Editor").permissions.all()}
    publisher = {
        p.codename for p in Group.objects.get(name="Publisher").permissions.all()
    }
    viewer = {p.codename for p in Group.objects.get(name="Viewer").permissions.all()}
    assert {"add_city", "change_city", "view_city"} <= editor
    assert not {"publish_city", "delete_city"} & editor
    assert {
        "publish_city",
        "delete_city",
        "publish_project",
        "delete_partner",
    } <= publisher
    assert (
        viewer == {c for c in viewer if c.startswith("view_")} and "view_city" in viewer
    )


def test_an_editor_creates_drafts_and_submits_them_for_review(client, member):
    editor = member("Editor")
    CountryFactory()
    city = CityFactory(status="draft")
    html = client.get(city_url("change", city.pk)).content.decode()
    buttons = html.split('class="submit-row review-buttons"')[1].split("</div>")[0]
    assert 'value="review"' in buttons and ">Submit for review<" in buttons
    assert 'value="draft"' in buttons and ">Save draft<" in buttons
    assert 'value="publish"' not in buttons  # the buttons say what they do
    assert "<select" not in html.split('name="status"')[0][-200:]
    data = admin_form_data(client.get(city_url("change", city.pk)))
    data["_action"] = "review"
    assert client.post(city_url("change", city.pk), data).status_code == 302
    city.refresh_from_db()
    assert city.status == "review" and city.published_at is None
    assert editor.pk  # the editor stays logged in through the flow


def test_an_editor_cannot_publish_even_by_forging_the_form(client, member):
    member("Editor")
    city = CityFactory(status="review")
    response = change_status(client, city, "published")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    city.refresh_from_db()
    assert city.status == "review"


def test_an_editor_cannot_change_a_published_record_directly(client, member):
    member("Editor")
    city = CityFactory(status="published", slug="live", summary_en="Public text")
    html = client.get(city_url("change", city.pk)).content.decode()
    assert 'value="publish"' not in html and 'value="unpublish"' not in html
    data = admin_form_data(client.get(city_url("change", city.pk)))
    data.update(summary_en="Changed without review", _action="unpublish")
    client.post(city_url("change", city.pk), data)
    city.refresh_from_db()
    assert (city.summary_en, city.status) == ("Public text", "published")
    assert "Public text" in client.get("/en/cities/live/").content.decode()


def test_an_editor_cannot_delete(client, member):
    member("Editor")
    city = CityFactory(status="draft")
    assert client.post(city_url("delete", city.pk), {"post": "yes"}).status_code == 403
    assert City.objects.filter(pk=city.pk).exists()


def test_an_editor_gets_no_publishing_actions(client, member):
    member("Editor")
    city = CityFactory(status="review")
    html = client.get(city_url("changelist")).content.decode()
    assert "make_review" in html and "make_published" not in html
    bulk(client, "make_published", [city])
    city.refresh_from_db()
    assert city.status == "review"


def test_a_publisher_publishes_after_a_confirmation_page(client, member):
    publisher = member("Publisher")
    waiting = CityFactory(slug="waiting", status="review")
    draft = CityFactory(slug="rough", name_en="Rough Draft", status="draft")
    old = CityFactory(slug="old", name_en="Old Record", status="archived")
    page = bulk(client, "make_published", [waiting, draft, old], confirm=False)
    html = page.content.decode()
    assert page.status_code == 200
    assert "will become “Published”" in html
    assert "Old Record" in html.split("stay as they are")[1]
    waiting.refresh_from_db()
    assert waiting.status == "review"  # nothing happens before confirming
    bulk(client, "make_published", [waiting, draft, old])
    for record in (waiting, draft, old):
        record.refresh_from_db()
    # A Publisher publishes a draft in one step; an archived record is restored
    # to a draft first.
    assert (waiting.status, draft.status, old.status) == (
        "published",
        "published",
        "archived",
    )
    assert waiting.published_by == publisher and waiting.published_at is not None


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        ("published", "make_draft", "draft"),
        ("published", "make_archived", "archived"),
        ("archived", "make_draft", "draft"),
        ("draft", "make_review", "review"),
    ],
)
def test_publisher_transitions(client, member, start, action, end):
    member("Publisher")
    city = CityFactory(status=start)
    bulk(client, action, [city])
    city.refresh_from_db()
    assert city.status == end


@pytest.mark.parametrize(
    ("start", "target"), [("archived", "published"), ("archived", "review")]
)
def test_a_transition_the_workflow_lacks_is_refused(client, member, start, target):
    member("Publisher")
    city = CityFactory(status=start)
    response = change_status(client, city, target)
    assert response.status_code == 200
    city.refresh_from_db()
    assert city.status == start


def test_a_viewer_reads_and_changes_nothing(client, member):
    member("Viewer")
    city = CityFactory(status="draft", summary_en="Original")
    assert client.get(city_url("changelist")).status_code == 200
    assert client.get(city_url("change", city.pk)).status_code == 200
    assert (
        client.post(city_url("change", city.pk), {"summary_en": "X"}).status_code == 403
    )
    assert client.get(city_url("add")).status_code == 403
    assert client.get(city_url("import")).status_code == 403
    city.refresh_from_db()
    assert city.summary_en == "Original"


def test_archived_records_leave_the_public_site(client):
    city = CityFactory(slug="old-city", status="archived")
    assert client.get("/en/cities/old-city/").status_code == 404
    assert "old-city" not in client.get("/en/cities/").content.decode()
    assert city.pk


def test_staff_preview_a_draft_in_the_public_design(client, member):
    city = CityFactory(slug="draft-city", name_en="Draft City", status="draft")
    url = "/en/cities/draft-city/?preview=1"
    assert client.get(url).status_code == 404
    member("Editor")
    html = client.get(url).content.decode()
    assert "<h1>Draft City</h1>" in html
    assert "Preview for staff" in html and 'content="noindex"' in html
    assert client.get("/en/cities/draft-city/").status_code == 404
    assert city.pk


def test_csv_import_keeps_editors_to_the_workflow(member):
    editor = member("Editor")
    CityFactory(slug="public-city", status="published")
    text = "".join(export_lines(CitySpec(), City.objects.all(), public=False))
    edited = text.replace("published", "draft").encode("utf-8")
    plan = plan_import(CitySpec(), edited, user=editor)
    assert (
        "Only publishers may import changes to a published or archived"
        in (plan.errors[0])
    )
    header, row = text.split("\r\n")[0:2]
    new_row = row.replace("public-city", "fresh-city", 1)
    plan = plan_import(CitySpec(), f"{header}\r\n{new_row}\r\n".encode(), user=editor)
    assert "Only publishers may import a record as published" in plan.errors[0]


def test_admin_import_stamps_who_published(admin_client, admin_user):
    from tests.csv_admin import confirm, upload

    CityFactory(slug="to-publish", status="review")
    text = "".join(export_lines(CitySpec(), City.objects.all(), public=False))
    data = text.replace(",review,", ",published,").encode("utf-8")
    page = upload(admin_client, reverse("admin:cities_city_import"), data)
    confirm(admin_client, page)
    city = City.objects.get(slug="to-publish")
    assert city.status == "published" and city.published_by == admin_user


def test_an_editor_sees_existing_partnerships_read_only_on_a_city(client, member):
    from tests.factories import PartnershipFactory

    member("Editor")
    partnership = PartnershipFactory(city__status="draft", status="published")
    html = client.get(city_url("change", partnership.city.pk)).content.decode()
    assert 'name="partnerships-0-topic_en"' not in html
    assert "Water management" in html


@pytest.mark.parametrize(
    ("group", "start", "action", "end"),
    [
        ("Editor", "review", "make_draft", "review"),  # unpublishing is a publisher's
        ("Publisher", "review", "make_archived", "archived"),
        ("Publisher", "draft", "make_archived", "archived"),
        ("Publisher", "archived", "make_published", "archived"),  # not allowed
    ],
)
def test_more_transitions(client, member, group, start, action, end):
    member(group)
    city = CityFactory(status=start)
    bulk(client, action, [city])
    city.refresh_from_db()
    assert city.status == end


def test_an_editor_sends_a_record_back_from_review_to_draft(client, member):
    member("Editor")
    city = CityFactory(status="review")
    assert change_status(client, city, "draft").status_code == 302
    city.refresh_from_db()
    assert city.status == "draft"


def test_a_viewer_cannot_restore_a_version(client, member):
    city = CityFactory(summary_en="Now")
    first = city.history.first()
    City.objects.filter(pk=city.pk).update(summary_en="Later")
    member("Viewer")
    url = reverse("admin:cities_city_simple_history", args=[city.pk, first.history_id])
    response = client.post(url, {"summary_en": "Now"})
    assert response.status_code == 403
    city.refresh_from_db()
    assert city.summary_en == "Later"


def test_an_editor_restoring_a_published_record_only_proposes_it(client, member):
    city = CityFactory(status="published", summary_en="Reviewed")
    first = city.history.first()
    City.objects.filter(pk=city.pk).update(summary_en="Later")
    member("Editor")
    url = reverse("admin:cities_city_simple_history", args=[city.pk, first.history_id])
    assert client.post(url).status_code == 302
    city.refresh_from_db()
    assert (city.summary_en, city.status) == ("Later", "published")
    change = revisions.open_change(city)
    assert change.state == "review"
    assert change.data["fields"]["summary_en"] == "Reviewed"
