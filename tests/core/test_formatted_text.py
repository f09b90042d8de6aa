"""A page's text: HTML limited to a few tags, cleaned by nh3 when saved and shown."""

import pytest

from core.formatting import render, sanitise
from portal.models import Page

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">ภาคีความร่วมมือ <strong>ASCN</strong></p>'
    "<script>alert('x')</script>"
    '<img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(1)">click</a>'
    '<a href="https://asean.org/" target="_blank">ASEAN</a>'
    "<style>body { display: none }</style>"
    '<iframe src="https://evil.example/"></iframe>'
)


def about_page(body_en: str, body_th: str = "") -> Page:
    return Page.objects.create(
        slug="about-ascn",
        title_en="About",
        title_th="เกี่ยวกับ",
        body_en=body_en,
        body_th=body_th or body_en,
        status="published",
    )


def test_saving_keeps_the_allowed_tags_and_drops_everything_else():
    page = about_page(HOSTILE)
    page.refresh_from_db()
    for body in (page.body_en, page.body_th):
        assert "<strong>ASCN</strong>" in body
        assert "ภาคีความร่วมมือ" in body
        assert '<a href="https://asean.org/" rel="noopener noreferrer">ASEAN</a>' in (
            body
        )
        for gone in (
            "onclick",
            "<script",
            "alert('x')",
            "<img",
            "onerror",
            "javascript:",
            "target=",
            "<style",
            "display: none",
            "<iframe",
        ):
            assert gone not in body, gone


def test_home_page_shows_the_cleaned_text(client):
    about_page(HOSTILE)
    html = client.get("/en/").content.decode()
    assert "<strong>ASCN</strong>" in html
    assert "onerror" not in html and "alert(" not in html and "<iframe" not in html


def test_text_changed_behind_the_forms_back_is_cleaned_again_when_shown(client):
    page = about_page("<p>Safe</p>")
    Page.objects.filter(pk=page.pk).update(body_en="<p>Hi</p><script>evil()</script>")
    from core.versioning import bump_version

    bump_version()
    html = client.get("/en/").content.decode()
    assert "<p>Hi</p>" in html and "evil()" not in html


def test_plain_text_is_escaped_and_keeps_its_paragraphs(client):
    about_page("Cities & partners: 2 < 3\n\nSecond paragraph")
    html = client.get("/en/").content.decode()
    assert "<p>Cities &amp; partners: 2 &lt; 3</p>" in html
    assert "<p>Second paragraph</p>" in html


def test_plain_text_is_saved_as_typed():
    text = "Tom & Jerry < cats\n\nพัทยา"
    assert sanitise(text) == text
    page = about_page(text)
    page.refresh_from_db()
    assert page.body_en == text


def test_render_of_nothing_is_empty():
    assert render("") == ""


def test_html_whose_tags_are_all_dropped_is_not_escaped_twice(client):
    about_page("<div>Tom & Jerry</div>")
    assert Page.objects.get().body_en == "<p>Tom &amp; Jerry</p>"
    html = client.get("/en/").content.decode()
    assert "<p>Tom &amp; Jerry</p>" in html
    assert "&amp;amp;" not in html
