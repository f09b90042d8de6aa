"""Where a line may break in Thai text, for the browser.

Thai is written without spaces between words. Browsers find the places where a
line may break with a dictionary of their own (ICU's, in Chromium), which knows
none of the transliterated names this portal is full of: it breaks them, and
the words next to them, in the middle ("เสีย|มราฐ", "กับเมือ|งมิลวอกี").

So the pages carry the word boundaries found by PyThaiNLP's newmm segmenter,
whose dictionary is extended with the portal's own names (the models that
declare `word_dictionary_fields`) and a few terms of the network (TERMS), as two
invisible characters:

- a zero-width space (U+200B) between two Thai words: a line may break there;
- a word joiner (U+2060) inside a word, before each consonant or leading vowel
  (the only places where Chromium breaks Thai) except the first one and one
  right after a leading vowel: no line breaks there.

Measured in Chromium 156 over every Thai name, summary, vision, title and topic of
the reference data (62,600 characters): the zero-width space alone, or with
`word-break: keep-all` (which leaves Thai alone), still lets Chromium break inside
3,163 words; word joiners inside the words and zero-width spaces between them
leave none, as does a `white-space: nowrap` span around each word with a <wbr>
between, which is heavier (+141 % instead of +55 % of the text's bytes, 17,000
elements more and twice the layout time, against none and +47 %).

A name of more than MAX_WORD characters is left to the browser: it is a compound
("สำนักงานส่งเสริมเศรษฐกิจดิจิทัล") that Chromium breaks between its parts, and
kept whole it could be wider than a phone.

"พ.ศ." stays with its year and a number with the word after it (its unit or
classifier: "4.4 กิโลเมตร", "650 ล้านบาท", "38 เมือง"): the space between them
becomes a no-break space.

The hints are added to the HTML of the public pages as they are sent
(portal/middleware.py), in text between tags only: never in <title>, attributes
(meta tags, alt texts), scripts, form fields or exports. What is stored does not
change.

Cost: newmm takes about 3 ms for 200 Thai characters. Each hinted text is kept in
this process and, where the cache is shared (Redis), in the cache under the
dictionary's digest, so a text is segmented once until the names change,
whatever else changes; a page served from the page cache does no Thai work.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from functools import cache as memoize

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation

from core.versioning import versioned

# Increase when the hints' form changes: the hinted texts kept in the cache under
# the dictionary's digest are then built again.
HINTS_FORM = 1
ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"
# Longer names are compounds, which may break between their parts (see above).
MAX_WORD = 20
# Terms of the network that PyThaiNLP's dictionary lacks and misreads: without
# them "แผนปฏิบัติการเมืองอัจฉริยะ" (smart-city action plan) is cut as
# "แผน|ปฏิบัติ|การเมือง|อัจฉริยะ" ("politics"), and a line may end there.
TERMS = frozenset({"แผนปฏิบัติการ", "เมืองอัจฉริยะ", "เมืองนำร่อง"})

THAI = re.compile(r"[\u0e01-\u0e5b]")
THAI_LETTER = "\u0e01-\u0e4e"
CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))  # ก to ฮ, ฤ, ฦ
LEADING_VOWELS = frozenset("เแโใไ")
# The parts of a name: "โรลันด์ เบอร์เกอร์", "ติมอร์-เลสเต", "มิลวอกี (The Water Council)".
NAME_PARTS = re.compile(r"[\s()\[\],;:/\-–—]+")
# "พ.ศ. 2568", "ค.ศ. 2025"; a number and the Thai word after it.
ERA_AND_YEAR = re.compile(r"([พค]\.ศ\.) +(?=\d)")
NUMBER_AND_UNIT = re.compile(rf"(?<![\d,.])\d[\d,.]* +(?=[{THAI_LETTER}])")
REPEAT = re.compile(r" +(?=ๆ)")
INVISIBLE = re.compile(f"[{ZERO_WIDTH_SPACE}{WORD_JOINER}]")


# The dictionary


def _base_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return thai_words()


@memoize
def _segment():
    from pythainlp.tokenize.newmm import segment

    return segment


class Dictionary:
    """A word list that newmm reads as its trie: newmm only asks which words of
    the list begin at a place in the text (`prefixes`). Kept as a set with the
    lengths of the words by first letter, it is built in 0.05 s and takes 8 MB;
    PyThaiNLP's own trie of the same 62,000 words takes 1.4 s and 70 MB."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(word for word in words if word)
        lengths: defaultdict[str, set[int]] = defaultdict(set)
        for word in self.words:
            lengths[word[0]].add(len(word))
        self.lengths = {first: sorted(found) for first, found in lengths.items()}

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = []
        end = len(text)
        for length in self.lengths.get(text[start : start + 1], ()):
            if start + length > end:
                break
            piece = text[start : start + length]
            if piece in self.words:
                found.append(piece)
        return found

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)


