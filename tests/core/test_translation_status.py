import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cities.models import City
from tests.factories import CityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def cities(db):
    return {
        "complete": CityFactory(slug="complete", summary_th="ครบ", summary_en="Done"),
        "no-thai": CityFactory(
            slug="no-thai", summary_th="", summary_en="English only"
        ),
        "no-english": CityFactory(
            slug="no-english", summary_th="ไทยเท่านั้น", summary_en=None
        ),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("missing-th", ["no-thai"]),
        ("missing-en", ["no-english"]),
        ("complete", ["complete"]),
    ],
)
def test_translation_filter(admin_client, cities, value, expected):
    response = admin_client.get(
        reverse("admin:cities_city_changelist"), {"translation": value}
    )
    assert sorted(c.slug for c in response.context["cl"].result_list) == expected


def test_the_list_shows_whether_each_language_is_complete(admin_client, cities):
    html = admin_client.get(reverse("admin:cities_city_changelist")).content.decode()
    assert "Thai complete" in html and "English complete" in html


def test_dashboard_counts_statuses_missing_translations_and_reviews(
    admin_client, cities
):
    CityFactory(slug="waiting", status="review", summary_th="ก", summary_en="a")
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "1 record or change is waiting for review." in html
    row = html.split(">Pilot cities</a>")[1].split("</tr>")[0]
    figures = [cell.split(">")[-1] for cell in row.split("</a>")[:-1]]
    assert figures == ["0", "1", "3", "0", "1", "1", "0"]  # none awaits Thai review
    assert "?translation=missing-th" in row


def test_dashboard_speaks_thai(admin_client, cities):
    from django.utils import translation

    with translation.override("th"):
        html = admin_client.get(reverse("admin:index")).content.decode()
    assert "ภาพรวมงานบรรณาธิการ" in html and "ไม่มีภาษาไทย" in html


def publish(admin_client, city):
    city.status = "review"
    city.save()
    return admin_client.post(
        reverse("admin:cities_city_changelist"),
        {"action": "make_published", "_selected_action": [city.pk], "confirm": "yes"},
        follow=True,
    )


def test_publishing_an_incomplete_translation_warns(admin_client, cities):
    response = publish(admin_client, cities["no-thai"])
    messages = [str(m) for m in get_messages(response.wsgi_request)] or [
        str(m) for m in response.context["messages"]
    ]
    assert any("translation missing" in m for m in messages)
    assert City.objects.get(slug="no-thai").status == "published"


def test_a_setting_makes_publishing_an_incomplete_translation_fail(
    admin_client, cities, settings
):
    settings.PUBLISH_REQUIRES_TRANSLATIONS = True
    response = publish(admin_client, cities["no-english"])
    assert "Complete the English texts before publishing." in response.content.decode()
    assert City.objects.get(slug="no-english").status == "review"
