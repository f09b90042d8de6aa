import csv
import datetime
import io

import pytest

from cities.csv_columns import CitySpec
from cities.models import City
from partners.csv_columns import PartnerSpec
from projects.csv_columns import ProjectSpec
from tests.factories import CityFactory, FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db

BOM = "\ufeff"


def download(client, url: str) -> tuple[object, str]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return response, text


def table(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.mark.parametrize(
    ("url", "spec"),
    [
        ("/en/cities/export.csv", CitySpec),
        ("/th/partners/export.csv", PartnerSpec),
        ("/en/projects/export.csv", ProjectSpec),
    ],
)
def test_export_is_utf8_with_bom_stable_headers_and_a_dated_name(
    client, ascn_data, url, spec
):
    response, text = download(client, url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="ascn-{spec.name}-{today}.csv"'
    )
    header = text[1:].split("\r\n", 1)[0].split(",")
    assert header == [c.header for c in spec.columns if not c.staff_only]
    assert header[0] == "slug"
    assert "status" not in header


def test_city_export_holds_both_languages_side_by_side(client, ascn_data):
    rows = {
        row["slug"]: row for row in table(download(client, "/th/cities/export.csv")[1])
    }
    assert len(rows) == City.objects.count() == 38
    phuket = rows["phuket"]
    assert (phuket["name_en"], phuket["name_th"]) == ("Phuket", "ภูเก็ต")
    assert phuket["country"] == "TH"
    assert phuket["joined_year"] == "2018"
    # A negative latitude stays a number, not neutralised text.
    assert rows["jakarta"]["latitude"] == "-6.21"


def test_export_applies_the_list_filters(client, ascn_data):
    rows = table(download(client, "/en/cities/export.csv?country=TH&joined=2023")[1])
    assert sorted(row["slug"] for row in rows) == ["chiang-mai", "khon-kaen", "rayong"]
    rows = table(download(client, "/en/projects/export.csv?partner=huawei")[1])
    assert [row["slug"] for row in rows] == ["phuket-smart-city-framework-2019"]
    assert rows[0]["partners_lead"] == "huawei"
    assert rows[0]["partners_technical"] == "roland-berger"
    assert rows[0]["cities"] == "phuket"


def test_list_page_links_to_the_export_with_its_filters(client, ascn_data):
    html = client.get("/en/cities/?country=TH&page=1").content.decode()
    assert 'href="/en/cities/export.csv?country=TH"' in html
    assert "Download CSV" in html


def test_public_export_holds_published_records_and_relations_only(client, db, draft):
    public_area = FocusAreaFactory(slug="water")
    hidden_area = FocusAreaFactory(slug="hidden-area", **draft)
    city = CityFactory(slug="open-city")
    city.focus_areas.add(public_area, hidden_area)
    CityFactory(slug="draft-city", **draft)
    project = ProjectFactory(slug="open-project")
    project.cities.add(city, CityFactory(slug="draft-town", **draft))
    rows = table(download(client, "/en/cities/export.csv")[1])
    assert [row["slug"] for row in rows] == ["open-city"]
    assert rows[0]["focus_areas"] == "water"
    rows = table(download(client, "/en/projects/export.csv")[1])
    assert rows[0]["cities"] == "open-city"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("http://evil.example","x")',
            '\'=HYPERLINK("http://evil.example","x")',
        ),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("ภูเก็ต = Phuket", "ภูเก็ต = Phuket"),
    ],
)
def test_cells_that_look_like_formulas_are_made_inert(client, db, value, cell):
    CityFactory(slug="tricky", name_en=value)
    rows = table(download(client, "/en/cities/export.csv")[1])
    assert rows[0]["name_en"] == cell


def test_quoting_follows_rfc_4180(client, db):
    CityFactory(slug="quoted", name_en='Say "hi", then\r\nleave', summary_en="a,b")
    _response, text = download(client, "/en/cities/export.csv")
    assert '"Say ""hi"", then\r\nleave"' in text
    assert ',"a,b",' in text
    assert text.count("\r\n") == 3  # header, the row, and the line break in the name
    rows = table(text)
    assert rows[0]["name_en"] == 'Say "hi", then\r\nleave'


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/en/cities/export.csv?country=XX", "Select a valid choice"),
        ("/th/cities/export.csv?country=XX", "เลือกตัวเลือกที่ถูกต้อง"),
        ("/en/projects/export.csv?stage=nope", "Select a valid choice"),
    ],
)
def test_an_invalid_filter_gives_a_message_not_a_file(client, ascn_data, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_header_leaves_first_once_the_query_has_answered(
    client, ascn_data, django_assert_num_queries
):
    # The query runs before the response is handed out (an export whose query
    # fails answers an error instead), then the header leaves on its own.
    with django_assert_num_queries(2):  # the content version, the export's query
        response = client.get("/en/projects/export.csv")
        chunks = iter(response.streaming_content)
        first = next(chunks).decode("utf-8")
    assert first.startswith(BOM + "slug,stage,")
    assert first.endswith("\r\n") and first.count("\r\n") == 1
    # A download given up half-way closes its cursor at once.
    response.close()


@pytest.mark.parametrize("rows", [5, 60])
def test_export_queries_do_not_grow_with_the_rows(
    client, db, django_assert_max_num_queries, rows
):
    area = FocusAreaFactory()
    for number in range(rows):
        city = CityFactory(slug=f"city-{number:02d}")
        city.focus_areas.add(area)
        project = ProjectFactory(slug=f"project-{number:02d}")
        project.cities.add(city)
        project.focus_areas.add(area)
    for url in ("/en/cities/export.csv", "/en/projects/export.csv"):
        with django_assert_max_num_queries(6):
            _response, text = download(client, url)
        assert len(table(text)) == rows


def test_data_dictionary_lists_every_column_of_every_export(client, db):
    html = client.get("/en/data/").content.decode()
    for spec in (CitySpec, PartnerSpec, ProjectSpec):
        for column in spec.columns:
            assert f"<code>{column.header}</code>" in html, column.header
    assert "CC BY 4.0" in html
    thai = client.get("/th/data/").content.decode()
    assert "ข้อมูลเผยแพร่ภายใต้สัญญาอนุญาต" in thai
    assert "ชื่อ (ภาษาไทย)" in thai


@pytest.mark.parametrize("spec_class", [CitySpec, PartnerSpec, ProjectSpec])
def test_the_public_export_asks_about_related_records_with_joins(spec_class):
    """'Is it public?' of a row's cities, partners and focus areas is a join in
    each row's subquery: an IN (subquery) there is evaluated again for every row,
    and made the export of 100,000 projects take minutes."""
    queryset = spec_class.model.objects.published()
    sql = str(spec_class().annotate_export(queryset, public=True).query)
    assert " IN (SELECT" not in sql.upper()
