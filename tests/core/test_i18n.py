from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES"


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("th-TH,th;q=0.9,en;q=0.8", "/th/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("", "/th/"),
        ("fr-FR,fr;q=0.9", "/th/"),
        ("*", "/th/"),
        ("x" * 600, "/th/"),
    ],
)
def test_root_redirects_by_the_browsers_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/th/", "th", "เครือข่ายเมืองอัจฉริยะอาเซียน"),
        ("/en/", "en", "ASEAN Smart Cities Network"),
    ],
)
def test_home_page_speaks_the_language_of_its_address(client, path, lang, heading):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_every_interface_string_has_a_thai_translation():
    catalogue = polib.pofile(str(CATALOGUE / "django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 100


def test_compiled_catalogue_matches_the_po_file():
    po = {e.msgid: e.msgstr for e in polib.pofile(str(CATALOGUE / "django.po"))}
    mo = {e.msgid: e.msgstr for e in polib.mofile(str(CATALOGUE / "django.mo"))}
    assert mo == po, "run `make messages` to compile locale/th"
