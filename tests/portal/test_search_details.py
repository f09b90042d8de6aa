"""What a reader sees around a search and the filters: why each result matched,
what was searched when nothing matched (with ways out), and which options of a
filter would give nothing."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from core.versioning import bump_version
from tests.factories import (
    CityFactory,
    CountryFactory,
    FocusAreaFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def excerpts(html: str) -> list[str]:
    return [
        " ".join(found.split())
        for found in re.findall(r'<p class="excerpt">(.*?)</p>', html, re.S)
    ]


def options(html: str, name: str) -> dict[str, str]:
    """value -> the option's tag and text, of the <select> called `name`."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    return {
        value: tag
        for value, tag in (
            (re.search(r'value="([^"]*)"', found).group(1), found)
            for found in re.findall(r"<option[^>]*>[^<]*</option>", select.group(1))
        )
    }


# Excerpts


@pytest.mark.parametrize(
    ("lang", "query", "marked"),
    [("en", "tram", "<mark>tram</mark>"), ("th", "รถราง", "<mark>รถราง</mark>")],
)
def test_a_project_found_by_its_summary_shows_the_passage_with_the_match(
    client, ascn_data, lang, query, marked
):
    html = client.get(f"/{lang}/projects/", {"q": query}).content.decode()
    found = excerpts(html)
    assert found and all(marked in passage for passage in found)


@pytest.mark.parametrize(
    ("lang", "label"), [("en", "Also known as"), ("th", "หรือที่รู้จักในชื่อ")]
)
def test_a_city_found_by_another_name_says_it_is_also_known_by_it(
    client, ascn_data, lang, label
):
    for page in (f"/{lang}/cities/", f"/{lang}/search/"):
        html = client.get(page, {"q": "kl"}).content.decode()
        assert any(
            f'<span class="excerpt__label">{label}</span>' in passage
            and passage.endswith("<mark>KL</mark></span>")
            for passage in excerpts(html)
        )


def test_a_name_in_the_other_language_is_shown_with_the_match(client, ascn_data):
    html = client.get("/en/search/", {"q": "ภูเก็ต"}).content.decode()
    assert (
        '<span class="excerpt__label">Thai name:</span> '
        '<span lang="th"><mark>ภูเก็ต</mark></span>'
    ) in excerpts(html)


def test_a_matching_name_is_marked_in_the_title(client, ascn_data):
    html = client.get("/en/cities/", {"q": "phuk"}).content.decode()
    assert '<a href="/en/cities/phuket/">Phuket</a>' not in html
    assert "<mark>Phuk</mark>et</a>" in html


def test_a_long_summary_is_shortened_around_the_match(client, db):
    words = [f"filler{number}" for number in range(80)]
    words[50] = "Needle"
    CityFactory(slug="long", name_en="Long", summary_en=" ".join(words))
    html = client.get("/en/cities/", {"q": "needle"}).content.decode()
    (passage,) = excerpts(html)
    assert passage.count("filler") < 30
    assert "…filler42 " in passage and "<mark>Needle</mark>" in passage
    assert "filler10 " not in passage


