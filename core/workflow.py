"""The editorial workflow: which status changes are allowed, and who may make them.

    draft ──submit──▶ review ──publish──▶ published ──archive──▶ archived
      ▲ │               │                    ▲ │                    │
      │ └──────────publish (one step)────────┘ │                    │
      └───send back─────┘◀────unpublish────────┘◀──────restore──────┘ (to draft)

A published record is changed through a pending change (core/revisions.py).

Editors write drafts and submit them for review; only Publishers (users with the
model's `publish_<model>` permission) publish, unpublish, archive and restore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import translation_status
from .models import PublicationStatus, PublishableModel

if TYPE_CHECKING:
    # The auth contract, not the portal's user model: the kernel names no app.
    from django.contrib.auth.models import AbstractUser as User
    from django.contrib.auth.models import AnonymousUser

DRAFT = PublicationStatus.DRAFT
REVIEW = PublicationStatus.REVIEW
PUBLISHED = PublicationStatus.PUBLISHED
ARCHIVED = PublicationStatus.ARCHIVED

# (from, to) → needs the publish permission
TRANSITIONS: dict[tuple[str, str], bool] = {
    (DRAFT, REVIEW): False,
    (DRAFT, PUBLISHED): True,  # a Publisher publishes a draft in one step
    (REVIEW, DRAFT): False,
    (REVIEW, PUBLISHED): True,
    (PUBLISHED, DRAFT): True,
    (PUBLISHED, ARCHIVED): True,
    (REVIEW, ARCHIVED): True,
    (DRAFT, ARCHIVED): True,
    (ARCHIVED, DRAFT): True,
}


def publish_permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def may_publish(user: User | AnonymousUser, model: type[models.Model]) -> bool:
    return user.has_perm(publish_permission(model))


def may_edit(user: User | AnonymousUser, record: PublishableModel) -> bool:
    """Editors change drafts and records in review, and propose changes to
    published ones (core/revisions.py); archived ones belong to Publishers."""
    return record.status != ARCHIVED or may_publish(user, type(record))


def may_change_directly(user: User | AnonymousUser, record: PublishableModel) -> bool:
    """May the user change what the public sees, or saw, without review?"""
    return record.status not in (PUBLISHED, ARCHIVED) or may_publish(user, type(record))


def may_restore(
    user: User | AnonymousUser,
    model: type[models.Model],
    record: PublishableModel | None,
) -> bool:
    """Whoever edits the model may bring back a version of a record, `None` for a
    deleted one: it comes back as a draft or as a pending change, never to the
    public. An archived record goes back to a draft only by a Publisher, as it
    does without a restore; a deleted one by those who may also add records."""
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return False
    if record is None:
        return user.has_perm(f"{opts.app_label}.add_{opts.model_name}")
    return record.status != ARCHIVED or may_publish(user, model)


def allowed_statuses(user: User | AnonymousUser, record: PublishableModel) -> list[str]:
    """The statuses a user may give the record, its current one included."""
    if not record.pk:
        return [DRAFT, REVIEW]  # a new record goes public through review only
    publisher = may_publish(user, type(record))
    allowed = {record.status} | {
        target
        for (source, target), needs_publisher in TRANSITIONS.items()
        if source == record.status and (publisher or not needs_publisher)
    }
    return [value for value in PublicationStatus.values if value in allowed]


def check_transition(
    user: User | AnonymousUser, record: PublishableModel, old: str, new: str
) -> None:
    """Raise ValidationError for a change the workflow does not have, and
    PermissionDenied for one the user may not make."""
    if old == new:
        return
    if (old, new) not in TRANSITIONS:
        raise ValidationError(
            _("A record cannot go from “%(old)s” to “%(new)s”.")
            % {"old": PublicationStatus(old).label, "new": PublicationStatus(new).label}
        )
    if new == PUBLISHED:
        problems = publication_problems(record)
        if problems:
            raise ValidationError(problems)
    if TRANSITIONS[(old, new)] and not may_publish(user, type(record)):
        raise PermissionDenied(
            _("Only publishers may make a record “%(new)s”.")
            % {"new": PublicationStatus(new).label}
        )


def publication_problems(record: PublishableModel) -> list[str]:
    """What keeps a record from being published: an image without its
    description, and, where PUBLISH_REQUIRES_TRANSLATIONS is set, a missing
    translation (otherwise publishing only warns)."""
    problems = list(getattr(record, "publication_problems", list)())
    if getattr(settings, "PUBLISH_REQUIRES_TRANSLATIONS", False):
        missing = translation_status.missing_languages(record)
        if missing:
            names = dict(settings.LANGUAGES)
            problems.append(
                _("Complete the %(languages)s texts before publishing.")
                % {"languages": ", ".join(str(names[code]) for code in missing)}
            )
    return problems


def stamp_published(
    record: PublishableModel, *, old_status: str, user: User | AnonymousUser | None
) -> None:
    """Record who published and when, on the way into `published`: the admin,
    its bulk actions, the CSV import and the reference data loader (which
    publishes as no one) all call this."""
    if record.status == PUBLISHED and old_status != PUBLISHED:
        record.published_at = timezone.now()
        # The field's type is the configured user model, which the kernel does
        # not import; any authenticated user is one.
        publisher = user if user and user.is_authenticated else None
        record.published_by = publisher  # type: ignore[assignment]


@transaction.atomic
def record_transition(
    *, record: PublishableModel, status: str, user: User | AnonymousUser
) -> PublishableModel:
    """Move one record to another status, checked and stamped."""
    old = (
        type(record)._default_manager.values_list("status", flat=True).get(pk=record.pk)
    )
    check_transition(user, record, old, status)
    record.status = status
    stamp_published(record, old_status=old, user=user)
    record.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    return record
