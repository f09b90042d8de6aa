import re

import pytest

pytestmark = pytest.mark.browser


def test_open_the_home_page_and_switch_language(page, screenshot):
    page.goto(page.base_url + "/")
    assert page.url.endswith("/th/")
    assert page.locator("h1").inner_text() == "เครือข่ายเมืองอัจฉริยะอาเซียน"
    assert page.locator("html").get_attribute("lang") == "th"
    # The Thai text is drawn with the portal's own font.
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ภูเก็ต')")
    screenshot("home-th")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("h1").inner_text() == "ASEAN Smart Cities Network"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("home-en")


def test_filter_the_city_list_by_country(page, screenshot):
    page.goto(page.base_url + "/en/cities/")
    if page.viewport_name == "phone":
        # On a phone the filters fold behind one button.
        page.locator("summary", has_text="Filters").click()
    page.get_by_label("Country").select_option("TH")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"country=TH"))
    titles = page.locator(".record-list .record__title").all_inner_texts()
    assert sorted(titles) == [
        "Bangkok",
        "Chiang Mai",
        "Chonburi",
        "Khon Kaen",
        "Phuket",
        "Rayong",
    ]
    assert page.get_by_role("status").inner_text() == "6 results"
    screenshot("cities-thailand-en")
    # The other language keeps the filter.
    page.get_by_role("link", name="ภาษาไทย").click()
    page.wait_for_url(re.compile(r"/th/cities/\?.*country=TH"))
    assert page.get_by_role("status").inner_text() == "6 รายการ"
    screenshot("cities-thailand-th")


def test_open_a_city_from_the_list(page, screenshot):
    page.goto(page.base_url + "/th/cities/?country=TH")
    page.locator(".record-list").get_by_role("link", name="ภูเก็ต", exact=True).click()
    page.wait_for_url(re.compile(r"/th/cities/phuket/$"))
    assert page.locator("h1").inner_text() == "ภูเก็ต"
    partnerships = page.locator("#partnerships-heading + ul").inner_text()
    assert "มิลวอกี" in partnerships and "ลาสเวกัส" in partnerships
    assert "พ.ศ.\u00a02561" in page.locator(".facts").inner_text()
    screenshot("city-phuket-th")


def test_use_the_map_with_a_pointer_and_with_the_keyboard(page, screenshot):
    page.goto(page.base_url + "/en/")
    # The markers drawn for the map's width: a city's own, or a group's with
    # its count; together every city.
    markers = page.locator("a.city-map__marker:visible")
    counts = markers.evaluate_all(
        "ms => ms.map(m => +(m.querySelector('.city-map__count')?.textContent || 1))"
    )
    assert sum(counts) == 38 and len(counts) < 38
    screenshot("map-en")
    single = page.locator(
        "a.city-map__marker:not(.city-map__marker--group):visible"
    ).first
    name = single.locator(".city-map__label").text_content()
    single.click()
    page.wait_for_url(re.compile(r"/en/cities/[a-z-]+/$"))
    assert page.locator("h1").inner_text() == name
    page.go_back()
    # A group's marker opens the list of its cities; the keyboard goes on there.
    group = page.locator("a.city-map__marker--group:visible").first
    group.focus()
    page.keyboard.press("Enter")
    opened = page.locator(".city-map__group:target")
    assert opened.is_visible()
    first_city = opened.locator("a").first.inner_text()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/cities/[a-z-]+/$"))
    assert page.locator("h1").inner_text() == first_city


def test_skip_link_is_the_first_stop_for_the_keyboard(page):
    page.goto(page.base_url + "/en/projects/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
