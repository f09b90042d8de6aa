"""Cards: the HTML of one record as lists show it (a project's card, a city's
entry), rendered once per version of what it shows and kept in the cache.

A list page reads the columns its cards show with `values()` (no model
instances, no prefetches), and with them the records each card shows through a
relation (a project's cities) in one more query, whose rows are kept under the
content version (core/versioning.py): until something public changes, a page
of cards reads them from the cache. A card's key is a digest of all
of these (the record's own version, `updated_at`, among them), its language and,
on a Thai page, the word dictionary: an edit of the record, of a city named on
it or of its list of cities gives a new key, so a stale card is never found,
and nothing has to be deleted. The cards found in the cache are fetched with one
`get_many`; only the missing ones are built (from the values already read, so a
cold cache costs no extra query) and rendered, with their Thai word-break hints
(core/wordbreaks.py) added then, once per version rather than per request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache as memoize
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import wordbreaks
from core.excerpts import Search
from core.versioning import versioned

# Increase when the way cards are keyed or built changes.
CARD_FORM = 2

Row = dict[str, Any]


def build(model: type[models.Model], row: Row, prefix: str = "") -> Any:
    """A record of `model` from a row of `values()`: its columns named
    `prefix + attname`; the other columns are deferred (reading one would cost a
    query, which the query-count tests would notice)."""
    names = []
    values = []
    for field in model._meta.concrete_fields:
        key = prefix + field.attname
        if key in row:
            names.append(field.attname)
            values.append(row[key])
    return model.from_db(None, names, values)


def prefetched(record: Any, relation: str, related: list) -> None:
    """`record.<relation>.all()` gives `related` without a query, as
    prefetch_related would have left it."""
    manager = getattr(record, relation)
    queryset = manager.all()
    queryset._result_cache = related
    queryset._prefetch_done = True
    cache_name = manager.prefetch_cache_name
    if not hasattr(record, "_prefetched_objects_cache"):
        record._prefetched_objects_cache = {}
    record._prefetched_objects_cache[cache_name] = queryset


@memoize
def _form_digest(template_name: str) -> str:
    """What the cards' HTML is made from, besides the records: the template and
    the    translations; a new release that changes them gives new keys."""
    digest = hashlib.sha256(str(CARD_FORM).encode())
    template = get_template(template_name)
    origin = getattr(getattr(template, "template", None), "origin", None)
    for path in (getattr(origin, "name", None), *_catalogues()):
        if path and Path(path).is_file():
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


def _catalogues() -> list[Path]:
    return [
        Path(folder) / language / "LC_MESSAGES" / "django.mo"
        for folder in settings.LOCALE_PATHS
        for language, _name in settings.LANGUAGES
    ]


class Card:
    """One kind of card: its template, the name of the record in it and the
    columns it reads (`fields`, with `prefix__column` for a related record read
    through a foreign key). Subclasses may add records shown through a
    many-to-many relation (`related`)."""

    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    template_name: ClassVar[str]
    context_name: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]
    # Foreign keys read with the record: attribute -> (model, columns).
    joined: ClassVar[dict[str, tuple[type[models.Model], tuple[str, ...]]]] = {}
    context: ClassVar[dict[str, Any]] = {}

    def columns(self) -> list[str]:
        pk = self.model._meta.pk.attname
        found = [pk, "updated_at", *self.fields]
        for attribute, (_model, columns) in self.joined.items():
            found += [f"{attribute}__{column}" for column in columns]
        return list(dict.fromkeys(found))

    def rows(self, queryset: models.QuerySet, extra: Sequence[str] = ()) -> list[Row]:
        """The values the cards of these records need, in the queryset's order
        (the queryset may be a page's slice), with the `extra` columns."""
        return list(queryset.values(*dict.fromkeys([*self.columns(), *extra])))

    def related(self, pks: Sequence[Any]) -> dict[Any, list[Row]]:
        """Rows of the records each card shows through a relation, by the card's
        record; one query for all the cards, or none."""
        return {}

    def record(self, row: Row, related: list[Row]) -> Any:
        record = build(self.model, row)
        for attribute, (model, _columns) in self.joined.items():
            if row.get(f"{attribute}__id") is not None:
                setattr(record, attribute, build(model, row, f"{attribute}__"))
        return record

    def related_kept(self, pks: Sequence[Any]) -> dict[Any, list[Row]]:
        """`related()`, kept under the content version, the language (which
        orders them) and these records: the same records' related rows do not
        change until something public does."""
        if type(self).related is Card.related:
            return {}
        digest = hashlib.blake2b(repr(list(pks)).encode(), digest_size=12)
        return versioned(
            f"card-related:{self.name}:{digest.hexdigest()}", lambda: self.related(pks)
        )

    def key(self, row: Row, related: list[Row], hints: str, prefix: str = "") -> str:
        """A digest of the row and its related rows, each with its columns in the
        order `columns()` and `related()` read them, after `key_prefix()`."""
        pk = row[self.model._meta.pk.attname]
        content = hashlib.blake2b(
            repr((tuple(row.values()), [tuple(r.values()) for r in related])).encode(),
            digest_size=12,
        ).hexdigest()
        return f"{prefix or self.key_prefix(hints)}:{pk}:{content}"

    def key_prefix(self, hints: str) -> str:
        """What the keys of a page's cards share: the card's form, the language
        and the word dictionary (`hints`)."""
        form = _form_digest(self.template_name)
        return f"card:{self.name}:{form}:{get_language()}:{hints}"


# The cards by name: a page of one app shows another's records' cards without
# importing that app (a city's page, its projects).
_registry: dict[str, Card] = {}


def register(card: Card) -> Card:
    _registry[card.name] = card
    return card


def named(name: str) -> Card:
    return _registry[name]


def kept_rows(card: Card, name: str, queryset: models.QuerySet) -> list[Row]:
    """`card.rows(queryset)` kept under the content version and `name`, which
    says which records the queryset gives (the same name, the same records)."""
    return versioned(f"card-rows:{card.name}:{name}", lambda: card.rows(queryset))


def render(
    card: Card,
    records: models.QuerySet | Iterable[Row],
    related: dict[Any, list[Row]] | None = None,
    *,
    search: Search | None = None,
    kept: str | None = None,
) -> SafeString:
    """The cards of these records (a queryset, or its `card.rows()` with their
    `card.related()` when the page needs them too), in their order, as one piece
    of HTML. Results of a `search` show why they matched (core/excerpts.py):
    their cards read the searched columns too and are kept under the query.

    Records named `kept` (the same name for the same records: "projects of
    city 7") have their rows (of a queryset) and their cards' HTML kept under the
    content version, as the related rows are: until something public changes,
    their cards cost no query and no key."""
    hints = wordbreaks.page_hints()
    if kept and not search:
        # The rows and the cards' HTML alike, under the content version: a
        # record's page reads its list of cards as one value.
        def made() -> str:
            rows = (
                kept_rows(card, kept, records)
                if isinstance(records, models.QuerySet)
                else list(records)
            )
            return _html(card, rows, related, None, hints)

        html = versioned(
            f"cards-html:{card.name}:{kept}:{card.key_prefix(hints)}", made
        )
    else:
        extra = search.columns() if search else ()
        rows = (
            card.rows(records, extra)
            if isinstance(records, models.QuerySet)
            else list(records)
        )
        html = _html(card, rows, related, search, hints)
    if hints != "-" and html:
        # Hinted already: the middleware leaves it alone.
        html = wordbreaks.hinted_already(html)
    return mark_safe(html)  # noqa: S308 (rendered by the templates)


def _html(
    card: Card,
    rows: list[Row],
    related: dict[Any, list[Row]] | None,
    search: Search | None,
    hints: str,
) -> str:
    """The cards of these rows, found in the cache together, one by one or
    rendered."""
    if not rows:
        return ""
    pk = card.model._meta.pk.attname
    if related is None:
        related = card.related_kept([row[pk] for row in rows])
    prefix = card.key_prefix(hints)
    keys = [card.key(row, related.get(row[pk], []), hints, prefix) for row in rows]
    if search:
        asked = hashlib.sha256(search.query.encode()).hexdigest()[:16]
        keys = [f"{key}:q:{asked}" for key in keys]
    # The cards of a page together, under their keys: one entry to read for a
    # list seen before (a page of projects), the cards one by one otherwise.
    together = "cards:" + hashlib.blake2b("|".join(keys).encode()).hexdigest()
    html = cache.get(together)
    if html is None:
        html = _joined(card, rows, keys, related, search, hints)
        cache.set(together, html, settings.PAGE_CACHE_STALE_SECONDS)
    return html


def _joined(
    card: Card,
    rows: list[Row],
    keys: list[str],
    related: dict[Any, list[Row]],
    search: Search | None,
    hints: str,
) -> str:
    """The cards' HTML, each found in the cache or rendered and kept there."""
    pk = card.model._meta.pk.attname
    found = cache.get_many(keys)
    made = {}
    template = None
    for row, key in zip(rows, keys, strict=True):
        if key in found:
            continue
        template = template or get_template(card.template_name)
        record = card.record(row, related.get(row[pk], []))
        if search:
            record.search_excerpt = search.excerpt(record)
        html = template.render({card.context_name: record, **card.context})
        if hints != "-":
            html = wordbreaks.hint_html(html)
        made[key] = found[key] = html
    if made:
        cache.set_many(made, settings.PAGE_CACHE_STALE_SECONDS)
    return "".join(found[key] for key in keys)
