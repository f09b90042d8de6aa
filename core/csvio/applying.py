"""Import, second step: a plan without errors written in one transaction."""

from __future__ import annotations

from django.db import transaction

from core import workflow

from .planning import ImportPlan, RowResult


@transaction.atomic
def apply_import(plan: ImportPlan) -> dict[str, int]:
    """Write every new and changed row of a plan without errors, all or none."""
    if not plan.is_valid:
        raise ValueError("An import plan with errors cannot be applied.")
    spec = plan.spec
    lookups = spec.relation_lookups()
    _header, key_field = spec.import_key()
    keys = [row.key for row in plan.rows if row.status == RowResult.CHANGED]
    records = spec.model._default_manager.filter(**{f"{key_field}__in": keys})
    existing = {getattr(record, key_field): record for record in records}
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
