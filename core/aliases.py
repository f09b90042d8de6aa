"""Other names a record is known by ("KL", "Saigon", "กรุงเทพฯ"): kept beside
its name in each language, found by the search, never shown as its name."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# Names hold no commas ("Ho Chi Minh City", "กรุงเทพฯ"): one line in the admin
# and one cell in a CSV file.
SEPARATOR = ","
_SPLIT = re.compile(r"\s*[,\n]\s*")


def aliases_field() -> models.CharField:
    return models.CharField(
        _("also known as"),
        max_length=300,
        blank=True,
        help_text=_(
            "Other well-known names that readers search for, separated by "
            "commas: abbreviations, former names, other spellings."
        ),
    )


def split_aliases(text: str | None) -> list[str]:
    """The names in an aliases field, in their order, without empty ones."""
    return [name.strip() for name in _SPLIT.split(text or "") if name.strip()]


def alias_columns(example_en: str, example_th: str) -> list:
    """The CSV columns of the aliases, in English and in Thai."""
    from core.csvio.columns import translated_columns

    return translated_columns(
        "aliases",
        _("Other well-known names, separated by commas"),
        example_en,
        example_th,
    )
