"""Public pages show images in fixed frames: covers (a city's, a project's) in a
16:9 frame cropped around their focal point, by classes rather than a style
attribute (the Content-Security-Policy refuses those); logos contained in a 2:1
frame. width and height reserve the frame's space; srcset keeps its renditions."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

FRAMES_CSS = Path(settings.BASE_DIR) / "static" / "css" / "image-frames.css"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def picture(size: tuple[int, int], name: str = "picture.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 110, 60)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue())


def tag(html: str, css_class: str) -> str:
    return re.search(rf'<img class="{css_class}[ "][^>]*>', html).group(0)


def css_rule(selector: str) -> str:
    return re.search(
        rf"^{re.escape(selector)} \{{[^}}]*\}}", FRAMES_CSS.read_text(), re.M
    ).group(0)


def test_a_city_cover_is_framed_around_its_focal_point(client):
    CityFactory(
        slug="tower-city",
        cover_image=picture((900, 1600)),
        cover_image_alt_th="หอคอย",
        cover_image_alt_en="The tower",
        cover_image_focus_x=30,
        cover_image_focus_y=80,
    )
    cover = tag(client.get("/th/cities/tower-city/").content.decode(), "cover")
    assert 'class="cover focus-x-30 focus-y-80"' in cover
    # The frame's ratio reserves its space; srcset still offers the renditions
    # below the original's 900 px.
    assert 'width="1600"' in cover and 'height="900"' in cover
    assert "-400.webp 400w" in cover and "-800.webp 800w" in cover
    assert "900w" in cover
    assert 'sizes="(min-width: 50rem) 48rem, 100vw"' in cover
    assert 'alt="หอคอย"' in cover
    assert "style=" not in cover


def test_a_cover_without_a_focal_point_set_is_cropped_around_its_centre(client):
    CityFactory(slug="plain-city", cover_image=picture((900, 1600)))
    cover = tag(client.get("/en/cities/plain-city/").content.decode(), "cover")
    assert 'class="cover focus-x-50 focus-y-50"' in cover


def test_a_project_image_is_framed_around_its_focal_point(client):
    ProjectFactory(
        slug="wide-view",
        image=picture((1200, 300)),
        image_focus_x=88,
        image_focus_y=45,
    )
    cover = tag(client.get("/en/projects/wide-view/").content.decode(), "cover")
    assert 'class="cover focus-x-90 focus-y-45"' in cover  # in steps of 5 %
    assert 'width="1600"' in cover and 'height="900"' in cover


def test_the_cover_frame_is_16_9_and_crops_what_does_not_fit():
    rule = css_rule(".cover")
    assert "aspect-ratio: 16 / 9;" in rule
    assert "object-fit: cover;" in rule
    assert "object-position: var(--focus-x, 50%) var(--focus-y, 50%);" in rule


def test_a_partner_logo_is_contained_in_its_frame(client):
    PartnerFactory(slug="wide-logo", logo=picture((600, 120)))
    logo = tag(client.get("/en/partners/wide-logo/").content.decode(), "logo")
    assert 'width="192"' in logo and 'height="96"' in logo
    assert 'srcset="' in logo and "600w" in logo
    rule = css_rule(".logo")
    assert "aspect-ratio: 2 / 1;" in rule and "object-fit: contain;" in rule


def test_every_public_page_loads_the_frames(client):
    html = client.get("/th/").content.decode()
    assert re.search(
        r'<link rel="stylesheet" href="/static/css/image-frames\.css">', html
    )
