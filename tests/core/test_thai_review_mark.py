"""Thai text translated from English and not yet reviewed by a Thai reader:
marked, counted, said on the Thai page, exported, and cleared when reviewed."""

import pytest
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.export import export_lines
from partners.csv_columns import PartnershipSpec, PartnerSpec
from partners.models import Partner, Partnership
from projects.csv_columns import ProjectSpec
from projects.models import Project
from tests.factories import (
    CityFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

NOTE_TH = "แปลจากภาษาอังกฤษ และยังไม่ได้ตรวจทานโดยผู้อ่านภาษาไทย"


def test_the_thai_page_says_the_text_is_an_unreviewed_translation(client):
    ProjectFactory(slug="marked", thai_unreviewed=True)
    ProjectFactory(slug="reviewed", thai_unreviewed=False)
    CityFactory(
        slug="visioned", vision_en="Smart", vision_th="อัจฉริยะ", thai_unreviewed=True
    )
    assert NOTE_TH in client.get("/th/projects/marked/").content.decode()
    assert NOTE_TH not in client.get("/th/projects/reviewed/").content.decode()
    assert NOTE_TH in client.get("/th/cities/visioned/").content.decode()
    english = client.get("/en/projects/marked/").content.decode()
    assert "translated from English" not in english  # said to Thai readers only


def test_partner_descriptions_and_partnership_topics_carry_the_mark_too(client):
    partner = PartnerFactory(
        slug="marked", description_en="A fund", description_th="กองทุน"
    )
    partner.thai_unreviewed = True
    partner.save()
    PartnershipFactory(partner=partner, city__slug="twin", thai_unreviewed=True)
    page = client.get("/th/partners/marked/").content.decode()
    assert "คำอธิบายภาษาไทยนี้แปลจากภาษาอังกฤษ" in page
    assert "หัวข้อนี้แปลจากภาษาอังกฤษ" in page  # the partnership's topic
    assert "หัวข้อนี้แปลจากภาษาอังกฤษ" in client.get("/th/cities/twin/").content.decode()
    assert "translated" not in client.get("/en/partners/marked/").content.decode()
    for spec, model in ((PartnerSpec(), Partner), (PartnershipSpec(), Partnership)):
        header, row = "".join(
            export_lines(spec, model.objects.all(), public=True)
        ).split("\r\n")[:2]
        assert row.split(",")[header.split(",").index("thai_unreviewed")] == "true"


def test_exports_and_the_data_dictionary_carry_the_mark(client):
    ProjectFactory(slug="marked", thai_unreviewed=True)
    CityFactory(slug="visioned", thai_unreviewed=True)
    for spec, model in ((ProjectSpec(), Project), (CitySpec(), City)):
        header, row = "".join(
            export_lines(spec, model.objects.all(), public=True)
        ).split("\r\n")[:2]
        columns = header.split(",")
        assert row.split(",")[columns.index("thai_unreviewed")] == "true"
    assert "thai_unreviewed" in client.get("/en/data/").content.decode()


def test_staff_count_filter_and_clear_the_mark(client, member):
    marked = ProjectFactory(slug="marked", thai_unreviewed=True, status="draft")
    live = ProjectFactory(slug="live", thai_unreviewed=True, status="published")
    member("Editor")
    home = client.get(reverse("admin:index")).content.decode()
    changelist = reverse("admin:projects_project_changelist")
    assert f'href="{changelist}?thai_unreviewed__exact=1">2<' in home
    listed = client.get(changelist + "?thai_unreviewed__exact=1").content.decode()
    assert listed.count("field-title") >= 2
    client.post(
        changelist,
        {"action": "mark_thai_reviewed", "_selected_action": [marked.pk, live.pk]},
    )
    marked.refresh_from_db()
    live.refresh_from_db()
    # An Editor clears the mark of a draft; a published record's is a Publisher's.
    assert (marked.thai_unreviewed, live.thai_unreviewed) == (False, True)
    assert marked.history.first().thai_unreviewed is False


def test_staff_find_partners_and_partnerships_to_review(client, member):
    PartnerFactory(slug="marked", thai_unreviewed=True)
    PartnershipFactory(thai_unreviewed=True)
    member("Editor")
    home = client.get(reverse("admin:index")).content.decode()
    for name in ("partner", "partnership"):
        changelist = reverse(f"admin:partners_{name}_changelist")
        assert f'href="{changelist}?thai_unreviewed__exact=1">1<' in home
        response = client.get(changelist + "?thai_unreviewed__exact=1")
        assert response.status_code == 200
