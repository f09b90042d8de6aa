"""Django's own admin strings that its Thai catalogue gets wrong or lacks, and
names of link rows, as Thai staff see them."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import CityFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db


def thai(name, *args):
    with translation.override("th"):
        return reverse(name, args=args)


def test_an_empty_list_of_recent_actions_says_there_is_none(admin_client):
    page = admin_client.get(thai("admin:index")).content.decode()
    assert "ไม่มีรายการ" in page
    # Django's own Thai says "not free" (ไม่ว่าง) here.
    assert "<p>ไม่ว่าง</p>" not in page


def test_the_action_counter_is_thai(admin_client):
    import json

    catalog = admin_client.get(thai("admin:jsi18n")).content.decode()
    # The catalogue is JSON inside JavaScript: Thai letters as \u escapes.
    assert json.dumps("เลือกแล้ว %(sel)s จาก %(cnt)s รายการ") in catalog


def test_deleting_a_city_names_its_links_by_what_they_link(admin_client):
    city = CityFactory(name_th="ภูเก็ต", name_en="Phuket")
    city.focus_areas.add(FocusAreaFactory(name_th="การสัญจรอัจฉริยะ"))
    page = admin_client.get(thai("admin:cities_city_delete", city.pk)).content.decode()
    assert "ภูเก็ต – การสัญจรอัจฉริยะ" in page
    assert "object (" not in page
