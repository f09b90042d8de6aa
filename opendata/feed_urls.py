"""The Atom feed, under /th/ and /en/: its entries are in the address's language."""

from django.urls import path

from .feeds import RecordsFeed

app_name = "feeds"

urlpatterns = [
    path("feed.atom", RecordsFeed(), name="atom"),
]
