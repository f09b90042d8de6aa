import datetime

import pytest
from django.utils import translation

from core.dates import local_date, local_year, year_span
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "start", "end", "shown"),
    [
        ("th", 2019, 2020, "พ.ศ.\u00a02562–2563"),
        ("en", 2019, 2020, "2019–2020"),
        ("th", 2019, 2019, "พ.ศ.\u00a02562"),
        ("en", 2019, None, "since 2019"),
        ("th", 2019, None, "ตั้งแต่ พ.ศ.\u00a02562"),
        ("en", None, 2030, "until 2030"),
        ("th", None, None, ""),
    ],
)
def test_a_span_of_years_is_in_one_era(language, start, end, shown):
    with translation.override(language):
        assert year_span(start, end) == shown


def test_a_project_page_gives_both_years_in_the_buddhist_era(client):
    ProjectFactory(slug="wise", start_year=2019, end_year=2020)
    assert "พ.ศ.\u00a02562–2563" in client.get("/th/projects/wise/").content.decode()
    assert "2019–2020" in client.get("/en/projects/wise/").content.decode()
    assert "2562–2020" not in client.get("/th/projects/").content.decode()


def test_years_and_dates_follow_the_pages_language():
    day = datetime.date(2018, 5, 2)
    with translation.override("th"):
        assert (local_year(2018), local_date(day)) == (
            "พ.ศ.\u00a02561",
            "2\u00a0พฤษภาคม พ.ศ.\u00a02561",
        )
    with translation.override("en"):
        assert (local_year(2018), local_date(day)) == ("2018", "2 May 2018")


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2561, 2018),
        (2443, 1900),
        (2643, 2100),
        (2644, None),
        (2442, None),
        (2101, None),
    ],
)
def test_a_buddhist_era_year_is_recognised_by_one_rule(year, expected):
    from core.dates import common_era_of

    assert common_era_of(year, 1900, 2100) == expected
