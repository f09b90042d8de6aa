"""Money, coordinates and the footer pages as a Thai reader sees them, at phone
and desktop widths: in Thai words, a figure never apart from its unit, nothing
wider than the screen."""

import re

import pytest

pytestmark = pytest.mark.browser


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def lines_of(locator) -> int:
    """How many lines an inline text takes on the screen."""
    return locator.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const rects = [...range.getClientRects()];
            return new Set(rects.map(r => Math.round(r.top))).size;
        }"""
    )


def test_read_a_projects_cost_in_thai(page, screenshot):
    page.goto(
        page.base_url
        + "/th/projects/davao-public-transport-modernization-project-dptmp/"
    )
    cost = page.locator("dt", has_text="มูลค่าโดยประมาณ").locator("xpath=../dd")
    assert cost.inner_text().replace("\u00a0", " ") == "73,400 ล้านเปโซฟิลิปปินส์"
    assert lines_of(cost) == 1
    assert_fits_the_screen(page)
    screenshot("project-cost-th")


def test_read_a_citys_place_in_thai(page, screenshot):
    page.goto(page.base_url + "/th/cities/phuket/")
    place = page.locator("dt", has_text="พิกัด").locator("xpath=../dd")
    assert place.inner_text().replace("\u00a0", " ") == (
        "ละติจูด 7.88° เหนือ ลองจิจูด 98.39° ตะวันออก"
    )
    assert_fits_the_screen(page)
    source = page.locator(".sources a", has_text="Smart City Action Plan of Phuket")
    assert source.get_attribute("lang") == "en"


def test_reach_the_privacy_page_from_the_footer_in_thai(page, screenshot):
    page.goto(page.base_url + "/th/")
    page.locator("footer").get_by_role("link", name="ความเป็นส่วนตัว").click()
    page.wait_for_url(re.compile(r"/th/pages/privacy/$"))
    assert page.locator("h1").inner_text() == "นโยบายความเป็นส่วนตัว"
    assert page.context.cookies() == []
    assert_fits_the_screen(page)
    screenshot("privacy-th")
