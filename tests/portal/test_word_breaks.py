"""The public pages carry the places where Thai lines may break, in their text
only, and a cached page does no Thai work (core/middleware.py)."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from core import wordbreaks
from core.versioning import bump_version
from core.wordbreaks import NO_BREAK_SPACE, WORD_JOINER, ZERO_WIDTH_SPACE

pytestmark = pytest.mark.django_db

HINT = re.compile(f"[{WORD_JOINER}{ZERO_WIDTH_SPACE}]")


@pytest.fixture
def hints():
    with override_settings(THAI_WORD_BREAKS=True):
        yield


@pytest.fixture
def segmented(monkeypatch):
    """The texts the segmenter cuts into words for a page."""
    texts = []
    split = wordbreaks._split

    def counted(text, dictionary):
        if isinstance(dictionary, wordbreaks.PortalDictionary):
            texts.append(text)
        return split(text, dictionary)

    monkeypatch.setattr(wordbreaks, "_split", counted)
    wordbreaks._memo.clear()
    return texts


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_thai_text_carries_its_word_boundaries(client, ascn_data, hints):
    html = page(client, "/th/cities/siem-reap/")
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert heading == f"เสี{WORD_JOINER}ย{WORD_JOINER}ม{WORD_JOINER}รา{WORD_JOINER}ฐ"
    assert f"พ.{WORD_JOINER}ศ.{NO_BREAK_SPACE}25" in html


def test_no_hint_in_the_title_the_meta_tags_or_any_attribute(client, ascn_data, hints):
    html = page(client, "/th/cities/phuket/")
    assert HINT.search(html)
    head = html[: html.index("<body")]
    assert not HINT.search(head)
    for tag in re.findall(r"<[^>]+>", html):
        assert not HINT.search(tag), tag


def test_the_hints_change_nothing_but_invisible_characters(client, ascn_data):
    for url in ("/th/cities/phuket/", "/th/projects/", "/th/partners/milwaukee/"):
        plain = page(client, url)
        cache.clear()
        with override_settings(THAI_WORD_BREAKS=True):
            hinted = page(client, url)
        cache.clear()
        assert hinted != plain
        assert wordbreaks.without_hints(hinted).replace(NO_BREAK_SPACE, " ") == (
            plain.replace(NO_BREAK_SPACE, " ")
        )


def test_english_pages_are_left_as_they_are(client, ascn_data):
    plain = page(client, "/en/cities/phuket/")
    cache.clear()
    with override_settings(THAI_WORD_BREAKS=True):
        assert page(client, "/en/cities/phuket/") == plain


def test_the_admin_is_left_as_it_is(admin_client, ascn_data, hints):
    html = page(admin_client, "/th/admin/cities/city/")
    assert "ภูเก็ต" in html
    assert not HINT.search(html)


def test_a_cached_page_does_not_run_the_segmenter_again(
    client, ascn_data, hints, segmented
):
    first = page(client, "/th/cities/phuket/")
    assert "ภูเก็ตเป็นจังหวัดเกาะ" in "".join(segmented)
    done = len(segmented)
    assert page(client, "/th/cities/phuket/") == first
    assert len(segmented) == done


def test_a_change_elsewhere_does_not_segment_the_page_again(
    client, ascn_data, hints, segmented
):
    first = page(client, "/th/cities/phuket/")
    done = len(segmented)
    bump_version()  # the page is built again, its texts are not cut again
    assert page(client, "/th/cities/phuket/") == first
    assert len(segmented) == done


def test_a_new_name_segments_the_pages_again(client, ascn_data, hints, segmented):
    from partners.models import Partner

    page(client, "/th/cities/phuket/")
    done = len(segmented)
    partner = Partner.objects.get(slug="milwaukee")
    partner.name_th = "มิลวอกีวอเทอร์"
    partner.save()
    html = page(client, "/th/cities/phuket/")
    assert len(segmented) > done
    # One word: joined throughout, with no boundary inside.
    assert wordbreaks.hint("มิลวอกีวอเทอร์") in html
    assert ZERO_WIDTH_SPACE not in wordbreaks.hint("มิลวอกีวอเทอร์")


def test_with_the_page_cache_off_a_records_part_is_hinted_once(
    client, ascn_data, hints, settings, monkeypatch
):
    """The record's part of its page is kept with its hints under the content
    version ({% versioned_fragment %}): the middleware hints the rest alone."""
    settings.PAGE_CACHE_ENABLED = False
    hinted = []
    hint_all = wordbreaks.hint_all

    def recorded(texts):
        hinted.extend(texts)
        return hint_all(texts)

    monkeypatch.setattr(wordbreaks, "hint_all", recorded)
    first = page(client, "/th/cities/phuket/")
    assert any("ภูเก็ตเป็นจังหวัดเกาะ" in text for text in hinted)
    hinted.clear()
    assert page(client, "/th/cities/phuket/") == first
    assert hinted  # the header and the footer, each time
    assert not any("ภูเก็ตเป็นจังหวัดเกาะ" in text for text in hinted)
