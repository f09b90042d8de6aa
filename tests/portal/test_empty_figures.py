"""The home page and the list pages never show a figure that is 0 as if it were
information: such a figure is left out or said in words."""

import re

import pytest

from core.models import PublicationStatus
from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def figures(response) -> dict[str, str]:
    """The home page's figures, label → number, as a reader sees them."""
    page = response.content.decode()
    block = re.search(r'<dl class="figures">(.*?)</dl>', page, re.S)
    if block is None:
        return {}
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block.group(1), re.S)
    return {
        label.strip(): re.sub(r"<[^>]+>", "", number).strip() for label, number in pairs
    }


def test_no_bankable_project_leaves_the_bankable_figure_out(client):
    CityFactory()
    ProjectFactory(bankable="")
    # No partner either: that figure is left out too.
    assert figures(client.get("/en/")) == {
        "Pilot cities": "1",
        "Countries": "1",
        "Projects": "1",
    }
    assert figures(client.get("/th/")) == {
        "เมืองนำร่อง": "1",
        "ประเทศ": "1",
        "โครงการ": "1",
    }


def test_a_bankable_project_is_counted(client):
    ProjectFactory(bankable="yes")
    ProjectFactory(bankable="yes", status=PublicationStatus.DRAFT)
    assert figures(client.get("/en/"))["Bankable projects"] == "1"
    assert figures(client.get("/th/"))["โครงการนำลงทุน"] == "1"


def test_every_figure_that_is_0_is_left_out(client):
    PartnerFactory()
    assert figures(client.get("/en/")) == {"Partners": "1"}
    assert figures(client.get("/th/")) == {"ภาคีความร่วมมือ": "1"}


def test_a_home_page_with_nothing_published_shows_no_figures(client):
    for language in ("th", "en"):
        page = client.get(f"/{language}/").content.decode()
        assert 'class="figures"' not in page


@pytest.mark.parametrize("path", ["cities", "partners", "projects"])
def test_an_empty_list_says_so_in_words(client, path):
    english = client.get(f"/en/{path}/").content.decode()
    assert "Nothing has been published here yet." in english
    assert not re.search(r"\b0 results\b", english)
    thai = client.get(f"/th/{path}/").content.decode()
    assert "ยังไม่มีรายการที่เผยแพร่ในหน้านี้" in thai
    assert not re.search(r"\b0 รายการ", thai)


@pytest.mark.parametrize("path", ["cities", "partners", "projects"])
def test_a_filter_that_finds_nothing_says_so_in_words(client, path):
    CityFactory(name_en="Phuket")
    PartnerFactory(name_en="Phuket Partner")
    ProjectFactory(title_en="Phuket Project")
    english = client.get(f"/en/{path}/?q=Nowhere").content.decode()
    assert "Nothing found for “Nowhere”." in english
    assert not re.search(r"\b0 results\b", english)
    thai = client.get(f"/th/{path}/?q=Nowhere").content.decode()
    assert "ไม่พบผลลัพธ์สำหรับ “Nowhere”" in thai
    assert not re.search(r"\b0 รายการ", thai)
    # A list with results still gives their number.
    assert "1 result" in client.get(f"/en/{path}/?q=Phuket").content.decode()


def test_a_search_that_finds_nothing_says_so_in_words(client):
    english = client.get("/en/search/?q=Nowhere").content.decode()
    assert "Nothing found for “Nowhere”." in english
    assert "0 results" not in english
    thai = client.get("/th/search/?q=Nowhere").content.decode()
    assert "ไม่พบผลลัพธ์สำหรับ “Nowhere”" in thai
