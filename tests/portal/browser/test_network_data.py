"""The whole network as the reference data loads it, read in Thai and English at
phone and desktop widths: the map of all 38 cities, cities whose focus areas are
known in each of the four ways, a project with its cost and partners, a project
of the network as a whole, and the page about the data."""

import re

import pytest

pytestmark = pytest.mark.browser

# Cities whose areas are known in each way: Luang Prabang's from its action plan
# and from the 2019 report, Makassar's from its plan and mapped from a heading,
# Chiang Mai's (a 2023 member) from its projects.
BASES = {
    "th": {
        "luang-prabang": [
            "จากแผนปฏิบัติการเมืองอัจฉริยะปี 2561 ของเมือง",
            "ระบุไว้ในรายงานของอาเซียนปี 2562",
        ],
        "makassar": [
            "จากแผนปฏิบัติการเมืองอัจฉริยะปี 2561 ของเมือง",
            "เทียบจากหัวข้อในแผนปฏิบัติการเมืองอัจฉริยะปี 2561 ของเมือง",
        ],
        "chiang-mai": ["จากด้านที่มุ่งเน้นของโครงการในเมือง (ไม่ใช่ที่เมืองเลือกเอง)"],
    },
    "en": {
        "luang-prabang": [
            "from the city's 2018 action plan",
            "named in ASEAN's 2019 report",
        ],
        "makassar": [
            "from the city's 2018 action plan",
            "mapped from a heading of the city's 2018 action plan",
        ],
        "chiang-mai": ["from its projects' areas (not the city's own choice)"],
    },
}
TEXTS = {
    "th": {
        "tram_cost": "650 ล้านบาท",
        "tram_partner": "KKTS",
        "network": "โครงการระดับเครือข่าย ASCN",
        "about": "เกี่ยวกับข้อมูล",
        "cities_in_map": "38",
    },
    "en": {
        "tram_cost": "THB 650 million",
        "tram_partner": "KKTS",
        "network": "ASCN-wide project",
        "about": "About the data",
        "cities_in_map": "38",
    },
}


def main_text(page) -> str:
    return re.sub(r"\s+", " ", page.locator("main").inner_text())


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, page.url


@pytest.mark.parametrize("language", ["th", "en"])
def test_read_the_whole_network(page, screenshot, language):
    base = f"{page.base_url}/{language}"
    texts = TEXTS[language]

    page.goto(base + "/cities/")
    # Every city is on the map: a marker of its own or in a group's list.
    linked = page.locator(".city-map").evaluate(
        "map => new Set([...map.querySelectorAll('a[href*=\"/cities/\"]')]"
        ".map(a => a.getAttribute('href'))).size"
    )
    assert linked == 38
    # Dili, in ASEAN's eleventh member state, is on the map.
    assert page.locator(f'.city-map a[href="/{language}/cities/dili/"]').count()
    assert_fits_the_screen(page)
    screenshot(f"network-map-{language}")

    for slug, phrases in BASES[language].items():
        page.goto(f"{base}/cities/{slug}/")
        text = main_text(page)
        for phrase in phrases:
            assert phrase in text, (slug, phrase)
        assert_fits_the_screen(page)
        screenshot(f"network-city-{slug}-{language}")

    page.goto(base + "/projects/kaen-nakhon-tram/")
    text = main_text(page)
    assert texts["tram_cost"] in text
    assert texts["tram_partner"] in text
    assert_fits_the_screen(page)
    screenshot(f"network-project-cost-{language}")

    page.goto(base + "/projects/smart-green-asean-cities-sgac/")
    assert texts["network"] in main_text(page)
    assert_fits_the_screen(page)
    screenshot(f"network-level-project-{language}")

    page.goto(base + "/about-data/")
    assert page.locator("h1").inner_text() == texts["about"]
    assert_fits_the_screen(page)
    screenshot(f"network-about-data-{language}")
