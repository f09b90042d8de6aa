"""Names in the reader's order: Thai dictionary order on Thai pages, the English
alphabet without regard to case on English ones, the same on SQLite and
PostgreSQL.

Thai order comes from a sort key kept beside each Thai name (`name_th_sort`
beside `name_th`), computed in Python whenever the record is written and
compared byte by byte by both databases (the "C" collation on PostgreSQL,
SQLite's own BINARY). The key follows the rules of CLDR's Thai collation, the
one ICU (and PostgreSQL's `th-TH-x-icu`) implements:

- a leading vowel (เ แ โ ใ ไ) is read after the consonant it stands before:
  เชียงใหม่ files under ช, between ชลบุรี and ซูเมดัง;
- tone marks and the other marks above a consonant (่ ้ ๊ ๋ ็ ์ ๎) count only
  between names whose letters are the same (กา, ก่า, ก้า, กาก);
- spaces and punctuation are ignored (ติมอร์-เลสเต as ติมอร์เลสเต; two names
  that differ only there are in the order of their slugs);
- digits come first, then Thai letters, then Latin letters without regard to
  case or accents.

PyThaiNLP gives the classes of Thai characters. Its own key (`collate`) is not
used as it is: it appends the first tone mark to the end of the word, so that a
tone mark is compared with letters (น่าน then lands after นานา), drops any
further marks and puts Latin before Thai.
The key here agrees with it where it is right (words without marks) and with
ICU's order on PostgreSQL, as property tests check (tests/core/test_collation.py).

Why a stored key rather than a collation in the database: PostgreSQL has ICU's,
but SQLite would need the same rules registered on each connection as a Python
function called for every comparison, giving two implementations to keep in
step and a sort that no index serves. The key is computed once per write, by
one function, and both databases sort it with an index.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Lower
from django.db.models.signals import pre_save
from django.utils import translation
from pythainlp import thai_consonants, thai_lead_vowels

# The Thai letters and vowels in dictionary order. The consonants stand in code
# point order (ฤ after ร, ฦ after ล); nikhahit (ํ) comes before the vowels,
# sara am (ำ) is read as sara aa and nikhahit (า ํ: กำ after every กา...),
# lakkhangyao (ๅ) as sara aa, and phinthu (ฺ) comes last.
THAI_LETTERS = "".join(sorted(thai_consonants + "ฤฦ"))
THAI_ORDER = THAI_LETTERS + "ํะัาิีึืุู" + thai_lead_vowels + "ฺ"
_THAI_WEIGHT = {letter: position for position, letter in enumerate(THAI_ORDER)}
_THAI_WEIGHT["ๅ"] = _THAI_WEIGHT["า"]
# Marks that count at the second level only, in CLDR's order: yamakkan,
# thanthakhat, maitaikhu and the four tone marks.
THAI_MARKS = "๎์็่้๊๋"
_MARK_WEIGHT = {mark: chr(0x30 + position) for position, mark in enumerate(THAI_MARKS)}
# Characters ignored at the first levels, as spaces and punctuation are
# (CLDR's Thai collation is "alternate shifted"): mai yamok and paiyannoi,
# which are letters to Unicode.
_IGNORED = {"ๆ", "ฯ"}

# Each character of a name becomes one code point of the key, so that comparing
# keys code point by code point (byte by byte in UTF-8) compares the names.
# Symbols, digits, Thai, then other letters, each group above the one before
# and all above the separator and the second level's weights; the groups lie in
# the supplementary planes, clear of surrogates.
SEPARATOR = "\x01"  # between the first level and the second
_BASE_WEIGHT = "\x02"  # the second level of a letter without a mark
_SYMBOL = 0x20000
_CURRENCY = 0x90000
_DIGIT = 0xE0000
_THAI = 0xE0100
_LETTER = 0xF0000


def _primary(char: str) -> str | None:
    """The character's first-level weight, or None for one that is ignored
    there (spaces, punctuation, marks)."""
    if char in _THAI_WEIGHT:
        return chr(_THAI + _THAI_WEIGHT[char])
    if char in _IGNORED:
        return None
    category = unicodedata.category(char)
    if category[0] in "ZPCM":
        return None
    if category == "Nd":
        return chr(_DIGIT + unicodedata.digit(char))
    if category[0] == "S":
        base = _CURRENCY if category == "Sc" else _SYMBOL
        return chr(base + min(ord(char), 0x4FFFF))
    lower = char.lower()
    return chr(_LETTER + min(ord(lower if len(lower) == 1 else char), 0x1FFFD))


def _secondary(char: str) -> str | None:
    if char in _MARK_WEIGHT:
        return _MARK_WEIGHT[char]
    if unicodedata.category(char) == "Mn" and char not in _THAI_WEIGHT:
        return char  # a Latin accent, after a letter's decomposition
    return None


@functools.cache
def _weights(char: str) -> tuple[str, str] | None:
    """The character's weights at the first and second levels: (its primary
    weight, the weight of a letter without a mark), (nothing, its mark's
    weight), or None for a character that counts at neither."""
    if (weight := _primary(char)) is not None:
        return weight, _BASE_WEIGHT
    if (mark := _secondary(char)) is not None:
        return "", mark
    return None


_LEAD_VOWEL_FIRST = re.compile(f"([{thai_lead_vowels}])([{THAI_LETTERS}])")


def _logical_order(text: str) -> str:
    """A leading vowel moved after the consonant it is written before, as it is
    read: เชียง as ชเียง."""
    return _LEAD_VOWEL_FIRST.sub(r"\2\1", text)


def thai_sort_key(text: str) -> str:
    """A string whose code point order is the Thai dictionary order of `text`:
    the letters' weights, then SEPARATOR, then the marks' weights."""
    text = unicodedata.normalize("NFD", text or "").replace("ํา", "ำ")
    weights = [
        found
        for char in _logical_order(text).replace("ำ", "าํ")
        if (found := _weights(char)) is not None
    ]
    return (
        "".join(first for first, _second in weights)
        + SEPARATOR
        + "".join(second for _first, second in weights)
    )


def is_thai(language: str | None = None) -> bool:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return language.split("-")[0] == "th"


def sort_key_name(field: str) -> str:
    """The column of the Thai sort key of translated field `field`."""
    return f"{field}_th_sort"


class ThaiSortKeyField(models.CharField):
    """The Thai dictionary sort key of a translated field (`source`, such as
    "name"): computed from the Thai text, or the English one where the Thai is
    missing (as the page then shows it), whenever the record is written.

    The key is kept current by every way of writing: `save()` and `bulk_create`
    call `pre_save`, core.bulk's `update_rows` writes it with its source, and a
    raw save (loaddata, a restore from a backup) is handled by a signal."""

    def __init__(self, *args: Any, source: str = "name", **kwargs: Any) -> None:
        self.source = source
        kwargs["editable"] = False
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        del kwargs["editable"]
        if kwargs.get("default") == "":
            del kwargs["default"]
        return name, path, args, kwargs

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            # Code point order, whatever the database's own collation.
            parameters["collation"] = "C"
        return parameters

    @property
    def sources(self) -> tuple[str, str]:
        return f"{self.source}_th", f"{self.source}_en"

    def key_of(self, record: models.Model) -> str:
        thai, english = (getattr(record, name, "") or "" for name in self.sources)
        return thai_sort_key(thai.strip() or english)[: self.max_length]

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.key_of(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def sort_key_fields(model: type[models.Model]) -> list[ThaiSortKeyField]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, ThaiSortKeyField)
    ]


def derived_fields(model: type[models.Model], fields: set[str]) -> set[str]:
    """The sort keys to write with these fields: those of the fields' sources."""
    return {
        field.name
        for field in sort_key_fields(model)
        if field.source in fields or set(field.sources) & fields
    }


