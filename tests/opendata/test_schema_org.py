"""schema.org JSON-LD on the detail pages of cities, partners and projects, read
as a search engine reads it (extruct)."""

from decimal import Decimal

import extruct
import pytest

from cities.models import Country
from projects.models import PartnerRole, ProjectPartner
from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def structured_data(client, address: str) -> list[dict]:
    response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    found = extruct.extract(
        html, base_url="http://testserver" + address, syntaxes=["json-ld"]
    )["json-ld"]
    assert len(found) == 1
    return found


@pytest.fixture
def phuket():
    return CityFactory(
        slug="phuket",
        name_th="ภูเก็ต",
        name_en="Phuket",
        latitude=Decimal("7.880400"),
        longitude=Decimal("98.392300"),
        summary_en="An island province.",
    )


@pytest.mark.parametrize(
    ("language", "name", "other"), [("th", "ภูเก็ต", "Phuket"), ("en", "Phuket", "ภูเก็ต")]
)
def test_a_city_is_a_city_with_its_coordinates(client, phuket, language, name, other):
    [city] = structured_data(client, f"/{language}/cities/phuket/")

    assert city["@context"] == "https://schema.org"
    assert city["@type"] == "City"
    assert city["name"] == name
    assert city["alternateName"] == other
    assert city["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 7.8804,
        "longitude": 98.3923,
    }
    assert city["url"] == f"http://testserver/{language}/cities/phuket/"
    assert city["containedInPlace"]["@type"] == "Country"
    assert city["containedInPlace"]["identifier"] == "TH"
    assert city["mainEntityOfPage"]["inLanguage"] == language


@pytest.mark.parametrize(("language", "name"), [("th", "ไจกา"), ("en", "JICA")])
def test_a_partner_is_an_organization(client, language, name):
    japan = Country.objects.create(
        code="JP", name_th="ญี่ปุ่น", name_en="Japan", status="published"
    )
    PartnerFactory(
        slug="jica",
        name_th="ไจกา",
        name_en="JICA",
        country=japan,
        website="https://www.jica.go.jp/",
    )

    [partner] = structured_data(client, f"/{language}/partners/jica/")

    assert partner["@type"] == "Organization"
    assert partner["name"] == name
    assert partner["address"] == {"@type": "PostalAddress", "addressCountry": "JP"}
    assert partner["sameAs"] == "https://www.jica.go.jp/"
    assert partner["mainEntityOfPage"]["inLanguage"] == language


@pytest.mark.parametrize(
    ("language", "title"), [("th", "รถรางเบา"), ("en", "Light rail")]
)
def test_a_project_is_a_project_with_its_cities_and_partners(
    client, phuket, language, title
):
    project = ProjectFactory(
        slug="light-rail", title_th="รถรางเบา", title_en="Light rail", start_year=2020
    )
    project.cities.add(phuket)
    funder = PartnerFactory(name_en="Bank")
    builder = PartnerFactory(name_en="Builder")
    ProjectPartner.objects.create(
        project=project, partner=funder, role=PartnerRole.FUNDER
    )
    ProjectPartner.objects.create(
        project=project, partner=builder, role=PartnerRole.IMPLEMENTER
    )

    [data] = structured_data(client, f"/{language}/projects/light-rail/")

    assert data["@type"] == "Project"
    assert data["name"] == title
    assert data["foundingDate"] == "2020"
    assert [city["@type"] for city in data["location"]] == ["City"]
    assert data["location"][0]["url"] == f"http://testserver/{language}/cities/phuket/"
    assert [org["url"] for org in data["funder"]] == [
        f"http://testserver{funder.get_absolute_url()}".replace("/th/", f"/{language}/")
    ]
    assert len(data["member"]) == 1


def test_a_hostile_name_stays_inside_the_data_block(client):
    hostile = "</script><script>alert(1)</script> & <!--"
    CityFactory(slug="hostile", name_th=hostile, name_en=hostile)

    html = client.get("/en/cities/hostile/").content.decode()
    [city] = structured_data(client, "/en/cities/hostile/")

    assert city["name"] == hostile
    assert "<script>alert(1)" not in html
    assert html.count("<script") == html.count("</script>")
    opening = '<script type="application/ld+json">'
    block = html.split(opening, 1)[1].split("</script>", 1)[0]
    assert "\\u003C/script\\u003E" in block
    assert "\\u0026" in block
