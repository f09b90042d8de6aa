"""Review: draft changes to published records, and the actions that move a record
or a change through review.

A record that is not yet public is reviewed as itself: its status goes from
draft to review to published (core/workflow.py). A published record is changed
through a pending change (`PendingChange`): the whole record as proposed, kept
beside the live one, which the public goes on seeing until a Publisher publishes
the change. Every action leaves an entry in the record's review thread
(`ReviewComment`) and tells the people concerned (core/notifications.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import history, notifications, snapshots, workflow
from .dates import local_datetime
from .models import (
    OPEN_CHANGE_STATES,
    ChangeState,
    PendingChange,
    PublishableModel,
    ReviewAction,
    ReviewComment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser as User


def _of(record: models.Model) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(type(record)),
        "object_id": record.pk,
    }


def open_change(record: models.Model) -> PendingChange | None:
    if record.pk is None:
        return None
    return (
        PendingChange.objects.filter(**_of(record), state__in=OPEN_CHANGE_STATES)
        .select_related("created_by")
        .first()
    )


def thread(record: models.Model) -> list[ReviewComment]:
    return list(
        ReviewComment.objects.filter(**_of(record)).select_related("author", "change")
    )


def _note(record, user, action: str, text: str = "", change=None) -> ReviewComment:
    return ReviewComment.objects.create(
        **_of(record),
        change=change,
        action=action,
        text=text,
        author=user if getattr(user, "pk", None) else None,
    )


def _actor(user) -> Any:
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def propose(
    *,
    record: PublishableModel,
    snapshot: snapshots.Snapshot,
    user: User | AnonymousUser | None,
    submit: bool = False,
    reason: str = "",
    comment: str = "",
) -> PendingChange:
    """Keep `snapshot` as the record's pending change (the open one, updated, or
    a new one), as a draft or submitted for review."""
    change = open_change(record)
    if change is None:
        change = PendingChange(**_of(record), created_by=_actor(user))
    change.data = snapshot
    if reason:
        change.reason = reason
    change.state = (
        ChangeState.DRAFT if change.state != ChangeState.REVIEW else change.state
    )
    change.save()
    if submit:
        submit_change(change=change, record=record, user=user, comment=comment)
    return change


def submit_change(
    *,
    change: PendingChange,
    record: PublishableModel,
    user: User | AnonymousUser | None,
    comment: str = "",
) -> None:
    change.state = ChangeState.REVIEW
    change.submitted_at = timezone.now()
    change.save(update_fields=["state", "submitted_at", "updated_at"])
    _note(record, user, ReviewAction.SUBMITTED, comment, change)
    _tell(notifications.submitted, record, change, user, comment)


@transaction.atomic
def submit(
    *, record: PublishableModel, user: User | AnonymousUser, comment: str = ""
) -> None:
    """Submit the record (a draft) or its pending change for review."""
    change = open_change(record)
    if change is not None:
        submit_change(change=change, record=record, user=user, comment=comment)
        return
    workflow.record_transition(record=record, status=workflow.REVIEW, user=user)
    _note(record, user, ReviewAction.SUBMITTED, comment)
    _tell(notifications.submitted, record, None, user, comment)


@transaction.atomic
def send_back(
    *, record: PublishableModel, user: User | AnonymousUser, comment: str
) -> None:
    """Return the record in review, or its pending change, to its author with a
    comment, which is required."""
    if not comment.strip():
        raise ValidationError(_("Say what should change before sending it back."))
    if not workflow.may_publish(user, type(record)):
        raise PermissionDenied(_("Only publishers may send back a change."))
    change = open_change(record)
    if change is not None:
        change.state = ChangeState.SENT_BACK
        change.decided_by, change.decided_at = _actor(user), timezone.now()
        change.save()
    else:
        workflow.record_transition(record=record, status=workflow.DRAFT, user=user)
    _note(record, user, ReviewAction.SENT_BACK, comment, change)
    _tell(notifications.sent_back, record, change, user, comment)


@transaction.atomic
def publish(
    *, record: PublishableModel, user: User | AnonymousUser | None, comment: str = ""
) -> list[str]:
    """Publish the record's pending change, or the record itself (a draft or one
    in review) in one step. Returns what a restored change could not bring back."""
    change = open_change(record)
    if user is not None and not workflow.may_publish(user, type(record)):
        raise PermissionDenied(_("Only publishers may publish."))
    missing: list[str] = []
    if change is not None:
        missing = publish_change(change=change, record=record, user=user)
    else:
        workflow.record_transition(
            record=record, status=workflow.PUBLISHED, user=user or AnonymousUser()
        )
    _note(record, user, ReviewAction.PUBLISHED, comment, change)
    _tell(notifications.published, record, change, user, comment)
    return missing


def publish_change(
    *, change: PendingChange, record: PublishableModel, user
) -> list[str]:
    problems = check_change(change, record)
    if problems:
        raise ValidationError(problems)
    missing = snapshots.apply(record, change.data)
    reason = change.reason or _("Published a change reviewed by %(user)s.") % {
        "user": user or _("the schedule")
    }
    history.settle(record, reason=reason[:100])
    change.state = ChangeState.PUBLISHED
    change.decided_by, change.decided_at = _actor(user), timezone.now()
    change.publish_at = None
    change.save()
    return missing


def check_change(change: PendingChange, record: PublishableModel) -> list[str]:
    """What keeps a change from being published: the same rules as a record's
    (an image without its description, a missing translation where required),
    and every rule of the record's own validation."""
    with previewing(change, record) as proposed:
        problems = workflow.publication_problems(proposed)
        try:
            proposed.full_clean(validate_unique=True)
        except ValidationError as error:
            problems += error.messages
    return problems


