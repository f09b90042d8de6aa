import pytest
from django.urls import reverse
from django.utils import translation

from cities.csv_columns import CitySpec
from cities.models import City
from core import history
from core.csvio.export import export_lines
from tests.admin_forms import admin_form_data
from tests.csv_admin import confirm, upload
from tests.factories import CityFactory, FocusAreaFactory, PartnershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUERIES = 11


def edit(client, city, **changes):
    url = reverse("admin:cities_city_change", args=[city.pk])
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def test_every_change_is_kept_with_who_and_what_in_both_languages(
    admin_client, admin_user
):
    city = CityFactory(summary_th="เดิม", summary_en="Before")
    edit(admin_client, city, summary_th="ใหม่", summary_en="After")
    latest, previous = city.history.all()[:2]
    assert latest.history_user == admin_user
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert {"summary_th", "summary_en"} <= changed
    html = admin_client.get(
        reverse("admin:cities_city_history", args=[city.pk])
    ).content.decode()
    assert "Before" in html and "After" in html and "ใหม่" in html


def test_an_earlier_version_of_a_draft_can_be_restored(admin_client, draft):
    city = CityFactory(summary_en="First", **draft)
    edit(admin_client, city, summary_en="Second")
    first = city.history.order_by("history_date").first()
    url = reverse("admin:cities_city_simple_history", args=[city.pk, first.history_id])
    assert admin_client.post(url).status_code == 302
    city.refresh_from_db()
    assert city.summary_en == "First"


def test_a_deleted_record_can_be_recovered(admin_client):
    city = CityFactory(slug="lost-city", summary_en="Gone")
    pk = city.pk
    assert (
        admin_client.post(
            reverse("admin:cities_city_delete", args=[pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not City.objects.filter(pk=pk).exists()
    listing = admin_client.get(reverse("admin:cities_city_deleted")).content.decode()
    assert reverse("admin:cities_city_history", args=[pk]) in listing
    version = (
        City.history.filter(id=pk).exclude(history_type="-").latest("history_date")
    )
    url = reverse("admin:cities_city_simple_history", args=[pk, version.history_id])
    admin_client.post(url)
    assert City.objects.get(pk=pk).summary_en == "Gone"
    listing = admin_client.get(reverse("admin:cities_city_deleted")).content.decode()
    assert "No record has been deleted." in listing


def test_bulk_actions_and_imports_are_recorded(admin_client, admin_user):
    city = CityFactory(slug="tracked", status="draft")
    admin_client.post(
        reverse("admin:cities_city_changelist"),
        {"action": "make_review", "_selected_action": [city.pk], "confirm": "yes"},
    )
    latest = city.history.first()
    assert latest.status == "review" and latest.history_user == admin_user
    text = "".join(export_lines(CitySpec(), City.objects.all(), public=False))
    data = text.replace(",Test City", ",Imported City").encode("utf-8")
    page = upload(admin_client, reverse("admin:cities_city_import"), data)
    confirm(admin_client, page)
    latest = city.history.first()
    assert latest.name_en.startswith("Imported City")
    assert latest.history_user == admin_user


def history_page(client, city, language="en"):
    with translation.override(language):
        return client.get(reverse("admin:cities_city_history", args=[city.pk]))


def test_the_history_says_each_change_in_words_and_each_field_once(admin_client):
    city = CityFactory(status="draft", region_en="", population=None)
    edit(admin_client, city, status="published", region_en="Andaman coast")
    page = history_page(admin_client, city)
    changes = {
        (c.label, c.old, c.new)
        for c in page.context["page_obj"][0].history_delta_changes
    }
    assert changes == {
        ("publication status", "Draft", "Published"),
        ("province or state (English)", "—", "Andaman coast"),
    }
    html = page.content.decode()
    assert "Draft" in html and "Published" in html and "—" in html
    assert "None" not in html and "deleted user" not in html.lower()


def test_saving_from_the_other_languages_admin_shows_no_phantom_change(admin_client):
    city = CityFactory(name_th="ภูเก็ต", name_en="Phuket", summary_th="", region_en="")
    for language in ("th", "en", "th"):
        with translation.override(language):
            url = reverse("admin:cities_city_change", args=[city.pk])
        data = admin_form_data(admin_client.get(url))
        assert admin_client.post(url, data).status_code == 302
    versions = history_page(admin_client, city).context["page_obj"]
    assert len(versions) == 4
    assert [version.history_delta_changes for version in versions[:3]] == [[], [], []]


def test_the_history_page_costs_the_same_queries_for_more_versions(
    admin_client, django_assert_max_num_queries
):
    areas = [FocusAreaFactory() for _ in range(3)]
    small, large = CityFactory(), CityFactory()
    for city, versions in ((small, 2), (large, 20)):
        for number in range(versions):
            city.summary_en = f"Version {number}"
            city.population, city.population_year = 1000 + number, 2020
            city.save()
            city.focus_areas.set(areas[: number % 3 + 1])
            PartnershipFactory(city=city, topic_en=f"Topic {number}")
            history.settle(city)
    history_page(admin_client, small)  # content types are cached from now on
    counts = []
    for city in (small, large):
        with django_assert_max_num_queries(QUERIES) as counted:
            page = history_page(admin_client, city)
        assert page.status_code == 200
        assert len(page.context["page_obj"]) > 2
        counts.append(len(counted.captured_queries))
    assert counts[0] == counts[1]
