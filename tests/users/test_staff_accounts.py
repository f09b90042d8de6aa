import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.admin_forms import admin_form_data
from users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    user = User.objects.create_user(
        "somchai", password="a-long-pass-42", is_staff=True, admin_language="th"
    )
    return user


def test_the_portal_has_its_own_user_model():
    assert get_user_model() is User
    assert settings.AUTH_USER_MODEL == "users.User"


def test_staff_are_named_by_their_display_name_where_they_have_one(staff):
    assert str(staff) == "somchai"
    staff.display_name = "สมชาย ใจดี"
    assert str(staff) == "สมชาย ใจดี"
    assert staff.get_short_name() == "สมชาย ใจดี"


def test_logging_in_opens_the_admin_in_the_preferred_language(client, staff):
    response = client.post(
        "/en/admin/login/?next=/en/admin/",
        {"username": "somchai", "password": "a-long-pass-42", "next": "/en/admin/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/th/admin/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"
    assert '<html lang="th"' in client.get(response["Location"]).content.decode()


def test_the_login_keeps_the_page_asked_for_in_the_preferred_language(client, staff):
    staff.admin_language = "en"
    staff.save()
    response = client.post(
        "/th/admin/login/",
        {
            "username": "somchai",
            "password": "a-long-pass-42",
            "next": "/th/admin/cities/city/",
        },
    )
    assert response["Location"] == "/en/admin/cities/city/"


def test_a_failed_login_stays_on_the_login_page(client, staff):
    response = client.post(
        "/en/admin/login/", {"username": "somchai", "password": "wrong-pass-00"}
    )
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_staff_set_their_own_display_name_and_language(client, staff):
    client.force_login(staff)
    page = client.get("/th/admin/preferences/")
    assert page.status_code == 200
    assert "ชื่อที่แสดง" in page.content.decode()
    response = client.post(
        "/th/admin/preferences/",
        {"display_name": "Somchai J.", "admin_language": "en"},
    )
    assert response["Location"] == "/en/admin/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    staff.refresh_from_db()
    assert (staff.display_name, staff.admin_language) == ("Somchai J.", "en")
    assert "Your preferences are saved." in client.get("/en/admin/").content.decode()


def test_staff_turn_review_e_mails_off_and_on_in_their_preferences(client, staff):
    assert staff.notify_by_email
    client.force_login(staff)
    page = client.get("/en/admin/preferences/").content.decode()
    assert 'name="notify_by_email"' in page
    client.post("/en/admin/preferences/", {"display_name": "", "admin_language": "en"})
    staff.refresh_from_db()
    assert not staff.notify_by_email
    client.post(
        "/en/admin/preferences/",
        {"display_name": "", "admin_language": "en", "notify_by_email": "on"},
    )
    staff.refresh_from_db()
    assert staff.notify_by_email


def test_the_user_admin_turns_a_staff_members_review_e_mails_off(admin_client, staff):
    url = f"/en/admin/users/user/{staff.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    assert data["notify_by_email"] == "on"
    del data["notify_by_email"]
    joined = data.pop("date_joined")  # a split widget: a date and a time
    data["date_joined_0"], data["date_joined_1"] = joined.date(), joined.time()
    assert admin_client.post(url, data).status_code == 302
    staff.refresh_from_db()
    assert not staff.notify_by_email


def test_an_unknown_language_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    response = client.post(
        "/en/admin/preferences/", {"display_name": "", "admin_language": "xx"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    staff.refresh_from_db()
    assert staff.admin_language == "th"


def test_the_admin_links_every_staff_member_to_their_preferences(client, staff):
    client.force_login(staff)
    assert "/en/admin/preferences/" in client.get("/en/admin/").content.decode()


def test_preferences_need_a_staff_login(client):
    response = client.get("/en/admin/preferences/")
    assert response.status_code == 302
    assert "/en/admin/login/" in response["Location"]


def test_publications_name_the_publisher_by_display_name(admin_client, ascn_data):
    from cities.models import City

    admin = User.objects.get(username="admin")
    admin.display_name = "Pranee"
    admin.save()
    city = City.objects.get(slug="phuket")
    city.published_by = admin
    city.save()
    html = admin_client.get(f"/en/admin/cities/city/{city.pk}/change/").content
    assert "Pranee" in html.decode()
