"""Why a search result matched: a short passage of the field that holds the
query, cut at word boundaries (Thai ones from the word segmenter), with each
place the query is found wrapped in <mark>.

Matching is as the search's (core/filters.py): case-insensitive, per
whitespace-separated term, with the invisible word-break hints of text copied
from a Thai page dropped. Everything else in the passage is HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.aliases import split_aliases
from core.wordbreaks import THAI, current_dictionary, without_hints, words

# About 20-30 words: a few before the match, the rest after it.
WORDS_BEFORE = 8
WORDS_IN_ALL = 25
MAX_CHARACTERS = 220
# The stretch of the text around the match that is cut into words: enough for
# the words kept, whatever their length.
READ_BEFORE = 100
READ_AFTER = 300
# Passages kept in this process, by the dictionary that cut them.
MEMO_SIZE = 4096
ELLIPSIS = "…"
# Not left at the ends of a passage.
_DANGLING = " \t\n,;:([{–—-/&.)"

NAME_LABELS = {"th": _("Thai name:"), "en": _("English name:")}
ALIASES_LABEL = _("Also known as")


@dataclass(frozen=True)
class Excerpt:
    """What a result shows of why it matched: `title`, the name with its
    matches marked where the name shown holds one; `text`, a passage of another
    field (its `label` says which where a passage alone would not: another
    name); `plain`, the passage without markup, for its `lang`."""

    title: SafeString | None = None
    text: SafeString | None = None
    label: str = ""
    plain: str = ""


def query_terms(query: str) -> list[str]:
    """The terms of a query as the search reads them, longest first (so that a
    longer term is marked whole where a shorter one is part of it)."""
    terms = dict.fromkeys(without_hints(query or "").split())
    return sorted(terms, key=len, reverse=True)


def _pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    return re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)


def mark(text: str, terms: Sequence[str]) -> SafeString:
    """The text, escaped, with every place a term is found in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return SafeString(escape(text))
    parts: list[str] = []
    position = 0
    for found in pattern.finditer(text):
        if found.start() == found.end():
            continue
        parts.append(escape(text[position : found.start()]))
        parts.append(f"<mark>{escape(found.group())}</mark>")
        position = found.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped)


def _pieces(text: str) -> list[str]:
    """The text as words with the spaces and punctuation between them:
    "".join(_pieces(text)) == text. Thai words from the segmenter."""
    if THAI.search(text):
        return words(text)
    return [piece for piece in re.split(r"(\s+)", text) if piece]


def _is_word(piece: str) -> bool:
    return bool(piece.strip()) and any(letter.isalnum() for letter in piece)


def passage(text: str, start: int, end: int) -> tuple[str, bool, bool]:
    """About WORDS_IN_ALL words of `text` around `text[start:end]`, cut between
    words; and whether it was cut before and after. A short text is whole.
    Cutting Thai text into words takes about 1.5 ms a passage: the passages are
    kept, under the dictionary's digest."""
    if len(text) <= MAX_CHARACTERS:
        return text.strip(), False, False
    digest = current_dictionary().digest if THAI.search(text) else ""
    return _passage(digest, text, start, end)


@lru_cache(maxsize=MEMO_SIZE)
def _passage(digest: str, text: str, start: int, end: int) -> tuple[str, bool, bool]:
    low = max(0, start - READ_BEFORE)
    high = min(len(text), end + READ_AFTER)
    pieces = _pieces(text[low:high])
    offsets = []
    position = low
    for piece in pieces:
        offsets.append(position)
        position += len(piece)
    # A stretch that starts or ends inside the text may start or end mid-word.
    first = 1 if low > 0 and len(pieces) > 1 and offsets[1] <= start else 0
    last = len(pieces) - (1 if high < len(text) and len(pieces) > 1 else 0)
    if last <= first or offsets[last - 1] + len(pieces[last - 1]) < end:
        first, last = 0, len(pieces)
    hit = max(i for i in range(first, last) if offsets[i] <= start)
    # Back a few words from the match, then on until the passage is full.
    begin = hit
    counted = 0
    while begin > first and counted < WORDS_BEFORE:
        begin -= 1
        counted += _is_word(pieces[begin])
    finish = hit
    counted = sum(_is_word(piece) for piece in pieces[begin : hit + 1])
    length = sum(len(piece) for piece in pieces[begin : hit + 1])
    while finish + 1 < last:
        following = pieces[finish + 1]
        if offsets[finish + 1] >= end and (
            counted >= WORDS_IN_ALL or length + len(following) > MAX_CHARACTERS
        ):
            break
        finish += 1
        counted += _is_word(following)
        length += len(following)
    kept = "".join(pieces[begin : finish + 1])
    cut_before = offsets[begin] > 0
    cut_after = offsets[finish] + len(pieces[finish]) < len(text)
    stripped = kept.lstrip(_DANGLING) if cut_before else kept.lstrip()
    if cut_after:
        stripped = stripped.rstrip(_DANGLING)
    return stripped.rstrip(), cut_before, cut_after