class PortalDictionary(Dictionary):
    """PyThaiNLP's dictionary with the portal's names: the large list is shared
    by every version of the small one."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(names)
        self.base = base_dictionary()
        self.digest = hashlib.sha256(
            "\n".join([str(HINTS_FORM), *sorted(self.words)]).encode()
        ).hexdigest()[:20]

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        found = self.base.prefixes(text, start)
        names = super().prefixes(text, start)
        if not names:
            return found
        return sorted(set(found).union(names), key=len)

    def __contains__(self, word: str) -> bool:
        return word in self.words or word in self.base

    def __len__(self) -> int:
        return len(self.words) + len(self.base)


@memoize
def base_dictionary() -> Dictionary:
    return Dictionary(_base_words())


def warm_up() -> None:
    """Load the dictionary and the segmenter (0.3 s) as a web server starts,
    rather than for its first Thai page."""
    base_dictionary()
    _segment()


def _split(text: str, dictionary: Dictionary) -> list[str]:
    # newmm takes any object with `prefixes`; it is typed for its own trie.
    return _segment()(text, dictionary)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The words the portal's names add to the dictionary: each part of a name
    ("โรลันด์", "เบอร์เกอร์") of up to MAX_WORD characters, whole. Of a longer
    part, which is a compound, only the stretches that the dictionary does not
    know, with the short pieces it cut them into ("มิลวอกี" in a long name)."""
    base = base_dictionary()
    words = set()
    for name in names:
        for part in NAME_PARTS.split(name or ""):
            if not THAI.search(part):
                continue
            if len(part) <= MAX_WORD:
                words.add(part)
                continue
            stretch: list[str] = []
            unknown = False
            for piece in [*_split(part, base), ""]:
                if piece and (piece not in base or len(piece) <= 3):
                    stretch.append(piece)
                    unknown = unknown or piece not in base
                    continue
                if unknown and len(stretch) > 1:
                    words.add("".join(stretch))
                stretch, unknown = [], False
    return frozenset(words)


def portal_names() -> list[str]:
    """The Thai names of every record whose model declares
    `word_dictionary_fields` (translated fields: their Thai column is read)."""
    names: list[str] = []
    for model in apps.get_models():
        for field in getattr(model, "word_dictionary_fields", ()):
            column = f"{field}_th"
            names.extend(
                model._default_manager.exclude(**{column: ""})
                .exclude(**{f"{column}__isnull": True})
                .values_list(column, flat=True)
                .distinct()
            )
    return names


# One dictionary a process for each set of names, found by its digest.
_dictionaries: dict[str, PortalDictionary] = {}
_lock = threading.Lock()


def _dictionary_from(words: tuple[str, ...]) -> PortalDictionary:
    key = hashlib.sha256("\n".join(words).encode()).hexdigest()
    found = _dictionaries.get(key)
    if found is None:
        found = PortalDictionary(words)
        with _lock:
            if len(_dictionaries) >= 4:
                _dictionaries.clear()
            _dictionaries[key] = found
    return found


