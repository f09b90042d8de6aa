"""Open Graph and X (Twitter) card tags: what a chat app or social network shows
for a shared page: its title, summary, image, address and language."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from PIL import Image

from core.wordbreaks import shorten
from partners.models import Partner
from projects.models import Project
from tests.factories import ProjectFactory
from tests.portal.test_html_validity import give_images

pytestmark = pytest.mark.django_db

PAGES = [
    "/{lang}/",
    "/{lang}/cities/",
    "/{lang}/cities/phuket/",
    "/{lang}/countries/TH/",
    "/{lang}/partners/",
    "/{lang}/partners/huawei/",
    "/{lang}/projects/",
    "/{lang}/projects/kaen-nakhon-tram/",
    "/{lang}/focus-areas/",
    "/{lang}/focus-areas/built-infrastructure/",
    "/{lang}/about-data/",
    "/{lang}/data/",
    "/{lang}/search/?q=phuket",
    "/{lang}/pages/about/",
]
DEFAULT_IMAGE = re.compile(r"http://testserver/static/img/share(\.\w+)?\.png")


def meta(html: str) -> dict[str, list[str]]:
    """Each property or name of the page's meta tags, with its values."""
    tags: dict[str, list[str]] = {}
    for tag in re.findall(r"<meta\s[^>]*>", html):
        key = re.search(r'(?:property|name)="([^"]+)"', tag)
        value = re.search(r'content="([^"]*)"', tag)
        if key and value:
            tags.setdefault(key.group(1), []).append(unescape(value.group(1)))
    return tags


def one(tags: dict[str, list[str]], key: str) -> str:
    assert len(tags.get(key, [])) == 1, (key, tags.get(key))
    return tags[key][0]


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_public_page_has_a_share_preview(client, ascn_data, page, lang):
    address = page.format(lang=lang)
    html = client.get(address).content.decode()
    tags = meta(html)
    title = re.search(r"<title>(.*?) · ", html, re.S).group(1)
    assert one(tags, "og:title") == unescape(title).strip()
    assert one(tags, "og:description") == one(tags, "description") != ""
    assert one(tags, "og:url") == "http://testserver" + address.split("?")[0]
    assert one(tags, "og:type") == "website"
    other = {"th": "en_US", "en": "th_TH"}[lang]
    assert one(tags, "og:locale") == {"th": "th_TH", "en": "en_US"}[lang]
    assert one(tags, "og:locale:alternate") == other
    assert one(tags, "og:image").startswith("http://testserver/")
    assert one(tags, "twitter:card") in ("summary_large_image", "summary")


def test_a_record_shares_its_own_title_summary_and_image(client, ascn_data, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT / "share"
    give_images()
    project = Project.objects.exclude(image="").get()
    tags = meta(client.get(f"/en/projects/{project.slug}/").content.decode())
    assert one(tags, "og:title") == project.title_en
    assert one(tags, "og:description") == shorten(project.summary_en, 200)
    assert one(tags, "og:image") == f"http://testserver{project.image.url}"
    assert one(tags, "og:image:alt") == "The project"
    assert one(tags, "twitter:card") == "summary_large_image"
    thai = meta(client.get(f"/th/projects/{project.slug}/").content.decode())
    assert one(thai, "og:title") == project.title_th
    assert one(thai, "og:image:alt") == "ภาพโครงการ"
    city = meta(client.get("/th/cities/phuket/").content.decode())
    assert one(city, "og:title") == "ภูเก็ต"
    assert one(city, "og:image").endswith(".png")
    assert "/media/" in one(city, "og:image")
    # A logo is shown whole on a small card, not cropped on a large one.
    partner = meta(client.get("/en/partners/milwaukee/").content.decode())
    assert one(partner, "og:image") == (
        "http://testserver" + Partner.objects.get(slug="milwaukee").logo.url
    )
    assert one(partner, "twitter:card") == "summary"


def test_a_summary_with_markup_characters_is_escaped_once(client, db):
    ProjectFactory(slug="pipes", summary_en='Pipes & pumps for "clean" water <fast>')
    html = client.get("/en/projects/pipes/").content.decode()
    assert (
        '<meta property="og:description" '
        'content="Pipes &amp; pumps for &quot;clean&quot; water &lt;fast&gt;">'
    ) in html


def test_a_record_without_an_image_shares_the_portals_own(client, ascn_data):
    tags = meta(client.get("/th/projects/kaen-nakhon-tram/").content.decode())
    assert DEFAULT_IMAGE.fullmatch(one(tags, "og:image"))
    assert one(tags, "og:image:width") == "1200"
    assert one(tags, "og:image:height") == "630"
    assert one(tags, "twitter:card") == "summary_large_image"


def test_the_portals_share_image_is_a_png_of_1200_by_630():
    path = Path(settings.BASE_DIR) / "static" / "img" / "share.png"
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_an_address_without_a_request_comes_from_the_site_url(settings):
    settings.SITE_URL = "https://ascn.example.org"
    rendered = Template("{% load portal %}{% absolute_url '/static/x.png' %}").render(
        Context({})
    )
    assert rendered == "https://ascn.example.org/static/x.png"


def test_a_page_behind_a_proxy_shares_https_addresses(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["ascn.example.org"]
    html = client.get(
        "/en/", HTTP_HOST="ascn.example.org", HTTP_X_FORWARDED_PROTO="https"
    ).content.decode()
    tags = meta(html)
    assert one(tags, "og:url") == "https://ascn.example.org/en/"
    assert one(tags, "og:image").startswith("https://ascn.example.org/static/")


def test_an_image_url_that_is_already_absolute_is_kept():
    rendered = Template(
        "{% load portal %}{% absolute_url 'https://cdn.example.org/a.png' %}"
    ).render(Context({}))
    assert rendered == "https://cdn.example.org/a.png"
