"""The JSON API's documentation page (Swagger UI) works in a real browser under
the portal's Content-Security-Policy, with everything from the portal itself."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_the_api_docs_show_every_operation_and_try_one(page):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(page.base_url + "/api/v1/docs/")
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = {text.strip() for text in operations.all_inner_texts()}
    assert "/api/v1/projects/" in {p.replace("\u200b", "") for p in paths}
    assert operations.count() == 12
    # Open the project list and send a request from the page.
    page.locator(".opblock-summary", has_text="/api/v1/projects/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tbody td.response-col_status")
    expect(status.first).to_have_text("200")
    assert page.evaluate("window.cspViolations") == []
