"""Details a reader notices: money and coordinates in the reader's words, and
`lang` on every text in another language than the page, in Thai and English."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from cities.models import City
from core.models import Source
from partners.models import Partner
from projects.models import Project
from tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def text_of(response) -> str:
    """The page's HTML with its no-break spaces read as spaces."""
    assert response.status_code == 200, response.status_code
    return response.content.decode().replace(NBSP, " ")


def fact(html: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt>\s*<dd[^>]*>\s*(.*?)\s*</dd>", html, re.S)
    assert found, label
    return found.group(1)


@pytest.mark.parametrize(
    ("slug", "thai", "english"),
    [
        ("kaen-nakhon-tram", "650 ล้านบาท", "THB 650 million"),
        (
            "davao-public-transport-modernization-project-dptmp",
            "73,400 ล้านเปโซฟิลิปปินส์",
            "PHP 73.4 billion",
        ),
        ("wastewater-treatment-system", "61.24 ล้านดอลลาร์สหรัฐ", "USD 61.24 million"),
        ("smart-green-asean-cities-sgac", "5.1 ล้านยูโร", "EUR 5.1 million"),
        (
            "ustda-technical-assistance-for-davao-intelligent-transport-and-operation-centre",
            "515,000 ดอลลาร์สหรัฐ",
            "USD 515,000",
        ),
    ],
)
def test_a_project_page_gives_its_cost_in_the_readers_words_and_own_currency(
    client, ascn_data, slug, thai, english
):
    th = text_of(client.get(f"/th/projects/{slug}/"))
    assert fact(th, "มูลค่าโดยประมาณ") == thai
    en = text_of(client.get(f"/en/projects/{slug}/"))
    assert fact(en, "Estimated cost") == english


def test_a_cost_of_a_billion_and_a_half_baht(client, db):
    ProjectFactory(slug="tram", estimated_cost=1_500_000_000, currency="THB")
    assert fact(text_of(client.get("/th/projects/tram/")), "มูลค่าโดยประมาณ") == (
        "1,500 ล้านบาท"
    )
    assert fact(text_of(client.get("/en/projects/tram/")), "Estimated cost") == (
        "THB 1.5 billion"
    )


def test_a_city_page_gives_its_place_in_degrees_and_directions(client, ascn_data):
    th = text_of(client.get("/th/cities/phuket/"))
    assert fact(th, "พิกัด") == "ละติจูด 7.88° เหนือ ลองจิจูด 98.39° ตะวันออก"
    en = text_of(client.get("/en/cities/phuket/"))
    assert fact(en, "Location") == "7.88° N, 98.39° E"
    south = text_of(client.get("/en/cities/jakarta/"))
    assert fact(south, "Location") == "6.21° S, 106.85° E"


class UnmarkedText(HTMLParser):
    """The texts of a page that are in another language than the page (by their
    script) with no `lang` on them or on an element around them."""

    SKIPPED = {"script", "style", "title"}
    VOID = {"br", "img", "meta", "link", "input", "wbr", "hr", "source"}

    def __init__(self, page_language: str) -> None:
        super().__init__()
        self.page_language = page_language
        self.open: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        from core.language import script_language

        text = data.strip()
        if not text or any(tag in self.SKIPPED for tag, _ in self.open):
            return
        if text.startswith(("http://", "https://")):
            return  # an address shown as it is, which no voice reads as a word
        lang = next((lang for _, lang in reversed(self.open) if lang), None)
        language = script_language(text)
        # Latin letters may be Indonesian as well as English: any language
        # other than the page's that the markup states will do.
        if language not in (None, self.page_language) and lang in (
            None,
            self.page_language,
        ):
            self.found.append(text)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_text_in_another_language_than_the_page_goes_unmarked(
    client, ascn_data, lang
):
    with translation.override(lang):
        addresses = [f"/{lang}/", f"/{lang}/cities/", f"/{lang}/partners/"]
        addresses += [f"/{lang}/projects/", f"/{lang}/focus-areas/"]
        addresses += [f"/{lang}/pages/{slug}/" for slug in ("about", "privacy")]
        for model in (City, Partner):
            addresses += [r.get_absolute_url() for r in model.objects.published()]
        # A quarter of the projects: their sources are mostly the cities' own.
        projects = Project.objects.published().order_by("slug")[::4]
        addresses += [project.get_absolute_url() for project in projects]
    unmarked: dict[str, list[str]] = {}
    for address in addresses:
        parser = UnmarkedText(lang)
        parser.feed(text_of(client.get(address)))
        if parser.found:
            unmarked[address] = parser.found
    assert unmarked == {}


def test_source_titles_carry_the_language_of_their_script_or_their_field(
    client, ascn_data
):
    thai = text_of(client.get("/th/cities/phuket/"))
    assert re.search(r'lang="en">Smart City Action Plan of Phuket \(SCAP\)</a>', thai)
    indonesian = text_of(client.get("/th/cities/sumedang/"))
    assert re.search(r'lang="id">Sumedang bersiap menjadi anggota', indonesian)
    assert re.search(
        r'lang="id">Sumedang bersiap',
        client.get("/en/cities/sumedang/").content.decode(),
    )
    japanese = Source.objects.filter(title__startswith="国土交通白書").first()
    record = japanese.record
    assert re.search(
        r'lang="ja">国土交通白書', text_of(client.get(record.get_absolute_url()))
    )
    # A Thai title on an English page.
    english = text_of(client.get("/en/projects/phuket-smart-city-framework-2019/"))
    assert re.search(r'lang="th">หัวเว่ยเปิดตัวรายงาน', english)
    # A title in the page's language has no lang of its own.
    assert not re.search(
        r'lang="th">หัวเว่ยเปิดตัวรายงาน',
        client.get("/th/projects/phuket-smart-city-framework-2019/").content.decode(),
    )


def test_a_name_without_a_thai_form_is_marked_english_on_thai_pages(client, db):
    partner = PartnerFactory(slug="acme", name_th="", name_en="ACME Analytics")
    project = ProjectFactory(slug="sensors")
    project.project_partners.create(partner=partner, role="lead")
    page = text_of(client.get("/th/partners/acme/"))
    assert '<h1 lang="en">ACME Analytics</h1>' in page
    listed = text_of(client.get("/th/partners/"))
    assert 'lang="en">ACME Analytics</a>' in listed
    # Its English page and the Thai names around it need no mark.
    assert "<h1>ACME Analytics</h1>" in text_of(client.get("/en/partners/acme/"))
    assert f"<h1>{project.title_th}</h1>" in text_of(
        client.get("/th/projects/sensors/")
    )


def test_the_short_name_in_the_header_is_english_on_thai_pages(client, db):
    assert '<span class="site-name__short" lang="en">ASCN</span>' in text_of(
        client.get("/th/")
    )
    assert '<span class="site-name__short">ASCN</span>' in text_of(client.get("/en/"))


def test_a_loaded_source_keeps_the_language_the_reference_data_give_it(ascn_data):
    sumedang = City.objects.get(slug="sumedang")
    titles = Source.objects.filter(
        content_type=ContentType.objects.get_for_model(City), object_id=sumedang.pk
    ).values_list("title", "language")
    assert (
        "Sumedang bersiap menjadi anggota ASEAN Smart City Networking "
        "(International Media)",
        "id",
    ) in list(titles)
