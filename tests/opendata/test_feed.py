"""The Atom feed of new and updated records, /th/feed.atom and /en/feed.atom."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from tests.factories import CityFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def read(client, address: str):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def at(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


def touch(record, minutes_ago: int) -> None:
    """Give a record its time of change (saving sets it to now)."""
    type(record).objects.filter(pk=record.pk).update(updated_at=at(minutes_ago))


def test_records_newest_first_with_titles_in_the_language_of_the_address(client):
    city = CityFactory(name_th="ภูเก็ต", name_en="Phuket", summary_en="An island.")
    partner = PartnerFactory(name_th="ไจกา", name_en="JICA")
    project = ProjectFactory(title_th="รถรางเบา", title_en="Light rail")
    touch(city, 30)
    touch(partner, 20)
    touch(project, 10)

    thai = read(client, "/th/feed.atom")
    english = read(client, "/en/feed.atom")

    assert [entry.title for entry in thai.entries] == ["รถรางเบา", "ไจกา", "ภูเก็ต"]
    assert [entry.title for entry in english.entries] == [
        "Light rail",
        "JICA",
        "Phuket",
    ]
    assert english.entries[2].link == "http://testserver/en/cities/" + city.slug + "/"
    assert thai.entries[2].link == "http://testserver/th/cities/" + city.slug + "/"
    assert english.entries[2].summary == "An island."
    assert english.feed.language == "en"
    assert english.feed.link == "http://testserver/en/"
    assert english.feed.author == "ASCN Portal"
    assert thai.feed.author == "พอร์ทัล ASCN"
    assert thai.feed.language == "th"


def test_entries_have_unique_ids_dates_and_an_author(client):
    CityFactory.create_batch(2)
    ProjectFactory()

    feed = read(client, "/en/feed.atom")

    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids)) == 3
    for entry in feed.entries:
        assert entry.updated_parsed and entry.published_parsed
        assert entry.author == "ASCN Portal"
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_drafts_are_not_in_the_feed(client, draft):
    CityFactory(name_en="Public city")
    CityFactory(name_en="Secret city", **draft)
    ProjectFactory(title_en="Secret project", **draft)

    feed = read(client, "/en/feed.atom")

    assert [entry.title for entry in feed.entries] == ["Public city"]


def test_only_the_newest_fifty(client):
    cities = CityFactory.create_batch(45)
    projects = ProjectFactory.create_batch(10)
    for minutes, record in enumerate([*projects, *cities]):
        touch(record, minutes)

    feed = read(client, "/en/feed.atom")

    assert len(feed.entries) == 50
    assert feed.entries[0].title == projects[0].title_en
    assert cities[-1].name_en not in {entry.title for entry in feed.entries}


def test_a_long_summary_is_cut_at_a_word(client):
    CityFactory(summary_en="word " * 200)

    summary = read(client, "/en/feed.atom").entries[0].summary

    assert len(summary) <= 300
    assert summary.endswith("word…")


def test_queries_do_not_grow_with_the_records(client, django_assert_max_num_queries):
    CityFactory()
    with django_assert_max_num_queries(6):
        client.get("/th/feed.atom")
    CityFactory.create_batch(10)
    PartnerFactory.create_batch(10)
    ProjectFactory.create_batch(10)
    with django_assert_max_num_queries(6):
        assert len(read(client, "/en/feed.atom").entries) == 31


def test_every_public_page_names_the_feed_of_its_language(client):
    for language in ("th", "en"):
        page = client.get(f"/{language}/").content.decode()
        assert (
            '<link rel="alternate" type="application/atom+xml" '
            f'href="/{language}/feed.atom"'
        ) in " ".join(page.split())
