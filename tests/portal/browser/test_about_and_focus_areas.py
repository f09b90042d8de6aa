"""The page about the data and the focus-area index, in Thai, at phone and
desktop widths: readable, nothing wider than the screen, no English."""

import re

import pytest

pytestmark = pytest.mark.browser


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_read_about_the_data_in_thai(page, screenshot):
    page.goto(page.base_url + "/th/about-data/")
    assert page.locator("h1").inner_text() == "เกี่ยวกับข้อมูล"
    main = page.locator("main").inner_text()
    assert "แผนปฏิบัติการเมืองอัจฉริยะของเมืองนำร่อง 26 เมือง" in main
    assert re.search(r"ทราบจำนวนประชากรของเมืองนำร่อง \d+ จาก \d+ เมือง", main)
    assert "พ.ศ.\u00a025" in main
    assert_fits_the_screen(page)
    screenshot("about-data-th")


def test_browse_the_focus_areas_in_thai(page, screenshot):
    page.goto(page.base_url + "/th/focus-areas/")
    assert page.locator("h1").inner_text() == "ด้านที่มุ่งเน้น"
    assert page.locator(".record__meta").count() == 6
    assert_fits_the_screen(page)
    screenshot("focus-areas-th")
    # The footer leads to the page about the data.
    page.locator("footer").get_by_role("link", name="เกี่ยวกับข้อมูล").click()
    page.wait_for_url(re.compile(r"/th/about-data/$"))