@transaction.atomic
def withdraw(*, record: PublishableModel, user: User | AnonymousUser) -> None:
    change = open_change(record)
    if change is None:
        return
    change.state = ChangeState.WITHDRAWN
    change.decided_by, change.decided_at = _actor(user), timezone.now()
    change.save()
    _note(record, user, ReviewAction.WITHDRAWN, "", change)


@transaction.atomic
def schedule(
    *,
    record: PublishableModel,
    user: User | AnonymousUser,
    at: datetime.datetime | None,
) -> None:
    """Publish the pending change (or the record) at `at`; None clears it."""
    if not workflow.may_publish(user, type(record)):
        raise PermissionDenied(_("Only publishers may schedule publishing."))
    change = open_change(record)
    if change is not None:
        change.publish_at = at
        change.save(update_fields=["publish_at", "updated_at"])
    else:
        record.publish_at = at
        record.save(update_fields=["publish_at", "updated_at"])
    if at is not None:
        _note(record, user, ReviewAction.SCHEDULED, "", change)


# --- restoring a version -------------------------------------------------


@dataclass
class Restored:
    record: PublishableModel
    change: PendingChange | None  # where the record is published
    missing: list[str]  # what could not be brought back, in words
    unscheduled: bool  # a publishing time was cleared


def restore_reason(version: Any) -> str:
    """What the history says of a restore, in the active language (the column
    holds 100 characters)."""
    return _("Restored from the version of %(moment)s") % {
        "moment": local_datetime(version.history_date)
    }


@transaction.atomic
def restore(*, version: Any, user: User | AnonymousUser | None) -> Restored:
    """Bring back a version from a record's history (a historical row), with the
    relations it had then. A published record keeps its live version: the
    restored one becomes its pending change, submitted for review. Any other
    record, and a deleted one (undeleted under its own primary key), becomes a
    draft with the version's values. Nothing restored goes public unreviewed,
    so a publishing time set on the record or its change is cleared."""
    model = version.instance_type
    if user is not None and not workflow.may_restore(
        user, model, model._default_manager.filter(pk=version.id).first()
    ):
        raise PermissionDenied(_("You may not restore this record."))
    snapshot = history.snapshot_of(version)
    reason = restore_reason(version)[:100]
    record = model._default_manager.select_for_update().filter(pk=version.id).first()
    if record is not None and record.status == workflow.PUBLISHED:
        change = propose(
            record=record, snapshot=snapshot, user=user, submit=True, reason=reason
        )
        unscheduled = change.publish_at is not None
        if unscheduled:
            change.publish_at = None
            change.save(update_fields=["publish_at", "updated_at"])
        return Restored(record, change, [], unscheduled)
    if record is None:
        record = version.instance  # with its primary key and its own dates
    snapshot["fields"]["status"] = workflow.DRAFT
    snapshots.assign(record, snapshot["fields"])
    try:
        record.validate_unique()
        record.validate_constraints()
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    unscheduled = record.publish_at is not None
    record.publish_at = None
    if _actor(user) is not None:
        record._history_user = user
    missing = snapshots.apply(record, snapshot, keep_status=False)
    history.settle(record, reason=reason)
    return Restored(record, None, missing, unscheduled)


