"""Population and land area as the action plans print them, with their source."""

import re
from decimal import Decimal

import pytest

from cities.csv_columns import CitySpec
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from tests.core.test_csv_import import edit, staff_export
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

SCAP = "https://asean.org/wp-content/uploads/2019/02/ASCN-Consolidated-SCAPs.pdf"


def facts(html: str) -> str:
    return " ".join(html.split())


@pytest.fixture
def city():
    return CityFactory(
        slug="bandar-seri-begawan",
        population=64_409,
        population_year=None,
        land_area_km2=Decimal("100.40"),
        facts_source_url=SCAP,
        facts_source_title_en="Smart City Action Plan of Bandar Seri Begawan (2018)",
        facts_source_title_th="แผนปฏิบัติการเมืองอัจฉริยะของบันดาร์เสรีเบกาวัน (พ.ศ. 2561)",
    )


def test_the_city_page_prints_the_figures_without_a_year_and_says_where_from(
    client, city
):
    html = facts(client.get("/en/cities/bandar-seri-begawan/").content.decode())
    assert "<dt>Population</dt> <dd> 64,409 </dd>" in html
    assert "<dt>Land area</dt> <dd> 100.4 km² </dd>" in html
    assert (
        f'As printed in <a href="{SCAP}" rel="external noopener">Smart City Action '
        "Plan of Bandar Seri Begawan (2018)</a>"
    ) in html


def test_the_thai_page_says_it_in_thai(client, city):
    html = facts(client.get("/th/cities/bandar-seri-begawan/").content.decode())
    assert "<dd> 64,409 คน </dd>" in html
    assert "<dd> 100.4 ตร.กม. </dd>" in html
    assert "ตามที่ระบุไว้ใน" in html
    assert "แผนปฏิบัติการเมืองอัจฉริยะของบันดาร์เสรีเบกาวัน (พ.ศ. 2561)</a>" in html


def test_a_population_with_a_year_shows_it_in_each_calendar(client, city):
    city.population, city.population_year = 1_234_567, 2023
    city.save()
    english = facts(client.get("/en/cities/bandar-seri-begawan/").content.decode())
    assert "<dd> 1,234,567 (2023) </dd>" in english
    thai = facts(client.get("/th/cities/bandar-seri-begawan/").content.decode())
    assert "<dd> 1,234,567 คน (พ.ศ. 2566) </dd>" in thai


def test_a_city_without_figures_shows_neither_figures_nor_their_source(client, db):
    CityFactory(slug="dili", population=None, land_area_km2=None, facts_source_url=SCAP)
    html = client.get("/en/cities/dili/").content.decode()
    assert "Land area" not in html and "As printed in" not in html
    assert not re.search(r"<dt>Population</dt>", html)


def test_the_csv_files_carry_the_figures_and_their_source(city):
    text = staff_export(CitySpec, type(city))
    assert ",64409,,100.4," in text and SCAP in text
    assert plan_import(CitySpec(), text.encode()).summary()["changed"] == 0
    plan = plan_import(
        CitySpec(), edit(text, "bandar-seri-begawan", "land_area_km2", "543.03")
    )
    assert plan.is_valid, plan.errors
    apply_import(plan)
    city.refresh_from_db()
    assert city.land_area_km2 == Decimal("543.03")


def test_the_data_dictionary_describes_the_new_columns(client, db):
    html = client.get("/en/data/").content.decode()
    for column in ("land_area_km2", "facts_source_url", "facts_source_title_th"):
        assert column in html
    assert "empty where the source gives none" in html