def current_dictionary() -> PortalDictionary:
    """The dictionary with the names as they are now. The names are read once
    per content version (and kept for the length of a request)."""
    # One dictionary for both languages: it holds the Thai names whatever the
    # page's language (versioned() keys its values by the language).
    with translation.override("th"):
        words = versioned(
            "word-dictionary",
            lambda: tuple(sorted(name_words(portal_names()) | TERMS)),
        )
    return _dictionary_from(words)


def page_hints() -> str:
    """What the hints of the page being made depend on: the word dictionary's
    digest on a Thai page with hints, else "-" (no hints)."""
    if settings.THAI_WORD_BREAKS and (translation.get_language() or "").startswith(
        "th"
    ):
        return current_dictionary().digest
    return "-"


def words(text: str, dictionary: Dictionary | None = None) -> list[str]:
    """The words of a text, in order, with its spaces and punctuation between
    them: "".join(words(text)) == text."""
    if not text:
        return []
    return _split(text, dictionary or current_dictionary())


# The hints


def _joined(word: str) -> str:
    """A word joiner wherever Chromium could break the word: before a consonant
    or a leading vowel, except at its start or right after a leading vowel."""
    if len(word) < 2 or len(word) > MAX_WORD:
        return word
    letters = [word[0]]
    for before, letter in zip(word, word[1:], strict=False):
        if (
            letter in CONSONANTS or letter in LEADING_VOWELS
        ) and before not in LEADING_VOWELS:
            letters.append(WORD_JOINER)
        letters.append(letter)
    return "".join(letters)


def _is_thai_word(piece: str) -> bool:
    return bool(THAI.match(piece[:1]) and THAI.match(piece[-1:]))


def hint(text: str, dictionary: Dictionary | None = None) -> str:
    """The text with its word boundaries marked (see the module's notes). The text
    may be HTML text between tags: entities and other non-Thai characters are
    left as they are."""
    if not text:
        return text
    text = keep_together(text)
    if THAI.search(text):
        pieces = words(text, dictionary)
        marked = []
        previous = ""
        for piece in pieces:
            thai = THAI.search(piece) is not None
            if thai and previous and _is_thai_word(previous) and _is_thai_word(piece):
                marked.append(ZERO_WIDTH_SPACE)
            marked.append(_joined(piece) if thai else piece)
            previous = piece
        text = "".join(marked)
    return text


def _number_and_unit(found: re.Match) -> str:
    if found.string.endswith(f"ศ.{NO_BREAK_SPACE}", 0, found.start()):
        return found.group()  # a year, which stays with its era, not the next word
    return found.group().rstrip(" ") + NO_BREAK_SPACE


def keep_together(text: str) -> str:
    """No-break spaces that keep "พ.ศ." with its year, a number with its unit and
    a word with the "ๆ" that repeats it."""
    if " " not in text:
        return text
    text = ERA_AND_YEAR.sub(rf"\1{NO_BREAK_SPACE}", text)
    text = NUMBER_AND_UNIT.sub(_number_and_unit, text)
    return REPEAT.sub(NO_BREAK_SPACE, text)


def without_hints(text: str) -> str:
    return INVISIBLE.sub("", text)


# Hinted texts kept in this process, then in the cache, under the dictionary's
# digest: valid until the names change, whatever else changes.
_MEMO_SIZE = 20_000
_memo: dict[tuple[str | int, ...], str] = {}


def _remember(found: dict[tuple[str | int, ...], str]) -> None:
    with _lock:
        if len(_memo) + len(found) > _MEMO_SIZE:
            _memo.clear()
        _memo.update(found)


def _cache_key(digest: str, text: str) -> str:
    return f"wordbreaks:{digest}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def _shared() -> bool:
    """Whether the cache is shared by the processes (Redis): a cache in this
    process's memory would only hold the hinted texts twice, and push the pages
    out of its limited number of entries."""
    return not isinstance(caches["default"], LocMemCache)


