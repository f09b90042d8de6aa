"""Whether a record's Thai and English are complete: every field the model names
in `translation_required` filled in that language."""

from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def required_fields(model: type[models.Model]) -> tuple[str, ...]:
    return getattr(model, "translation_required", ())


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
    return [model for model in apps.get_models() if required_fields(model)]
