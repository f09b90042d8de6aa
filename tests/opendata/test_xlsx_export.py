"""The XLSX beside each CSV export: the same columns and rows, typed cells, Thai
intact, streamed."""

import csv
import datetime
import io
import secrets
import zipfile

import openpyxl
import pytest
from openpyxl.utils.escape import unescape

from cities.csv_columns import CitySpec
from partners.csv_columns import PartnershipSpec, PartnerSpec
from projects.csv_columns import ProjectSpec
from tests.factories import CityFactory, FocusAreaFactory, ProjectFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(client, url: str) -> tuple[object, bytes]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.streaming
    return response, b"".join(response.streaming_content)


def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def rows(data: bytes) -> list[dict]:
    values = list(sheet(data).iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def csv_rows(client, url: str) -> list[dict]:
    text = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("url", "spec"),
    [
        ("/en/cities/export.xlsx", CitySpec),
        ("/th/partners/export.xlsx", PartnerSpec),
        ("/en/partnerships/export.xlsx", PartnershipSpec),
        ("/en/projects/export.xlsx", ProjectSpec),
    ],
)
def test_the_xlsx_has_the_csv_header_frozen_and_bold_and_a_dated_name(
    client, ascn_data, url, spec
):
    response, data = download(client, url)
    assert response["Content-Type"] == XLSX
    today = datetime.date.today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="ascn-{spec.name}-{today}.xlsx"'
    )
    worksheet = sheet(data)
    header = [cell.value for cell in worksheet[1]]
    csv_header = csv_rows(client, url.replace(".xlsx", ".csv"))[0].keys()
    assert header == list(csv_header)
    assert header == [c.header for c in spec.columns if not c.staff_only]
    assert worksheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in worksheet[1])
    assert worksheet.column_dimensions["A"].width >= len("slug")


def test_thai_numbers_booleans_and_dates_are_typed_cells(client, ascn_data):
    cities = {
        row["slug"]: row for row in rows(download(client, "/th/cities/export.xlsx")[1])
    }
    assert len(cities) == 38
    phuket = cities["phuket"]
    assert (phuket["name_en"], phuket["name_th"]) == ("Phuket", "ภูเก็ต")
    assert phuket["joined_year"] == 2018 and isinstance(phuket["joined_year"], int)
    assert cities["jakarta"]["latitude"] == pytest.approx(-6.21)
    assert phuket["name_th_confirmed"] is True
    assert isinstance(phuket["updated_at"], datetime.datetime)
    csv_phuket = next(
        row
        for row in csv_rows(client, "/th/cities/export.csv")
        if row["slug"] == "phuket"
    )
    csv_time = datetime.datetime.fromisoformat(csv_phuket["updated_at"])
    assert abs(
        phuket["updated_at"] - csv_time.astimezone(datetime.UTC).replace(tzinfo=None)
    ) < datetime.timedelta(milliseconds=1)
    worksheet = sheet(download(client, "/th/cities/export.xlsx")[1])
    header = [cell.value for cell in worksheet[1]]
    date_cell = worksheet.cell(row=2, column=header.index("updated_at") + 1)
    assert date_cell.is_date and "yyyy-mm-dd" in date_cell.number_format


def test_every_cell_holds_what_the_csv_holds(client, ascn_data):
    """Cell by cell, typed values written back as the CSV writes them."""
    for name, spec in (("cities", CitySpec), ("projects", ProjectSpec)):
        typed = rows(download(client, f"/en/{name}/export.xlsx")[1])
        plain = csv_rows(client, f"/en/{name}/export.csv")
        assert len(typed) == len(plain) > 0
        columns = {c.header: c for c in spec().public_columns()}
        for row, csv_row in zip(typed, plain, strict=True):
            for header, value in row.items():
                expected = csv_row[header].removeprefix("'")
                if isinstance(value, datetime.datetime):
                    continue  # compared above, to the millisecond
                if value is None:
                    assert expected == "", (name, header)
                elif isinstance(value, bool):
                    assert expected == ("true" if value else "false")
                elif columns[header].kind == "decimal":
                    assert value == pytest.approx(float(expected))
                else:
                    assert str(value) == expected, (name, header)


def test_the_xlsx_applies_the_list_filters_like_the_csv(client, ascn_data):
    for query in ("?country=TH&joined=2023", "?focus_area=quality-environment"):
        xlsx = rows(download(client, f"/en/cities/export.xlsx{query}")[1])
        plain = csv_rows(client, f"/en/cities/export.csv{query}")
        assert [row["slug"] for row in xlsx] == [row["slug"] for row in plain]
    assert sorted(row["slug"] for row in xlsx) != []
    projects = rows(download(client, "/en/projects/export.xlsx?partner=huawei")[1])
    assert [row["slug"] for row in projects] == ["phuket-smart-city-framework-2019"]
    assert projects[0]["partners_technical"] == "roland-berger"