def _languages() -> list[str]:
    """The reader's language first, then the others."""
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    codes = [code for code, _name in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != current)


def _value(record: models.Model, field: str, language: str) -> str:
    return without_hints(getattr(record, f"{field}_{language}", None) or "")


def excerpt(
    record: models.Model,
    query: str,
    *,
    name_field: str = "name",
    alias_field: str | None = None,
    text_fields: Iterable[str] = (),
) -> Excerpt | None:
    """Why `record` matched `query`: its name marked, or the first of its other
    name in the other language, its aliases and its texts (in the reader's
    language first) that holds a term, as a marked passage."""
    terms = query_terms(query)
    pattern = _pattern(terms)
    if pattern is None:
        return None
    languages = _languages()
    shown_name = without_hints(str(getattr(record, name_field, "") or ""))
    title = mark(shown_name, terms) if pattern.search(shown_name) else None

    found: Excerpt | None = None
    if title is None:
        for language in languages[1:]:
            name = _value(record, name_field, language)
            if name and name != shown_name and pattern.search(name):
                found = Excerpt(
                    text=mark(name, terms), label=str(NAME_LABELS[language]), plain=name
                )
                break
    if found is None and alias_field and title is None:
        for language in languages:
            matching = [
                alias
                for alias in split_aliases(_value(record, alias_field, language))
                if pattern.search(alias)
            ]
            if matching:
                plain = ", ".join(matching)
                found = Excerpt(
                    text=mark(plain, terms), label=str(ALIASES_LABEL), plain=plain
                )
                break
    if found is None:
        found = _text_excerpt(record, terms, pattern, text_fields, languages)
    if title is None and found is None:
        return None
    if found is None:
        return Excerpt(title=title)
    return Excerpt(title=title, text=found.text, label=found.label, plain=found.plain)


def _text_excerpt(
    record: models.Model,
    terms: Sequence[str],
    pattern: re.Pattern[str],
    fields: Iterable[str],
    languages: Sequence[str],
) -> Excerpt | None:
    for language in languages:
        for field in fields:
            text = _value(record, field, language)
            found = pattern.search(text)
            if not found:
                continue
            kept, cut_before, cut_after = passage(text, found.start(), found.end())
            marked = mark(kept, terms)
            html = (
                (ELLIPSIS if cut_before else "")
                + marked
                + (ELLIPSIS if cut_after else "")
            )
            return Excerpt(text=mark_safe(html), plain=kept)  # noqa: S308 (marked)
    return None


@dataclass(frozen=True)
class Search:
    """A search whose results show excerpts: the query and the fields it looks
    in (as `excerpt` takes them)."""

    query: str
    name_field: str = "name"
    alias_field: str | None = None
    text_fields: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        """The columns the excerpts read, in every language."""
        fields = (self.name_field, self.alias_field, *self.text_fields)
        return [
            f"{field}_{code}"
            for field in fields
            if field
            for code, _name in settings.LANGUAGES
        ]

    def excerpt(self, record: models.Model) -> Excerpt | None:
        return excerpt(
            record,
            self.query,
            name_field=self.name_field,
            alias_field=self.alias_field,
            text_fields=self.text_fields,
        )


def add_excerpts(records: Iterable[models.Model], query: str, **fields) -> None:
    """Each record with `search_excerpt`: its Excerpt, or None."""
    for record in records:
        record.search_excerpt = excerpt(record, query, **fields)  # type: ignore[attr-defined]
