"""Scheduled publishing: records whose `publish_at` has come are published, those
whose `unpublish_at` has come go back to drafts (`manage.py publish_scheduled`,
every minute from cron or a systemd timer; README).

Each record is changed in a transaction of its own, after it is locked and
checked again, so that two runs at once (two hosts' timers) change it once, and
a second run finds nothing to do. The change goes through `save()`: history,
the publication stamp and the content version (the page cache shows it at once)
as for any other change.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core import notifications, revisions, workflow
from core.models import OPEN_CHANGE_STATES, PendingChange, PublishableModel

logger = logging.getLogger(__name__)

# A scheduled change this late means the scheduler is not running (/healthz).
OVERDUE_AFTER = datetime.timedelta(minutes=10)


@dataclass
class Done:
    published: list[str]
    unpublished: list[str]


def scheduled_models() -> list[type[PublishableModel]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PublishableModel) and not model._meta.abstract
    ]


def _due_to_publish(now: datetime.datetime) -> models.Q:
    return models.Q(publish_at__lte=now, status__in=[workflow.DRAFT, workflow.REVIEW])


def _due_to_unpublish(now: datetime.datetime) -> models.Q:
    return models.Q(unpublish_at__lte=now, status=workflow.PUBLISHED)


def _change(model, pk, due: models.Q, change) -> bool:
    with transaction.atomic():
        record = (
            model._default_manager.select_for_update(skip_locked=True)
            .filter(due, pk=pk)
            .first()
        )
        if record is None:  # another run took it, or it changed meanwhile
            return False
        change(record)
        record.save()
        return True


def _publish(record: PublishableModel) -> None:
    old_status, record.status = record.status, workflow.PUBLISHED
    record.publish_at = None
    workflow.stamp_published(record, old_status=old_status, user=None)
    # Its author hears of it as of a Publisher's publishing (core/revisions.py).
    transaction.on_commit(
        lambda: notifications.published(
            record=record, change=None, actor=None, comment=""
        )
    )


def _unpublish(record: PublishableModel) -> None:
    record.status = workflow.DRAFT
    record.unpublish_at = None


def _due_changes(now: datetime.datetime) -> models.Q:
    return models.Q(publish_at__lte=now, state__in=OPEN_CHANGE_STATES)


def _publish_change(pk: int, now: datetime.datetime) -> str | None:
    """Publish one pending change that is due, locked as a record is."""
    with transaction.atomic():
        change = (
            PendingChange.objects.select_for_update(skip_locked=True)
            .filter(_due_changes(now), pk=pk)
            .first()
        )
        record = change.record if change is not None else None
        if record is None:
            return None
        try:
            revisions.publish(record=record, user=None)
        except ValidationError as error:
            # Left pending, and reported late by /healthz until it is fixed.
            logger.warning("Scheduled change %s not published: %s", pk, error)
            return None
        return f"{record._meta.label} {record.pk}"


def run_schedule(now: datetime.datetime | None = None) -> Done:
    """Publish and unpublish what is due; what was done, by record."""
    now = now or timezone.now()
    done = Done([], [])
    for pk in PendingChange.objects.filter(_due_changes(now)).values_list(
        "pk", flat=True
    ):
        if (published := _publish_change(pk, now)) is not None:
            done.published.append(published)
    for model in scheduled_models():
        manager = model._default_manager
        for pk in manager.filter(_due_to_publish(now)).values_list("pk", flat=True):
            if _change(model, pk, _due_to_publish(now), _publish):
                done.published.append(f"{model._meta.label} {pk}")
        for pk in manager.filter(_due_to_unpublish(now)).values_list("pk", flat=True):
            if _change(model, pk, _due_to_unpublish(now), _unpublish):
                done.unpublished.append(f"{model._meta.label} {pk}")
    return done


def overdue(now: datetime.datetime | None = None) -> int:
    """Scheduled changes more than OVERDUE_AFTER late."""
    late = (now or timezone.now()) - OVERDUE_AFTER
    return PendingChange.objects.filter(_due_changes(late)).count() + sum(
        model._default_manager.filter(
            _due_to_publish(late) | _due_to_unpublish(late)
        ).count()
        for model in scheduled_models()
    )