def hint_all(texts: Iterable[str]) -> dict[str, str]:
    """Each text with its hints: from this process, then from the shared cache in
    one round trip, and only then from the segmenter."""
    dictionary = current_dictionary()
    digest = dictionary.digest
    hinted: dict[str, str] = {}
    missing = []
    for text in set(texts):
        found = _memo.get((digest, text))
        if found is None:
            missing.append(text)
        else:
            hinted[text] = found
    if not missing:
        return hinted
    shared = _shared()
    keys = {_cache_key(digest, text): text for text in missing}
    kept = cache.get_many(list(keys)) if shared else {}
    made = {}
    for key, text in keys.items():
        found = kept.get(key)
        if found is None:
            found = made[key] = hint(text, dictionary)
        hinted[text] = found
    if made and shared:
        cache.set_many(made, settings.PAGE_CACHE_STALE_SECONDS)
    _remember({(digest, text): hinted[text] for text in missing})
    return hinted


# Around HTML that carries its hints already (a cached card, core/cards.py):
# the page's hints leave it alone, and these marks go.
HINTED_START = "<!--hinted-->"
HINTED_END = "<!--/hinted-->"


def hinted_already(html: str) -> str:
    return f"{HINTED_START}{html}{HINTED_END}"


# Text between tags that is not shown as running text, or not HTML: left alone.
_UNTOUCHED = ("script", "style", "title", "textarea", "select", "pre", "code", "svg")
_MARKUP = re.compile(
    f"({re.escape(HINTED_START)}.*?{re.escape(HINTED_END)}|<!--.*?-->|"
    + "".join(rf"<{name}\b.*?</{name}\s*>|" for name in _UNTOUCHED)
    + "<[^>]*>)",
    re.DOTALL | re.IGNORECASE,
)
_NEEDS_HINTS = re.compile(rf"[\u0e01-\u0e5b]|\d +[{THAI_LETTER}]")


def hint_html(markup: str) -> str:
    """An HTML page with hints in its text (see `_UNTOUCHED` for what is not)."""
    # Text and markup alternate: the text at the even places.
    parts = _MARKUP.split(markup)
    texts = [part for part in parts[::2] if _NEEDS_HINTS.search(part)]
    if texts:
        hinted = hint_all(texts)
        parts[::2] = [hinted.get(part, part) for part in parts[::2]]
        markup = "".join(parts)
    if HINTED_START in markup:
        markup = markup.replace(HINTED_START, "").replace(HINTED_END, "")
    return markup


# Shortening


def _boundary(before: str, after: str) -> bool:
    """Whether a text may be cut between two of its pieces: at a space, or
    between two Thai words."""
    return (
        before[-1:].isspace()
        or after[:1].isspace()
        or (bool(THAI.match(before[-1:])) and bool(THAI.match(after[:1])))
    )


# What a shortened text must not end with, before its ellipsis.
_DANGLING = " \t\n,;:([{–—-/&"


def shorten(text: str, limit: int) -> str:
    """The text cut at a word boundary to at most `limit` characters with its
    ellipsis ("…"), as Django's truncatechars counts them; the whole text when it
    fits. A Thai text is cut between words; where a space (the end of a Thai
    phrase) comes in the last fifth, it is cut there. Kept in this process under
    the dictionary's digest, as the hints are."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    dictionary = current_dictionary()
    key = (dictionary.digest, limit, text)
    found = _memo.get(key)
    if found is None:
        found = _shortened(text, limit, dictionary)
        _remember({key: found})
    return found


def _shortened(text: str, limit: int, dictionary: Dictionary) -> str:
    room = max(limit - 1, 0)
    # The words of a little more than is kept: the last word kept must be seen
    # whole to be known as one.
    pieces = words(text[: room + MAX_WORD * 2], dictionary)
    cut = 0
    last_space = 0
    position = 0
    for piece, following in zip(pieces, [*pieces[1:], ""], strict=False):
        position += len(piece)
        if position > room:
            break
        if following and _boundary(piece, following):
            cut = position
            if piece.isspace() or following[:1].isspace():
                last_space = position
    if last_space >= room * 0.8:
        cut = last_space
    kept = text[:cut].rstrip(_DANGLING) if cut else ""
    if not kept:  # one word longer than the room: cut it
        kept = text[:room].rstrip(_DANGLING)
    return f"{kept}…"
