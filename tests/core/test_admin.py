import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from cities.models import City
from partners.models import Partnership
from tests.admin_forms import admin_form_data
from tests.factories import (
    CityFactory,
    FocusAreaFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    admin.site._registry, key=lambda m: (m._meta.app_label, m._meta.model_name)
)


@pytest.fixture
def one_of_each(db):
    partnership = PartnershipFactory(
        city__slug="phuket", city__name_th="ภูเก็ต", city__name_en="Phuket"
    )
    project = ProjectFactory()
    project.cities.add(partnership.city)
    project.focus_areas.add(FocusAreaFactory())
    project.project_partners.create(partner=partnership.partner, role="lead")
    partnership.city.sources.create(
        title="ASEAN Smart Cities Network", url="https://asean.org/"
    )
    return partnership


def admin_url(model, view: str, *args, language: str) -> str:
    with translation.override(language):
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
        )


def test_every_model_of_the_portal_is_in_the_admin():
    names = {f"{m._meta.app_label}.{m.__name__}" for m in REGISTERED}
    assert {
        "cities.Country",
        "cities.FocusArea",
        "cities.City",
        "partners.Partner",
        "partners.Partnership",
        "projects.Project",
    } <= names


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(
    "model", REGISTERED, ids=lambda m: f"{m._meta.app_label}.{m.__name__}"
)
def test_changelist_add_and_change_forms_render(
    admin_client, one_of_each, model, language
):
    # django-axes' records of login attempts are written by axes alone, the
    # records of CSV imports by the imports.
    can_add = (
        model._meta.app_label != "axes" and model._meta.label != "core.ImportBatch"
    )
    for view, args in (("changelist", ()), ("add", ())):
        response = admin_client.get(admin_url(model, view, *args, language=language))
        expected = 200 if view == "changelist" or can_add else 403
        assert response.status_code == expected, (view, response.status_code)
        assert response.headers["Content-Language"] == language
    obj = model._default_manager.first()
    if obj is not None:
        response = admin_client.get(
            admin_url(model, "change", obj.pk, language=language)
        )
        assert response.status_code == 200


def test_city_form_has_thai_and_english_tabs_and_inlines(admin_client, one_of_each):
    city = one_of_each.city
    response = admin_client.get(admin_url(City, "change", city.pk, language="th"))
    html = response.content.decode()
    assert 'name="name_th"' in html and 'name="name_en"' in html
    assert "tabbed_translation_fields.js" in html
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html
    # Partnerships and sources are edited on the city's page.
    assert 'name="partnerships-0-partner"' in html
    assert "core-source-content_type-object_id-0-url" in html


def test_admin_speaks_thai_under_th(admin_client):
    response = admin_client.get(admin_url(City, "changelist", language="th"))
    assert "เมืองนำร่อง" in response.content.decode()


def test_staff_edit_a_city_in_both_languages(admin_client, one_of_each):
    city = one_of_each.city
    url = admin_url(City, "change", city.pk, language="en")
    data = admin_form_data(admin_client.get(url))
    data["summary_th"] = "จังหวัดชายฝั่งทะเลอันดามัน"
    data["summary_en"] = "A province on the Andaman Sea."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    city.refresh_from_db()
    assert city.summary_th == "จังหวัดชายฝั่งทะเลอันดามัน"
    assert city.summary_en == "A province on the Andaman Sea."
    assert city.sources.count() == 1
    assert city.partnerships.count() == 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Ensure this value is less than or equal to 90."),
        ("th", "ค่านี้ต้องน้อยกว่าหรือเท่ากับ 90"),
    ],
)
def test_admin_refuses_a_bad_coordinate_in_the_editors_language(
    admin_client, one_of_each, language, message
):
    city = one_of_each.city
    url = admin_url(City, "change", city.pk, language=language)
    data = admin_form_data(admin_client.get(url))
    data["latitude"] = "123"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    city.refresh_from_db()
    assert city.latitude != 123


def test_admin_explains_a_start_year_after_the_end_year_in_thai(admin_client):
    partnership = PartnershipFactory()
    url = admin_url(Partnership, "change", partnership.pk, language="th")
    data = admin_form_data(admin_client.get(url))
    data["start_year"], data["end_year"] = "2024", "2020"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "ปีที่เริ่มต้องไม่อยู่หลังปีที่สิ้นสุด" in response.content.decode()
    partnership.refresh_from_db()
    assert partnership.start_year is None


@pytest.mark.parametrize("query", ["ภูเก็ต", "Phuket", "ภูเก"])
def test_admin_search_finds_a_city_in_either_language(admin_client, one_of_each, query):
    CityFactory(slug="bangkok", name_th="กรุงเทพมหานคร", name_en="Bangkok")
    url = admin_url(City, "changelist", language="th")
    response = admin_client.get(url, {"q": query})
    assert [c.slug for c in response.context["cl"].result_list] == ["phuket"]
