import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cities.models import City
from tests.admin_forms import admin_form_data
from tests.factories import CityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(fmt="JPEG", size=(1000, 600), colour=(200, 30, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_gps_and_rotation() -> bytes:
    image = Image.new("RGB", (1000, 600), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (7.0, 53.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (50, 50), color) for color in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format=fmt, save_all=True, append_images=frames[1:])
    return out.getvalue()


def upload(client, city, name: str, data: bytes, language: str = "en"):
    from django.utils import translation

    with translation.override(language):
        url = reverse("admin:cities_city_change", args=[city.pk])
    form = admin_form_data(client.get(url))
    form["cover_image"] = SimpleUploadedFile(name, data)
    form["cover_image_alt_en"] = "The harbour"
    form["cover_image_alt_th"] = "ท่าเรือ"
    return client.post(url, form)


BAD_IMAGES = {
    "a text file named .jpg": ("photo.jpg", lambda: b"this is not an image"),
    "an SVG": (
        "map.svg",
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        ),
    ),
    "a GIF": ("old.gif", lambda: picture("GIF")),
    "a truncated JPEG": ("cut.jpg", lambda: picture()[:1500]),
    "an animated WebP": ("moving.webp", lambda: animated("WEBP")),
    "an animated PNG": ("moving.png", lambda: animated("PNG")),
}


@pytest.mark.parametrize("case", list(BAD_IMAGES))
def test_a_bad_image_is_refused_and_nothing_is_saved(admin_client, media, case):
    name, make = BAD_IMAGES[case]
    city = CityFactory(status="draft")
    response = upload(admin_client, city, name, make())
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    city.refresh_from_db()
    assert not city.cover_image
    assert not any(media.rglob("*.*"))


def test_a_decompression_bomb_is_refused(admin_client, media, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    city = CityFactory(status="draft")
    html = upload(
        admin_client, city, "bomb.png", picture("PNG", (200, 200))
    ).content.decode()
    assert "errorlist" in html
    assert not any(media.rglob("*.*"))


def test_limits_on_pixels_and_bytes_are_explained(admin_client, settings):
    city = CityFactory(status="draft")
    settings.IMAGE_MAX_PIXELS = 100_000
    html = upload(admin_client, city, "big.jpg", picture()).content.decode()
    assert "at most 0.1 million are accepted" in html
    settings.IMAGE_MAX_PIXELS = 25_000_000
    settings.IMAGE_MAX_BYTES = 1024
    html = upload(admin_client, city, "heavy.jpg", picture()).content.decode()
    assert "images of up to" in html


def test_the_refusal_speaks_thai_to_a_thai_editor(admin_client):
    city = CityFactory(status="draft")
    html = upload(
        admin_client, city, "x.jpg", b"not an image", language="th"
    ).content.decode()
    assert "ไฟล์ที่อัพโหลดไปไม่ใช่รูป" in html


def test_a_good_image_loses_its_exif_stands_upright_and_gets_renditions(
    admin_client, media
):
    city = CityFactory(slug="harbour-city", status="draft")
    response = upload(admin_client, city, "harbour.jpg", jpeg_with_gps_and_rotation())
    assert response.status_code == 302
    city.refresh_from_db()
    with Image.open(city.cover_image.path) as stored:
        assert stored.size == (600, 1000)  # the rotation is applied
        assert dict(stored.getexif()) == {}
    assert city.cover_image_width == 600
    renditions = sorted(p.name for p in media.rglob("*.webp"))
    assert renditions == [f"{city.cover_image.name.split('/')[-1][:-4]}-400.webp"]


def test_renditions_are_offered_through_srcset(admin_client, client, media):
    city = CityFactory(slug="wide-city", status="draft")
    upload(admin_client, city, "wide.png", picture("PNG", (2000, 1000)))
    city.refresh_from_db()
    city.status = "published"
    city.save()
    html = client.get("/en/cities/wide-city/").content.decode()
    assert "-400.webp 400w" in html and "-800.webp 800w" in html
    assert "-1600.webp 1600w" in html and "2000w" in html
    assert 'alt="The harbour"' in html
    assert {p.name.rsplit("-", 1)[1] for p in media.rglob("*.webp")} == {
        "400.webp",
        "800.webp",
        "1600.webp",
    }


def test_an_image_needs_its_description_in_both_languages_before_publishing(
    admin_client,
):
    city = CityFactory(status="review")
    upload(admin_client, city, "harbour.jpg", picture())
    City.objects.filter(pk=city.pk).update(cover_image_alt_th="")
    url = reverse("admin:cities_city_change", args=[city.pk])
    form = admin_form_data(admin_client.get(url))
    form["status"] = "published"
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "Describe the image in Thai before publishing." in response.content.decode()
    city.refresh_from_db()
    assert city.status == "review"


def test_the_checks_hold_outside_the_admin_form_too(monkeypatch):
    from django.core.exceptions import ValidationError

    from core.images import open_checked

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError, match="too many pixels"):
        open_checked(picture("PNG", (200, 200)))
    monkeypatch.undo()
    with pytest.raises(ValidationError, match="Animated images"):
        open_checked(animated("WEBP"))
    with pytest.raises(ValidationError, match="not an image"):
        open_checked(picture()[:1500])


def test_two_records_images_of_the_same_name_never_share_a_file(media):
    """shared.jpg on one city and shared.png on another: each city keeps its own
    picture and its own renditions."""
    first, second = CityFactory(), CityFactory()
    first.cover_image = SimpleUploadedFile("shared.jpg", picture("JPEG", (900, 600)))
    first.save()
    second.cover_image = SimpleUploadedFile(
        "shared.png", picture("PNG", (900, 600), colour=(0, 0, 255))
    )
    second.save()
    assert first.cover_image.name != second.cover_image.name
    assert "shared" not in first.cover_image.name
    webp = sorted(p.relative_to(media) for p in media.rglob("*.webp"))
    assert len(webp) == 4  # 400 and 800 px of each picture
    first_400 = Image.open(media / f"renditions/{first.cover_image.name[:-4]}-400.webp")
    assert first_400.convert("RGB").getpixel((10, 10))[2] < 100  # not the blue one


def test_a_new_upload_of_the_same_name_gets_a_new_file(media):
    city = CityFactory()
    city.cover_image = SimpleUploadedFile("phuket.jpg", picture("JPEG", (500, 300)))
    city.save()
    old = city.cover_image.name
    city.cover_image = SimpleUploadedFile("phuket.jpg", picture("JPEG", (500, 300)))
    city.save()
    assert city.cover_image.name != old


def test_comments_and_xmp_are_stripped_with_the_rest_of_the_metadata():
    from core.images import cleaned

    image = Image.new("RGB", (300, 200), (10, 120, 200))
    out = io.BytesIO()
    image.save(
        out,
        format="JPEG",
        comment=b"Taken at 12 Secret Road by J. Doe",
        xmp=b"<x:xmpmeta>creator: J. Doe</x:xmpmeta>",
    )
    assert b"Secret Road" in out.getvalue()
    stored = cleaned(out.getvalue(), "street.jpg").read()
    assert b"Secret Road" not in stored
    assert b"J. Doe" not in stored
    with Image.open(io.BytesIO(stored)) as reopened:
        assert "comment" not in reopened.info
        assert "xmp" not in reopened.info


def test_png_transparency_is_kept():
    from core.images import cleaned

    image = Image.new("P", (40, 40), 0)
    image.putpalette([255, 255, 255, 200, 0, 0])
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0)
    with Image.open(cleaned(out.getvalue(), "logo.png")) as stored:
        assert stored.info.get("transparency") == 0


