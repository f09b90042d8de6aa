"""How a city's focus areas are known: on its page, in the CSV files."""

import pytest

from cities.csv_columns import CitySpec
from cities.models import CityFocusArea, FocusAreaBasis
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from tests.core.test_csv_import import edit, staff_export
from tests.factories import CityFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    city = CityFactory(slug="kuching")
    for slug, name, basis, note in [
        ("civic", "Civic & Social", FocusAreaBasis.ACTION_PLAN, ""),
        ("built", "Built Infrastructure", FocusAreaBasis.MAPPED, 'heading "Mobility"'),
        ("health", "Health & Well-being", FocusAreaBasis.REPORT_2019, ""),
        ("industry", "Industry & Innovation", FocusAreaBasis.PROJECTS, ""),
        ("green", "Quality Environment", FocusAreaBasis.NOT_STATED, ""),
    ]:
        area = FocusAreaFactory(slug=slug, name_en=name)
        CityFocusArea.objects.create(city=city, focus_area=area, basis=basis, note=note)
    return city


def test_the_city_page_says_how_each_focus_area_is_known(client, city):
    html = client.get("/en/cities/kuching/").content.decode()
    html = " ".join(html.replace("&#x27;", "'").split())
    for words in (
        'Social</a> <span class="muted">– from the city\'s 2018 action plan',
        "mapped from a heading of the city's 2018 action plan",
        "named in ASEAN's 2019 report",
        "from its projects' areas (not the city's own choice)",
        "(heading &quot;Mobility&quot;)</span>",
    ):
        assert words in html
    assert "Quality Environment</a> </li>" in html


def test_the_thai_page_says_it_in_thai(client, city):
    html = client.get("/th/cities/kuching/").content.decode()
    assert "จากแผนปฏิบัติการเมืองอัจฉริยะปี 2561 ของเมือง" in html
    assert "จากด้านที่มุ่งเน้นของโครงการในเมือง (ไม่ใช่ที่เมืองเลือกเอง)" in html
    # The note quotes the English action plan.
    assert 'lang="en">(heading &quot;Mobility&quot;)</span>' in html


def test_the_focus_area_filter_finds_the_city(client, city):
    html = client.get("/en/cities/?focus_area=built").content.decode()
    assert "/en/cities/kuching/" in html


def test_the_csv_files_carry_the_bases_and_notes_and_read_them_back(city):
    text = staff_export(CitySpec, type(city))
    assert "built:mapped;civic:action_plan;health:report_2019;industry:projects" in (
        text
    )
    assert 'built:heading ""Mobility""' in text
    assert plan_import(CitySpec(), text.encode()).summary()["changed"] == 0
    changed = edit(text, "kuching", "focus_area_bases", "green:action_plan")
    changed = edit(
        changed.decode("utf-8-sig"),
        "kuching",
        "focus_area_notes",
        "green:Smart Environment",
    )
    plan = plan_import(CitySpec(), changed)
    assert plan.is_valid, plan.errors
    apply_import(plan)
    links = {
        link.focus_area.slug: (link.basis, link.note)
        for link in city.city_focus_areas.select_related("focus_area")
    }
    assert links == {
        "civic": ("", ""),
        "built": ("", ""),
        "health": ("", ""),
        "industry": ("", ""),
        "green": ("action_plan", "Smart Environment"),
    }


def test_a_basis_that_is_not_one_of_the_four_is_refused(city):
    text = staff_export(CitySpec, type(city))
    plan = plan_import(
        CitySpec(), edit(text, "kuching", "focus_area_bases", "built:hunch")
    )
    assert not plan.is_valid
    assert any("“hunch” is not one of" in error for error in plan.errors), plan.errors
