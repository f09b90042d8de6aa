"""Pages do not jump while they load: the layout shift Chromium measures stays
under 0.1, the "good" threshold of Core Web Vitals that Lighthouse scores."""

import pytest

# Collects every layout shift from the start of the page, before its own scripts.
RECORD_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("path", ["/th/", "/en/", "/th/cities/phuket/"])
def test_the_page_does_not_shift_when_its_fonts_arrive(page, path):
    page.add_init_script(RECORD_SHIFTS)
    page.goto(page.base_url + path)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(300)
    shift = sum(page.evaluate("window.layoutShifts"))
    assert shift < 0.1, f"{path} at {page.viewport_name} width shifts by {shift:.3f}"
