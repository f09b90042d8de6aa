"""The focal point of a cropped image (a city's cover, a project's image): staff
set it in the admin, beside a preview of the crop; it is validated (0-100), kept
in the record's history, proposed in pending changes and carried by the staff
CSV files."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.export import export_lines
from core.csvio.planning import plan_import
from core.images import FOCUS_STEP, focus_classes
from core.models import PendingChange
from projects.models import Project
from tests.admin_forms import admin_form_data
from tests.core.test_csv_import import edit as edit_csv
from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FRAMES_CSS = Path(settings.BASE_DIR) / "static" / "css" / "image-frames.css"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def portrait() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (900, 1600), (40, 110, 60)).save(out, format="JPEG")
    return SimpleUploadedFile("tower.jpg", out.getvalue())


def city_url(city, view: str = "change") -> str:
    return reverse(f"admin:cities_city_{view}", args=[city.pk])


def save_city(client, city, **changes):
    data = admin_form_data(client.get(city_url(city)))
    data.update(changes)
    return client.post(city_url(city), data)


def test_a_focal_point_is_the_centre_until_staff_set_it():
    city = CityFactory(cover_image=portrait())
    assert (city.cover_image_focus_x, city.cover_image_focus_y) == (50, 50)
    assert (ProjectFactory().image_focus_x, ProjectFactory().image_focus_y) == (50, 50)


def test_staff_set_the_focal_point_beside_a_preview_of_the_crop(admin_client):
    city = CityFactory(status="draft")
    form = admin_client.get(city_url(city)).content.decode()
    # No image yet: the preview waits, hidden, for a file to be chosen.
    assert re.search(r'<div class="focal-point" data-focal-point[^>]* hidden>', form)
    response = save_city(
        admin_client,
        city,
        cover_image=portrait(),
        cover_image_alt_en="The tower",
        cover_image_alt_th="หอคอย",
        cover_image_focus_x="30",
        cover_image_focus_y="80",
    )
    assert response.status_code == 302
    city.refresh_from_db()
    assert (city.cover_image_focus_x, city.cover_image_focus_y) == (30, 80)

    # The whole image with the point marked, and the crop as pages show it.
    form = admin_client.get(city_url(city)).content.decode()
    picker = re.search(r'<div class="focal-point" data-focal-point[^>]*>', form)
    assert picker.group(0) == (
        '<div class="focal-point" data-focal-point data-field="cover_image">'
    )
    assert 'class="focal-point__marker focus-x-30 focus-y-80"' in form
    assert f'class="cover focus-x-30 focus-y-80" src="{city.cover_image.url}"' in form
    for axis in ("x", "y"):
        field = re.search(rf'<input[^>]* id="id_cover_image_focus_{axis}"[^>]*>', form)
        assert 'min="0"' in field.group(0) and 'max="100"' in field.group(0)
    assert "js/focal-point.js" in form and "css/image-frames.css" in form
    assert "style=" not in re.search(r'<div class="focal-point".*?</div>', form).group(
        0
    )


def test_a_projects_form_has_the_same_picker(admin_client):
    project = ProjectFactory(image_focus_x=15)
    form = admin_client.get(
        reverse("admin:projects_project_change", args=[project.pk])
    ).content.decode()
    assert 'data-focal-point data-field="image"' in form
    assert 'class="focal-point__marker focus-x-15 focus-y-50"' in form
    assert 'id="id_image_focus_y"' in form


def test_a_partners_logo_is_previewed_contained_in_its_frame(admin_client):
    out = io.BytesIO()
    Image.new("RGB", (600, 120), (0, 60, 160)).save(out, format="PNG")
    partner = PartnerFactory(logo=SimpleUploadedFile("logo.png", out.getvalue()))
    form = admin_client.get(
        reverse("admin:partners_partner_change", args=[partner.pk])
    ).content.decode()
    assert re.search(
        r'<img src="[^"]+" alt="[^"]*" class="logo" width="192" height="96">', form
    )
    assert "css/image-frames.css" in form


@pytest.mark.parametrize("value", ["-1", "101", "1000"])
def test_a_focal_point_outside_0_to_100_is_refused(admin_client, value):
    city = CityFactory(status="draft")
    response = save_city(admin_client, city, cover_image_focus_y=value)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["cover_image_focus_y"]
    city.refresh_from_db()
    assert city.cover_image_focus_y == 50


def test_the_database_and_the_model_hold_the_range_outside_the_admin_too():
    project = ProjectFactory()
    project.image_focus_x = 101
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "image_focus_x" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(image_focus_x=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        City.objects.filter(pk=CityFactory().pk).update(cover_image_focus_y=101)


def test_every_class_a_focal_point_can_get_is_in_the_stylesheet():
    css = FRAMES_CSS.read_text()
    defined = set(re.findall(r"\.(focus-[xy]-\d+) \{ --focus-[xy]: \d+%; \}", css))
    wanted = {
        name for value in range(101) for name in focus_classes(value, value).split()
    }
    assert wanted == defined
    assert len(defined) == 2 * (100 // FOCUS_STEP + 1)
    for name in defined:
        axis, value = name.split("-")[1:]
        assert f".{name} {{ --focus-{axis}: {value}%; }}" in css


def test_focus_classes_round_to_the_nearest_step():
    assert focus_classes(0, 100) == "focus-x-0 focus-y-100"
    assert focus_classes(37, 38) == "focus-x-35 focus-y-40"
    assert focus_classes(None, 2) == "focus-x-50 focus-y-0"


def test_a_focal_point_change_is_kept_in_the_history(admin_client):
    city = CityFactory()
    assert save_city(admin_client, city, cover_image_focus_x="20").status_code == 302
    latest, previous = city.history.all()[:2]
    changed = {c.field for c in latest.diff_against(previous).changes}
    assert "cover_image_focus_x" in changed
    page = admin_client.get(city_url(city, "history"))
    changes = {
        (c.label, c.old, c.new)
        for c in page.context["page_obj"][0].history_delta_changes
    }
    assert ("focal point across (%)", "50", "20") in changes


def test_an_editors_focal_point_waits_in_a_pending_change(client, member):
    city = CityFactory(
        cover_image=portrait(),
        cover_image_alt_en="The tower",
        cover_image_alt_th="หอคอย",
        status="published",
    )
    member("Editor")
    response = save_city(
        client, city, _action="change_review", cover_image_focus_y="10"
    )
    assert response.status_code == 302
    change = PendingChange.objects.get()
    assert change.data["fields"]["cover_image_focus_y"] == 10
    city.refresh_from_db()
    assert city.cover_image_focus_y == 50
    member("Publisher")
    review = client.get(city_url(city, "review")).content.decode()
    row = re.search(r"<th[^>]*>Focal point down \(%\)</th>(.*?)</tr>", review, re.S)
    assert re.findall(r"<td[^>]*>(\w+)</td>", row.group(1)) == ["50", "10"]
    client.post(city_url(city, "review"), {"_action": "publish"})
    city.refresh_from_db()
    assert city.cover_image_focus_y == 10


def staff_cities_csv() -> str:
    return "".join(export_lines(CitySpec(), City.objects.all(), public=False))


def test_the_staff_csv_carries_the_focal_point_and_its_import_checks_it(client):
    CityFactory(slug="tower-city", cover_image_focus_x=25, status="published")
    text = staff_cities_csv()
    header = text.lstrip("\ufeff").split("\r\n", 1)[0].split(",")
    assert {"cover_image_focus_x", "cover_image_focus_y"} <= set(header)
    # The public files carry no image for a focal point to apply to.
    public = client.get("/en/cities/export.csv")
    public_header = b"".join(public.streaming_content).decode().split("\r\n", 1)[0]
    assert "cover_image_focus" not in public_header

    plan = plan_import(
        CitySpec(), edit_csv(text, "tower-city", "cover_image_focus_x", "120")
    )
    assert plan.count("changed") == 0
    [error] = plan.errors
    assert "cover_image_focus_x: Ensure this value is less than or equal to 100" in (
        str(error)
    )
    # An empty cell is the centre.
    plan = plan_import(
        CitySpec(), edit_csv(text, "tower-city", "cover_image_focus_x", "")
    )
    assert plan.errors == [] and plan.count("changed") == 1
    [row] = [row for row in plan.rows if row.status == "changed"]
    assert row.values["cover_image_focus_x"] == 50
