"""The partnerships' CSV and XLSX: the links between the cities' and the
partners' files, published partnerships only."""

import csv
import io

import openpyxl
import pytest

from core.models import PublicationStatus
from partners.csv_columns import PartnershipSpec
from tests.factories import CityFactory, PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationStatus.DRAFT


@pytest.fixture
def partnerships(db):
    """One public partnership, and three that are not: a draft, one of a draft
    city and one of a draft partner."""
    city = CityFactory(slug="chiang-mai", name_th="เชียงใหม่")
    partner = PartnerFactory(slug="huawei")
    PartnershipFactory(
        city=city,
        partner=partner,
        kind="technical",
        start_year=2020,
        topic_en="Digital government",
        topic_th="รัฐบาลดิจิทัล",
    )
    PartnershipFactory(city=city, partner=partner, kind="mou", status=DRAFT)
    PartnershipFactory(city=CityFactory(slug="hidden", status=DRAFT), partner=partner)
    PartnershipFactory(city=city, partner=PartnerFactory(slug="secret", status=DRAFT))


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(client, url: str) -> list[dict]:
    text = body(client.get(url)).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def xlsx_rows(client, url: str) -> list[dict]:
    data = body(client.get(url))
    values = list(openpyxl.load_workbook(io.BytesIO(data)).active.values)
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.mark.parametrize("language", ["en", "th"])
def test_only_published_partnerships_of_published_records(
    client, partnerships, language
):
    for rows in (
        csv_rows(client, f"/{language}/partnerships/export.csv"),
        xlsx_rows(client, f"/{language}/partnerships/export.xlsx"),
    ):
        assert [(r["city"], r["partner"], r["kind"]) for r in rows] == [
            ("chiang-mai", "huawei", "technical")
        ]
        (row,) = rows
        assert (row["topic_en"], row["topic_th"]) == ("Digital government", "รัฐบาลดิจิทัล")
        assert str(row["start_year"]) == "2020"


def test_the_header_is_the_public_columns_of_the_data_dictionary(client, partnerships):
    response = client.get("/en/partnerships/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="ascn-partnerships-' in response["Content-Disposition"]
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # Thai in spreadsheet programs
    header = text.removeprefix("\ufeff").split("\r\n")[0].split(",")
    public = [c.header for c in PartnershipSpec.columns if not c.staff_only]
    assert header == public
    assert "status" not in header and "created_at" not in header

    html = client.get("/en/data/").content.decode()
    section = html.split('href="/en/partnerships/export.csv"', 1)[1]
    section = section.split("</section>")[0]
    assert 'href="/en/partnerships/export.xlsx"' in section
    listed = [
        part.split("</code>")[0].strip().removeprefix("<code>")
        for part in section.split('<th scope="row" data-label="Column">')[1:]
    ]
    assert [h for h in listed if h in public] == public


def test_the_data_dictionary_says_which_file_a_link_refers_to(client, db):
    html = client.get("/th/data/").content.decode()
    section = html.split('href="/th/partnerships/export.csv"', 1)[1]
    section = section.split("</section>")[0]
    assert 'href="#export-cities"' in section
    assert "ค่าในคอลัมน์ <code>slug</code> ของรายการหนึ่งในไฟล์" in section
    assert 'href="#export-partners"' in section
    assert 'id="export-cities"' in html and 'id="export-partners"' in html


def test_a_query_string_changes_nothing(client, partnerships):
    """The file has no list page and so no filters: nothing to get wrong."""
    plain = csv_rows(client, "/en/partnerships/export.csv")
    assert csv_rows(client, "/en/partnerships/export.csv?city=nowhere&page=x") == plain


def test_an_empty_portal_gives_the_header_alone(client, db):
    rows = body(client.get("/en/partnerships/export.csv")).decode("utf-8-sig")
    assert rows.startswith("city,partner,kind,") and rows.count("\r\n") == 1
