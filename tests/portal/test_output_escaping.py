"""Text that staff enter is shown as text: every public page escapes it, in both
languages, and the CSV export gives it back as data."""

import csv
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django.utils.html import escape

from cities.csv_columns import CitySpec
from core.models import PublicationStatus, Source
from partners.csv_columns import PartnerSpec
from partners.models import PartnerKind
from portal.models import Page
from projects.csv_columns import ProjectSpec
from projects.models import PartnerRole, ProjectPartner
from tests.factories import (
    CityFactory,
    CountryFactory,
    FocusAreaFactory,
    PartnerFactory,
    PartnershipFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("th", "en")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'& ภูเก็ต'
# A summary that is a spreadsheet formula too: the CSV neutralises it with "'".
FORMULA = '=HYPERLINK("https://evil.example","<script>alert(2)</script>")'
# Links stay valid URLs (URLValidator accepts them) while carrying markup.
HOSTILE_URL = "https://example.org/?q=\"><script>alert(3)</script>&x='onfocus='alert(4)"
# What must never reach a page: markup that a browser would run.
RAW_MARKUP = ("<script", "<img src=x")

# The translated text fields of every public model, as modeltranslation declares
# them; each gets its own hostile value per language.
TEXT_FIELDS = {
    "country": ("name",),
    "area": ("name", "description"),
    "city": ("name", "region", "summary", "description", "vision", "cover_image_alt"),
    "partner": ("name", "description"),
    "partnership": ("topic",),
    "project": ("title", "summary", "description", "image_alt"),
    "page": ("title", "body"),
}


def text(record: str, field: str, lang: str) -> str:
    if field == "summary" and record == "project":
        return f"{FORMULA} {lang}"
    return f"{HOSTILE} {record}.{field} {lang}"


def translated(record: str) -> dict[str, str]:
    return {
        f"{field}_{lang}": text(record, field, lang)
        for field in TEXT_FIELDS[record]
        for lang in LANGUAGES
    }


def source_title(record: str) -> str:
    return f"{HOSTILE} {record}.source"


@pytest.fixture
def hostile(db):
    """One published record of every public model, every text hostile."""
    URLValidator()(HOSTILE_URL)
    country = CountryFactory(code="ZZ", **translated("country"))
    area = FocusAreaFactory(slug="hostile-area", **translated("area"))
    city = CityFactory(
        slug="hostile-city",
        country=country,
        website=HOSTILE_URL,
        # An image needs a description; the file itself is never opened.
        cover_image="cities/hostile.jpg",
        cover_image_width=800,
        **translated("city"),
    )
    city.focus_areas.add(area)
    partner = PartnerFactory(
        slug="hostile-partner",
        kind=PartnerKind.COMPANY,
        country=country,
        website=HOSTILE_URL,
        logo="partners/hostile.png",
        logo_width=400,
        **translated("partner"),
    )
    PartnershipFactory(city=city, partner=partner, **translated("partnership"))
    project = ProjectFactory(
        slug="hostile-project",
        is_featured=True,
        image="projects/hostile.webp",
        image_width=800,
        **translated("project"),
    )
    project.cities.add(city)
    project.focus_areas.add(area)
    ProjectPartner.objects.create(
        project=project, partner=partner, role=PartnerRole.LEAD
    )
    for name, record in (("city", city), ("partner", partner), ("project", project)):
        Source.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            title=source_title(name),
            url=HOSTILE_URL,
        )
    Page.objects.create(
        slug="about-ascn", status=PublicationStatus.PUBLISHED, **translated("page")
    )


def values(lang: str, *fields: str) -> list[str]:
    return [text(*field.split("."), lang) for field in fields]


# Each public page and the texts it shows (record.field, in the page's language).
PAGES = {
    # page.body is formatted text, cleaned by nh3 rather than escaped: below.
    "/{lang}/": [
        "page.title",
        "city.name",
        "country.name",
        "project.title",
        "project.summary",
    ],
    "/{lang}/cities/": [
        "city.name",
        "city.region",
        "city.summary",
        "country.name",
        "area.name",
    ],
    "/{lang}/cities/hostile-city/": [
        "city.name",
        "city.region",
        "city.summary",
        "city.description",
        "city.vision",
        "city.cover_image_alt",
        "country.name",
        "area.name",
        "partner.name",
        "partnership.topic",
        "project.title",
    ],
    "/{lang}/countries/ZZ/": ["country.name", "city.name"],
    "/{lang}/focus-areas/": ["area.name", "area.description"],
    "/{lang}/focus-areas/hostile-area/": [
        "area.name",
        "area.description",
        "city.name",
        "country.name",
        "project.title",
    ],
    "/{lang}/partners/": ["partner.name", "partner.description", "country.name"],
    "/{lang}/partners/hostile-partner/": [
        "partner.name",
        "partner.description",
        "country.name",
        "city.name",
        "partnership.topic",
        "project.title",
    ],
    "/{lang}/projects/": [
        "project.title",
        "project.summary",
        "city.name",
        "partner.name",
        "area.name",
    ],
    "/{lang}/projects/hostile-project/": [
        "project.title",
        "project.summary",
        "project.description",
        "project.image_alt",
        "city.name",
        "country.name",
        "partner.name",
        "area.name",
    ],
    "/{lang}/search/?q=alert": [
        "city.name",
        "country.name",
        "partner.name",
        "project.title",
    ],
}
SOURCES = {
    "/{lang}/cities/hostile-city/": "city",
    "/{lang}/partners/hostile-partner/": "partner",
    "/{lang}/projects/hostile-project/": "project",
}
WEBSITES = ("/{lang}/cities/hostile-city/", "/{lang}/partners/hostile-partner/")


