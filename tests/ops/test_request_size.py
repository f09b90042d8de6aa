"""Bodies larger than their sender may send are refused before they are read."""

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def parse():
    with mock.patch(
        "django.http.multipartparser.MultiPartParser.parse", autospec=True
    ) as parse:
        yield parse


def big_file(megabytes: float) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "big.jpg", b"\xff" * int(megabytes * 1024 * 1024), "image/jpeg"
    )


def test_an_anonymous_upload_is_refused_before_it_is_read(client, parse):
    response = client.post("/en/admin/login/", {"username": "x", "file": big_file(3)})
    assert response.status_code == 413
    parse.assert_not_called()
    assert "too large" in response.content.decode()


def test_the_refusal_speaks_thai(client, parse):
    response = client.post("/th/admin/login/", {"file": big_file(1)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "ใหญ่เกินไป" in page
    assert "ไม่เกิน 256 KB ต่อการส่งหนึ่งครั้ง" in page
    assert '<html lang="th">' in page


def test_staff_may_send_the_admins_largest_file_but_no_more(
    admin_client, parse, settings
):
    too_big = settings.STAFF_REQUEST_MAX_BYTES / 2**20 + 0.5
    response = admin_client.post(
        "/en/admin/cities/city/add/", {"cover_image": big_file(too_big)}
    )
    assert response.status_code == 413
    parse.assert_not_called()


def test_an_ordinary_form_is_not_affected(admin_client):
    # The image's own check answers, in the form, as before.
    response = admin_client.post(
        "/en/admin/cities/city/add/", {"cover_image": big_file(0.1)}
    )
    assert response.status_code == 200
    assert "not an image" in response.content.decode()
