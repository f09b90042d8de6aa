"""Files as spreadsheets save them are read, and the preview shows every changed
cell old → new, marking what looks wrong."""

import pytest
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.planning import plan_import
from core.csvio.reading import UnreadableFile, decode
from tests.core.test_csv_import import rows_of, staff_export, to_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _own_upload_folder(settings, tmp_path):
    """Previews left unconfirmed here keep their files out of other tests' way."""
    settings.CSV_IMPORT_DIR = tmp_path / "csv-imports"


def phuket_rows() -> tuple[list[str], list[list[str]]]:
    header, rows = rows_of(staff_export(CitySpec, City))
    return header, [row for row in rows if row[0] == "phuket"]


@pytest.mark.parametrize(
    ("encode", "words"),
    [
        (lambda text: text.encode("utf-8"), "Read as UTF-8, cells separated by commas"),
        (
            lambda text: "\ufeff".encode() + text.encode("utf-8"),
            "Read as UTF-8 with a BOM",
        ),
        (
            lambda text: text.encode("utf-16"),
            "Read as UTF-16 (Excel's Unicode text), cells separated by tabs",
        ),
        (
            lambda text: text.encode("cp874"),
            "Read as Windows-874 / TIS-620 (Thai Excel's CSV)",
        ),
        (
            lambda text: text.encode("utf-8"),
            "cells separated by semicolons",
        ),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 tabs", "windows-874", "semicolons"],
)
def test_files_from_real_spreadsheets_are_read(ascn_data, encode, words):
    header, rows = phuket_rows()
    delimiter = "\t" if "tabs" in words else ";" if "semicolons" in words else ","
    # Cells without the delimiter or quotes in them, as a spreadsheet writes them;
    # columns whose cells hold them (Phuket's focus-area lists) are left out.
    kept = [
        i
        for i, cell in enumerate(rows[0])
        if delimiter not in cell and '"' not in cell and "\n" not in cell
    ]
    header = [header[i] for i in kept]
    rows = [[rows[0][i] for i in kept]]
    rows[0][header.index("name_th")] = "ภูเก็ตใหม่"
    text = "\r\n".join(delimiter.join(row) for row in [header, *rows]) + "\r\n"
    plan = plan_import(CitySpec(), encode(text))
    assert plan.errors == []
    assert words in plan.reading
    (row,) = plan.rows
    assert row.status == "changed"
    assert [cell.header for cell in row.cells if cell.header == "name_th"] == [
        "name_th"
    ]
    assert {cell.header: cell.new for cell in row.cells}["name_th"] == "ภูเก็ตใหม่"


def test_windows_1252_is_not_taken_for_thai():
    with pytest.raises(UnreadableFile, match="neither UTF-8"):
        decode("slug,name_en\r\ncafe,Café\r\n".encode("cp1252"))
    assert decode("ชื่อ,ภูเก็ต\r\n".encode("cp874")) == ("ชื่อ,ภูเก็ต\r\n", "cp874")


def edited(changes: dict[str, str]) -> bytes:
    header, rows = phuket_rows()
    for column, value in changes.items():
        rows[0][header.index(column)] = value
    return to_csv(header, rows)


def warnings_of(plan, column):
    (row,) = plan.rows
    return {cell.header: cell for cell in row.cells}[column].warnings


def test_preview_shows_old_and_new_of_each_changed_cell(ascn_data):
    plan = plan_import(CitySpec(), edited({"name_en": "Phuket City"}))
    (row,) = plan.rows
    (cell,) = row.cells
    assert (cell.header, cell.old, cell.new, cell.warnings) == (
        "name_en",
        "Phuket",
        "Phuket City",
        [],
    )


def test_garbled_thai_is_marked(ascn_data):
    garbled = "ภูเก็ต".encode().decode("cp1252", errors="replace")
    plan = plan_import(CitySpec(), edited({"name_th": garbled}))
    (warning,) = warnings_of(plan, "name_th")
    assert "Looks garbled (“à¸" in warning
    assert plan.rows_with_warnings == 1


def test_thai_that_lost_its_script_is_marked(ascn_data):
    plan = plan_import(CitySpec(), edited({"name_th": "??????"}))
    assert warnings_of(plan, "name_th") == ["The Thai text has lost its Thai script."]


def test_a_buddhist_era_year_is_marked_with_its_common_era_year(ascn_data):
    plan = plan_import(CitySpec(), edited({"joined_year": "2566"}))
    (warning,) = warnings_of(plan, "joined_year")
    assert "2566 looks like a Buddhist Era year" in warning
    assert "2023?" in warning


def test_a_long_text_cut_short_is_marked(ascn_data):
    summary = City.objects.get(slug="phuket").summary_en
    plan = plan_import(CitySpec(), edited({"summary_en": summary[:30]}))
    (warning,) = warnings_of(plan, "summary_en")
    assert f"({len(summary)} → 30 characters): was it cut off?" in warning


def test_the_preview_page_shows_values_and_warnings_in_thai(admin_client, ascn_data):
    from tests.csv_admin import upload

    data = edited({"name_en": "Phuket City", "joined_year": "2566"})
    page = upload(
        admin_client, reverse("admin:cities_city_import").replace("/en/", "/th/"), data
    ).content.decode()
    assert "<del>Phuket</del>" in page
    assert "<ins>Phuket City</ins>" in page
    assert "<del>2018</del>" in page and "<ins>2566</ins>" in page
    # The model refuses the year, and says why it probably is wrong.
    assert "2566 ดูเหมือนปีพุทธศักราช โปรดกรอกปีเป็นคริสต์ศักราช: 2023" in page
    assert "2566 ดูเหมือนปีพุทธศักราช" in page and "หมายถึง 2023 หรือไม่" in page
    assert "อ่านไฟล์เป็น UTF-8" in page