@contextmanager
def previewing(
    change: PendingChange, record: PublishableModel | None = None
) -> Iterator[PublishableModel]:
    """The record as the change would make it, in the database for the length of
    the block and rolled back after it: pages and forms read it as they read
    any record, and nothing of it is kept."""
    live: Any = record or change.record
    with transaction.atomic():
        point = transaction.savepoint()
        try:
            proposed = type(live)._default_manager.get(pk=live.pk)
            snapshots.apply(proposed, change.data)
            yield proposed
        finally:
            transaction.savepoint_rollback(point)


def saved_in_form(
    *,
    record: PublishableModel,
    user: User | AnonymousUser,
    old_status: str,
    comment: str = "",
    change: PendingChange | None = None,
) -> None:
    """What a save in the record's own form did to review: submitted it, or
    published it (with the pending change the form showed, which it closes).
    Noted in the thread and told, as the review page's actions are."""
    if change is not None and record.status == workflow.PUBLISHED:
        change.state = ChangeState.PUBLISHED
        change.decided_by, change.decided_at = _actor(user), timezone.now()
        change.save()
        action, send = ReviewAction.PUBLISHED, notifications.published
    elif record.status == workflow.REVIEW and old_status != workflow.REVIEW:
        action, send = ReviewAction.SUBMITTED, notifications.submitted
    elif record.status == workflow.PUBLISHED and old_status in (
        workflow.DRAFT,
        workflow.REVIEW,
    ):
        action, send = ReviewAction.PUBLISHED, notifications.published
    else:
        return
    _note(record, user, action, comment, change)
    _tell(send, record, change, user, comment)


def _tell(send, record, change, user, comment) -> None:
    transaction.on_commit(
        lambda: send(record=record, change=change, actor=user, comment=comment)
    )


# --- the moderation queue -------------------------------------------------


@dataclass
class Waiting:
    record: models.Model
    change: PendingChange | None
    submitted_by: Any
    submitted_at: datetime.datetime | None
    comments: list[ReviewComment] = field(default_factory=list)


def waiting_for_review(models_: list[type[PublishableModel]]) -> list[Waiting]:
    """Every record in review and every pending change submitted for review,
    the longest waiting first, each with its thread."""
    items: list[Waiting] = []
    for model in models_:
        content_type = ContentType.objects.get_for_model(model)
        changes = {
            change.object_id: change
            for change in PendingChange.objects.filter(
                content_type=content_type, state=ChangeState.REVIEW
            )
        }
        in_review = model._default_manager.filter(
            models.Q(status=workflow.REVIEW) | models.Q(pk__in=list(changes))
        )
        comments: dict[int, list[ReviewComment]] = {}
        for comment in ReviewComment.objects.filter(
            content_type=content_type, object_id__in=[r.pk for r in in_review]
        ).select_related("author"):
            comments.setdefault(comment.object_id, []).append(comment)
        for record in in_review:
            thread_ = comments.get(record.pk, [])
            submitted = [c for c in thread_ if c.action == ReviewAction.SUBMITTED]
            last = submitted[-1] if submitted else None
            items.append(
                Waiting(
                    record=record,
                    change=changes.get(record.pk),
                    submitted_by=last.author if last else None,
                    submitted_at=last.created_at if last else None,
                    comments=thread_,
                )
            )
    oldest = timezone.now()
    return sorted(items, key=lambda item: item.submitted_at or oldest)