def test_an_empty_result_is_a_valid_file_with_the_header_only(client, db):
    _response, data = download(client, "/en/projects/export.xlsx")
    values = list(sheet(data).iter_rows(values_only=True))
    assert len(values) == 1
    assert values[0][:2] == ("slug", "stage")
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_an_invalid_filter_gives_a_message_not_a_file(client, ascn_data):
    response = client.get("/th/cities/export.xlsx?country=XX")
    assert response.status_code == 400
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "<script>alert(1)</script> & ]]>",
        "bell\x07 soh\x01 vt\x0b esc\x1b end",  # PostgreSQL keeps no NUL in text
        "tab\there\r\nline",
        "_x0041_ is not A",
        "\ufffe",
    ],
)
def test_a_hostile_string_round_trips_as_text(client, db, value):
    CityFactory(slug="tricky", name_en=value, summary_en="ภูเก็ต " + value)
    worksheet = sheet(download(client, "/en/cities/export.xlsx")[1])
    header = [cell.value for cell in worksheet[1]]
    cell = worksheet.cell(row=2, column=header.index("name_en") + 1)
    # A string cell, not a formula; characters that XML cannot hold are written as
    # OOXML's _xHHHH_, which spreadsheet programs read back (openpyxl leaves them
    # to `unescape`).
    assert cell.data_type == "s"
    assert unescape(cell.value) == value
    summary = worksheet.cell(row=2, column=header.index("summary_en") + 1)
    assert unescape(summary.value) == "ภูเก็ต " + value


def test_the_header_leaves_before_the_rows_are_read(
    client, db, django_assert_num_queries
):
    for number in range(3):
        ProjectFactory(slug=f"project-{number}")
    # As for the CSV: the query runs before the response is handed out, then the
    # parts before the rows and the header leave at once.
    with django_assert_num_queries(2):  # the content version, the export's query
        response = client.get("/en/projects/export.xlsx")
        chunks = iter(response.streaming_content)
        first = next(chunks)
    assert first.startswith(b"PK")
    assert b"project-0" not in first  # compressed or not: no row yet
    response.close()


def test_rows_leave_while_later_records_are_still_unread(client, db, monkeypatch):
    """Streamed: parts of the file leave before the last record is read, not
    once the whole file is built."""
    from core.csvio import xlsx

    monkeypatch.setattr(xlsx, "BATCH_ROWS", 5)
    for number in range(80):
        # Random text, which compression cannot shrink to nothing.
        CityFactory(slug=f"city-{number:02d}", summary_en=secrets.token_hex(1500))
    read = []
    export_records = CitySpec.export_records

    def counted(self, queryset, *, public):
        for record in export_records(self, queryset, public=public):
            read.append(record.slug)
            yield record

    monkeypatch.setattr(CitySpec, "export_records", counted)
    response = client.get("/en/cities/export.xlsx")
    chunks, read_at_chunk = [], []
    for chunk in response.streaming_content:
        chunks.append(chunk)
        read_at_chunk.append(len(read))
    assert len(chunks) > 4
    assert read_at_chunk[1] < 80 and read_at_chunk[-1] == 80
    assert len(rows(b"".join(chunks))) == 80


@pytest.mark.parametrize("count", [5, 40])
def test_export_queries_do_not_grow_with_the_rows(
    client, db, django_assert_max_num_queries, count
):
    area = FocusAreaFactory()
    for number in range(count):
        city = CityFactory(slug=f"city-{number:02d}")
        city.focus_areas.add(area)
        project = ProjectFactory(slug=f"project-{number:02d}")
        project.cities.add(city)
    for url in ("/en/cities/export.xlsx", "/en/projects/export.xlsx"):
        with django_assert_max_num_queries(6):
            _response, data = download(client, url)
        assert len(rows(data)) == count


def test_the_list_pages_link_to_the_xlsx_with_their_filters(client, ascn_data):
    html = client.get("/en/cities/?country=TH&page=1").content.decode()
    assert 'href="/en/cities/export.xlsx?country=TH"' in html
    assert "Download XLSX" in html
    thai = client.get("/th/projects/").content.decode()
    assert 'href="/th/projects/export.xlsx"' in thai
    assert "ดาวน์โหลด XLSX" in thai
    assert 'href="/en/partners/export.xlsx"' in client.get("/en/data/").content.decode()
