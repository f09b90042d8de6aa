"""The data package at /datapackage.json: valid for frictionless with the real
data, and made from the same columns as the CSV files and the data dictionary."""

import csv
import io
import json
from pathlib import Path

import frictionless
import pytest

from cities.csv_columns import CitySpec
from partners.csv_columns import PartnershipSpec, PartnerSpec
from projects.csv_columns import ProjectSpec
from tests.factories import (
    CityFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

SPECS = {
    "cities": CitySpec,
    "partners": PartnerSpec,
    "partnerships": PartnershipSpec,
    "projects": ProjectSpec,
}


def package(client) -> dict:
    response = client.get("/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def local_path(url: str) -> str:
    return url.removeprefix("http://testserver")


def download(client, url: str) -> bytes:
    response = client.get(local_path(url))
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def with_local_files(client, descriptor: dict, folder: Path) -> dict:
    """The package with each resource downloaded through the test client into
    `folder`, and its path pointing there."""
    for resource in descriptor["resources"]:
        name = f"{resource['name']}.csv"
        (folder / name).write_bytes(download(client, resource["path"]))
        resource["path"] = name
    return descriptor


def test_the_package_lists_every_csv_export_at_its_address(client, db):
    descriptor = package(client)
    assert [r["name"] for r in descriptor["resources"]] == [
        "cities",
        "partners",
        "partnerships",
        "projects",
    ]
    assert [r["path"] for r in descriptor["resources"]] == [
        "http://testserver/en/cities/export.csv",
        "http://testserver/en/partners/export.csv",
        "http://testserver/en/partnerships/export.csv",
        "http://testserver/en/projects/export.csv",
    ]
    assert descriptor["licenses"][0]["path"] == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert descriptor["title_th"] and descriptor["title_th"] != descriptor["title"]
    projects = descriptor["resources"][3]
    assert (projects["title"], projects["title_th"]) == ("Projects", "โครงการ")


def test_the_published_package_is_valid_with_the_reference_data(
    client, ascn_data, tmp_path
):
    descriptor = with_local_files(client, package(client), tmp_path)
    report = frictionless.validate(descriptor, basepath=str(tmp_path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # Every row of every file was checked.
    rows = [
        len(list(csv.reader(io.StringIO(text, newline="")))) - 1
        for text in (
            (tmp_path / f"{name}.csv").read_bytes().decode("utf-8-sig")
            for name in SPECS
        )
    ]
    assert [task.stats["rows"] for task in report.tasks] == rows
    assert rows[0] == 38 and min(rows) > 0


def test_a_value_outside_the_schema_is_an_error(client, db, tmp_path):
    """The schema is a real check: a row that breaks it fails validation."""
    CityFactory(slug="good-city")
    descriptor = with_local_files(client, package(client), tmp_path)
    cities = tmp_path / "cities.csv"
    text = cities.read_bytes().decode("utf-8-sig")
    header, row = text.split("\r\n")[:2]
    cells = next(csv.reader([row]))
    cells[header.split(",").index("joined_year")] = "twenty"
    cells[0] = "Not A Slug"
    broken = io.StringIO(newline="")
    csv.writer(broken, lineterminator="\r\n").writerows([header.split(","), cells])
    cities.write_bytes(broken.getvalue().encode())
    report = frictionless.validate(descriptor, basepath=str(tmp_path))
    errors = {(e[0], e[1]) for e in report.flatten(["fieldName", "type"])}
    assert ("joined_year", "type-error") in errors
    assert ("slug", "constraint-error") in errors


def test_the_partnerships_link_the_cities_and_the_partners_by_foreign_keys(client, db):
    resources = {r["name"]: r for r in package(client)["resources"]}
    schema = resources["partnerships"]["schema"]
    assert schema["foreignKeys"] == [
        {"fields": "city", "reference": {"resource": "cities", "fields": "slug"}},
        {"fields": "partner", "reference": {"resource": "partners", "fields": "slug"}},
    ]
    assert schema["primaryKey"] == ["city", "partner", "kind"]
    # Each reference names a key of a file of the package.
    for key in schema["foreignKeys"]:
        target = resources[key["reference"]["resource"]]["schema"]
        assert target["primaryKey"] == [key["reference"]["fields"]]
    assert all(
        "foreignKeys" not in r["schema"]
        for r in resources.values()
        if r["name"] != "partnerships"
    )


def test_a_link_to_a_record_missing_from_the_other_file_fails_validation(
    client, db, tmp_path
):
    """Frictionless checks the foreign keys: a cities' file without the city of
    a partnership is an error, and the same files with it are valid."""
    PartnershipFactory(
        city=CityFactory(slug="chiang-mai"), partner=PartnerFactory(slug="huawei")
    )
    descriptor = with_local_files(client, package(client), tmp_path)
    assert frictionless.validate(descriptor, basepath=str(tmp_path)).valid
    cities = tmp_path / "cities.csv"
    text = cities.read_bytes().decode("utf-8-sig")
    assert "\r\nchiang-mai," in text
    cities.write_bytes(text.replace("\r\nchiang-mai,", "\r\nlampang,").encode())

    report = frictionless.validate(descriptor, basepath=str(tmp_path))
    assert not report.valid
    errors = report.flatten(["type", "note"])
    assert [error[0] for error in errors] == ["foreign-key"]
    assert "chiang-mai" in errors[0][1]


def test_the_links_between_the_files_name_records_of_the_other_files(client, ascn_data):
    """What the foreign keys would say of the projects' list columns, were list
    columns allowed in them."""
    tables = {}
    for name in SPECS:
        text = download(client, f"/en/{name}/export.csv").decode("utf-8-sig")
        tables[name] = list(csv.DictReader(io.StringIO(text, newline="")))
    slugs = {name: {row.get("slug") for row in rows} for name, rows in tables.items()}
    for row in tables["projects"]:
        assert set(filter(None, row["cities"].split(";"))) <= slugs["cities"]
        for header in row:
            if header.startswith("partners_"):
                assert set(filter(None, row[header].split(";"))) <= slugs["partners"]


@pytest.mark.parametrize("name", SPECS)
def test_each_schema_has_the_csv_header_and_the_data_dictionary_rows(client, db, name):
    ProjectFactory()
    resource = next(r for r in package(client)["resources"] if r["name"] == name)
    fields = [field["name"] for field in resource["schema"]["fields"]]
    header = download(client, resource["path"]).decode("utf-8-sig").split("\r\n")[0]
    assert fields == header.split(",")
    html = client.get("/en/data/").content.decode()
    section = html.split(f'href="/en/{name}/export.csv"', 1)[1].split("</section>")[0]
    rows = [
        part.split("</code>")[0]
        for part in section.split('<th scope="row" data-label="Column">')[1:]
    ]
    staff_only = {c.header for c in SPECS[name].columns if c.staff_only}
    assert [row.strip().removeprefix("<code>") for row in rows if row] == [
        c.header for c in SPECS[name].columns
    ]
    assert fields == [
        c.header for c in SPECS[name].columns if c.header not in staff_only
    ]


def test_types_and_allowed_values_come_from_the_columns(client, db):
    resources = {r["name"]: r for r in package(client)["resources"]}
    fields = {f["name"]: f for f in resources["projects"]["schema"]["fields"]}
    assert fields["stage"]["constraints"]["enum"][0] == "idea"
    assert "required" not in fields["stage"].get("constraints", {})
    assert fields["start_year"]["type"] == "integer"
    assert fields["estimated_cost"]["type"] == "number"
    assert fields["is_featured"]["type"] == "boolean"
    assert fields["updated_at"]["type"] == "datetime"
    assert (fields["cities"]["type"], fields["cities"]["delimiter"]) == ("list", ";")
    assert fields["title_en"]["constraints"] == {"required": True}
    assert fields["currency"]["constraints"] == {"pattern": "[A-Z]{3}"}
    assert fields["title_th"]["description_th"] == "ชื่อโครงการ (ภาษาไทย)"
    assert resources["projects"]["schema"]["primaryKey"] == ["slug"]
    assert resources["projects"]["schema"]["missingValues"] == [""]


def test_the_csv_is_the_same_file_in_both_languages(client, ascn_data):
    for name in SPECS:
        english = download(client, f"/en/{name}/export.csv")
        assert download(client, f"/th/{name}/export.csv") == english


def test_only_get_and_head_are_answered(client, db):
    assert client.post("/datapackage.json").status_code == 405
