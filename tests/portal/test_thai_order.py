"""Thai pages list names in Thai dictionary order, English pages in the English
alphabet without regard to case: the lists, their filter options, and the names
inside cards and detail pages, on the real reference data."""

import re

import pytest
from django.db import connection
from django.db.models.functions import Collate
from django.utils import translation

from cities.models import City, Country
from core.collation import by_name, thai_sort_key
from partners.models import Partner
from projects.models import Project

pytestmark = pytest.mark.django_db

# The 38 pilot cities as a Thai dictionary lists them: a name that begins with a
# leading vowel (เชียงใหม่, โกตากินาบาลู, เวียงจันทน์) under its first consonant.
THAI_CITIES = [
    "กรุงเทพมหานคร",
    "กัวลาลัมเปอร์",
    "กูจิง",
    "โกตากินาบาลู",
    "ขอนแก่น",
    "จาการ์ตา",
    "ชลบุรี",
    "เชียงใหม่",
    "ซูเมดัง",
    "เซบู",
    "เซอเบอรังเปอไร",
    "เซอมารัง",
    "ดานัง",
    "ดาเวา",
    "ดิลี",
    "เดนปาซาร์",
    "นครโฮจิมินห์",
    "เนปยีดอ",
    "บันดาร์เสรีเบกาวัน",
    "บันยูวังงี",
    "ปุตราจายา",
    "พนมเปญ",
    "พระตะบอง",
    "ภูเก็ต",
    "มะนิลา",
    "มัณฑะเลย์",
    "มากัซซาร์",
    "เมืองคาวายัน",
    "ยะโฮร์บาห์รู",
    "ย่างกุ้ง",
    "ระยอง",
    "เวียงจันทน์",
    "สิงคโปร์",
    "สีหนุวิลล์",
    "เสียมราฐ",
    "หลวงพระบาง",
    "อีโปห์",
    "ฮานอย",
]
# The member states and the partners' home countries.
THAI_COUNTRIES = [
    "กัมพูชา",
    "จีน",
    "ญี่ปุ่น",
    "ติมอร์-เลสเต",
    "ไทย",
    "นิวซีแลนด์",
    "บรูไนดารุสซาลาม",
    "ฝรั่งเศส",
    "ฟิลิปปินส์",
    "มาเลเซีย",
    "เมียนมา",
    "เยอรมนี",
    "เวียดนาม",
    "สปป. ลาว",
    "สหรัฐอเมริกา",
    "สาธารณรัฐเกาหลี",
    "สิงคโปร์",
    "ออสเตรเลีย",
    "อินโดนีเซีย",
    "ฮังการี",
]
THAI_MEMBER_STATES = [
    "กัมพูชา",
    "ติมอร์-เลสเต",
    "ไทย",
    "บรูไนดารุสซาลาม",
    "ฟิลิปปินส์",
    "มาเลเซีย",
    "เมียนมา",
    "เวียดนาม",
    "สปป. ลาว",
    "สิงคโปร์",
    "อินโดนีเซีย",
]
ENGLISH_MEMBER_STATES = [
    "Brunei Darussalam",
    "Cambodia",
    "Indonesia",
    "Lao PDR",
    "Malaysia",
    "Myanmar",
    "Philippines",
    "Singapore",
    "Thailand",
    "Timor-Leste",
    "Viet Nam",
]


def section(html: str, start: str, end: str | None = None) -> str:
    part = html.split(start, 1)[1]
    return part.split(end, 1)[0] if end else part


def linked(html: str, kind: str) -> list[str]:
    """Slugs of the records of `kind` linked from `html`, in order."""
    return re.findall(rf'href="/\w\w/{kind}/([^/"?]+)/"', html)


def listed(client, path: str, kind: str, **query: str) -> list[str]:
    """Slugs of a list page's records (the titles of its items or cards, not
    the map's labels), from every page in turn."""
    slugs, page = [], 1
    while True:
        response = client.get(path, {**query, "page": page})
        slugs += re.findall(
            rf'class="(?:record|card)__title">\s*<a href="/\w\w/{kind}/([^/]+)/"',
            response.content.decode(),
        )
        if not response.context["page_obj"].has_next():
            return slugs
        page += 1


def names(model, slugs: list[str], language: str, field: str = "name") -> list[str]:
    found = dict(model.objects.values_list("slug", f"{field}_{language}"))
    return [found[slug] for slug in slugs]


