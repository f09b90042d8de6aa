"""No line of the Phuket and Siem Reap pages ends inside a word of those pages'
names (the city, its country, its partners, its projects' titles), from a small
phone to a laptop, in Thai and in English: the pages as they are served, with
the marks of Thai word boundaries (core/wordbreaks.py).

Where each line ends is read from Chromium itself: the box of every character
of every text node of the page (Range.getClientRects); a line ends where the
next character sits lower.
"""

import re

import pytest
from django.utils import translation

from core.wordbreaks import MAX_WORD, words
from tests.portal.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

WIDTHS = (320, 360, 390, 768, 1366)
SCREENSHOT_WIDTHS = (390, 1366)
THAI = re.compile(r"[\u0e01-\u0e5b]")

# Each text node of the page's body that is shown (not the map's drawing, not
# the options of a list): its characters without the invisible marks, no-break
# spaces read as spaces, and the places in it where a new line starts.
LINES_OF_EVERY_TEXT = """() => {
  const skip = "svg, select, script, style, template";
  const nodes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.data.trim() || node.parentElement.closest(skip)) continue;
    let text = "", top = null;
    const starts = [];
    for (let i = 0; i < node.data.length; i++) {
      const letter = node.data[i];
      if (letter === "\\u200b" || letter === "\\u2060") continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (box) {
        if (top !== null && box.top > top + 2) starts.push(text.length);
        top = box.top;
      }
      text += letter === "\\u00a0" ? " " : letter;
    }
    nodes.push({text, starts});
  }
  return nodes;
}"""


def names_of(slug: str, language: str) -> list[str]:
    from cities.models import City

    with translation.override(language):
        city = City.objects.get(slug=slug)
        return [
            city.name,
            city.country.name,
            *(partnership.partner.name for partnership in city.partnerships.all()),
            *(project.title for project in city.projects.all()),
        ]


def words_of(names: list[str], language: str) -> set[str]:
    """The words a line must not end inside: of more than one letter; in Thai
    as the segmenter finds them (a compound longer than MAX_WORD may break
    between its own words); in English, between spaces and punctuation."""
    found = set()
    for name in names:
        if language == "th":
            pieces = [w for w in words(name) if THAI.search(w) and len(w) <= MAX_WORD]
        else:
            pieces = re.findall(r"\w+", name)
        found.update(piece for piece in pieces if len(piece) > 1)
    return found


def ends_inside(nodes: list[dict], checked: set[str], language: str) -> list[str]:
    """Each line end inside a checked word, shown as "word|rest"."""
    found = []
    for node in nodes:
        text, starts = node["text"], set(node["starts"])
        if not starts:
            continue
        if language == "th":
            spans, position = [], 0
            for piece in words(text):
                spans.append((position, piece))
                position += len(piece)
        else:
            spans = [(m.start(), m.group()) for m in re.finditer(r"\w+", text)]
        for start, piece in spans:
            if piece not in checked:
                continue
            for cut in range(start + 1, start + len(piece)):
                if cut in starts:
                    found.append(f"{text[start:cut]}|{text[cut : start + len(piece)]}")
    return found


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("slug", ["phuket", "siem-reap"])
def test_no_line_ends_inside_a_word_of_the_pages_names(
    chromium, live_server, transactional_db, ascn_dump, settings, slug, language
):
    settings.THAI_WORD_BREAKS = True
    ascn_dump.load()
    names = names_of(slug, language)
    checked = words_of(names, language)
    assert len(names) > 5 and len(checked) > 20
    context = chromium.new_context(locale="th-TH")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/{language}/cities/{slug}/")
            page.evaluate("document.fonts.ready")
            nodes = page.evaluate(LINES_OF_EVERY_TEXT)
            # Lines did wrap: the check is not empty.
            assert any(node["starts"] for node in nodes)
            shown = " ".join(node["text"] for node in nodes)
            assert names[0] in shown and names[1] in shown
            assert ends_inside(nodes, checked, language) == [], width
            if width in SCREENSHOT_WIDTHS:
                name = f"line-breaks-{slug}-{language}-{width}.png"
                page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
    finally:
        context.close()
    assert errors == []


def test_the_check_finds_a_line_ending_inside_a_name(
    chromium, live_server, transactional_db, ascn_dump, settings
):
    """Without the marks, Chromium's own dictionary breaks these names: the
    check above would see it."""
    settings.THAI_WORD_BREAKS = False
    ascn_dump.load()
    checked = words_of(names_of("phuket", "th"), "th")
    context = chromium.new_context(locale="th-TH")
    page = context.new_page()
    found = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/th/cities/phuket/")
            page.evaluate("document.fonts.ready")
            found += ends_inside(page.evaluate(LINES_OF_EVERY_TEXT), checked, "th")
    finally:
        context.close()
    assert found
