"""The Atom feed of the records published or updated, one per language."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cities.models import City
from core.models import PublishableModel
from core.wordbreaks import shorten
from partners.models import Partner
from projects.models import Project

# Entries in the feed: the newest of all kinds together.
ENTRIES = 50
SUMMARY_CHARACTERS = 300


class RecordsFeed(Feed):
    """Pilot cities, partners and projects, the most recently published or
    changed first, in the language of the address (/th/ or /en/)."""

    feed_type = Atom1Feed
    title = _("ASCN Portal: new and updated records")
    subtitle = _(
        "Pilot cities, partners and projects of the ASEAN Smart Cities Network, "
        "newly published or updated."
    )
    author_name = _("ASCN Portal")

    def link(self) -> str:
        return reverse("portal:home")

    def feed_url(self) -> str:
        return reverse("feeds:atom")

    def items(self) -> list[PublishableModel]:
        # The newest of each kind (one query each), then the newest of those.
        newest: list[PublishableModel] = []
        for model in (City, Partner, Project):
            newest.extend(
                model.objects.published().order_by("-updated_at", "-pk")[:ENTRIES]
            )
        newest.sort(key=lambda record: record.updated_at, reverse=True)
        return newest[:ENTRIES]

    def item_title(self, item: PublishableModel) -> str:
        return item.title if isinstance(item, Project) else item.name  # type: ignore[attr-defined]

    def item_description(self, item: PublishableModel) -> str:
        text = getattr(item, "summary", "") or getattr(item, "description", "")
        return shorten(" ".join(text.split()), SUMMARY_CHARACTERS)

    def item_link(self, item: PublishableModel) -> str:
        return item.get_absolute_url()  # type: ignore[attr-defined]

    def item_pubdate(self, item: PublishableModel) -> datetime:
        return item.published_at or item.created_at

    def item_updateddate(self, item: PublishableModel) -> datetime:
        return item.updated_at

    def item_categories(self, item: PublishableModel) -> list[str]:
        return [str(item._meta.verbose_name)]

    def item_author_name(self, item: PublishableModel) -> str:
        return str(self.author_name)
