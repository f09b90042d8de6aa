"""The page about the data: its sources, how complete each field is, and when
the data last changed."""

import datetime
import re
from decimal import Decimal

import pytest

from core.models import ContentVersion, PublicationStatus, Source
from core.versioning import VERSION_ID
from tests.factories import CityFactory, FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SCAPS = "https://asean.org/wp-content/uploads/2019/02/ASCN-Consolidated-SCAPs.pdf"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def projects(db):
    ProjectFactory(slug="costed", estimated_cost=Decimal("1000000"), currency="USD")
    ProjectFactory(slug="dated", start_year=2020)
    ProjectFactory(slug="plain")
    # A draft with a cost and a year is not counted.
    ProjectFactory(
        slug="secret",
        estimated_cost=Decimal("5"),
        currency="USD",
        start_year=2021,
        status=PublicationStatus.DRAFT,
    )


def test_the_page_names_the_asean_documents_with_links(client):
    for language in ("th", "en"):
        response = client.get(f"/{language}/about-data/")
        assert response.status_code == 200
        page = response.content.decode()
        assert f'href="{SCAPS}"' in page
        for year in (2022, 2023, 2024, 2025):
            assert f"/{year}-ASCN-ME-Report-Final_" in page
        assert "ASCN2019-Report.pdf" in page
    english = text(client.get("/en/about-data/"))
    assert "Monitoring and Evaluation Report 2024" in english
    assert "(PDF in English, 8 July 2018)" in english
    thai = text(client.get("/th/about-data/"))
    # Years and dates in the Buddhist Era on Thai pages.
    assert "รายงานการติดตามและประเมินผล ปี พ.ศ. 2567" in thai
    assert "(ไฟล์ PDF ภาษาอังกฤษ, 8 กรกฎาคม พ.ศ. 2561)" in thai


def test_figures_count_only_published_records(client, projects):
    english = text(client.get("/en/about-data/"))
    assert "Estimated cost known for 1 of 3 projects" in english
    assert "Start year known for 1 of 3 projects" in english
    assert "At least one source for 0 of 3 projects" in english
    thai = text(client.get("/th/about-data/"))
    assert "ทราบมูลค่าโดยประมาณ 1 จาก 3 โครงการ" in thai
    assert "ทราบปีที่เริ่มโครงการ 1 จาก 3 โครงการ" in thai


def test_figures_follow_sources_focus_areas_and_population(client):
    area = FocusAreaFactory()
    hidden = FocusAreaFactory(status=PublicationStatus.DRAFT)
    counted = CityFactory(population=100_000, population_year=2018)
    counted.focus_areas.add(area)
    Source.objects.create(record=counted, title="SCAP", url=SCAPS)
    Source.objects.create(record=counted, title="ME2025", url=SCAPS)
    CityFactory().focus_areas.add(hidden)
    english = text(client.get("/en/about-data/"))
    assert "Population known for 1 of 2 pilot cities" in english
    # Two sources count the city once; a draft focus area does not count.
    assert "At least one source for 1 of 2 pilot cities" in english
    assert "At least one focus area for 1 of 2 pilot cities" in english


def test_figures_of_the_newer_fields_say_what_the_sources_leave_open(client):
    CityFactory(land_area_km2=Decimal("1568.7"), name_th_confirmed=True)
    CityFactory(vision_en="Liveable", vision_th="น่าอยู่", thai_unreviewed=True)
    ProjectFactory(stage="ongoing_or_planned", bankable="yes")
    ProjectFactory(stage="", bankable="", thai_unreviewed=True)
    english = text(client.get("/en/about-data/"))
    assert "Land area known for 1 of 2 pilot cities" in english
    assert "Thai name confirmed by a Thai source for 1 of 2 pilot cities" in english
    assert "Thai vision reviewed by a Thai reader for 1 of 2 pilot cities" in english
    assert "Stage stated for 1 of 2 projects" in english
    assert "Stated to be bankable: 1 of 2 projects" in english
    assert "reviewed by a Thai reader for 1 of 2 projects" in english
    thai = text(client.get("/th/about-data/"))
    assert "ทราบพื้นที่ของเมืองนำร่อง 1 จาก 2 เมือง" in thai
    assert "ระบุว่าพร้อมรับการลงทุน 1 จาก 2 โครงการ" in thai


def test_a_change_shows_at_once(client, projects):
    assert "Estimated cost known for 1 of 3" in text(client.get("/en/about-data/"))
    ProjectFactory(slug="another", estimated_cost=Decimal("7"), currency="THB")
    assert "Estimated cost known for 2 of 4" in text(client.get("/en/about-data/"))


def test_records_none_of_which_is_published_are_said_so_in_words(client):
    english = text(client.get("/en/about-data/"))
    assert "None is published yet." in english
    assert " of 0 " not in english


def test_the_last_change_is_a_local_date_in_the_readers_calendar(client):
    # 20:00 UTC on 1 December is 03:00 on 2 December in Bangkok.
    moment = datetime.datetime(2026, 12, 1, 20, 0, tzinfo=datetime.UTC)
    ContentVersion.objects.update_or_create(
        pk=VERSION_ID, defaults={"number": 99, "changed_at": moment}
    )
    assert "last changed on 2 December 2026." in text(client.get("/en/about-data/"))
    thai = text(client.get("/th/about-data/"))
    assert "เปลี่ยนแปลงล่าสุดเมื่อวันที่ 2 ธันวาคม พ.ศ. 2569" in thai


@pytest.mark.parametrize(
    "path", ["/th/", "/th/data/", "/th/cities/", "/th/partners/", "/th/projects/"]
)
def test_the_page_is_linked_from_the_footer_the_dictionary_and_the_lists(client, path):
    page = client.get(path).content.decode()
    assert page.count('href="/th/about-data/"') >= (1 if path == "/th/" else 2)


@pytest.mark.parametrize("rows", [3, 30], ids=["few", "many"])
def test_the_page_queries_do_not_grow_with_the_records(
    client, django_assert_max_num_queries, rows
):
    area = FocusAreaFactory()
    for number in range(rows):
        city = CityFactory(population=number + 1, population_year=2018)
        city.focus_areas.add(area)
        Source.objects.create(record=city, title="SCAP", url=SCAPS)
        project = ProjectFactory(start_year=2020)
        project.focus_areas.add(area)
    # The version, then one count per model: cities, projects, partners.
    with django_assert_max_num_queries(4):
        response = client.get("/en/about-data/")
    assert f"Population known for {rows} of {rows} pilot cities" in text(response)
