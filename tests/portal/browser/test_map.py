"""The map of the pilot cities as Chromium draws it, at the widths of small and
large phones, a tablet and a laptop, in Thai and English: on the home page, the
list of cities, two country pages and a city's locator map. No label overlaps
another or covers a dot, the words keep a readable size, every marker is a
target a finger can hit, one link skips the map and the focused marker shows
its focus. Screenshots of the maps at 390 and 1366 px go to
test-artifacts/screenshots/map/ to be looked at."""

from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

WIDTHS = (320, 360, 390, 768, 1366)
SCREENSHOT_WIDTHS = (390, 1366)
HEIGHT = 844
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots" / "map"
PAGES = {
    "home": "/",
    "cities": "/cities/",
    "country-thailand": "/countries/TH/",
    "country-malaysia": "/countries/MY/",
    "city-bangkok": "/cities/bangkok/",
}

# What the reader sees of the map: the boxes of the labels and dots drawn (the
# drawing for the map's width; the others are not displayed), and of the
# markers' tap areas, in CSS px.
MEASURE = """
async () => {
  await document.fonts.ready;
  const map = document.querySelector("figure.city-map");
  const shown = el => el.checkVisibility() && el.getBoundingClientRect().width > 0;
  const box = el => {
    const b = el.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom};
  };
  return {
    frame: box(map.querySelector(".city-map__frame")),
    labels: [...map.querySelectorAll(".city-map__label")].filter(shown).map(
      el => ({text: el.textContent, size: getComputedStyle(el).fontSize, ...box(el)})
    ),
    dots: [...map.querySelectorAll(".city-map__dot")].filter(shown).map(box),
    targets: [...map.querySelectorAll(".city-map__marker")].filter(shown).map(
      el => ({...box(el.querySelector(".city-map__hit")), link: el.localName === "a"})
    ),
  };
}
"""


@pytest.fixture
def browse(chromium, live_server, transactional_db, ascn_dump):
    """Opens pages with the ASCN data loaded at a given width; fails the test on
    any error in the console (a style the Content-Security-Policy refused among
    them)."""
    ascn_dump.load()
    contexts = []
    errors: list[str] = []

    def open_page(width: int):
        context = chromium.new_context(
            viewport={"width": width, "height": HEIGHT}, locale="th-TH"
        )
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []


def intersect(a: dict, b: dict) -> bool:
    # Boxes that only touch are apart; a twentieth of a pixel is rounding.
    slack = 0.05
    return (
        a["left"] < b["right"] - slack
        and b["left"] < a["right"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


def covers_centre(label: dict, dot: dict) -> bool:
    x, y = (dot["left"] + dot["right"]) / 2, (dot["top"] + dot["bottom"]) / 2
    return label["left"] <= x <= label["right"] and label["top"] <= y <= label["bottom"]


def problems_of(drawn: dict) -> list[str]:
    found = []
    labels, frame = drawn["labels"], drawn["frame"]
    for i, label in enumerate(labels):
        for other in labels[i + 1 :]:
            if intersect(label, other):
                found.append(f"{label['text']} overlaps {other['text']}")
        for dot in drawn["dots"]:
            if covers_centre(label, dot):
                found.append(f"{label['text']} covers a dot")
        size = float(label["size"].removesuffix("px"))
        if not 12 <= size <= 14:
            found.append(f"{label['text']} is {size} px")
        if (
            label["left"] < frame["left"]
            or label["right"] > frame["right"]
            or label["top"] < frame["top"]
            or label["bottom"] > frame["bottom"]
        ):
            found.append(f"{label['text']} leaves the map")
    for target in drawn["targets"]:
        width, height = (
            target["right"] - target["left"],
            target["bottom"] - target["top"],
        )
        if width < 24 or height < 24:
            found.append(f"a marker's tap area is {width:.1f}×{height:.1f} px")
    return found


@pytest.mark.parametrize("language", ["th", "en"])
def test_no_label_overlaps_another_or_hides_a_dot_at_any_width(browse, language):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for width in WIDTHS:
        page = browse(width)
        for name, path in PAGES.items():
            page.goto(f"{page.base_url}/{language}{path}")
            drawn = page.evaluate(MEASURE)
            where = f"{name} at {width} px"
            # Every page's map names places: the drawing for this width is there.
            assert drawn["labels"] and drawn["dots"], where
            assert len(drawn["labels"]) == len(drawn["dots"]), where
            problems += [f"{where}: {p}" for p in problems_of(drawn)]
            if width in SCREENSHOT_WIDTHS:
                page.locator("figure.city-map").screenshot(
                    path=str(SCREENSHOTS / f"{name}-{language}-{width}.png")
                )
    assert problems == []


def test_the_city_page_marks_its_city(browse):
    page = browse(390)
    page.goto(page.base_url + "/th/cities/bangkok/")
    locator = page.locator("figure.city-map--locator")
    assert locator.locator(".city-map__label:visible").text_content() == (
        page.locator("h1").inner_text()
    )
    # Nothing in the locator map to tab through.
    assert locator.locator("a").count() == 0


def test_a_group_marker_opens_the_list_of_its_cities_without_javascript(
    chromium, live_server, transactional_db, ascn_dump
):
    ascn_dump.load()
    context = chromium.new_context(
        viewport={"width": 390, "height": HEIGHT}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/en/countries/TH/")
    group = page.locator("a.city-map__marker--group:visible")
    assert group.count() == 1
    group.click()
    cities = page.locator(".city-map__group:target li")
    assert set(cities.all_inner_texts()) == {"Bangkok", "Chonburi", "Rayong"}
    context.close()


def amber_pixels(png: bytes) -> int:
    """Pixels of the focus colour (#f2a900) in a screenshot."""
    from PIL import Image

    data = Image.open(BytesIO(png)).convert("RGB").tobytes()
    return sum(
        1
        for i in range(0, len(data), 3)
        if abs(data[i] - 0xF2) < 24
        and abs(data[i + 1] - 0xA9) < 24
        and data[i + 2] < 40
    )


@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
@pytest.mark.parametrize("path", ["/th/", "/en/cities/", "/en/countries/MY/"])
def test_one_stop_skips_the_map_and_the_focused_marker_shows_it(browse, path, width):
    page = browse(width)
    page.goto(page.base_url + path)
    skip = page.locator(".city-map__skip")
    first_marker = page.locator("a.city-map__marker:visible").first
    ring = first_marker.locator(".city-map__hit")
    unfocused = ring.evaluate("el => getComputedStyle(el).fill")
    area = first_marker.locator(".city-map__hit")
    area.scroll_into_view_if_needed()
    before = amber_pixels(page.screenshot(clip=area.bounding_box()))

    # From the skip link, one Tab reaches the first marker, drawn with its focus.
    skip.focus()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["width"] >= 24 and box["height"] >= 24
    page.keyboard.press("Tab")
    assert first_marker.evaluate("el => el === document.activeElement")
    assert ring.evaluate("el => getComputedStyle(el).fill") != unfocused
    after = amber_pixels(page.screenshot(clip=area.bounding_box()))
    assert before == 0 and after > 40

    # The skip link leaves every marker behind: the next stop is after the map.
    skip.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after_map = page.evaluate(
        """() => {
          const map = document.querySelector("figure.city-map");
          const now = document.activeElement;
          return !map.contains(now) && !!(
            map.compareDocumentPosition(now) & Node.DOCUMENT_POSITION_FOLLOWING
          );
        }"""
    )
    assert after_map