@pytest.mark.parametrize("query", ["<script>", "&", '"><img src=x>'])
def test_a_hostile_query_is_escaped_in_every_search_page(client, db, query):
    CityFactory(
        slug="hostile",
        name_en="Hostile",
        summary_en=f"A summary with {query} in it and <b>markup</b>.",
    )
    PartnerFactory(slug="p", description_en=f"Partner with {query} inside")
    for page in ("/en/cities/", "/en/partners/", "/en/search/"):
        response = client.get(page, {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert query not in html.replace("&amp;", "") or query == "&"
        assert "<b>markup</b>" not in html
        assert excerpts(html)
        assert all("<mark>" in passage for passage in excerpts(html))


# Empty results


@pytest.fixture
def little(db):
    thailand = CountryFactory(code="TH", name_en="Thailand", name_th="ไทย")
    vietnam = CountryFactory(code="VN", name_en="Viet Nam", name_th="เวียดนาม")
    water = FocusAreaFactory(slug="water", name_en="Water", name_th="น้ำ")
    phuket = CityFactory(
        slug="phuket", name_en="Phuket", name_th="ภูเก็ต", country=thailand
    )
    phuket.focus_areas.add(water)
    CityFactory(
        slug="hanoi",
        name_en="Hanoi",
        name_th="ฮานอย",
        country=vietnam,
    )
    return thailand


@pytest.mark.parametrize(
    ("lang", "heading", "search", "country", "remove", "clear"),
    [
        (
            "en",
            "Nothing matches all of these together:",
            "Search:",
            "Country:",
            "Show without this filter",
            "Clear all filters and show the whole list",
        ),
        (
            "th",
            "ไม่พบรายการที่ตรงกับเงื่อนไขทั้งหมดนี้พร้อมกัน:",
            "ค้นหา:",
            "ประเทศ:",
            "แสดงโดยไม่ใช้ตัวกรองนี้",
            "ล้างตัวกรองทั้งหมดและแสดงรายการทั้งหมด",
        ),
    ],
)
def test_an_empty_list_says_what_was_searched_and_offers_ways_out(
    client, little, lang, heading, search, country, remove, clear
):
    html = client.get(
        f"/{lang}/cities/", {"q": "hanoi", "country": "TH", "focus_area": "water"}
    ).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert heading in text
    assert f"{search} “hanoi”" in text
    assert f"{country} {'Thailand' if lang == 'en' else 'ไทย'}" in text
    assert remove in text and clear in text
    links = [
        unescape(link)
        for link in re.findall(r'class="active-filters__remove" href="([^"]+)"', html)
    ]
    assert [urlsplit(link).path for link in links] == [f"/{lang}/cities/"] * 3
    assert [parse_qs(urlsplit(link).query) for link in links] == [
        {"country": ["TH"], "focus_area": ["water"]},
        {"q": ["hanoi"], "focus_area": ["water"]},
        {"q": ["hanoi"], "country": ["TH"]},
    ]
    assert f'class="empty-result__clear" href="/{lang}/cities/"' in html
    # Without the country and the focus area, Hanoi is found.
    assert "/cities/hanoi/" in client.get(f"/{lang}/cities/?q=hanoi").content.decode()
    assert "/cities/hanoi/" not in client.get(links[2]).content.decode()


def test_clearing_the_filters_keeps_the_chosen_order(client, little):
    html = client.get("/en/cities/", {"q": "zzz", "sort": "country"}).content.decode()
    assert 'class="empty-result__clear" href="/en/cities/?sort=country"' in html


def test_an_empty_project_list_names_choices_by_their_labels(client, little):
    html = client.get(
        "/th/projects/", {"stage": "completed", "city": "phuket"}
    ).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "ระยะของโครงการ: ดำเนินการเสร็จสิ้น" in text
    assert "เมืองนำร่อง: ภูเก็ต" in text


def test_a_hostile_filter_value_is_escaped_in_the_empty_result(client, little):
    response = client.get("/en/cities/", {"q": "<script>x</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "“&lt;script&gt;x&lt;/script&gt;”" in html


def test_an_empty_site_search_offers_a_way_back(client, little):
    html = client.get("/th/search/", {"q": "โคราช"}).content.decode()
    assert "ไม่พบผลลัพธ์สำหรับ “โคราช”" in html
    assert re.search(r'class="empty-result__clear"\s+href="/th/search/"', html)
    assert 'href="/th/cities/"' in html


# Options that would give nothing


@pytest.mark.parametrize("lang", ["en", "th"])
def test_options_say_how_many_records_they_would_list(client, little, lang):
    html = client.get(f"/{lang}/cities/").content.decode()
    countries = options(html, "country")
    thailand, vietnam = ("Thailand", "Viet Nam") if lang == "en" else ("ไทย", "เวียดนาม")
    assert f">{thailand} (1)</option>" in countries["TH"]
    assert f">{vietnam} (1)</option>" in countries["VN"]
    assert "disabled" not in countries["TH"] + countries["VN"]


def test_an_option_that_would_give_nothing_with_the_other_filters_is_disabled(
    client, little
):
    html = client.get("/en/cities/", {"focus_area": "water"}).content.decode()
    countries = options(html, "country")
    assert "Thailand (1)" in countries["TH"] and "disabled" not in countries["TH"]
    assert "Viet Nam (0)" in countries["VN"] and "disabled" in countries["VN"]
    # A filter does not narrow its own options.
    areas = options(html, "focus_area")
    assert "selected" in areas["water"] and "Water (1)" in areas["water"]


def test_a_chosen_option_that_gives_nothing_stays_chosen_and_enabled(client, little):
    html = client.get("/en/cities/", {"q": "hanoi", "country": "TH"}).content.decode()
    thailand = options(html, "country")["TH"]
    assert "selected" in thailand and "disabled" not in thailand
    assert "Thailand (0)" in thailand


def test_project_options_count_projects_with_the_other_filters(client, little):
    from cities.models import City

    phuket = City.objects.get(slug="phuket")
    for number in range(3):
        ProjectFactory(slug=f"p{number}", stage="completed").cities.add(phuket)
    ProjectFactory(slug="elsewhere", stage="planning")
    html = client.get("/en/projects/", {"city": "phuket"}).content.decode()
    stages = options(html, "stage")
    assert "(3)" in stages["completed"]
    assert "(0)" in stages["planning"] and "disabled" in stages["planning"]
    cities = options(html, "city")
    assert "(3)" in cities["phuket"] and "(0)" in cities["hanoi"]


@pytest.mark.parametrize(
    "path",
    [
        "/en/cities/?country=TH&focus_area=water&joined=2018",
        "/en/projects/?city=city-01&stage=planning&q=Project",
        "/en/partners/?kind=company&country=TH",
    ],
)
def test_option_counts_cost_the_same_queries_with_more_rows(client, db, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    thailand = CountryFactory(code="TH")
    area = FocusAreaFactory(slug="water")
    used = []
    for rows in (3, 30):
        for number in range(len(used), rows):
            city = CityFactory(slug=f"city-{number:02d}", country=thailand)
            city.focus_areas.add(area)
            ProjectFactory(slug=f"project-{number:02d}").cities.add(city)
            PartnerFactory(slug=f"partner-{number:02d}", country=thailand)
            used.append(number)
        bump_version()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counted = len(queries)
        if rows == 3:
            few = counted
    assert counted == few


def test_option_counts_are_kept_under_the_content_version(client, little, settings):
    settings.PAGE_CACHE_ENABLED = False
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/en/cities/")
    with CaptureQueriesContext(connection) as again:
        html = client.get("/en/cities/").content.decode()
    assert "Thailand (1)" in html
    assert not any("UNION" in query["sql"] for query in again.captured_queries)
    CityFactory(slug="chiang-mai", country=little)  # a change: a new version
    with CaptureQueriesContext(connection) as changed:
        html = client.get("/en/cities/").content.decode()
    assert "Thailand (2)" in html
    assert any("UNION" in query["sql"] for query in changed.captured_queries)
