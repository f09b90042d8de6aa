"""The review flow in Thai, as two staff members walk it in Chromium: an Editor
changes a published city, a Publisher finds it in the queue, reads the
comparison, sends it back with a comment, and publishes it once resubmitted;
each step's e-mail arrives in the recipient's language."""

import re
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail

from cities.models import City

pytestmark = pytest.mark.browser

PASSWORD = "a-long-pass-42"


def editorial_groups() -> None:
    """The groups a migration makes, which an earlier browser test's flush of
    the database removed."""
    groups = import_module("portal.migrations.0002_editorial_groups").GROUPS
    parts = import_module("portal.migrations.0005_city_focus_area_permissions").PARTS
    for name, wanted in groups.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in wanted
            ]
            + [
                Permission.objects.get(
                    content_type__app_label="cities", codename=f"{action}_cityfocusarea"
                )
                for action in parts[name]
            ]
        )


def staff(username: str, group: str, email: str):
    user = get_user_model().objects.create_user(
        username,
        email=email,
        password=PASSWORD,
        is_staff=True,
        admin_language="th",
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto(page.base_url + "/th/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/th/admin/$"))


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_a_change_goes_through_review_in_thai(page, screenshot):
    editorial_groups()
    staff("somchai", "Editor", "somchai@example.org")
    staff("malee", "Publisher", "malee@example.org")
    city = City.objects.get(slug="phuket")
    old_summary = city.summary_th
    mail.outbox.clear()

    # The Editor corrects the Thai summary of a published city.
    log_in(page, "somchai")
    page.goto(f"{page.base_url}/th/admin/cities/city/{city.pk}/change/")
    page.locator("#id_summary_th").fill("ภูเก็ตเป็นเมืองอัจฉริยะนำร่องของไทย (ฉบับแก้ไข)")
    page.locator("#id__comment").fill("แก้คำผิดในบทสรุป")
    page.locator("#id__comment").scroll_into_view_if_needed()
    page.screenshot(
        path=str(screenshot("review-form-th").with_name("review-form-th-view.png"))
    )
    page.get_by_role("button", name="ส่งการแก้ไขให้ตรวจทาน").first.click()
    page.wait_for_url(re.compile(r"/review/$"))
    assert "สาธารณชนจะยังเห็นฉบับที่เผยแพร่อยู่" in page.content()
    assert old_summary in page.goto(page.base_url + "/th/cities/phuket/").text()
    assert [m.to for m in mail.outbox] == [["malee@example.org"]]
    assert "ภูเก็ต" in mail.outbox[0].subject

    # The Publisher finds it in the queue from the dashboard.
    log_in(page, "malee")
    page.get_by_role("link", name=re.compile("รอการตรวจทาน")).click()
    page.wait_for_url(re.compile(r"/th/admin/review/$"))
    assert "somchai" in page.content() and "แก้คำผิดในบทสรุป" in page.content()
    screenshot("review-queue-th")
    page.get_by_role("link", name="เปรียบเทียบและตัดสิน").click()
    comparison = page.locator("table.review-comparison")
    assert "สรุปย่อ (ภาษาไทย)" in comparison.inner_text()
    assert "(ฉบับแก้ไข)" in comparison.inner_text()
    screenshot("review-comparison-th")

    # Sent back: the comment is required, then reaches the Editor.
    page.get_by_role("button", name="ส่งกลับพร้อมความเห็น").click()
    assert "โปรดระบุว่าควรแก้ไขอะไรก่อนส่งกลับ" in page.content()
    page.locator("#id_comment").fill("โปรดอ้างอิงแผนปฏิบัติการปี 2561")
    page.get_by_role("button", name="ส่งกลับพร้อมความเห็น").click()
    assert "ส่งกลับให้แก้ไข" in page.content()
    assert mail.outbox[-1].to == ["somchai@example.org"]
    assert "โปรดอ้างอิงแผนปฏิบัติการปี 2561" in mail.outbox[-1].body

    # The Editor resubmits, and the Publisher publishes.
    log_in(page, "somchai")
    page.goto(f"{page.base_url}/th/admin/cities/city/{city.pk}/review/")
    assert "โปรดอ้างอิงแผนปฏิบัติการปี 2561" in page.content()
    page.get_by_role("button", name="ส่งตรวจทาน").click()
    log_in(page, "malee")
    page.goto(f"{page.base_url}/th/admin/cities/city/{city.pk}/review/")
    page.get_by_role("button", name="เผยแพร่การแก้ไข").click()
    assert "เผยแพร่ “ภูเก็ต” แล้ว" in page.content()
    screenshot("review-published-th")
    assert mail.outbox[-1].to == ["somchai@example.org"]
    public = page.goto(page.base_url + "/th/cities/phuket/").text()
    assert "(ฉบับแก้ไข)" in public
