"""Images in their frames in Chromium, at a phone's 390 px and a laptop's
1366 px: a portrait cover uploaded to a city stays in a 16:9 frame, cropped
around the focal point staff click in the admin; a logo is contained in its
frame. The frames hold their space before the images arrive."""

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.models import City
from partners.models import Partner

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1366, "height": 768},
}
RED, GREEN, BLUE = (220, 30, 30), (30, 160, 60), (30, 60, 220)


def portrait() -> bytes:
    """900 × 1600 px: a red top quarter, a green middle half, a blue bottom
    quarter. A 16:9 crop around the centre is all green; one around the top
    edge shows red at its top."""
    image = Image.new("RGB", (900, 1600), GREEN)
    image.paste(RED, (0, 0, 900, 400))
    image.paste(BLUE, (0, 1200, 900, 1600))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def wide_logo() -> bytes:
    """600 × 120 px, five times as wide as high, on no background."""
    out = io.BytesIO()
    Image.new("RGBA", (600, 120), (*BLUE, 255)).save(out, format="PNG")
    return out.getvalue()


def close_to(colour, wanted, tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour[:3], wanted, strict=True))


def serve_media(page) -> None:
    """The test settings serve no media (a web server does in production):
    the browser gets the uploaded files straight from MEDIA_ROOT."""
    media = Path(settings.MEDIA_ROOT)

    def fulfil(route) -> None:
        name = urlsplit(route.request.url).path.split("/media/", 1)[1]
        route.fulfill(path=str(media / name))

    page.route(re.compile(r"/media/"), fulfil)


@pytest.fixture(params=list(WIDTHS))
def framed_page(request, chromium, live_server, transactional_db, ascn_dump):
    """A page at 390 or 1366 px with the ASCN data; console errors fail the test."""
    ascn_dump.load()
    context = chromium.new_context(viewport=WIDTHS[request.param], locale="th-TH")
    page = context.new_page()
    page.width_name = request.param
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.base_url = live_server.url
    serve_media(page)
    yield page
    context.close()
    assert page.errors == []


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.width_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pixels_of(locator) -> Image.Image:
    return Image.open(io.BytesIO(locator.screenshot())).convert("RGB")


def loaded(locator) -> None:
    """Wait until the image is loaded and decoded (wait_for_function would need
    an eval that the Content-Security-Policy refuses)."""
    locator.evaluate("img => img.decode()")
    assert locator.evaluate("img => img.naturalWidth") > 0


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None
    return found


def give_images() -> None:
    city = City.objects.get(slug="phuket")
    city.cover_image = SimpleUploadedFile("tower.jpg", portrait())
    city.cover_image_alt_th = "หอคอยสูงในภูเก็ต"
    city.cover_image_alt_en = "A tall tower in Phuket"
    city.save()
    partner = Partner.objects.get(slug="milwaukee")
    partner.logo = SimpleUploadedFile("logo.png", wide_logo())
    partner.save()