def options(html: str, name: str) -> list[str]:
    select = section(html, f'name="{name}"', "</select>")
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def test_the_first_page_of_thai_cities_is_in_dictionary_order(client, ascn_data):
    html = client.get("/th/cities/").content.decode()
    first = re.findall(
        r'class="record__title">\s*<a href="/th/cities/([^/]+)/"',
        section(html, 'class="record-list"'),
    )
    assert names(City, first, "th") == THAI_CITIES[:24]
    assert names(City, listed(client, "/th/cities/", "cities"), "th") == THAI_CITIES


def test_english_cities_are_in_the_english_alphabet(client, ascn_data):
    shown = names(City, listed(client, "/en/cities/", "cities"), "en")
    assert shown == sorted(shown, key=str.lower)
    assert shown[:3] == ["Bandar Seri Begawan", "Bangkok", "Banyuwangi"]


@pytest.mark.parametrize("path", ["/th/cities/", "/th/partners/"])
def test_the_country_filter_lists_countries_in_thai_order(client, ascn_data, path):
    codes = options(client.get(path).content.decode(), "country")
    shown = [Country.objects.get(code=code).name_th for code in codes]
    assert len(shown) > 5
    assert shown == [name for name in THAI_COUNTRIES if name in shown]


def test_the_cities_country_filter_offers_the_member_states(client, ascn_data):
    codes = options(client.get("/th/cities/").content.decode(), "country")
    assert [Country.objects.get(code=c).name_th for c in codes] == (THAI_MEMBER_STATES)


def test_the_country_filter_of_english_pages_is_alphabetical(client, ascn_data):
    codes = options(client.get("/en/cities/").content.decode(), "country")
    assert [Country.objects.get(code=c).name_en for c in codes] == (
        ENGLISH_MEMBER_STATES
    )


def test_cities_sorted_by_country_follow_the_thai_order_of_countries(client, ascn_data):
    slugs = listed(client, "/th/cities/", "cities", sort="country")
    countries = dict(City.objects.values_list("slug", "country__name_th"))
    seen: list[str] = []
    for slug in slugs:
        if countries[slug] not in seen:
            seen.append(countries[slug])
    assert seen == THAI_MEMBER_STATES
    # Within a country, its cities by name.
    thai = [City.objects.get(slug=slug).name_th for slug in slugs]
    assert thai.index("ชลบุรี") < thai.index("เชียงใหม่") < thai.index("ภูเก็ต")


def test_thai_partners_in_dictionary_order_with_latin_names_last(client, ascn_data):
    shown = names(Partner, listed(client, "/th/partners/", "partners"), "th")
    assert len(shown) == Partner.objects.published().count()
    position = {name: index for index, name in enumerate(shown)}
    assert (
        position["รูอังกูรู"]
        < position["แรมบอลล์"]
        < position["โรงพยาบาลมหาวิทยาลัยมากัซซาร์"]
        < position["โรลันด์ เบอร์เกอร์"]
        < position["ลาสเวกัส"]
    )
    assert [name.split()[0] for name in shown[-4:]] == ["Clean", "DC", "GRET", "Smart"]


def test_english_partners_are_listed_without_regard_to_case(client, ascn_data):
    shown = names(Partner, listed(client, "/en/partners/", "partners"), "en")
    assert shown[:3] == [
        "Access Partnership",
        "Advanced Info Service (AIS)",
        "AMATA Corporation PCL",
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_projects_of_the_same_start_year_are_in_the_readers_order(
    client, ascn_data, language
):
    slugs = listed(client, f"/{language}/projects/", "projects")
    projects = {p.slug: p for p in Project.objects.published()}
    assert sorted(slugs) == sorted(projects)

    def order(project):
        title = getattr(project, f"title_{language}")
        return thai_sort_key(title) if language == "th" else title.lower()

    by_year: dict = {}
    for slug in slugs:
        by_year.setdefault(projects[slug].start_year, []).append(projects[slug])
    assert list(by_year) == sorted(
        by_year, key=lambda year: (year is None, -(year or 0))
    )
    for group in by_year.values():
        assert group == sorted(group, key=lambda p: (order(p), p.slug))


def test_the_project_filters_offer_cities_and_partners_in_thai_order(client, ascn_data):
    html = client.get("/th/projects/").content.decode()
    assert names(City, options(html, "city"), "th") == THAI_CITIES
    partners = names(Partner, options(html, "partner"), "th")
    assert partners == sorted(partners, key=thai_sort_key)
    assert partners[0] == "กรมประปาและระบายน้ำเคาน์ตีไมแอมี-เดด"


WISE = "water-smart-engagements-wise"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("th", ["cebu-city", "ho-chi-minh-city", "phuket", "johor-bahru", "vientiane"]),
        ("en", ["cebu-city", "ho-chi-minh-city", "johor-bahru", "phuket", "vientiane"]),
    ],
)
def test_a_projects_cities_are_in_the_readers_order(
    client, ascn_data, language, expected
):
    page = client.get(f"/{language}/projects/{WISE}/").content.decode()
    tags = section(page, 'class="tags"', "</ul>")
    assert linked(tags, "cities") == expected
    # The project's card in the list names them in the same order.
    cards = client.get(f"/{language}/projects/", {"q": "WiSE"}).content.decode()
    card = section(section(cards, f"/projects/{WISE}/"), "card__cities", "</p>")
    text = re.sub(r"<[^>]+>|\u200b", "", card.split(">", 1)[1])
    shown = [name.strip() for name in text.split(",")]
    assert shown == names(City, expected, language)


