"""Every public page at the widths of small and large phones, a tablet and a
laptop, in Thai and English, with the ASCN records whose names and filter
options are longest: nothing is wider than the screen, and on a phone every
control is big enough for a finger (WCAG 2.2, 2.5.8: 24 by 24 px, links inside
a sentence excepted). Screenshots at 390 and 1366 px go to
test-artifacts/screenshots/widths/ to be looked at.

Also the lists on a phone: the results first, the filters folded behind one
button that counts those in use, the map after the list; and the data
dictionary as blocks of "label: value" lines."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.browser

WIDTHS = (320, 360, 390, 768, 1366)
PHONE_WIDTHS = (320, 360, 390)
SCREENSHOT_WIDTHS = (390, 1366)
HEIGHT = 844
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots" / "widths"

# The pages of errors and outages, served by the server when something fails,
# are shown here through the browser's own routing.
ERROR_TEMPLATES = ("500.html", "503.html")

# What runs in the page, once its fonts are in: the page's scroll width, the
# elements whose right edge is beyond the screen and, where asked, the controls
# smaller than 24 by 24 px.
MEASURE = """
async checkTargets => {
  await document.fonts.ready;
  const root = document.documentElement;
  const screen = root.clientWidth;
  const name = el => {
    const text = (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    const cls = typeof el.className === "string" && el.className ?
      "." + el.className.trim().split(/\\s+/).join(".") : "";
    return `${el.localName}${cls} "${text}"`;
  };
  const beyond = [];
  for (const el of document.body.querySelectorAll("*")) {
    // Inside the map's drawing, the drawing's own box is what counts.
    if (el.closest("svg") && el.localName !== "svg") continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > screen + 0.5) {
      beyond.push(`${name(el)} ends at ${Math.round(box.right)} px`);
    }
  }
  // A link in running text is exempt (WCAG 2.5.8, "inline"): it is drawn as
  // text, and its block has words of its own around it. Links in lists, in
  // navigation or set apart by separators alone are not.
  const inSentence = el => {
    if (el.localName !== "a" || getComputedStyle(el).display !== "inline") {
      return false;
    }
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) {
      block = block.parentElement;
    }
    if (!block || block.localName === "li" || block.closest("nav")) return false;
    const words = block.cloneNode(true);
    words.querySelectorAll("a").forEach(link => link.remove());
    return /\\p{L}{2,}/u.test(words.textContent);
  };
  const small = [];
  if (checkTargets) {
    const controls = document.querySelectorAll(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, " +
      "[tabindex]:not([tabindex='-1'])"
    );
    for (const el of controls) {
      // The map's markers are the map's own (tests of the map).
      if (el.closest("svg")) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Shown only on focus, like the skip link.
      if (box.bottom <= 0 || box.right <= 0) continue;
      if (box.width >= 24 && box.height >= 24) continue;
      if (inSentence(el)) continue;
      small.push(
        `${name(el)} is ${Math.round(box.width)}×${Math.round(box.height)} px`
      );
    }
  }
  return {
    scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth),
    screen,
    beyond,
    small,
  };
}
"""


@pytest.fixture
def browse(chromium, live_server, transactional_db, ascn_dump):
    """Opens pages of the portal, with the ASCN data loaded, at a given width,
    with or without JavaScript; fails the test on any error in the console
    (a style or script the Content-Security-Policy refused among them)."""
    ascn_dump.load()
    contexts = []
    errors: list[str] = []

    def open_page(width: int, *, javascript: bool = True, height: int = HEIGHT):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            locale="th-TH",
            java_script_enabled=javascript,
        )
        contexts.append(context)
        page = context.new_page()
        # The console reports a page that is not found as an error: what
        # counts is that nothing the page loads is missing.
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and "status of 404" not in m.text
                and errors.append(m.text)
            ),
        )
        page.on(
            "response",
            lambda r: (
                r.status >= 400
                and r.request.resource_type != "document"
                and errors.append(f"{r.status} {r.url}")
            ),
        )
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.base_url = live_server.url
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []


def longest(records, field: str, languages=("th", "en")):
    """The record whose `field` is longest in one of `languages`."""

    def length(record) -> int:
        return max(len(getattr(record, f"{field}_{lang}")) for lang in languages)

    return max(records, key=length)


def public_pages() -> dict[str, str]:
    """Every kind of public page, by name: addresses without the language. Detail
    pages of the records with the longest names and of those with the most on
    them; lists filtered by the longest options."""
    from django.db.models import Count

    from cities.models import City, Country, FocusArea
    from partners.models import Partner
    from projects.models import Project

    cities = City.objects.published()
    partners = Partner.objects.published()
    projects = Project.objects.published()
    countries = Country.objects.published()
    areas = FocusArea.objects.published()
    city = longest(cities, "name")
    partner = longest(partners, "name")
    country = longest(countries, "name")
    area = longest(areas, "name")
    richest = {
        "city": cities.annotate(n=Count("projects") + Count("partnerships"))
        .order_by("-n")
        .first(),
        "partner": partners.annotate(n=Count("partnerships")).order_by("-n").first(),
        "project": projects.annotate(n=Count("cities") + Count("project_partners"))
        .order_by("-n")
        .first(),
        "country": countries.annotate(n=Count("cities")).order_by("-n").first(),
    }
    pages = {
        "home": "/",
        "cities": "/cities/",
        "cities-page-2": "/cities/?page=2",
        "cities-filtered": f"/cities/?country={country.code}&focus_area={area.slug}",
        "cities-none": "/cities/?q=nothing-matches-this",
        "partners": "/partners/",
        "partners-filtered": f"/partners/?country={country.code}",
        "projects": "/projects/",
        "projects-long-options": (
            f"/projects/?city={city.slug}&partner={partner.slug}&focus_area={area.slug}"
        ),
        "projects-invalid": "/projects/?stage=nonsense&city=atlantis",
        "focus-areas": "/focus-areas/",
        "search": "/search/",
        "search-results": "/search/?q=smart",
        "search-none": "/search/?q=nothing-matches-this",
        "city-longest-name": city.get_absolute_url(),
        "city-most-links": richest["city"].get_absolute_url(),
        "country-longest-name": country.get_absolute_url(),
        "country-most-cities": richest["country"].get_absolute_url(),
        "partner-longest-th": longest(partners, "name", ["th"]).get_absolute_url(),
        "partner-longest-en": longest(partners, "name", ["en"]).get_absolute_url(),
        "partner-most-links": richest["partner"].get_absolute_url(),
        "project-longest-th": longest(projects, "title", ["th"]).get_absolute_url(),
        "project-longest-en": longest(projects, "title", ["en"]).get_absolute_url(),
        "project-most-links": richest["project"].get_absolute_url(),
        "focus-area-longest-name": area.get_absolute_url(),
        "data-dictionary": "/data/",
        "about-data": "/about-data/",
        "not-found": "/no-such-page/",
        "record-not-found": "/cities/atlantis/",
    }
    # get_absolute_url() gives the address in the active language.
    return {name: re.sub(r"^/(th|en)/", "/", path) for name, path in pages.items()}


def footer_pages(page, language: str) -> dict[str, str]:
    """The pages the footer links to (the page about the data, the open data,
    and any page staff add there), by their address."""
    page.goto(f"{page.base_url}/{language}/")
    server = urlsplit(page.base_url).netloc
    pages = {}
    for href in page.locator("footer a[href]").evaluate_all(
        "links => links.map(link => link.href)"
    ):
        address = urlsplit(href)
        if address.netloc == server:
            path = re.sub(r"^/(th|en)/", "/", address.path)
            pages["footer" + path.rstrip("/").replace("/", "-")] = path
    return pages


def answer_with(html: str):
    def answer(route, request) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    return answer


def serve_error_pages(page, language: str) -> dict[str, str]:
    """The error pages, rendered as the server renders them, at addresses the
    browser answers itself."""
    request = RequestFactory().get("/")
    pages = {}
    for template in ERROR_TEMPLATES:
        with translation.override(language):
            html = render_to_string(template, request=request)
        path = f"/error-page-{template.removesuffix('.html')}/"
        page.route(f"{page.base_url}/{language}{path}", answer_with(html))
        pages["error-" + template.removesuffix(".html")] = path
    return pages


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_public_page_fits_the_screen_from_phone_to_laptop(browse, language):
    pages = {path: name for name, path in public_pages().items()}
    too_wide: list[str] = []
    too_small: list[str] = []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = browse(width)
        more = {**footer_pages(page, language), **serve_error_pages(page, language)}
        for name, path in more.items():
            pages.setdefault(path, name)
        for path, name in pages.items():
            response = page.goto(f"{page.base_url}/{language}{path}")
            assert response is not None
            assert response.status in {200, 404}, path
            found = page.evaluate(MEASURE, width in PHONE_WIDTHS)
            where = f"{width} px {language}{path}"
            if found["scrollWidth"] > found["screen"]:
                too_wide.append(f"{where}: {found['scrollWidth']} px wide")
            too_wide += [f"{where}: {line}" for line in found["beyond"][:5]]
            too_small += [f"{where}: {line}" for line in found["small"]]
            if width in SCREENSHOT_WIDTHS:
                page.screenshot(
                    path=str(SCREENSHOTS / f"{name}-{language}-{width}.png"),
                    full_page=True,
                )
    assert too_wide == [], "\n".join(too_wide)
    assert too_small == [], "\n".join(too_small)


def words(locator) -> str:
    return " ".join(locator.inner_text().split())


def first_result(page):
    return page.locator(".list-layout__results .record, .list-layout__results .card")


@pytest.mark.parametrize(
    ("language", "button"), [("th", "ตัวกรอง (2)"), ("en", "Filters (2)")]
)
def test_on_a_phone_the_results_come_first_and_the_filters_fold(
    browse, language, button
):
    page = browse(390)
    page.goto(f"{page.base_url}/{language}/cities/?country=TH&joined=2023&sort=name")
    toggle = page.locator("summary.filter-panel__toggle")
    # The order of the list is not a filter: two are in use.
    assert words(toggle).startswith(button)
    country = page.locator("#id_country")
    assert not country.is_visible()
    # The first result is on the first screen, the map after the last one.
    results = first_result(page)
    assert results.first.bounding_box()["y"] < HEIGHT
    map_box = page.locator(".list-map").bounding_box()
    last = results.last.bounding_box()
    assert map_box["y"] >= last["y"] + last["height"]
    # The keyboard goes from the button to the results, not through the filters.
    toggle.focus()
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.activeElement.closest('.list-layout__results') !== null"
    )
    # The button opens the filters, from the keyboard too, and they work.
    toggle.focus()
    page.keyboard.press("Enter")
    assert country.is_visible()
    page.locator("#id_joined").select_option("")
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"joined=&"))
    assert words(toggle).startswith(button.replace("2", "1"))
    assert results.count() == 6


def test_on_a_phone_a_refused_filter_value_shows_its_message(browse):
    page = browse(390)
    page.goto(f"{page.base_url}/th/projects/?stage=nonsense")
    assert page.locator(".filters .field-errors").first.is_visible()


def test_on_a_wide_screen_the_filters_stand_beside_the_list(browse):
    page = browse(1366)
    page.goto(f"{page.base_url}/th/projects/")
    assert not page.locator("summary.filter-panel__toggle").is_visible()
    form = page.locator("form.filters").bounding_box()
    result = first_result(page).first.bounding_box()
    assert form["x"] + form["width"] < result["x"]
    assert abs(form["y"] - result["y"]) < 120


@pytest.mark.parametrize("width", [390, 1366])
def test_the_filters_work_without_javascript(browse, width):
    page = browse(width, javascript=False)
    page.goto(f"{page.base_url}/th/partners/")
    kind = page.locator("#id_kind")
    if width < 800:
        assert not kind.is_visible()
        page.locator("summary.filter-panel__toggle").click()
    assert kind.is_visible()
    kind.select_option("city")
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"kind=city"))
    assert first_result(page).count() > 0


def test_the_data_dictionary_is_a_stack_of_blocks_on_a_phone(browse):
    page = browse(390)
    page.goto(f"{page.base_url}/th/data/")
    row = page.locator(".stack-table tbody tr").first
    row_box = row.bounding_box()
    for cell in row.locator("th, td").all():
        if not cell.is_visible():
            continue  # an empty example
        # Each line takes the width of the block: no column of single words.
        assert cell.bounding_box()["width"] > 0.9 * row_box["width"] - 30
    label = row.locator("td").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert "ความหมาย" in label


def test_the_data_dictionary_is_a_table_on_a_wide_screen(browse):
    page = browse(1366)
    page.goto(f"{page.base_url}/en/data/")
    table = page.locator(".stack-table").first
    meaning = table.locator("thead th").nth(1)
    assert meaning.evaluate("cell => getComputedStyle(cell).display") == "table-cell"
    assert meaning.bounding_box()["width"] > 0.3 * table.bounding_box()["width"]
