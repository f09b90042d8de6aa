import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cities.models import City, Country, FocusArea
from core.models import PublicationStatus, Source
from partners.models import Partner, Partnership
from projects.models import Project

pytestmark = pytest.mark.django_db

THAI = re.compile(r"[\u0E00-\u0E7F]")


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_ascn", *args, stdout=out)
    return out.getvalue()


def row_versions() -> dict[str, list]:
    """Every loaded row with its last-updated time, to see whether anything moved."""
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Country, FocusArea, City, Partner, Partnership, Project)
    } | {"Source": sorted(Source.objects.values_list("pk", "title"))}


def test_loads_the_38_member_cities_with_thai_and_english_names(ascn_data):
    assert City.objects.count() == 38
    assert City.objects.published().count() == 38
    assert not City.objects.filter(published_at__isnull=True).exists()
    assert City.objects.filter(joined_year=2018).count() == 26
    for city in City.objects.all():
        assert THAI.search(city.name_th), city.slug
        assert city.name_en and not THAI.search(city.name_en), city.slug
        assert city.sources.exists(), city.slug


def test_loads_the_eleven_asean_states_and_the_six_focus_areas(ascn_data):
    assert Country.objects.filter(is_asean_member=True).count() == 11
    assert set(
        Country.objects.filter(is_asean_member=False).values_list("code", flat=True)
    ) >= {
        "US",
        "CN",
        "JP",
        "KR",
        "AU",
    }
    assert FocusArea.objects.count() == 6
    assert all(THAI.search(f.name_th) for f in FocusArea.objects.all())


def test_thailands_pilot_cities_are_the_six_the_network_names(ascn_data):
    thai_cities = City.objects.filter(country__code="TH")
    assert set(thai_cities.values_list("slug", "joined_year")) == {
        ("bangkok", 2018),
        ("chonburi", 2018),
        ("phuket", 2018),
        ("chiang-mai", 2023),
        ("khon-kaen", 2023),
        ("rayong", 2023),
    }
    with translation.override("th"):
        assert City.objects.get(slug="phuket").name == "ภูเก็ต"
        assert City.objects.get(slug="bangkok").name == "กรุงเทพมหานคร"


def test_phuket_works_with_milwaukee_on_water_and_las_vegas_on_transport(ascn_data):
    phuket = City.objects.get(slug="phuket")
    with translation.override("en"):
        topics = {p.partner.slug: p.topic.lower() for p in phuket.partnerships.all()}
    assert "water" in topics["milwaukee"]
    assert "transport" in topics["las-vegas"]
    milwaukee = Partner.objects.get(slug="milwaukee")
    assert milwaukee.partnerships.get().city == phuket


def test_the_mission_documents_partners_and_projects_are_loaded(ascn_data):
    with translation.override("en"):
        names = set(Partner.objects.values_list("name_en", flat=True))
    assert "Huawei" in names
    assert any("Trust Fund" in name for name in names)
    partner_countries = set(
        Partner.objects.filter(kind="government", country__isnull=False).values_list(
            "country__code", flat=True
        )
    )
    assert {"US", "CN", "JP", "KR"} <= partner_countries
    huawei_projects = Project.objects.filter(partners__name_en="Huawei")
    assert huawei_projects.filter(cities__slug="phuket").exists()
    for record in [*Partner.objects.all(), *Project.objects.all()]:
        assert record.sources.exists(), record


def test_a_second_run_changes_nothing(ascn_data):
    before = row_versions()
    output = load()
    assert row_versions() == before
    assert "already up to date" in output
    assert "created" not in output and "updated" not in output


def test_staff_edits_survive_a_new_run(ascn_data):
    phuket = City.objects.get(slug="phuket")
    phuket.summary_en = "Edited by staff."
    phuket.save()
    output = load()
    phuket.refresh_from_db()
    assert phuket.summary_en == "Edited by staff."
    assert "Left as staff edited them" in output
    assert "city phuket" in output


def test_a_staff_unpublished_record_stays_unpublished(ascn_data):
    City.objects.filter(slug="rayong").update(status=PublicationStatus.DRAFT)
    load()
    assert City.objects.get(slug="rayong").status == PublicationStatus.DRAFT


def test_force_restores_the_reference_values(ascn_data):
    phuket = City.objects.get(slug="phuket")
    original = phuket.summary_en
    phuket.summary_en = "Edited by staff."
    phuket.save()
    phuket.focus_areas.clear()
    load("--force")
    phuket.refresh_from_db()
    assert phuket.summary_en == original
    # After a forced run the record counts as loaded again: the next run is quiet.
    assert "already up to date" in load()