def test_a_projects_partners_of_one_role_are_in_thai_order(client, ascn_data):
    technical = [
        "กรมประปาและระบายน้ำเคาน์ตีไมแอมี-เดด",
        "คณะกรรมการสาธารณูปโภคนครซานฟรานซิสโก (SFPUC)",
        "มิลวอกี (The Water Council)",
        "Clean Water Services (เมืองฮิลส์โบโร รัฐออริกอน)",
        "DC Water (การประปาและระบายน้ำกรุงวอชิงตัน ดี.ซี.)",
    ]
    page = client.get(f"/th/projects/{WISE}/").content.decode()
    shown = names(Partner, linked(page, "partners"), "th")
    assert [name for name in shown if name in technical] == technical


def test_a_citys_partnerships_of_the_same_year_are_in_thai_order(client, ascn_data):
    page = client.get("/th/cities/vientiane/").content.decode()
    shown = names(Partner, linked(page, "partners"), "th")
    undated = [
        name_th
        for name_th, year in Partner.objects.filter(
            partnerships__city__slug="vientiane"
        ).values_list("name_th", "partnerships__start_year")
        if year is None
    ]
    assert [name for name in shown if name in undated] == [
        "กองทุนสิ่งแวดล้อมโลก (GEF)",
        "กองทุนโอเปกเพื่อการพัฒนาระหว่างประเทศ",
        "ธนาคารพัฒนาเอเชีย (ADB)",
        "ธนาคารเพื่อการลงทุนแห่งยุโรป (EIB)",
        "สถาบันอุตสาหกรรมและเทคโนโลยีสิ่งแวดล้อมแห่งเกาหลี (KEITI)",
        "Clean Water Services (เมืองฮิลส์โบโร รัฐออริกอน)",
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_partners_cities_are_in_the_readers_order(client, ascn_data, language):
    cities = client.get(f"/{language}/partners/jica/").context["cities"]
    shown = [getattr(city, f"name_{language}") for city in cities]
    assert len(shown) > 2
    key = thai_sort_key if language == "th" else str.lower
    assert shown == sorted(shown, key=key)


def test_search_results_matching_by_name_are_in_thai_order(client, ascn_data):
    cities = client.get("/th/search/", {"q": "ง"}).context["cities"]
    # A city's other names count as its name ("ไซ่ง่อน").
    by_name_ = [
        city.name_th for city in cities if "ง" in city.name_th + (city.aliases_th or "")
    ]
    assert "นครโฮจิมินห์" in by_name_
    assert by_name_ == [name for name in THAI_CITIES if name in by_name_]
    assert [city.name_th for city in cities][: len(by_name_)] == by_name_


def test_a_focus_areas_cities_are_in_thai_order(client, ascn_data):
    area = City.objects.get(slug="chiang-mai").focus_areas.first()
    cities = client.get(f"/th/focus-areas/{area.slug}/").context["cities"]
    shown = [city.name_th for city in cities]
    assert shown == [name for name in THAI_CITIES if name in shown]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ICU collations are PostgreSQL's"
)
@pytest.mark.parametrize(
    ("model", "field"),
    [(Country, "name"), (City, "name"), (Partner, "name"), (Project, "title")],
)
def test_the_real_names_sort_as_icus_thai_collation_sorts_them(ascn_data, model, field):
    """Names that differ only in what the key leaves out (case, punctuation)
    may come in either order."""
    with translation.override("th"):
        ours = model.objects.order_by(*by_name(field, tie="pk"))
    icu = list(
        model.objects.order_by(Collate(f"{field}_th", "th-TH-x-icu"), "pk").values_list(
            "pk", flat=True
        )
    )
    rank = {pk: position for position, pk in enumerate(icu)}
    keys = dict(ours.values_list("pk", f"{field}_th_sort"))
    assert list(ours.values_list("pk", flat=True)) == sorted(
        icu, key=lambda pk: (keys[pk], rank[pk])
    )
