"""The pages the footer links to, which staff write in both languages: about the
portal, contact, privacy, accessibility."""

import re

import pytest
from django.utils import translation

from portal.models import Page
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

FOOTER = {
    "about": ("เกี่ยวกับพอร์ทัลนี้", "About this portal"),
    "contact": ("ติดต่อ", "Contact"),
    "privacy": ("ความเป็นส่วนตัว", "Privacy"),
    "accessibility": ("การเข้าถึง", "Accessibility"),
}
TITLES = {
    "about": ("เกี่ยวกับพอร์ทัลนี้", "About this portal"),
    "contact": ("ติดต่อ", "Contact"),
    "privacy": ("นโยบายความเป็นส่วนตัว", "Privacy"),
    "accessibility": ("การเข้าถึงเว็บไซต์", "Accessibility statement"),
}
# What each page must say, in each language: the facts it stands for.
SAYS = {
    "about": (["ข้อมูลเปิด", "แหล่งข้อมูล"], ["Open data", "sources"]),
    "contact": (
        ["https://asean.org/our-communities/asean-smart-cities-network/"],
        ["https://asean.org/our-communities/asean-smart-cities-network/"],
    ),
    "privacy": (["ไม่มีคุกกี้", "ไม่มีการติดตาม"], ["No cookies", "No tracking"]),
    "accessibility": (["WCAG 2.2", "AA"], ["WCAG", "2.2", "level AA"]),
}


@pytest.mark.parametrize("slug", list(FOOTER))
@pytest.mark.parametrize(("lang", "index"), [("th", 0), ("en", 1)])
def test_every_footer_page_is_written_in_each_language(
    client, ascn_data, slug, lang, index
):
    response = client.get(f"/{lang}/pages/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{TITLES[slug][index]}</h1>" in html
    for words in SAYS[slug][index]:
        assert words in html, words
    body = re.search(r'<article class="page-text">(.*?)</article>', html, re.S)[1]
    if lang == "th":
        # A Thai reader reads Thai: English only in names, URLs and acronyms.
        letters = re.sub(r"https?://\S+|<[^>]+>", "", body)
        thai = len(re.findall("[\u0e01-\u0e5b]", letters))
        latin = len(re.findall("[A-Za-z]", letters))
        assert thai > 10 * latin
    assert re.search(r'<meta name="description" content="[^"]{50,}">', html)


@pytest.mark.parametrize(("lang", "index"), [("th", 0), ("en", 1)])
def test_the_footer_links_every_page_in_the_pages_language(client, db, lang, index):
    html = client.get(f"/{lang}/").content.decode()
    footer = html[html.index('<footer class="site-footer"') :]
    for slug, names in FOOTER.items():
        assert f'<a href="/{lang}/pages/{slug}/">{names[index]}</a>' in footer


def test_staff_edit_a_footer_page_in_both_languages(admin_client, client, ascn_data):
    page = Page.objects.get(slug="contact")
    address = f"/en/admin/portal/page/{page.pk}/change/"
    data = admin_form_data(admin_client.get(address))
    data["body_th"] = "โทร 02 000 0000"
    data["body_en"] = "Call +66 2 000 0000."
    assert admin_client.post(address, data).status_code == 302
    assert "โทร 02 000 0000" in client.get("/th/pages/contact/").content.decode()
    assert "Call +66 2 000 0000." in client.get("/en/pages/contact/").content.decode()
    # The admin's "view on site" opens the page itself.
    with translation.override("en"):
        assert page.get_absolute_url() == "/en/pages/contact/"


def test_a_draft_page_is_for_staff_only(client, admin_client, ascn_data):
    Page.objects.filter(slug="privacy").update(status="draft")
    assert client.get("/th/pages/privacy/").status_code == 404
    preview = admin_client.get("/th/pages/privacy/?preview=1")
    assert preview.status_code == 200
    assert 'class="preview-banner"' in preview.content.decode()


def test_the_home_introduction_is_no_page_of_its_own(client, ascn_data):
    assert client.get("/th/pages/about-ascn/").status_code == 404
    assert Page.objects.get(slug="about-ascn").get_absolute_url() == "/th/"


def test_the_sitemap_lists_the_footer_pages_in_both_languages(client, ascn_data):
    xml = client.get("/sitemap.xml").content.decode()
    for lang in ("th", "en"):
        for slug in FOOTER:
            assert f"<loc>http://testserver/{lang}/pages/{slug}/</loc>" in xml
    assert "/pages/about-ascn/" not in xml


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/th/",
        "/en/",
        "/th/cities/?country=TH",
        "/en/projects/kaen-nakhon-tram/",
        "/th/search/?q=ภูเก็ต",
        "/th/pages/privacy/",
        "/th/cities/export.csv",
    ],
)
def test_no_public_page_sets_a_cookie_as_the_privacy_page_says(
    client, ascn_data, address
):
    response = client.get(address)
    assert response.status_code in (200, 302)
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
