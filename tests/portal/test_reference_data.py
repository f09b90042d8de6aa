"""The loaded database against the reference files of the whole network."""

import json
import re
from pathlib import Path

import pytest

from cities.models import City, CityFocusArea, Country, FocusArea, FocusAreaBasis
from partners.models import Partner, Partnership
from projects.models import Project, Stage

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "portal" / "reference_data"


def rows(name: str) -> list[dict]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def test_the_database_holds_every_record_of_the_reference_files(ascn_data):
    assert City.objects.count() == len(rows("cities")) == 38
    assert Project.objects.count() == len(rows("projects")) >= 158
    assert Partner.objects.count() == len(rows("partners")) >= 60
    assert Partnership.objects.count() == len(rows("partnerships")) >= 45
    assert Country.objects.count() == len(rows("countries"))
    # The 16 countries the portal listed with Timor-Leste (the eleven ASEAN
    # member states and the five partner countries of 2018), and the home
    # countries of the partners the reports add: Germany, France, Hungary and
    # New Zealand.
    partner_countries = {"US", "CN", "JP", "KR", "AU", "DE", "FR", "HU", "NZ"}
    assert (
        set(
            Country.objects.filter(is_asean_member=False).values_list("code", flat=True)
        )
        == partner_countries
    )


def test_the_38_cities_are_in_the_eleven_asean_member_states(ascn_data):
    countries = set(City.objects.values_list("country__code", flat=True))
    assert len(countries) == 11
    assert (
        set(Country.objects.filter(is_asean_member=True).values_list("code", flat=True))
        == countries
    )


def test_dili_joined_in_2026_in_timor_leste(ascn_data):
    dili = City.objects.get(name_en="Dili")
    assert (dili.country.code, dili.country.name_en) == ("TL", "Timor-Leste")
    assert dili.joined_year == 2026
    assert dili.country.is_asean_member


def test_chiang_mai_khon_kaen_and_rayong_joined_in_2023(ascn_data):
    joined = dict(
        City.objects.filter(
            name_en__in=["Chiang Mai", "Khon Kaen", "Rayong"]
        ).values_list("name_en", "joined_year")
    )
    assert joined == {"Chiang Mai": 2023, "Khon Kaen": 2023, "Rayong": 2023}


def test_every_city_of_2024_or_before_has_a_focus_area_with_its_basis(ascn_data):
    for city in City.objects.filter(joined_year__lte=2024):
        links = CityFocusArea.objects.filter(city=city)
        assert links.exists(), city.slug
        assert all(link.basis for link in links), city.slug


def test_the_newest_members_areas_are_those_of_their_projects(ascn_data):
    # No action plan of theirs is public: the areas come from their projects,
    # and say so; a member with no listed project has none yet.
    for city in City.objects.filter(joined_year__gte=2025):
        links = CityFocusArea.objects.filter(city=city)
        projects = Project.objects.filter(cities=city)
        areas = set(projects.values_list("focus_areas__slug", flat=True)) - {None}
        assert set(links.values_list("focus_area__slug", flat=True)) == areas
        assert all(link.basis == FocusAreaBasis.PROJECTS for link in links)
    assert CityFocusArea.objects.filter(city__slug="ipoh").count() == 3
    assert not CityFocusArea.objects.filter(city__slug="dili").exists()


def test_a_mapped_focus_area_keeps_the_action_plans_heading(ascn_data):
    mapped = CityFocusArea.objects.filter(basis=FocusAreaBasis.MAPPED)
    assert mapped.count() == 33
    assert all(link.note for link in mapped)


def test_every_record_has_a_source(ascn_data):
    for model in (City, Project, Partner, Partnership):
        for record in model.objects.all():
            assert record.sources.exists(), f"{model.__name__} {record.pk}"


def test_thai_names_follow_the_thai_sources(ascn_data):
    names = dict(City.objects.values_list("name_en", "name_th"))
    assert names["Makassar"] == "มากัซซาร์"
    assert names["Kuching"] == "กูจิง"
    assert names["Nay Pyi Taw"] == "เนปยีดอ"
    assert names["Sihanoukville"] == "สีหนุวิลล์"
    assert names["Sumedang"] == "ซูเมดัง"
    assert "ซูลาเวซีใต้" in City.objects.get(name_en="Makassar").region_th


