import re

import pytest
from django.db.models import Q

from core.views import PAGE_SIZE
from projects.models import Bankable, Project, Stage
from tests.factories import (
    CityFactory,
    FocusAreaFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(
        r'<h3 class="card__title">\s*<a href="/\w\w/projects/([^/]+)/"',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # The real data, where the filter finds many: the records that match.
        ("stage=completed", Q(stage=Stage.COMPLETED)),
        ("stage=planning", Q(stage=Stage.PLANNING)),
        ("city=siem-reap", Q(cities__slug="siem-reap")),
        ("city=phuket", Q(cities__slug="phuket")),
        ("partner=huawei", {"phuket-smart-city-framework-2019"}),
        ("focus_area=quality-environment", Q(focus_areas__slug="quality-environment")),
        ("bankable=yes", Q(bankable=Bankable.YES)),
        ("q=หัวเว่ย", {"phuket-smart-city-framework-2019"}),
        ("q=Roland Berger", {"phuket-smart-city-framework-2019"}),
        (
            "q=บางซื่อ",
            {
                "bang-sue-smart-city-development",
                "bang-sue-grand-station-krung-thep-aphiwat-central-terminal",
            },
        ),
    ],
)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_project_filters(client, ascn_data, lang, query, expected):
    found = set(listed(client.get(f"/{lang}/projects/?{query}")))
    if isinstance(expected, Q):
        wanted = set(
            Project.objects.published()
            .filter(expected)
            .values_list("slug", flat=True)
            .distinct()
        )
        assert len(wanted) > 1, "a filter that finds one record or none proves little"
        # Only the first page is listed.
        assert found <= wanted
        assert len(found) == min(len(wanted), PAGE_SIZE)
    else:
        assert found == expected


def test_bankable_filter_and_home_figure(client, db):
    ProjectFactory(slug="bankable-one", bankable=Bankable.YES)
    ProjectFactory(slug="not-stated")
    assert listed(client.get("/en/projects/?bankable=yes")) == ["bankable-one"]
    assert listed(client.get("/en/projects/?bankable=not_stated")) == ["not-stated"]
    html = client.get("/en/").content.decode()
    assert re.search(r"<dt>Bankable projects</dt>\s*<dd>\s*<a[^>]*>1<", html)


def test_a_project_no_source_describes_says_not_stated(client, db):
    ProjectFactory(slug="quiet", stage=Stage.NOT_STATED)
    english = client.get("/en/projects/quiet/").content.decode()
    for label in ("Stage", "Estimated cost", "Bankable"):
        assert re.search(rf"<dt>{label}</dt>\s*<dd>\s*Not stated\s*</dd>", english)
    thai = client.get("/th/projects/quiet/").content.decode()
    assert thai.count("ไม่ระบุ") >= 3
    card = client.get("/en/projects/").content.decode()
    assert re.search(r'<span class="badge">\s*Stage not stated\s*</span>', card)
    assert "badge--bankable" not in card


def test_ongoing_or_planned_is_a_stage_of_its_own(client, db):
    ProjectFactory(slug="listed", stage=Stage.ONGOING_OR_PLANNED)
    ProjectFactory(slug="quiet", stage=Stage.NOT_STATED)
    ProjectFactory(slug="planned", stage=Stage.PLANNING)
    page = client.get("/en/projects/?stage=ongoing_or_planned")
    assert listed(page) == ["listed"]
    assert "Ongoing or planned" in page.content.decode()
    assert listed(client.get("/en/projects/?stage=not_stated")) == ["quiet"]
    thai = client.get("/th/projects/listed/").content.decode()
    assert "กำลังดำเนินการหรืออยู่ในแผน" in thai


def test_a_bankable_project_with_a_cost_shows_them(client, db):
    ProjectFactory(
        slug="loan", bankable=Bankable.YES, estimated_cost=1500000, currency="USD"
    )
    html = client.get("/en/projects/loan/").content.decode()
    assert re.search(r"<dt>Bankable</dt>\s*<dd>\s*Yes\s*</dd>", html)
    # In the reader's words and in the currency of the source (core/money.py).
    assert "USD\u00a01.5\u00a0million" in html
    assert "Not stated" not in html
    thai = client.get("/th/projects/loan/").content.decode()
    assert "1.5\u00a0ล้านดอลลาร์สหรัฐ" in thai


def test_a_project_in_two_matching_cities_is_listed_once(client, db):
    area = FocusAreaFactory(slug="water")
    project = ProjectFactory(slug="twin")
    project.focus_areas.add(area)
    project.cities.add(CityFactory(), CityFactory())
    assert listed(client.get("/en/projects/?focus_area=water")) == ["twin"]