def test_a_portrait_cover_stays_in_its_16_9_frame(framed_page):
    page = framed_page
    give_images()
    viewport = WIDTHS[page.width_name]
    page.goto(page.base_url + "/th/cities/phuket/")
    cover = page.locator("img.cover")
    loaded(cover)
    frame = box(cover)
    assert frame["width"] / frame["height"] == pytest.approx(16 / 9, abs=0.01)
    # Never taller than the frame, and the whole frame on the first screen.
    assert frame["height"] <= frame["width"] * 9 / 16 + 1
    assert frame["y"] + frame["height"] < viewport["height"]
    assert frame["width"] <= viewport["width"]
    # A photo 900 px wide comes from the rendition that suits the screen.
    chosen = cover.evaluate("img => img.currentSrc")
    if page.width_name == "phone":
        assert chosen.endswith(("-400.webp", "-800.webp"))
    # The centre of the portrait: all green, from the top of the frame down.
    pixels = pixels_of(cover)
    width, height = pixels.size
    for y in (2, height // 2, height - 3):
        assert close_to(pixels.getpixel((width // 2, y)), GREEN)
    # The heading and the summary follow at once.
    heading = box(page.locator("h1"))
    assert heading["y"] < frame["y"]
    assert page.locator(".lead").bounding_box()["y"] < frame["y"] + frame["height"] + 80
    shot(page, "city-portrait-cover-th")


def test_a_logo_is_contained_not_cropped_or_stretched(framed_page):
    page = framed_page
    give_images()
    page.goto(page.base_url + "/en/partners/milwaukee/")
    logo = page.locator("img.logo")
    loaded(logo)
    frame = box(logo)
    assert frame["width"] / frame["height"] == pytest.approx(2, abs=0.02)
    assert logo.evaluate("img => getComputedStyle(img).objectFit") == "contain"
    # The 5:1 logo spans the frame's width; above and below it, the page.
    pixels = pixels_of(logo)
    width, height = pixels.size
    assert close_to(pixels.getpixel((width // 2, height // 2)), BLUE)
    assert close_to(pixels.getpixel((2, height // 2)), BLUE)
    assert close_to(pixels.getpixel((width - 3, height // 2)), BLUE)
    assert not close_to(pixels.getpixel((width // 2, 2)), BLUE)
    assert not close_to(pixels.getpixel((width // 2, height - 3)), BLUE)
    shot(page, "partner-logo-en")


def test_frames_keep_their_space_before_the_images_arrive(framed_page):
    page = framed_page
    give_images()
    held = []
    page.unroute(re.compile(r"/media/"))
    page.route(re.compile(r"/media/"), lambda route: held.append(route))
    page.goto(page.base_url + "/th/cities/phuket/", wait_until="domcontentloaded")
    cover = page.locator("img.cover")
    assert cover.evaluate("img => img.complete") is False
    waiting = box(cover)
    assert waiting["width"] / waiting["height"] == pytest.approx(16 / 9, abs=0.01)
    summary_before = box(page.locator(".lead"))["y"]
    media = Path(settings.MEDIA_ROOT)
    for route in held:
        name = urlsplit(route.request.url).path.split("/media/", 1)[1]
        route.fulfill(path=str(media / name))
    loaded(cover)
    assert box(cover) == waiting
    assert box(page.locator(".lead"))["y"] == summary_before


@pytest.mark.parametrize("framed_page", ["laptop"], indirect=True)
def test_staff_click_the_focal_point_in_the_admin(framed_page, tmp_path):
    page = framed_page
    get_user_model().objects.create_superuser(
        "chief", password="a-long-pass-42", admin_language="en"
    )
    page.goto(page.base_url + "/en/admin/login/")
    page.locator("#id_username").fill("chief")
    page.locator("#id_password").fill("a-long-pass-42")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/admin/$"))
    city = City.objects.get(slug="phuket")
    page.goto(f"{page.base_url}/en/admin/cities/city/{city.pk}/change/")

    # A new file is shown, whole and cropped, before it is saved.
    picker = page.locator("[data-focal-point]")
    assert picker.is_hidden()
    path = tmp_path / "tower.jpg"
    path.write_bytes(portrait())
    page.locator("#id_cover_image").set_input_files(str(path))
    picker.wait_for(state="visible")
    whole = page.locator(".focal-point__image")
    loaded(whole)
    area = box(whole)
    assert area["height"] > area["width"]  # the portrait, whole

    # A click near the top edge sets the fields, in steps of 5 %.
    whole.click(position={"x": area["width"] * 0.52, "y": area["height"] * 0.04})
    assert page.locator("#id_cover_image_focus_x").input_value() == "50"
    assert page.locator("#id_cover_image_focus_y").input_value() == "5"
    crop = page.locator(".focal-point__crop .cover")
    assert "focus-y-5" in crop.get_attribute("class").split()
    assert close_to(pixels_of(crop).getpixel((10, 2)), RED)
    # Typing moves the marker too.
    page.locator("#id_cover_image_focus_x").fill("80")
    marker = page.locator(".focal-point__marker")
    assert "focus-x-80" in marker.get_attribute("class").split()
    marker_box = box(marker)
    assert marker_box["x"] + marker_box["width"] / 2 == pytest.approx(
        area["x"] + area["width"] * 0.8, abs=2
    )
    picker.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "admin-focal-point-laptop.png"))

    for language in ("th", "en"):
        field = page.locator(f"#id_cover_image_alt_{language}")
        tabs = page.locator(".ui-tabs", has=field)
        tabs.locator(".ui-tabs-nav a", has_text=re.compile(f"^{language}$")).click()
        field.fill("หอคอย" if language == "th" else "A tower")
    page.get_by_role("button", name="Publish now").first.click()
    page.wait_for_url(re.compile(r"/admin/cities/city/(\?.*)?$"))
    city.refresh_from_db()
    assert (city.cover_image_focus_x, city.cover_image_focus_y) == (80, 5)

    # The public page crops around it: the red top of the portrait shows.
    page.goto(page.base_url + "/th/cities/phuket/")
    cover = page.locator("img.cover")
    loaded(cover)
    assert cover.evaluate("img => getComputedStyle(img).objectPosition") == "80% 5%"
    pixels = pixels_of(cover)
    assert close_to(pixels.getpixel((pixels.width // 2, 2)), RED)
    assert close_to(pixels.getpixel((pixels.width // 2, pixels.height - 3)), GREEN)
    shot(page, "city-cover-focal-point-th")
