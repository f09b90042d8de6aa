"""The language of a stored text, told from its script where no field says it, so
that a page can mark a text in another language than its own (`lang`) and a
screen reader reads it with the right voice: an English document title on a Thai
page, a Thai name on an English page, a partner's name that has no Thai form.

A text with Thai letters is Thai, even with English words in it (โครงการ ASCN);
kana make it Japanese, Hangul Korean, Chinese characters alone Chinese; Khmer,
Lao and Myanmar letters their languages; Latin letters alone English, the
language of every Latin-script field of the portal (a title in Indonesian says
so in its own field, see `Source.language`). Digits, punctuation and symbols
belong to no language: "2019", "–" and "" give None.
"""

import re

# First match wins: Thai (Thai text quotes English words), kana before Chinese
# characters (Japanese writes both); Latin letters only where none of these is.
SCRIPTS = (
    ("th", "\u0e01-\u0e4e"),
    ("ja", "\u3041-\u30ff\u31f0-\u31ff\uff66-\uff9f"),
    ("ko", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"),
    ("zh", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"),
    ("km", "\u1780-\u17ff"),
    ("lo", "\u0e81-\u0edf"),
    ("my", "\u1000-\u109f"),
)
LETTERS = [(code, re.compile(f"[{letters}]")) for code, letters in SCRIPTS]
# One pass over a text tells whether it has any of them: the usual English text
# on an English page is read once, not once a script.
ANY_OTHER = re.compile(f"[{''.join(letters for _, letters in SCRIPTS)}]")
LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def script_language(text: str | None) -> str | None:
    """The language code that the letters of `text` point to, or None."""
    if not text:
        return None
    if ANY_OTHER.search(text):
        return next(code for code, letters in LETTERS if letters.search(text))
    return "en" if LATIN.search(text) else None


def other_language(
    text: str | None, page_language: str, stated: str = ""
) -> str | None:
    """The language of `text` when it is not the page's: `stated` when a field
    says it, otherwise the one its script points to."""
    language = stated or script_language(text)
    if not language or language == page_language.split("-")[0]:
        return None
    return language