def test_a_deleted_record_comes_back(ascn_data):
    City.objects.filter(slug="khon-kaen").delete()
    output = load()
    assert City.objects.filter(slug="khon-kaen").exists()
    assert "1 created" in output


def test_a_record_staff_created_with_a_reference_slug_is_not_taken_over(db):
    country = Country.objects.create(code="TH", name_th="ไทย", name_en="Thailand")
    City.objects.create(
        slug="phuket",
        name_th="ภูเก็ต (ร่าง)",
        name_en="Phuket (draft)",
        country=country,
        latitude=7.9,
        longitude=98.4,
        joined_year=2018,
    )
    output = load()
    assert City.objects.get(slug="phuket").name_en == "Phuket (draft)"
    assert "Left as staff edited them" in output


def test_a_field_new_in_the_reference_data_is_not_taken_for_a_staff_edit(ascn_data):
    from portal.models import ReferenceRecord

    # As if the records had been loaded by a release that did not set is_featured.
    for record in ReferenceRecord.objects.all():
        record.values.pop("is_featured", None)
        record.save()
    Project.objects.update(is_featured=False)
    output = load()
    assert "Left as staff edited them" not in output
    assert Project.objects.filter(is_featured=True).exists()
    assert "already up to date" in load()


@pytest.fixture
def reference_copy(tmp_path, monkeypatch):
    """A copy of the reference data that a test may spoil."""
    from portal.management.commands import load_ascn

    for path in load_ascn.DATA_DIR.glob("*.json"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"))
    monkeypatch.setattr(load_ascn, "DATA_DIR", tmp_path)

    def spoil(name: str, change) -> None:
        path = tmp_path / f"{name}.json"
        rows = json.loads(path.read_text(encoding="utf-8"))
        change(rows)
        path.write_text(json.dumps(rows, ensure_ascii=False))

    return spoil


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "cities",
            lambda rows: rows[3].update(nmae_en="Phuket"),
            "cities.json, row 4: unknown keys nmae_en",
        ),
        (
            "projects",
            lambda rows: rows[0].update(partners=["huawei"]),
            "projects.json, row 1: unknown keys partners",
        ),
        (
            "cities",
            lambda rows: rows[0].update(joined_year="twenty eighteen"),
            "cities.json, row 1, joined_year: “twenty eighteen” is not a whole number",
        ),
        (
            "cities",
            lambda rows: rows[0].update(country="XX"),
            "cities.json, row 1, country: no record has the slug or code XX",
        ),
        (
            "partnerships",
            lambda rows: rows[0].update(kind="marriage"),
            "partnerships.json, row 1, kind: “marriage” is not one of",
        ),
        (
            "cities",
            lambda rows: rows[0]["sources"][0].update(date="2018-05-02"),
            "cities.json, row 1: a source has unknown keys ['date']",
        ),
    ],
    ids=["misspelt", "old-key", "bad-number", "unknown-code", "bad-choice", "source"],
)
def test_a_key_or_value_the_columns_refuse_stops_the_load(
    db, reference_copy, file, change, message
):
    reference_copy(file, change)
    with pytest.raises(CommandError) as error:
        load()
    assert "Nothing was loaded." in str(error.value)
    assert message in str(error.value)
    assert not City.objects.exists() and not Country.objects.exists()


def test_the_loader_reads_the_columns_of_the_csv_files(ascn_data):
    """The reference data and a CSV export of the same records agree cell by
    cell: both go through the same column declarations."""
    from cities.csv_columns import CitySpec
    from core.csvio.export import export_lines

    rows = json.loads(
        (
            Path(__file__).resolve().parents[2] / "portal/reference_data/cities.json"
        ).read_text(encoding="utf-8")
    )
    exported = {
        row["slug"]: row
        for row in csv.DictReader(
            io.StringIO(
                "".join(
                    export_lines(CitySpec(), City.objects.all(), public=False)
                ).lstrip("\ufeff")
            )
        )
    }
    phuket = next(row for row in rows if row["slug"] == "phuket")
    assert exported["phuket"]["name_th"] == phuket["name_th"]
    assert exported["phuket"]["latitude"] == str(phuket["latitude"])
    assert exported["phuket"]["focus_areas"] == ";".join(sorted(phuket["focus_areas"]))
    assert exported["phuket"]["status"] == "published"


def test_forcing_a_record_back_to_published_stamps_the_time_again(ascn_data):
    City.objects.filter(slug="rayong").update(
        status=PublicationStatus.DRAFT, published_at=None
    )
    load("--force")
    rayong = City.objects.get(slug="rayong")
    assert rayong.status == PublicationStatus.PUBLISHED
    assert rayong.published_at is not None
