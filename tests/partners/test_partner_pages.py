import re

import pytest
from django.db.models import Q

from core.views import PAGE_SIZE
from partners.models import Partner, PartnerKind
from tests.factories import (
    CityFactory,
    CountryFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(
        r'<h2 class="record__title">\s*<a href="/\w\w/partners/([^/]+)/"',
        response.content.decode(),
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=company", Q(kind=PartnerKind.COMPANY)),
        ("kind=city&country=US", {"milwaukee", "las-vegas"}),
        ("country=KR", Q(country__code="KR")),
        ("q=หัวเว่ย", {"huawei", "roland-berger"}),
        ("q=Huawei", {"huawei", "roland-berger"}),
        ("q=มิลวอกี", {"milwaukee", "wise"}),
    ],
)
@pytest.mark.parametrize("lang", ["th", "en"])
def test_partner_filters(client, ascn_data, lang, query, expected):
    found = set(listed(client.get(f"/{lang}/partners/?{query}")))
    if isinstance(expected, Q):
        wanted = set(
            Partner.objects.published().filter(expected).values_list("slug", flat=True)
        )
        assert len(wanted) > 1, "a filter that finds one record or none proves little"
        assert found <= wanted  # only the first page is listed
        assert len(found) == min(len(wanted), PAGE_SIZE)
    else:
        assert found == expected


@pytest.mark.parametrize("query", ["kind=spy", "country=ZZ", "country=" + "A" * 3000])
def test_an_invalid_partner_filter_gives_a_message_and_no_results(
    client, ascn_data, query
):
    response = client.get(f"/en/partners/?{query}")
    assert listed(response) == []
    assert "Select a valid choice" in response.content.decode()


def test_draft_partners_are_hidden_everywhere(client, db, draft):
    city = CityFactory(slug="phuket")
    secret = PartnerFactory(slug="secret-partner", name_en="Secret Partner", **draft)
    PartnershipFactory(city=city, partner=secret)
    project = ProjectFactory(slug="open-project")
    project.project_partners.create(partner=secret, role="lead")
    assert client.get("/en/partners/secret-partner/").status_code == 404
    assert "Secret Partner" not in client.get("/en/partners/").content.decode()
    assert "Secret Partner" not in client.get("/en/cities/phuket/").content.decode()
    assert (
        "Secret Partner"
        not in client.get("/en/projects/open-project/").content.decode()
    )
    assert "Secret Partner" not in client.get("/en/search/?q=Secret").content.decode()


def test_a_draft_partnership_does_not_show_on_either_side(client, db, draft):
    partnership = PartnershipFactory(topic_en="Hidden topic", **draft)
    city_page = client.get(partnership.city.get_absolute_url().replace("/th/", "/en/"))
    assert "Hidden topic" not in city_page.content.decode()
    partner_page = client.get(f"/en/partners/{partnership.partner.slug}/")
    assert "Hidden topic" not in partner_page.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_partner_list_queries_do_not_grow(
    client, db, django_assert_max_num_queries, rows
):
    country = CountryFactory(code="US", name_en="United States", is_asean_member=False)
    for number in range(rows):
        PartnerFactory(slug=f"partner-{number:02d}", country=country)
    with django_assert_max_num_queries(6):
        assert client.get("/en/partners/").status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_partner_page_queries_do_not_grow(
    client, db, django_assert_max_num_queries, rows
):
    partner = PartnerFactory(slug="huawei")
    for number in range(rows):
        city = CityFactory(slug=f"city-{number:02d}")
        PartnershipFactory(city=city, partner=partner)
        project = ProjectFactory(slug=f"project-{number:02d}")
        project.cities.add(city)
        project.project_partners.create(partner=partner, role="lead")
    with django_assert_max_num_queries(8):
        response = client.get("/en/partners/huawei/")
    assert response.status_code == 200
    assert response.content.decode().count('href="/en/projects/project-') == rows
