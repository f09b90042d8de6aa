import pytest
from django.utils import translation

from cities.models import City
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_each_language_reads_its_own_translation():
    city = CityFactory(name_th="ภูเก็ต", name_en="Phuket")
    with translation.override("th"):
        assert City.objects.get(pk=city.pk).name == "ภูเก็ต"
    with translation.override("en"):
        assert City.objects.get(pk=city.pk).name == "Phuket"


@pytest.mark.parametrize("missing", ["", None])
def test_an_empty_english_text_falls_back_to_thai(missing):
    city = CityFactory(summary_th="เมืองท่องเที่ยวชายฝั่งทะเลอันดามัน", summary_en=missing)
    with translation.override("en"):
        assert City.objects.get(pk=city.pk).summary == ("เมืองท่องเที่ยวชายฝั่งทะเลอันดามัน")


def test_an_empty_thai_text_falls_back_to_english():
    city = CityFactory(summary_th="", summary_en="A city on the Andaman Sea.")
    with translation.override("th"):
        assert City.objects.get(pk=city.pk).summary == "A city on the Andaman Sea."


def test_a_text_empty_in_both_languages_reads_as_empty():
    city = CityFactory(vision_th="", vision_en="")
    with translation.override("en"):
        assert City.objects.get(pk=city.pk).vision == ""


def test_ordering_by_name_follows_the_active_language():
    CityFactory(slug="hanoi", name_th="ฮานอย", name_en="Hanoi")
    CityFactory(slug="manila", name_th="มะนิลา", name_en="Manila")
    CityFactory(slug="yangon", name_th="ย่างกุ้ง", name_en="Yangon")
    with translation.override("en"):
        assert [c.slug for c in City.objects.order_by("name")] == [
            "hanoi",
            "manila",
            "yangon",
        ]
    with translation.override("th"):
        assert [c.slug for c in City.objects.order_by("name")] == [
            "manila",
            "yangon",
            "hanoi",
        ]