class SortKeysKept(models.Model):
    """A record whose `save(update_fields=...)` writes the sort keys of the
    fields it names too."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            named = set(update_fields)
            kwargs["update_fields"] = named | derived_fields(type(self), named)
        super().save(*args, **kwargs)


def fill_sort_keys(*labels: str):
    """A migration's step that computes the sort keys of the rows already there,
    for models named "app_label.ModelName"."""

    def fill(apps: Any, schema_editor: Any) -> None:
        for label in labels:
            model = apps.get_model(label)
            fields = sort_key_fields(model)
            records = list(model._base_manager.using(schema_editor.connection.alias))
            for record in records:
                for field in fields:
                    setattr(record, field.attname, field.key_of(record))
            model._base_manager.using(schema_editor.connection.alias).bulk_update(
                records, [field.name for field in fields], batch_size=500
            )

    return fill


def refresh_sort_keys(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any
) -> None:
    # A raw save (loaddata) writes the attributes as they are, without
    # `pre_save`: a backup taken before a change of the rules is sorted anew.
    if raw:
        for field in sort_key_fields(sender):
            setattr(instance, field.attname, field.key_of(instance))


def connect_signals() -> None:
    pre_save.connect(refresh_sort_keys, dispatch_uid="core.collation.refresh_sort_keys")


class Folded(Lower):
    """Text in lower case, compared code point by code point on every database
    (SQLite's BINARY does; PostgreSQL's own collation may not): the English
    order."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = self.as_sql(compiler, connection, **extra_context)
        return f'({sql}) COLLATE "C"', params


