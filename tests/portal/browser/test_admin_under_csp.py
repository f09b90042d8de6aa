"""The admin works in a real browser under the portal's Content-Security-Policy
(no inline scripts or styles): login, translation tabs, autocomplete, import and
history."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def admin_page(page):
    get_user_model().objects.create_superuser(
        "chief", password="a-long-pass-42", admin_language="en"
    )
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(page.base_url + "/en/admin/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-pass-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/en/admin/$"))
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


def test_the_admin_works_under_the_content_security_policy(admin_page, screenshot):
    page = admin_page
    expect(
        page.get_by_role("heading", name="Records of the ASEAN Smart Cities Network")
    ).to_be_visible()
    assert violations(page) == []

    # A city's form: the Thai and English tabs switch, the inlines add rows.
    page.goto(page.base_url + "/en/admin/cities/city/")
    page.get_by_role("link", name="Phuket", exact=True).first.click()
    page.wait_for_url(re.compile(r"/change/$"))
    # modeltranslation labels the tabs with the language codes.
    page.locator(".ui-tabs-nav a", has_text=re.compile("^en$")).first.click()
    assert page.locator("#id_name_en").is_visible()
    assert page.locator("#id_name_en").input_value() == "Phuket"
    page.locator(".ui-tabs-nav a", has_text=re.compile("^th$")).first.click()
    assert page.locator("#id_name_th").is_visible()
    assert violations(page) == []
    screenshot("admin-city-form")

    # Autocomplete (select2) on a project's cities.
    page.goto(page.base_url + "/en/admin/projects/project/add/")
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").first.fill("Chon")
    option = page.locator(".select2-results__option", has_text="Chonburi")
    option.wait_for()
    assert violations(page) == []

    # The CSV import page and a record's history.
    page.goto(page.base_url + "/en/admin/cities/city/import/")
    assert page.locator("input[type=file]").count() == 1
    page.goto(page.base_url + "/en/admin/cities/city/")
    page.get_by_role("link", name="Bangkok", exact=True).first.click()
    page.get_by_role("link", name="History").click()
    page.wait_for_url(re.compile(r"/history/$"))
    assert violations(page) == []
    screenshot("admin-history")
