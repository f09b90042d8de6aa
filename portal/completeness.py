"""How complete the published records are, field by field, for the page about
the data: "Estimated cost known for 9 of 158 projects".

Each figure is declared once in `KNOWN`: the records it counts, the sentence that
states it and the condition a record meets when the field is known. A field
added to a model adds its line here. The figures of one model are counted in one
query (a conditional `Count` each), so the page costs the same whatever the
number of records or figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import ngettext_lazy

from cities.models import City, FocusArea
from core.models import Source
from partners.models import Partner
from projects.models import Project


@dataclass(frozen=True)
class Known:
    """One figure: among the published `model` records, those that meet
    `condition`. `sentence` takes `known` and `total`, and its plural follows
    `total`."""

    model: type[models.Model]
    sentence: Any  # a lazy ngettext with the number "total"
    condition: Q | Exists


def has_source(model: type[models.Model]) -> Exists:
    return Exists(
        Source.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=OuterRef("pk"),
        )
    )


def has_published_focus_area(model: type[models.Model]) -> Exists:
    relation: Any = model._meta.get_field("focus_areas").remote_field
    through = relation.through
    # The through model's own names for its two ends (a city's links are a
    # model with a basis, a project's are Django's automatic one).
    own = relation.through_fields or (None, None)
    record = own[0] or next(
        f.name for f in through._meta.fields if f.related_model is model
    )
    area = own[1] or next(
        f.name for f in through._meta.fields if f.related_model is FocusArea
    )
    return Exists(
        through.objects.filter(
            FocusArea.objects.published_q(area), **{record: OuterRef("pk")}
        )
    )


def not_blank(field: str) -> Q:
    return ~Q(**{field: ""})


KNOWN: list[Known] = [
    Known(
        City,
        ngettext_lazy(
            "Population known for %(known)s of %(total)s pilot city",
            "Population known for %(known)s of %(total)s pilot cities",
            "total",
        ),
        Q(population__isnull=False),
    ),
    Known(
        City,
        ngettext_lazy(
            "Land area known for %(known)s of %(total)s pilot city",
            "Land area known for %(known)s of %(total)s pilot cities",
            "total",
        ),
        Q(land_area_km2__isnull=False),
    ),
    Known(
        City,
        ngettext_lazy(
            "Thai name confirmed by a Thai source for %(known)s of %(total)s "
            "pilot city",
            "Thai name confirmed by a Thai source for %(known)s of %(total)s "
            "pilot cities",
            "total",
        ),
        Q(name_th_confirmed=True),
    ),
    Known(
        City,
        ngettext_lazy(
            "At least one focus area for %(known)s of %(total)s pilot city",
            "At least one focus area for %(known)s of %(total)s pilot cities",
            "total",
        ),
        has_published_focus_area(City),
    ),
    Known(
        City,
        ngettext_lazy(
            "Smart-city vision given for %(known)s of %(total)s pilot city",
            "Smart-city vision given for %(known)s of %(total)s pilot cities",
            "total",
        ),
        not_blank("vision_en") | not_blank("vision_th"),
    ),
    Known(
        City,
        ngettext_lazy(
            "Thai vision reviewed by a Thai reader for %(known)s of %(total)s "
            "pilot city",
            "Thai vision reviewed by a Thai reader for %(known)s of %(total)s "
            "pilot cities",
            "total",
        ),
        not_blank("vision_th") & Q(thai_unreviewed=False),
    ),
    Known(
        City,
        ngettext_lazy(
            "At least one source for %(known)s of %(total)s pilot city",
            "At least one source for %(known)s of %(total)s pilot cities",
            "total",
        ),
        has_source(City),
    ),
    Known(
        Project,
        ngettext_lazy(
            "Start year known for %(known)s of %(total)s project",
            "Start year known for %(known)s of %(total)s projects",
            "total",
        ),
        Q(start_year__isnull=False),
    ),
    Known(
        Project,
        ngettext_lazy(
            "Stage stated for %(known)s of %(total)s project",
            "Stage stated for %(known)s of %(total)s projects",
            "total",
        ),
        not_blank("stage"),
    ),
    Known(
        Project,
        ngettext_lazy(
            "Estimated cost known for %(known)s of %(total)s project",
            "Estimated cost known for %(known)s of %(total)s projects",
            "total",
        ),
        Q(estimated_cost__isnull=False),
    ),
    Known(
        Project,
        ngettext_lazy(
            "Stated to be bankable: %(known)s of %(total)s project "
            "(for the others the sources do not say)",
            "Stated to be bankable: %(known)s of %(total)s projects "
            "(for the others the sources do not say)",
            "total",
        ),
        not_blank("bankable"),
    ),
    Known(
        Project,
        ngettext_lazy(
            "At least one focus area for %(known)s of %(total)s project",
            "At least one focus area for %(known)s of %(total)s projects",
            "total",
        ),
        has_published_focus_area(Project),
    ),
    Known(
        Project,
        ngettext_lazy(
            "At least one source for %(known)s of %(total)s project",
            "At least one source for %(known)s of %(total)s projects",
            "total",
        ),
        has_source(Project),
    ),
    Known(
        Project,
        ngettext_lazy(
            "Thai title and summary reviewed by a Thai reader for %(known)s of "
            "%(total)s project",
            "Thai title and summary reviewed by a Thai reader for %(known)s of "
            "%(total)s projects",
            "total",
        ),
        Q(thai_unreviewed=False),
    ),
    Known(
        Partner,
        ngettext_lazy(
            "Year cooperation began known for %(known)s of %(total)s partner",
            "Year cooperation began known for %(known)s of %(total)s partners",
            "total",
        ),
        Q(since_year__isnull=False),
    ),
    Known(
        Partner,
        ngettext_lazy(
            "Description given for %(known)s of %(total)s partner",
            "Description given for %(known)s of %(total)s partners",
            "total",
        ),
        not_blank("description_en") | not_blank("description_th"),
    ),
    Known(
        Partner,
        ngettext_lazy(
            "At least one source for %(known)s of %(total)s partner",
            "At least one source for %(known)s of %(total)s partners",
            "total",
        ),
        has_source(Partner),
    ),
]


def completeness(known: list[Known] | None = None) -> list[dict[str, Any]]:
    """The figures of `known` (KNOWN by default), grouped by model in the order
    of their first figure: one query per model. Plain values, for the cache."""
    groups: dict[type[models.Model], list[tuple[int, Known]]] = {}
    for number, figure in enumerate(KNOWN if known is None else known):
        groups.setdefault(figure.model, []).append((number, figure))
    result = []
    for model, figures in groups.items():
        manager: Any = model._default_manager
        counts = manager.published().aggregate(
            total=Count("pk"),
            **{
                f"known_{number}": Count("pk", filter=figure.condition)
                for number, figure in figures
            },
        )
        total = counts["total"]
        result.append(
            {
                "records": str(model._meta.verbose_name_plural),
                "total": total,
                "figures": [
                    {
                        # The plural follows the number `total`, as the
                        # home page prints its figures: without grouping.
                        "text": str(
                            figure.sentence
                            % {"known": counts[f"known_{number}"], "total": total}
                        ),
                        "known": counts[f"known_{number}"],
                    }
                    for number, figure in figures
                ],
            }
        )
    return result
