"""The admin's lists on a 1366 px laptop screen, in Thai: the translation status
columns are in view beside the filters, whatever other columns a list has."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.browser

LISTS = [
    "/th/admin/cities/city/",
    "/th/admin/cities/country/",
    "/th/admin/cities/focusarea/",
    "/th/admin/partners/partner/",
    "/th/admin/partners/partnership/",
    "/th/admin/projects/project/",
]

STATUS_IN_VIEW = """() => {
  const table = document.querySelector('#result_list');
  const right = table.parentElement.getBoundingClientRect().right;
  return [...table.querySelectorAll('thead th')]
    .filter((th) => /column-(thai|english)_complete/.test(th.className))
    .map((th) => th.getBoundingClientRect().right <= right + 1);
}"""


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_translation_status_stays_in_view_at_1366_px(page, screenshot):
    get_user_model().objects.create_superuser(
        "chief", password="a-long-pass-42", admin_language="th"
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(page.base_url + "/th/admin/")
    page.locator("#id_username").fill("chief")
    page.locator("#id_password").fill("a-long-pass-42")
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/th/admin/$"))
    for path in LISTS:
        page.goto(page.base_url + path)
        assert page.evaluate(STATUS_IN_VIEW) == [True, True], path
    screenshot("admin-partnerships-1366")
