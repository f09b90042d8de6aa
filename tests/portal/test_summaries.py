"""Summaries on cards and lists, and in the description of a page, end at a word
boundary with an ellipsis, in Thai and in English."""

import html
import re

import pytest
from django.utils import translation

from core.wordbreaks import words
from projects.models import Project

pytestmark = pytest.mark.django_db


def card_summaries(page: str) -> list[str]:
    cards = re.findall(r'<article class="card">(.*?)</article>', page, re.DOTALL)
    return [
        html.unescape(re.findall(r"<p>(.*?)</p>", card, re.DOTALL)[-1].strip())
        for card in cards
    ]


def ends_at_a_boundary(kept: str, whole: str) -> bool:
    if not whole.startswith(kept):
        return False
    if whole[len(kept)].isspace() or not whole[len(kept)].isalnum():
        return True
    ends = {0}
    for piece in words(whole):
        ends.add(max(ends) + len(piece))
    return len(kept) in ends


@pytest.mark.parametrize("language", ["th", "en"])
def test_card_summaries_end_at_a_word_boundary(client, ascn_data, language):
    summaries = {
        getattr(project, f"summary_{language}")
        for project in Project.objects.published()
    }
    shortened = 0
    for number in (1, 2, 3):
        page = client.get(f"/{language}/projects/?page={number}").content.decode()
        for shown in card_summaries(page):
            if not shown.endswith("…"):
                assert shown in summaries
                continue
            shortened += 1
            kept = shown[:-1]
            assert len(shown) <= 220
            assert any(ends_at_a_boundary(kept, whole) for whole in summaries), shown
    assert shortened > 5


def test_a_pages_description_ends_at_a_word_boundary(client, ascn_data):
    project = max(Project.objects.published(), key=lambda p: len(p.summary_th))
    assert len(project.summary_th) > 200
    with translation.override("th"):
        address = project.get_absolute_url()
    page = client.get(address).content.decode()
    described = html.unescape(
        re.search(r'<meta name="description"\s+content="([^"]*)"', page).group(1)
    )
    assert described.endswith("…") and len(described) <= 200
    assert ends_at_a_boundary(described[:-1], project.summary_th)
