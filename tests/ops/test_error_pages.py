"""403 and 400: in the admin's design and language for staff in the admin, in
the public design otherwise, with a way back."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(django_user_model):
    user = django_user_model.objects.create_user(
        "viewer", password="pw-12345678", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_city"))
    client = Client()
    client.force_login(user)
    return client


def test_staff_without_permission_get_the_admins_403_in_thai(viewer):
    response = viewer.get(
        "/th/admin/cities/city/add/",
        HTTP_REFERER="http://testserver/th/admin/cities/city/",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert '<html lang="th"' in page
    assert "ไม่ได้รับอนุญาต" in page
    assert "ระบบจัดการข้อมูลพอร์ทัล ASCN" in page  # the admin's header
    assert 'href="http://testserver/th/admin/cities/city/"' in page
    assert 'href="/th/admin/"' in page


def test_a_way_back_never_leads_off_the_site(viewer):
    page = viewer.get(
        "/en/admin/cities/city/add/", HTTP_REFERER="https://evil.example/"
    ).content.decode()
    assert "evil.example" not in page
    assert "Back to the admin's home page" in page


def test_a_bad_request_in_the_admin_has_the_admins_design(admin_client):
    # A lookup through a relation that the list does not offer: Django takes it
    # for an attempt to read what it should not (SuspiciousOperation).
    response = admin_client.get(
        "/en/admin/cities/city/?published_by__password__startswith=a"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The portal cannot take this request" in page
    assert "ASCN Portal administration" in page


def test_the_public_get_the_public_403(client):
    from django.core.exceptions import PermissionDenied
    from django.test import override_settings
    from django.urls import path

    def forbidden(request):
        raise PermissionDenied

    urlpatterns = [path("th/forbidden/", forbidden)]
    import sys
    import types

    module = types.ModuleType("forbidden_urls")
    module.urlpatterns = urlpatterns
    module.handler403 = "ops.views.permission_denied"
    sys.modules["forbidden_urls"] = module
    with override_settings(ROOT_URLCONF="forbidden_urls"):
        response = client.get("/th/forbidden/")
    assert response.status_code == 403
    assert "ไม่ได้รับอนุญาต" in response.content.decode()
    assert "admin" not in response.content.decode()
