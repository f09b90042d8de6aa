"""Cards kept in the cache (core/cards.py): a reader never sees a card older
than its record or than the records it names, in either language, and a card
found in the cache costs no rendering and no Thai work."""

import re

import pytest
from django.test import override_settings

from cities.models import City
from core import cards, wordbreaks
from core.bulk import update_rows
from core.csvio.applying import apply_import
from core.csvio.planning import plan_import
from core.versioning import bump_version
from core.wordbreaks import WORD_JOINER, ZERO_WIDTH_SPACE
from core.workflow import record_transition
from projects.csv_columns import ProjectSpec
from projects.models import Project
from tests.core.test_csv_import import edit, staff_export
from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HINT = re.compile(f"[{WORD_JOINER}{ZERO_WIDTH_SPACE}]")
LANGUAGES = ["th", "en"]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def project():
    city = CityFactory(slug="khon-kaen", name_en="Khon Kaen", name_th="ขอนแก่น")
    project = ProjectFactory(
        slug="tram", title_en="Light rail", title_th="รถรางเบา", summary_en="Rails."
    )
    project.cities.add(city)
    return project


@pytest.fixture
def rendered(monkeypatch):
    """The cards rendered (not found in the cache), by template."""
    made: list[str] = []
    cards._form_digest("includes/project_card.html")  # read once per process
    original = cards.get_template

    def counted(name):
        made.append(name)
        return original(name)

    monkeypatch.setattr(cards, "get_template", counted)
    return made


def test_a_card_is_rendered_once_and_then_found_in_the_cache(client, project, rendered):
    first = page(client, "/en/projects/")
    assert rendered == ["includes/project_card.html"]
    bump_version()  # a change elsewhere: the page is built again, the card is not
    assert page(client, "/en/projects/") == first
    assert rendered == ["includes/project_card.html"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_edited_project_shows_at_once_on_its_card_and_entry(
    client, project, language
):
    before = "Light rail" if language == "en" else "รถรางเบา"
    assert before in page(client, f"/{language}/projects/")
    assert before in page(client, f"/{language}/cities/khon-kaen/")
    project.title_en, project.title_th = "Tramway", "รถรางสายใหม่"
    project.save()  # as the admin saves it
    after = "Tramway" if language == "en" else "รถรางสายใหม่"
    for url in (f"/{language}/projects/", f"/{language}/cities/khon-kaen/"):
        html = page(client, url)
        assert after in html
        assert before not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_renamed_city_is_renamed_on_the_cards_that_name_it(client, project, language):
    partner = PartnerFactory(slug="bank")
    project.project_partners.create(partner=partner, role="funder")
    for url in (f"/{language}/projects/", f"/{language}/partners/bank/"):
        shown = "Khon Kaen</span>" if language == "en" else "ขอนแก่น</span>"
        assert shown in page(client, url)
    city = City.objects.get(slug="khon-kaen")
    city.name_en, city.name_th = "Khon Kaen City", "นครขอนแก่น"
    city.save()
    for url in (f"/{language}/projects/", f"/{language}/partners/bank/"):
        html = page(client, url)
        renamed = "Khon Kaen City</span>" if language == "en" else "นครขอนแก่น</span>"
        assert renamed in html


def test_a_city_taken_off_a_project_leaves_its_card(client, project):
    assert "Khon Kaen</span>" in page(client, "/en/projects/")
    project.cities.clear()
    assert "Khon Kaen</span>" not in page(client, "/en/projects/")


def test_an_unpublished_city_leaves_the_cards(client, project):
    assert "Khon Kaen</span>" in page(client, "/en/projects/")
    city = City.objects.get(slug="khon-kaen")
    city.status = "draft"
    city.save()
    assert "Khon Kaen</span>" not in page(client, "/en/projects/")


def test_a_renamed_country_is_renamed_on_the_city_cards(client, project):
    city = City.objects.get(slug="khon-kaen")
    assert f"{city.country.name_en}</a>" in page(client, "/en/cities/")
    country = city.country
    country.name_en = "Kingdom of Siam"
    country.save()
    assert "Kingdom of Siam</a>" in page(client, "/en/cities/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_csv_import_shows_its_changes_at_once(client, project, language):
    page(client, f"/{language}/projects/")
    text = staff_export(ProjectSpec, Project)
    text = edit(text, "tram", "title_en", "Imported tram").decode("utf-8-sig")
    data = edit(text, "tram", "title_th", "รถรางนำเข้า")
    apply_import(plan_import(ProjectSpec(), data))
    html = page(client, f"/{language}/projects/")
    assert ("Imported tram" if language == "en" else "รถรางนำเข้า") in html


def test_a_draft_published_appears_with_its_card(client, admin_user, project):
    draft = ProjectFactory(slug="draft", title_en="Quiet draft", status="draft")
    assert "Quiet draft" not in page(client, "/en/projects/")
    record_transition(record=draft, status="published", user=admin_user)
    assert "Quiet draft" in page(client, "/en/projects/")


def test_a_row_written_back_as_a_restore_writes_it_shows_as_written(client, project):
    """A restore brings rows back with their old values, `updated_at` included:
    the card follows what the row holds, not only its time stamp."""
    page(client, "/en/projects/")
    stamp = Project.objects.get(pk=project.pk).updated_at
    Project.objects.filter(pk=project.pk).update(
        title_en="Restored tram", updated_at=stamp
    )
    bump_version()
    assert "Restored tram" in page(client, "/en/projects/")


def test_rows_written_together_show_their_changes(client, project):
    page(client, "/en/projects/")
    project.title_en = "Bulk tram"
    update_rows([project], ["title_en"])
    bump_version()
    assert "Bulk tram" in page(client, "/en/projects/")


@override_settings(THAI_WORD_BREAKS=True)
def test_thai_cards_carry_their_hints_and_a_cached_one_is_not_segmented_again(
    client, project, monkeypatch
):
    first = page(client, "/th/projects/")
    assert wordbreaks.hint("รถรางเบา") in first
    assert HINT.search(wordbreaks.hint("รถรางเบา"))
    assert wordbreaks.HINTED_START not in first
    segmented: list[str] = []
    split = wordbreaks._split

    def counted(text, dictionary):
        segmented.append(text)
        return split(text, dictionary)

    monkeypatch.setattr(wordbreaks, "_split", counted)
    wordbreaks._memo.clear()  # as in a new process: every text is cut again
    bump_version()  # ...and the page is built again, its card found in the cache
    assert page(client, "/th/projects/") == first
    assert segmented  # the rest of the page
    assert not any("รถรางเบา" in text for text in segmented)


def test_english_cards_carry_no_hints(client, project):
    with override_settings(THAI_WORD_BREAKS=True):
        assert not HINT.search(page(client, "/en/projects/"))
