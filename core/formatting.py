"""Formatted text that staff write (a page's text): a small set of HTML tags,
cleaned by nh3 when it is saved and again when it is shown.

A text with no tags at all is plain text, shown escaped with its paragraphs, so a
text typed without HTML never needs any.
"""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "blockquote",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A tag or a comment: "<p>", "</a>", "<br/>", "<!-- -->"; "a < b" is not one.
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|<!--")


def is_markup(text: str) -> bool:
    return bool(MARKUP.search(text))


def sanitise(text: str) -> str:
    """Keep the allowed tags and attributes, drop every other tag (scripts and
    styles with their content), event handlers and javascript: links."""
    if not text or not is_markup(text):
        return text
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # HTML whose every tag was dropped ("<div>Tom & Jerry</div>") is still HTML,
    # with its & written &amp;: keep it marked as such, or it would be shown as
    # plain text and escaped twice.
    return cleaned if is_markup(cleaned) else f"<p>{cleaned}</p>"


def render(text: str) -> SafeString:
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    if is_markup(text):
        return mark_safe(sanitise(text))  # noqa: S308 (cleaned by nh3)
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 (escaped)