MEMORY_PROBE = """
import io, resource, sys
import django
django.setup()
from django.core.files.storage import default_storage
from django.test import override_settings
from PIL import Image
from core import images
side, mode, media = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = io.BytesIO()
Image.new(mode, (side, side), 7).save(out, format="PNG")
data = out.getvalue()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with override_settings(MEDIA_ROOT=media):
    images.validate_image(io.BytesIO(data))
    name = default_storage.save("probe.png", images.cleaned(data, "probe.png"))
    images.make_renditions(name)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_an_image_costs_at_most_about_six_bytes_per_pixel(tmp_path, mode):
    # A small file of many pixels (here 9 million) is what made workers swell:
    # the whole path, checked, cleaned and drawn in every width, in a fresh
    # process, within a bound proportional to the pixels, not to the file.
    import subprocess
    import sys

    side = 3000
    probe = subprocess.run(  # noqa: S603 - this interpreter, our own script
        [sys.executable, "-c", MEMORY_PROBE, str(side), mode, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "ascn_portal.settings.test", "PATH": ""},
    )
    growth_bytes = int(probe.stdout.strip().splitlines()[-1]) * 1024
    assert growth_bytes < 6 * side * side


def test_an_image_chosen_in_a_form_with_errors_must_be_chosen_again(
    admin_client, media
):
    from django.utils import translation

    city = CityFactory(status="draft")
    with translation.override("th"):
        url = reverse("admin:cities_city_change", args=[city.pk])
    form = admin_form_data(admin_client.get(url))
    form["cover_image"] = SimpleUploadedFile("harbour.jpg", picture())
    form["latitude"] = "97.5"  # an error elsewhere in the form
    page = admin_client.post(url, form).content.decode()
    assert "ภาพที่คุณเลือก (ภาพหน้าปก) จึงยังไม่ถูกบันทึก" in page
    assert "แล้วเลือกภาพอีกครั้ง" in page
    city.refresh_from_db()
    assert not city.cover_image
    assert not list(media.rglob("*.jpg"))
