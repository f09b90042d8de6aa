"""Import, second step: a plan without errors written in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from core import workflow

from .planning import ImportPlan, RowResult


@transaction.atomic
def apply_import(plan: ImportPlan) -> dict[str, int]:
    """Write every new and changed row of a plan without errors, all or none."""
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    spec = plan.spec
    lookups = spec.relation_lookups()
    slugs = [row.key for row in plan.rows if row.status == RowResult.CHANGED]
    # Matched by slug, as the plan's rows were (planning.py).
    records: models.Manager[Any] = spec.model._default_manager
    existing = {r.slug: r for r in records.filter(slug__in=slugs)}
    for row in plan.rows:
        if row.status not in (RowResult.NEW, RowResult.CHANGED):
            continue
        instance = existing.get(row.key) or spec.model()
        old_status = instance.status if instance.pk else ""
        spec.assign(instance, row.values, lookups)
        workflow.stamp_published(instance, old_status=old_status, user=plan.user)
        instance.full_clean(validate_unique=False)
        instance.save()
        spec.set_relations(instance, row.values, lookups)
    return plan.summary()