class InReadersOrder(models.Expression):
    """The order of a translated field (`path`: "name", or "country__name" across
    a relation) in the language of the request, chosen when the query runs: its
    Thai sort key on Thai pages, its English text without regard to case on
    English ones. Usable in `order_by`, in an admin column's `ordering`, and in
    orderings declared once on a class."""

    def __init__(self, path: str) -> None:
        super().__init__(output_field=models.CharField())
        self.path = path

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InReadersOrder) and other.path == self.path

    def __hash__(self) -> int:
        return hash((type(self), self.path))

    def localized(self) -> models.F | models.Func:
        if is_thai():
            return models.F(sort_key_name(self.path))
        return Folded(f"{self.path}_en")

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        return self.localized().resolve_expression(
            query, allow_joins, reuse, summarize, for_save
        )


def by_name(field: str = "name", tie: str = "slug") -> tuple:
    """The ordering of a list by name in the reader's order; ties (two records
    of the same name) by `tie`, so that pages never overlap."""
    return (InReadersOrder(field), tie)


def name_of(model: type[models.Model]) -> str | None:
    """The translated field that names records of `model`, where it has a sort
    key: "name", "title" ..."""
    fields = sort_key_fields(model)
    return fields[0].source if fields else None


def column_order(model: type[models.Model], name: str) -> InReadersOrder | None:
    """The reader's order of a column of `model`'s records: its name, or a
    foreign key to records that have one (a city's country); None for any other
    column."""
    if name == name_of(model):
        return InReadersOrder(name)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_one and field.related_model is not None:
        target = name_of(field.related_model)  # type: ignore[arg-type]
        if target is not None:
            return InReadersOrder(f"{name}__{target}")
    return None


def readers_ordering(model: type[models.Model]) -> tuple | None:
    """The order of a list of `model`'s records in the reader's language: by
    name, or, for records named by what they link (a partnership), by the
    names of the records their default order starts with. Ties by slug, or by
    primary key."""
    tie = "slug" if any(f.name == "slug" for f in model._meta.fields) else "pk"
    if (name := name_of(model)) is not None:
        return by_name(name, tie=tie)
    default = list(model._meta.ordering or ())
    ordering: list[Any] = []
    for item in default:
        order = column_order(model, item) if isinstance(item, str) else None
        if order is not None:
            ordering.append(order)
        ordering.append(item)
    if len(ordering) == len(default):
        return None
    return (*ordering, tie)


def in_readers_order(records, field: str = "name", tie: str = "slug") -> list:
    """Records already read, sorted as `by_name(field, tie)` sorts them."""
    thai = is_thai()

    def key(record: Any) -> tuple[str, str]:
        if thai:
            text = getattr(record, f"{field}_th", "") or ""
            sort_key = thai_sort_key(text.strip() or getattr(record, f"{field}_en", ""))
        else:
            sort_key = (getattr(record, f"{field}_en", "") or "").lower()
        return sort_key, str(getattr(record, tie, ""))

    return sorted(records, key=key)