# The portal's own scripts: files of its static folder, loaded by src; and the
# schema.org data blocks, which browsers do not run, in which no "<" may appear.
OWN_SCRIPT = re.compile(
    r'<script src="/static/[^"<>]+\.js"( defer)?></script>'
    r'|<script type="application/ld\+json">[^<]*</script>'
)


def assert_no_raw_markup(html: str) -> None:
    html = OWN_SCRIPT.sub("", html.lower())
    for markup in RAW_MARKUP:
        assert markup not in html, markup


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_escapes_the_texts_it_shows(client, hostile, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_raw_markup(html)
    # A search marks what it found (<mark>): read the texts without those marks.
    html = unmarked(html)
    for value in values(lang, *PAGES[page]):
        assert escape(value) in html, value
    other = "en" if lang == "th" else "th"
    # The page's own language, not the other one.
    assert escape(text(*PAGES[page][0].split("."), other)) not in html
    if page in SOURCES:
        assert escape(source_title(SOURCES[page])) in html
        assert f'href="{escape(HOSTILE_URL)}"' in html
    if page in WEBSITES:
        assert f'<a href="{escape(HOSTILE_URL)}" rel="external noopener">' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_home_page_text_keeps_its_words_and_loses_the_markup(client, hostile, lang):
    # A page's text may hold a few HTML tags (core/formatting.py): nh3 drops the
    # script and the image with its handler, and keeps the text.
    html = client.get(f"/{lang}/").content.decode()
    assert_no_raw_markup(html)
    assert f"ภูเก็ต page.body {lang}</p>" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_logo_description_escapes_the_partner_name(client, hostile, lang):
    html = client.get(f"/{lang}/partners/hostile-partner/").content.decode()
    name = escape(text("partner", "name", lang))
    assert re.search(f'<img[^>]+alt="[^"]*{re.escape(name)}"', html)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_hostile_search_query_is_shown_as_text(client, hostile, lang):
    response = client.get(f"/{lang}/search/", {"q": HOSTILE})
    html = response.content.decode()
    assert_no_raw_markup(html)
    # In the search boxes and in "n results for “…”".
    assert html.count(f'value="{escape(HOSTILE)}"') == 2
    assert f"“{escape(HOSTILE)}”" in html
    # Every term is in the hostile names, so all three records are found, and
    # each term is marked in them.
    assert "<mark>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    for value in values(lang, "city.name", "partner.name", "project.title"):
        assert escape(value) in unmarked(html)


def unmarked(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def csv_cell(value: str) -> str:
    """The cell the export writes: a formula is made inert, nothing is escaped."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pytest.mark.parametrize(
    ("url", "spec", "record"),
    [
        ("/{lang}/cities/export.csv", CitySpec, "city"),
        ("/{lang}/partners/export.csv", PartnerSpec, "partner"),
        ("/{lang}/projects/export.csv", ProjectSpec, "project"),
    ],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_export_holds_the_texts_as_data(client, hostile, url, spec, record, lang):
    response = client.get(url.format(lang=lang))
    assert response.status_code == 200
    data = b"".join(response.streaming_content).decode("utf-8")
    assert "&lt;" not in data and "&quot;" not in data and "&#x27;" not in data
    (row,) = csv.DictReader(io.StringIO(data.removeprefix("\ufeff"), newline=""))
    checked = 0
    for field in TEXT_FIELDS[record]:
        for code in LANGUAGES:
            header = f"{field}_{code}"
            if header in row:
                assert row[header] == csv_cell(text(record, field, code)), header
                checked += 1
    assert checked >= 2  # at least the name or title in both languages
    if "website" in row:
        assert row["website"] == HOSTILE_URL
    if record == "project":
        assert row["summary_en"].startswith("'=HYPERLINK(")
