"""Each version in a record's history holds its relations as they were."""

import pytest
from django.urls import reverse

from cities.models import City
from core import history, snapshots
from core.models import Source
from tests.admin_forms import admin_form_data
from tests.factories import CityFactory, FocusAreaFactory, PartnershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_version_saved_in_the_admin_holds_the_relations_it_ended_with(
    admin_client,
):
    city = CityFactory()
    smart, green = FocusAreaFactory(), FocusAreaFactory()
    url = reverse("admin:cities_city_change", args=[city.pk])
    data = admin_form_data(admin_client.get(url))
    prefix = "core-source-content_type-object_id"
    data.update(
        {
            "city_focus_areas-TOTAL_FORMS": "2",
            "city_focus_areas-0-focus_area": smart.pk,
            "city_focus_areas-0-basis": "action_plan",
            "city_focus_areas-1-focus_area": green.pk,
            "city_focus_areas-1-basis": "mapped",
            "city_focus_areas-1-note": "SCAP heading “Urban Resilience”",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-title": "Action plan",
            f"{prefix}-0-url": "https://asean.org/plan",
            f"{prefix}-0-position": "0",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    relations = history.latest_version(city).relations
    assert sorted(
        (link["focus_area"], link["basis"], link["note"])
        for link in relations["city_focus_areas"]
    ) == [
        (smart.pk, "action_plan", ""),
        (green.pk, "mapped", "SCAP heading “Urban Resilience”"),
    ]
    assert [source["title"] for source in relations["sources"]] == ["Action plan"]


def test_the_deletion_keeps_what_was_deleted_with_the_record():
    city = CityFactory()
    partnership = PartnershipFactory(city=city, topic_en="Smart grid")
    Source.objects.create(record=city, title="Plan", url="https://asean.org/")
    pk = city.pk
    city.delete()
    deletion = City.history.get(id=pk, history_type="-")
    assert deletion.relations["partnerships"][0]["topic_en"] == "Smart grid"
    assert deletion.relations["partnerships"][0]["id"] == partnership.pk
    assert deletion.relations["sources"][0]["title"] == "Plan"


def test_a_snapshot_compares_in_words_without_the_base_column():
    city = CityFactory(name_th="ภูเก็ต", name_en="Phuket", status="draft")
    before = snapshots.take(city)
    city.name_en = "Phuket City"
    city.status = "published"
    city.save()
    changes = snapshots.compare(City, before, snapshots.take(city))
    assert {(c.label, c.old, c.new) for c in changes} == {
        ("name (English)", "Phuket", "Phuket City"),
        ("publication status", "Draft", "Published"),
    }
