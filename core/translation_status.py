"""What each record needs in Thai and in English, declared once per model in its
app's translation.py, and whether a record has it.

`required` fields must be filled in both languages before a record can be saved
(the admin's forms refuse an empty one); `expected` fields may wait, but a record
without them is listed as missing that language.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from modeltranslation.translator import NotRegistered, TranslationOptions, translator


class Translated(TranslationOptions):
    required: tuple[str, ...] = ()
    expected: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if cls.required:
            cls.required_languages = {code: cls.required for code in languages()}


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def required_fields(model: type[models.Model]) -> tuple[str, ...]:
    """Every field whose translations the model must have to be complete."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return ()
    return (*getattr(options, "required", ()), *getattr(options, "expected", ()))


def missing_q(model: type[models.Model], language: str) -> Q:
    """Records with at least one required field empty in `language`."""
    fields = required_fields(model)
    if not fields:
        return Q(pk__in=[])
    return reduce(
        or_,
        (
            Q(**{f"{field}_{language}__isnull": True})
            | Q(**{f"{field}_{language}": ""})
            for field in fields
        ),
    )


def missing_languages(record: models.Model) -> list[str]:
    return [
        language
        for language in languages()
        if any(
            not (getattr(record, f"{field}_{language}", "") or "").strip()
            for field in required_fields(type(record))
        )
    ]


def tracked_models() -> list[type[models.Model]]:
    return [
        model for model in translator.get_registered_models() if required_fields(model)
    ]
