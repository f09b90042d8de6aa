from pathlib import Path

import polib
import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUE = LOCALE / "th" / "LC_MESSAGES"
ALL_THAI_PO_FILES = sorted(LOCALE.glob("**/th/LC_MESSAGES/*.po"))


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


@pytest.mark.parametrize("po_path", ALL_THAI_PO_FILES, ids=str)
def test_compiled_catalogue_matches_the_po_file(po_path):
    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
            for e in catalogue
            if e.msgid
        }

    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    assert entries(mo) == entries(po), f"run `make messages` to compile {po_path}"
