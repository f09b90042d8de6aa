import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from portal.models import Page
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

PAGES = [
    "/{lang}/",
    "/{lang}/cities/",
    "/{lang}/cities/phuket/",
    "/{lang}/partners/",
    "/{lang}/partners/milwaukee/",
    "/{lang}/projects/",
    "/{lang}/projects/phuket-smart-city-framework-2019/",
    "/{lang}/focus-areas/",
    "/{lang}/focus-areas/built-infrastructure/",
    "/{lang}/countries/TH/",
    "/{lang}/search/?q=phuket",
]


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_in_both_languages_with_alternates(
    client, ascn_data, page, lang
):
    path = page.format(lang=lang)
    html = html_of(client.get(path))
    assert f'<html lang="{lang}">' in html
    bare = path.split("?")[0]
    assert f'<link rel="canonical" href="http://testserver{bare}">' in html
    for other in ("th", "en"):
        alternate = bare.replace(f"/{lang}/", f"/{other}/", 1)
        assert (
            f'hreflang="{other}"\n            href="http://testserver{alternate}'
            in html
        )
    assert 'hreflang="x-default"' in html


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/th/cities/phuket/", ["ภูเก็ต", "จังหวัดภูเก็ต", "มิลวอกี", "ลาสเวกัส"]),
        ("/en/cities/phuket/", ["Phuket", "Phuket Province", "Milwaukee", "Las Vegas"]),
    ],
)
def test_city_page_shows_its_record_in_the_pages_language(
    client, ascn_data, path, expected
):
    html = html_of(client.get(path))
    for text in expected:
        assert text in html


def test_phuket_shows_its_partnerships_with_their_topics(client, ascn_data):
    html = html_of(client.get("/en/cities/phuket/"))
    assert "Water management" in html
    assert "Smart transport" in html
    assert 'href="/en/partners/milwaukee/"' in html
    assert 'href="/en/partners/las-vegas/"' in html


def test_partner_page_shows_the_cities_it_works_with(client, ascn_data):
    html = html_of(client.get("/en/partners/milwaukee/"))
    assert 'href="/en/cities/phuket/"' in html
    assert 'href="/en/projects/water-smart-engagements-wise/"' in html


def test_sources_show_their_as_of_date_in_each_calendar(client, ascn_data):
    thai = html_of(client.get("/th/cities/bandar-seri-begawan/"))
    english = html_of(client.get("/en/cities/bandar-seri-begawan/"))
    assert "2\u00a0พฤษภาคม พ.ศ.\u00a02561" in thai
    assert "2 May 2018" in english


def test_thai_pages_give_years_in_the_buddhist_era(client, ascn_data):
    thai = html_of(client.get("/th/cities/phuket/"))
    english = html_of(client.get("/en/cities/phuket/"))
    assert "พ.ศ.\u00a02561" in thai
    assert "2018" not in re.sub(r"<[^>]+>|https?://\S+", "", thai)
    assert "2018" in english and "2561" not in english


def test_home_page_shows_the_editable_introduction_and_figures(client, ascn_data):
    html = html_of(client.get("/en/"))
    assert "About the ASEAN Smart Cities Network" in html
    figures = dict(re.findall(r"<dt>([^<]+)</dt>\s*<dd>\s*(?:<a[^>]*>)?(\d+)", html))
    assert figures["Pilot cities"] == "38"
    assert figures["Countries"] == "11"
    assert figures["Projects"] == "162"


def test_home_page_map_links_every_published_city(client, ascn_data):
    html = html_of(client.get("/th/"))
    figure = html[html.index('<figure class="city-map"') : html.index("</figure>")]
    # A city has a marker of its own or is in the list a group's marker opens.
    linked = set(re.findall(r'<a href="(/th/cities/[^"]+)"', figure))
    assert len(linked) == 38
    assert "/th/cities/phuket/" in linked
    assert "maps/asean.svg" in html


def test_the_404_page_speaks_the_visitors_language(client, ascn_data):
    thai = client.get("/th/cities/atlantis/")
    english = client.get("/en/cities/atlantis/")
    assert thai.status_code == english.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in thai.content.decode()
    assert "Page not found" in english.content.decode()


@pytest.mark.parametrize(
    ("lang", "text"), [("th", "เกิดข้อผิดพลาด"), ("en", "Something went wrong")]
)
def test_the_500_page_speaks_the_visitors_language(lang, text):
    with translation.override(lang):
        response = server_error(RequestFactory().get(f"/{lang}/"))
    assert response.status_code == 500
    assert text in response.content.decode()


def test_language_switcher_keeps_the_record_and_the_filters(client, ascn_data):
    html = html_of(client.get("/th/cities/?country=TH&sort=-joined"))
    assert 'href="/en/cities/?country=TH&amp;sort=-joined"' in html
    html = html_of(client.get("/en/projects/phuket-smart-city-framework-2019/"))
    assert 'href="/th/projects/phuket-smart-city-framework-2019/"' in html


def test_sitemap_lists_every_public_page_in_both_languages(client, ascn_data, draft):
    from tests.factories import CityFactory

    CityFactory(slug="draft-city", **draft)
    xml = client.get("/sitemap.xml").content.decode()
    for lang in ("th", "en"):
        assert f"<loc>http://testserver/{lang}/cities/phuket/</loc>" in xml
        assert f"<loc>http://testserver/{lang}/partners/huawei/</loc>" in xml
        assert f"<loc>http://testserver/{lang}/</loc>" in xml
    assert 'hreflang="en" href="http://testserver/en/cities/phuket/"' in xml
    assert 'hreflang="x-default"' in xml
    assert "draft-city" not in xml


def test_robots_txt_points_at_the_sitemap_and_never_names_the_admin(client, settings):
    settings.ADMIN_URL = "back-office-7f3a/"
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "admin" not in text and "back-office" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/login/",
        "/th/admin/",
        "/en/admin/cities/city/",
        "/en/admin/no-such-page/",
        "/en/admin/preferences/",
    ],
)
def test_the_admin_tells_search_engines_not_to_index_it(admin_client, client, path):
    for visitor in (client, admin_client):
        response = visitor.get(path)
        assert response["X-Robots-Tag"] == "noindex, nofollow", (path, visitor)


def test_public_pages_may_be_indexed(client):
    assert "X-Robots-Tag" not in client.get("/th/").headers


def test_a_lower_case_country_code_redirects_to_the_real_address(client, ascn_data):
    response = client.get("/en/countries/th/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/en/countries/TH/"


def test_staff_edit_the_home_introduction_in_both_languages(
    admin_client, client, ascn_data
):
    page = Page.objects.get(slug="about-ascn")
    response = admin_client.get(f"/en/admin/portal/page/{page.pk}/change/")
    assert response.status_code == 200
    data = admin_form_data(response)
    data["body_th"] = "ข้อความแนะนำฉบับใหม่"
    data["body_en"] = "A new introduction."
    assert (
        admin_client.post(f"/en/admin/portal/page/{page.pk}/change/", data).status_code
        == 302
    )
    assert "ข้อความแนะนำฉบับใหม่" in client.get("/th/").content.decode()
    assert "A new introduction." in client.get("/en/").content.decode()