def test_the_official_2018_vision_replaces_the_earlier_wording(ascn_data):
    battambang = City.objects.get(slug="battambang")
    assert "National Representative" not in battambang.vision_en
    assert battambang.vision_th


def test_existing_records_are_not_duplicated(ascn_data):
    assert City.objects.filter(name_en__icontains="Sihanoukville").count() == 1
    assert Project.objects.filter(title_en__icontains="Bang Sue Smart").count() == 0
    assert Project.objects.filter(slug="bang-sue-smart-city-development").exists()
    assert (
        Partner.objects.filter(name_en__icontains="Asian Development Bank").count() == 1
    )


def test_stages_and_bankable_status_say_only_what_the_sources_say(ascn_data):
    assert Project.objects.filter(bankable="yes").count() == 5
    assert Project.objects.filter(stage=Stage.ONGOING_OR_PLANNED).exists()
    assert Project.objects.filter(stage=Stage.NOT_STATED).exists()
    assert Project.objects.filter(estimated_cost__isnull=False).count() == 9


def test_network_level_projects_have_no_city(ascn_data):
    network = Project.objects.filter(network_level=True)
    assert network.count() == 7
    assert not network.filter(cities__isnull=False).exists()


def test_population_and_land_area_are_those_the_action_plans_print(ascn_data):
    phuket = City.objects.get(slug="phuket")
    assert (phuket.population, phuket.population_year) == (400000, None)
    assert phuket.land_area_km2 == 543
    assert "ASCN-Consolidated-SCAPs.pdf#page=50" in phuket.facts_source_url
    assert City.objects.filter(population__isnull=False).count() == 26


def test_only_thai_names_a_thai_source_supports_are_confirmed(ascn_data):
    unconfirmed = set(
        City.objects.filter(name_th_confirmed=False).values_list("slug", flat=True)
    )
    assert unconfirmed == {
        "sumedang",
        "ipoh",
        "putrajaya",
        "seberang-perai",
        "cauayan-city",
        "denpasar",
        "semarang",
        "dili",
    }
    assert "wikipedia" in City.objects.get(slug="makassar").name_th_source


def test_thai_text_translated_for_the_reference_data_is_marked(ascn_data):
    assert Project.objects.filter(thai_unreviewed=True).count() == 157
    assert not Project.objects.get(
        slug="bang-sue-smart-city-development"
    ).thai_unreviewed
    assert City.objects.filter(thai_unreviewed=True).count() == 27


THAI = re.compile(r"[\u0e00-\u0e7f]")


def test_every_text_has_thai_and_a_translation_says_so(ascn_data):
    # Each project has a Thai summary, each partner a Thai name (in Thai script)
    # and each partnership a Thai topic; those translated for the reference
    # data wait for a Thai reader.
    for project in Project.objects.all():
        assert THAI.search(project.summary_th), project.slug
    for partner in Partner.objects.all():
        assert THAI.search(partner.name_th), partner.slug
        if partner.description_en:
            assert THAI.search(partner.description_th), partner.slug
    for partnership in Partnership.objects.exclude(topic_en=""):
        assert THAI.search(partnership.topic_th), partnership.pk
    assert Partner.objects.filter(thai_unreviewed=True).count() == 47
    assert Partnership.objects.filter(thai_unreviewed=True).count() == 52
    jica = Partner.objects.get(slug="jica")
    assert jica.name_th.startswith("องค์การความร่วมมือระหว่างประเทศของญี่ปุ่น")
    assert jica.thai_unreviewed


def test_thai_texts_spell_each_city_as_its_thai_name(ascn_data):
    # The reference's translations used spellings that no Thai source supports.
    for model, fields in (
        (City, ("summary_th", "vision_th")),
        (Project, ("title_th", "summary_th")),
    ):
        for record in model.objects.all():
            for field in fields:
                text = getattr(record, field)
                for other in ("มากัสซาร์", "กูชิง", "สุลาเวสีใต้"):
                    assert other not in text, (record, field)


@pytest.mark.parametrize("kind", ["cities", "projects"])
def test_the_focus_area_filters_find_the_real_records(client, ascn_data, kind):
    model = City if kind == "cities" else Project
    for area in FocusArea.objects.all():
        expected = model.objects.filter(focus_areas=area).distinct().count()
        assert expected, area.slug  # every area has cities and projects
        page = client.get(f"/en/{kind}/?focus_area={area.slug}").content.decode()
        assert f"{expected} result" in page, area.slug