@pytest.mark.parametrize(
    "query", ["stage=secret", "city=atlantis", "partner=nobody", "bankable=maybe"]
)
def test_an_invalid_project_filter_gives_a_message_and_no_results(
    client, ascn_data, query
):
    response = client.get(f"/en/projects/?{query}")
    assert listed(response) == []
    assert "Select a valid choice" in response.content.decode()


def test_draft_projects_are_hidden_everywhere(client, db, draft):
    city = CityFactory(slug="phuket")
    area = FocusAreaFactory(slug="water")
    secret = ProjectFactory(slug="secret-project", title_en="Secret Project", **draft)
    secret.cities.add(city)
    secret.focus_areas.add(area)
    assert client.get("/en/projects/secret-project/").status_code == 404
    for page in (
        "/en/",
        "/en/projects/",
        "/en/cities/phuket/",
        "/en/focus-areas/water/",
    ):
        assert "Secret Project" not in client.get(page).content.decode(), page
    assert "Secret Project" not in client.get("/en/search/?q=Secret").content.decode()
    html = client.get("/en/").content.decode()
    # Not counted: with no published project the figure is left out, not 0.
    assert re.search(r"<dt>Pilot cities</dt>\s*<dd>\s*<a[^>]*>1<", html)
    assert "<dt>Projects</dt>" not in html


def test_draft_focus_area_and_country_pages_answer_404(client, db, draft):
    FocusAreaFactory(slug="hidden-area", **draft)
    assert client.get("/en/focus-areas/hidden-area/").status_code == 404


def test_project_page_shows_partners_with_their_roles(client, ascn_data):
    html = client.get("/en/projects/phuket-smart-city-framework-2019/").content.decode()
    assert re.search(
        r'href="/en/partners/huawei/">Huawei</a>\s*<span class="muted">– Lead', html
    )
    assert "Technical partner" in html
    thai = client.get("/th/projects/phuket-smart-city-framework-2019/").content.decode()
    assert "หัวเว่ย" in thai and "พ.ศ.\u00a02562" in thai


@pytest.mark.parametrize("rows", [3, 30])
def test_project_list_and_home_queries_do_not_grow(
    client, db, django_assert_max_num_queries, rows
):
    area = FocusAreaFactory()
    city = CityFactory()
    for number in range(rows):
        project = ProjectFactory(slug=f"project-{number:02d}", is_featured=True)
        project.cities.add(city)
        project.focus_areas.add(area)
    # 8: one of them counts the records of every filter's options.
    with django_assert_max_num_queries(8):
        assert client.get("/en/projects/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/en/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_project_page_queries_do_not_grow(
    client, db, django_assert_max_num_queries, rows
):
    project = ProjectFactory(slug="big")
    for number in range(rows):
        project.cities.add(CityFactory())
        project.project_partners.create(partner=PartnerFactory(), role="funder")
        project.sources.create(title=f"Source {number}", url="https://example.org/")
    with django_assert_max_num_queries(7):
        response = client.get("/en/projects/big/")
    assert response.status_code == 200
    assert response.content.decode().count("– Funder") == rows


def test_a_partner_in_two_roles_lists_the_project_once(client, db):
    partner = PartnerFactory(slug="bank")
    project = ProjectFactory(slug="dual")
    project.project_partners.create(partner=partner, role="lead")
    project.project_partners.create(partner=partner, role="funder")
    assert listed(client.get("/en/projects/?partner=bank")) == ["dual"]
    export = b"".join(
        client.get("/en/projects/export.csv?partner=bank").streaming_content
    )
    assert export.decode("utf-8").count("\r\ndual,") == 1


def test_an_ascn_wide_project_says_so_and_has_a_filter(client, db):
    ProjectFactory(slug="network", network_level=True, title_en="Network study")
    ProjectFactory(slug="local").cities.add(CityFactory())
    assert listed(client.get("/en/projects/?scope=network")) == ["network"]
    assert listed(client.get("/en/projects/?scope=city")) == ["local"]
    cards = client.get("/en/projects/?scope=network").content.decode()
    assert "ASCN-wide project" in cards
    page = client.get("/en/projects/network/").content.decode()
    assert re.search(r"<dt>Scope</dt>\s*<dd>\s*ASCN-wide project", page)
    thai = client.get("/th/projects/network/").content.decode()
    assert "โครงการระดับเครือข่าย ASCN" in thai
    assert "ASCN-wide" not in client.get("/en/projects/local/").content.decode()
