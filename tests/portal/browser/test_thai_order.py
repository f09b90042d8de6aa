"""The first page of the Thai city list, read as a reader sees it, is in Thai
dictionary order: the order of the browser's own Thai collation (ICU's,
through Intl.Collator), and the one a Thai dictionary gives."""

import pytest

from tests.portal.test_thai_order import THAI_CITIES

pytestmark = pytest.mark.browser

SORTED_BY_BROWSER = """([names, locale]) =>
  [...names].sort(new Intl.Collator(locale).compare)"""


def shown_names(page) -> list[str]:
    titles = page.locator(".record-list .record__title").all_inner_texts()
    # Word-break hints are no part of a name.
    return [title.replace("\u200b", "").strip() for title in titles]


def test_the_first_page_of_thai_cities_is_in_thai_dictionary_order(page, screenshot):
    page.goto(page.base_url + "/th/cities/")
    names = shown_names(page)
    assert len(names) == 24
    assert page.evaluate(SORTED_BY_BROWSER, [names, "th"]) == names
    assert names == THAI_CITIES[:24]
    # เชียงใหม่ under ช, not after ฮานอย on the last page.
    assert names.index("เชียงใหม่") == names.index("ชลบุรี") + 1
    screenshot("cities-thai-order")


def test_the_english_city_list_is_in_alphabetical_order(page):
    page.goto(page.base_url + "/en/cities/")
    names = shown_names(page)
    assert len(names) == 24
    assert page.evaluate(SORTED_BY_BROWSER, [names, "en"]) == names
