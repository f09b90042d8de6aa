import csv
import io
import os
import re
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cities.csv_columns import CitySpec
from cities.models import City
from core.csvio.applying import apply_import
from core.csvio.columns import BOM
from core.csvio.export import export_lines
from core.csvio.planning import plan_import
from core.models import ImportBatch, ImportJob
from partners.csv_columns import PartnerSpec
from partners.models import Partner
from projects.csv_columns import ProjectSpec
from projects.models import Project, ProjectPartner
from tests.csv_admin import confirm, confirm_url, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SPECS = {
    "cities": (CitySpec, City),
    "partners": (PartnerSpec, Partner),
    "projects": (ProjectSpec, Project),
}


@pytest.fixture(autouse=True)
def _own_upload_folder(settings, tmp_path):
    """Previews left unconfirmed here keep their files out of other tests' way."""
    settings.CSV_IMPORT_DIR = tmp_path / "csv-imports"


def staff_export(spec_class, model) -> str:
    return "".join(export_lines(spec_class(), model.objects.all(), public=False))


def rows_of(text: str) -> tuple[list[str], list[list[str]]]:
    reader = csv.reader(io.StringIO(text.removeprefix(BOM), newline=""))
    header = next(reader)
    return header, list(reader)


def to_csv(header: list[str], rows: list[list[str]], *, bom: bool = True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ((BOM if bom else "") + out.getvalue()).encode("utf-8")


def edit(text: str, slug: str, column: str, value: str) -> bytes:
    header, rows = rows_of(text)
    for row in rows:
        if row[0] == slug:
            row[header.index(column)] = value
    return to_csv(header, rows)


def versions(model) -> dict:
    return dict(model.objects.values_list("slug", "updated_at"))


@pytest.mark.parametrize("kind", list(SPECS))
def test_importing_a_file_just_exported_changes_nothing(ascn_data, kind):
    spec_class, model = SPECS[kind]
    before = versions(model)
    plan = plan_import(spec_class(), staff_export(spec_class, model).encode("utf-8"))
    assert plan.errors == []
    assert plan.count("unchanged") == model.objects.count()
    assert plan.count("changed") == plan.count("new") == 0
    apply_import(plan)
    assert versions(model) == before


@pytest.mark.parametrize(
    ("kind", "slug", "column", "value", "check"),
    [
        (
            "cities",
            "phuket",
            "summary_th",
            "ข้อความใหม่",
            lambda c: c.summary_th == "ข้อความใหม่",
        ),
        (
            "cities",
            "jakarta",
            "latitude",
            "-6.2",
            lambda c: str(c.latitude) == "-6.20000",
        ),
        (
            "cities",
            "rayong",
            "focus_areas",
            "built-infrastructure;quality-environment",
            lambda c: (
                sorted(c.focus_areas.values_list("slug", flat=True))
                == ["built-infrastructure", "quality-environment"]
            ),
        ),
        ("partners", "huawei", "since_year", "2018", lambda p: p.since_year == 2018),
        (
            "partners",
            "roland-berger",
            "country",
            "TH",
            lambda p: p.country.code == "TH",
        ),
        (
            "projects",
            "bang-sue-smart-city-development",
            "estimated_cost",
            "1500000.50",
            lambda p: str(p.estimated_cost) == "1500000.50",
        ),
        (
            "projects",
            "phuket-smart-city-framework-2019",
            "partners_funder",
            "japan",
            lambda p: (
                list(
                    ProjectPartner.objects.filter(project=p, role="funder").values_list(
                        "partner__slug", flat=True
                    )
                )
                == ["japan"]
            ),
        ),
    ],
)
def test_editing_one_cell_applies_exactly_that_edit(
    ascn_data, kind, slug, column, value, check
):
    spec_class, model = SPECS[kind]
    if column == "estimated_cost":
        data = edit(staff_export(spec_class, model), slug, column, value)
        data = edit(data.decode("utf-8"), slug, "currency", "THB")
    else:
        data = edit(staff_export(spec_class, model), slug, column, value)
    before = versions(model)
    plan = plan_import(spec_class(), data)
    assert plan.errors == []
    changed = [row for row in plan.rows if row.status == "changed"]
    assert [row.key for row in changed] == [slug]
    expected = {column, "currency"} if column == "estimated_cost" else {column}
    assert set(changed[0].changes) == expected
    apply_import(plan)
    record = model.objects.get(slug=slug)
    assert check(record)
    after = versions(model)
    assert {s for s in after if after[s] != before[s]} == {slug}


def test_a_new_row_creates_a_draft_record(ascn_data):
    text = staff_export(PartnerSpec, Partner)
    header, rows = rows_of(text)
    new = dict(zip(header, rows[0], strict=True))
    new.update(slug="new-partner", name_en="New Partner", name_th="ภาคีใหม่", status="")
    rows.append([new[h] for h in header])
    plan = plan_import(PartnerSpec(), to_csv(header, rows))
    assert plan.errors == []
    assert plan.count("new") == 1
    apply_import(plan)
    assert Partner.objects.get(slug="new-partner").status == "draft"


def test_an_inert_formula_cell_is_restored_on_import(db):
    from tests.factories import CityFactory

    CityFactory(slug="tricky", name_en="=1+1")
    plan = plan_import(CitySpec(), staff_export(CitySpec, City).encode("utf-8"))
    assert plan.count("unchanged") == 1


def test_a_file_without_bom_imports_the_same(ascn_data):
    text = staff_export(CitySpec, City)
    plan = plan_import(CitySpec(), text.removeprefix(BOM).encode("utf-8"))
    assert plan.errors == [] and plan.count("unchanged") == City.objects.count()


def city_file(changes: dict[tuple[str, str], str]) -> bytes:
    header, rows = rows_of(staff_export(CitySpec, City))
    for (slug, column), value in changes.items():
        for row in rows:
            if row[0] == slug:
                row[header.index(column)] = value
    return to_csv(header, rows)


BAD_FILES = {
    "Windows-1252, not Thai": (
        lambda: (
            to_csv(["slug", "name_en"], [["cafe", "Café"]], bom=False)
            .decode()
            .encode("cp1252")
        ),
        r"neither UTF-8, UTF-16 nor Thai Windows-874 \(line 2\)",
    ),
    "missing columns": (
        lambda: to_csv(["slug", "name_en"], [["phuket", "Phuket"]]),
        "Required columns are missing: country, joined_year, latitude, longitude, "
        "name_th",
    ),
    "unknown country": (
        lambda: city_file({("phuket", "country"): "ZZ"}),
        r"Row \d+, column country: no record has the slug or code “ZZ”\.",
    ),
    "unknown focus area": (
        lambda: city_file({("phuket", "focus_areas"): "water;no-such-area"}),
        "column focus_areas: no record has the slug or code “no-such-area”, “water”.",
    ),
    "bad number": (
        lambda: city_file({("phuket", "joined_year"): "twenty"}),
        r"Row \d+, column joined_year: “twenty” is not a whole number\.",
    ),
    "bad decimal": (
        lambda: city_file({("phuket", "latitude"): "7,88"}),
        r"Row \d+, column latitude: “7,88” is not a number",
    ),
    "latitude out of range": (
        lambda: city_file({("phuket", "latitude"): "97.5"}),
        r"Row \d+: column latitude: Ensure this value is less than or equal to 90\.",
    ),
    "duplicate slug": (
        lambda: city_file({("rayong", "slug"): "phuket"}),
        "column slug: “phuket” is also on row",
    ),
    "empty file": (lambda: b"", "The file is empty."),
    "only a BOM": (lambda: BOM.encode("utf-8"), "The file is empty."),
    "header only": (
        lambda: staff_export(CitySpec, City).split("\r\n", 1)[0].encode("utf-8"),
        "The file has a header but no rows.",
    ),
    "short row": (
        lambda: staff_export(CitySpec, City).encode("utf-8") + b"lonely,TH\r\n",
        rf"Row \d+ has 2 cells; the header has {len(CitySpec.columns)}\.",
    ),
    "binary": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00", "neither UTF-8"),
    "start year after end year": (None, None),
}
del BAD_FILES["start year after end year"]


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_input_gets_a_clear_message_and_writes_nothing(ascn_data, case):
    make, message = BAD_FILES[case]
    before = versions(City)
    plan = plan_import(CitySpec(), make())
    assert not plan.is_valid
    assert any(
        re.search(message, error) or message in error for error in plan.errors
    ), plan.errors
    with pytest.raises(ValueError):
        apply_import(plan)
    assert versions(City) == before


def test_a_file_over_the_size_limit_is_refused(ascn_data, settings):
    settings.CSV_IMPORT_MAX_BYTES = 1024
    plan = plan_import(CitySpec(), staff_export(CitySpec, City).encode("utf-8"))
    assert (
        plan.file_errors
        and "files of up to 1 KB can be imported" in plan.file_errors[0]
    )


def test_project_years_in_the_wrong_order_are_refused(ascn_data):
    header, rows = rows_of(staff_export(ProjectSpec, Project))
    rows[0][header.index("start_year")] = "2024"
    rows[0][header.index("end_year")] = "2020"
    plan = plan_import(ProjectSpec(), to_csv(header, rows))
    assert "Row 2: The start year must not be after the end year." in plan.errors


def test_one_bad_row_keeps_every_good_row_out(ascn_data):
    data = city_file({("phuket", "summary_en"): "New", ("rayong", "latitude"): "x"})
    plan = plan_import(CitySpec(), data)
    assert plan.count("changed") == 1 and plan.count("error") == 1
    with pytest.raises(ValueError):
        apply_import(plan)
    assert City.objects.get(slug="phuket").summary_en != "New"


def test_messages_speak_the_staffs_language(ascn_data):
    from django.utils import translation

    with translation.override("th"):
        plan = plan_import(CitySpec(), city_file({("phuket", "joined_year"): "abc"}))
    assert re.search(r"แถวที่ \d+ คอลัมน์ joined_year: “abc” ไม่ใช่จำนวนเต็ม", plan.errors[0])


# --- the command -------------------------------------------------------------


def test_command_dry_run_prints_the_changes_and_writes_nothing(
    ascn_data, tmp_path, capsys
):
    path = tmp_path / "cities.csv"
    path.write_bytes(city_file({("phuket", "summary_en"): "Changed"}))
    call_command("import_csv", "cities", str(path), "--dry-run")
    printed = capsys.readouterr()
    out = printed.out
    assert "Read as UTF-8 with a BOM, cells separated by commas." in out
    assert re.search(r"row \d+: phuket: changed \(summary_en\)", out)
    assert "0 new, 1 changed, 37 unchanged, 0 conflict, 0 error" in out
    assert City.objects.get(slug="phuket").summary_en != "Changed"
    call_command("import_csv", "cities", str(path))
    assert City.objects.get(slug="phuket").summary_en == "Changed"


def test_command_prints_what_looks_wrong(ascn_data, tmp_path, capsys):
    path = tmp_path / "cities.csv"
    path.write_bytes(city_file({("phuket", "joined_year"): "2561"}))
    with pytest.raises(CommandError):
        call_command("import_csv", "cities", str(path), "--dry-run")
    err = capsys.readouterr().err
    assert re.search(
        r"row \d+: phuket: joined_year: 2561 looks like a Buddhist Era year.*2018\?",
        err,
    )


def test_command_fails_and_lists_every_error(ascn_data, tmp_path, capsys):
    path = tmp_path / "cities.csv"
    path.write_bytes(
        city_file({("phuket", "latitude"): "abc", ("rayong", "country"): "ZZ"})
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_csv", "cities", str(path))
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "column latitude" in err and "column country" in err


# --- the admin ---------------------------------------------------------------


def test_admin_preview_then_confirm(admin_client, ascn_data):
    url = reverse("admin:cities_city_import")
    data = city_file({("phuket", "summary_en"): "Previewed"})
    response = upload(admin_client, url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 changed, 37 unchanged, 0 with errors" in html
    assert "<code>summary_en</code>" in html
    assert City.objects.get(slug="phuket").summary_en != "Previewed"
    done = confirm(admin_client, response)
    assert "Imported: 0 new, 1 changed, 37 unchanged." in done.content.decode()
    assert City.objects.get(slug="phuket").summary_en == "Previewed"
    # The preview is answered: confirming twice does nothing more.
    again = confirm(admin_client, response)
    assert "no longer waiting for an answer" in again.content.decode()
    assert ImportBatch.objects.count() == 1


def preview(admin_client, changes):
    """Upload a cities file with these changes; the page of its preview."""
    return upload(admin_client, reverse("admin:cities_city_import"), city_file(changes))


def stored_uploads(settings) -> list[str]:
    folder = Path(settings.CSV_IMPORT_DIR)
    return (
        sorted(p.name for p in folder.iterdir() if p.suffix == ".csv")
        if folder.exists()
        else []
    )


def test_an_uploaded_file_waits_outside_the_media_and_goes_once_applied(
    admin_client, ascn_data, settings
):
    page = preview(admin_client, {("phuket", "summary_en"): "Previewed"})
    (stored,) = stored_uploads(settings)
    assert ImportJob.objects.get().token == stored.removesuffix(".csv")
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(
        path.suffix == ".csv" for path in media.rglob("*")
    )
    confirm(admin_client, page)
    assert stored_uploads(settings) == []


def test_cancelling_a_preview_deletes_its_file_and_changes_nothing(
    admin_client, ascn_data, settings
):
    page = preview(admin_client, {("phuket", "summary_en"): "Cancelled"})
    response = admin_client.post(confirm_url(page), {"cancel": "1"})
    assert response.status_code == 302
    assert stored_uploads(settings) == []
    assert City.objects.get(slug="phuket").summary_en != "Cancelled"


def test_a_new_upload_replaces_the_previous_preview(admin_client, ascn_data, settings):
    first = preview(admin_client, {("phuket", "summary_en"): "First"})
    preview(admin_client, {("phuket", "summary_en"): "Second"})
    second_token = ImportJob.objects.order_by("-pk").first().token
    assert stored_uploads(settings) == [f"{second_token}.csv"]
    confirm(admin_client, first)
    assert City.objects.get(slug="phuket").summary_en not in ("First", "Second")


def test_abandoned_uploads_older_than_a_day_are_purged(settings):
    from core.csvio import uploads

    old, new = uploads.keep(b"slug\nold\n"), uploads.keep(b"slug\nnew\n")
    folder = Path(settings.CSV_IMPORT_DIR)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(folder / f"{old}.csv", (two_days_ago, two_days_ago))
    out = io.StringIO()
    call_command("purge_csv_imports", stdout=out)
    assert "1 abandoned CSV upload(s) deleted." in out.getvalue()
    assert stored_uploads(settings) == [f"{new}.csv"]
    assert oct((folder / f"{new}.csv").stat().st_mode & 0o777) == "0o600"


def test_admin_preview_of_a_bad_file_offers_no_confirmation(admin_client, ascn_data):
    html = preview(admin_client, {("phuket", "latitude"): "200"}).content.decode()
    assert "column latitude" in html
    assert 'id="import-confirm"' not in html


def test_another_member_of_staff_neither_sees_nor_answers_the_preview(
    admin_client, client, django_user_model, ascn_data
):
    from django.contrib.auth.models import Permission

    page = preview(admin_client, {("phuket", "summary_en"): "X"})
    job_url = confirm_url(page)
    editor = django_user_model.objects.create_user(
        "editor", password="pw-12345678", is_staff=True
    )
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_city", "change_city"])
    )
    client.force_login(editor)
    assert client.get(job_url).status_code == 404
    assert client.post(job_url).status_code == 404
    other = django_user_model.objects.create_superuser(
        "other", "o@example.org", "pw-12345678"
    )
    client.force_login(other)
    assert client.get(job_url).status_code == 200  # a superuser sees it
    assert client.post(job_url).status_code == 403  # but does not answer it
    assert City.objects.get(slug="phuket").summary_en != "X"


def test_staff_without_change_permission_cannot_import(
    client, django_user_model, ascn_data
):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(
        "viewer", password="pw-12345678", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_city"))
    client.force_login(viewer)
    assert client.get(reverse("admin:cities_city_import")).status_code == 403
    export = client.get(reverse("admin:cities_city_export"))
    assert export.status_code == 200
    export.close()  # as the server does: the export's cursor is closed now


def test_admin_exports_selected_rows_with_drafts_and_all_columns(
    admin_client, ascn_data
):
    City.objects.filter(slug="rayong").update(status="draft")
    ids = list(
        City.objects.filter(slug__in=["rayong", "phuket"]).values_list("pk", flat=True)
    )
    response = admin_client.post(
        reverse("admin:cities_city_changelist"),
        {"action": "export_selected_csv", "_selected_action": ids},
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    header, rows = rows_of(text)
    assert header[-3:] == ["status", "created_at", "updated_at"]
    assert sorted((row[0], row[header.index("status")]) for row in rows) == [
        ("phuket", "published"),
        ("rayong", "draft"),
    ]


def test_admin_export_follows_the_list_filters(admin_client, ascn_data):
    City.objects.filter(slug="rayong").update(status="draft")
    response = admin_client.get(
        reverse("admin:cities_city_export") + "?status__exact=draft"
    )
    header, rows = rows_of(b"".join(response.streaming_content).decode("utf-8"))
    assert [row[0] for row in rows] == ["rayong"]


@pytest.mark.parametrize("kind", list(SPECS))
def test_admin_import_and_export_work_for_every_model(admin_client, ascn_data, kind):
    spec_class, model = SPECS[kind]
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = admin_client.get(reverse(f"{name}_changelist")).content.decode()
    assert reverse(f"{name}_import") in changelist
    assert reverse(f"{name}_export") in changelist
    data = staff_export(spec_class, model).encode("utf-8")
    html = upload(
        admin_client, reverse(f"{name}_import"), data, f"{kind}.csv"
    ).content.decode()
    assert f"0 new, 0 changed, {model.objects.count()} unchanged, 0 with errors" in html
    assert "The file changes nothing." in html


def test_admin_refuses_a_file_over_the_limit_before_reading_it(
    admin_client, ascn_data, settings
):
    settings.CSV_IMPORT_MAX_BYTES = 2048
    upload = io.BytesIO(staff_export(CitySpec, City).encode("utf-8"))
    upload.name = "cities.csv"
    html = admin_client.post(
        reverse("admin:cities_city_import"), {"file": upload}
    ).content.decode()
    assert "files of up to 2 KB can be imported" in html
    assert "Preview:" not in html


def test_a_spec_keyed_by_another_column_matches_rows_by_it(ascn_data):
    from cities.csv_columns import CountrySpec
    from cities.models import Country

    data = export_lines(CountrySpec(), Country.objects.all(), public=False)
    text = "".join(data).replace("Thailand", "Kingdom of Thailand")
    plan = plan_import(CountrySpec(), text.encode("utf-8"))
    assert plan.summary()["changed"] == 1 and plan.summary()["new"] == 0
    apply_import(plan)
    assert Country.objects.get(code="TH").name_en == "Kingdom of Thailand"


def test_a_spec_keyed_by_several_columns_cannot_be_imported(db):
    from partners.csv_columns import PartnershipSpec

    with pytest.raises(ValueError, match="cannot be imported"):
        plan_import(PartnershipSpec(), b"city,partner,kind\r\nphuket,wise,mou\r\n")
