"""A Thai reader's search, in Chromium at phone and desktop widths: why each
result matched, a way out of a search that finds nothing, and which options
would give nothing."""

import pytest

pytestmark = pytest.mark.browser


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_korat_finds_no_pilot_city_and_the_page_offers_the_whole_list(page, screenshot):
    page.goto(page.base_url + "/th/cities/?q=โคราช")
    answer = page.locator(".empty-result")
    assert "ไม่พบผลลัพธ์สำหรับ “โคราช”" in answer.inner_text()
    assert_fits_the_screen(page)
    screenshot("search-empty-th")
    page.get_by_role("link", name="ล้างคำค้นและแสดงรายการทั้งหมด").click()
    page.wait_for_url("**/th/cities/")
    assert page.locator(".record").count() > 20


def test_saigon_finds_ho_chi_minh_city_and_says_why(page, screenshot):
    page.goto(page.base_url + "/th/cities/?q=ไซ่ง่อน")
    record = page.locator(".record")
    assert record.count() == 1
    assert record.locator(".record__title").inner_text() == "นครโฮจิมินห์"
    excerpt = record.locator(".excerpt")
    assert excerpt.inner_text().split() == ["หรือที่รู้จักในชื่อ", "ไซ่ง่อน"]
    assert excerpt.locator("mark").inner_text() == "ไซ่ง่อน"
    assert_fits_the_screen(page)
    screenshot("search-alias-th")


def test_options_that_would_give_nothing_cannot_be_chosen(page, screenshot):
    page.goto(page.base_url + "/th/projects/?q=รถราง")
    # On a phone the filters are folded away: read the options' text as it is.
    texts = "els => els.map(element => element.textContent)"
    cities = page.locator("select[name=city] option").evaluate_all(texts)
    assert any(text.endswith("(0)") for text in cities)
    disabled = page.locator("select[name=city] option[disabled]").evaluate_all(texts)
    assert disabled and all(text.endswith("(0)") for text in disabled)
    khon_kaen = page.locator("select[name=city] option[value=khon-kaen]")
    assert khon_kaen.get_attribute("disabled") is None
    assert page.locator(".card mark").first.inner_text() == "รถราง"
    assert_fits_the_screen(page)
    screenshot("search-options-th")
