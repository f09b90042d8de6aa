"""E-mail about review: to Publishers when something is submitted, to its
author when it is published or sent back.

Each person gets a message of their own, in the language they read the admin
in, and nothing when they turned these e-mails off (`notify_by_email`). The
review action has been committed before anything is sent: a mail server that
fails is logged, never an error of the action.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import models
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from . import dates, workflow
from .models import ReviewAction, ReviewComment

logger = logging.getLogger(__name__)

# Permissions live in the database, which Django's ModelBackend reads; the
# other backend of the portal (django-axes) grants none.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _never_raises(notify: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(notify)
    def wrapper(**kwargs: Any) -> None:
        try:
            notify(**kwargs)
        except Exception:
            logger.exception("Review e-mail (%s) not sent.", notify.__name__)

    return wrapper


@_never_raises
def submitted(*, record: Any, change: Any, actor: Any, comment: str) -> None:
    """To everyone who may publish the record, but the person who submitted it."""
    publishers = get_user_model()._default_manager.with_perm(
        workflow.publish_permission(type(record)), backend=PERMISSION_BACKEND
    )
    _send(
        "submitted",
        _reachable(publishers, actor),
        record=record,
        change=change,
        actor=actor,
        comment=comment,
    )


@_never_raises
def sent_back(*, record: Any, change: Any, actor: Any, comment: str) -> None:
    """To the author of the change, or the person who submitted the record."""
    _send(
        "sent_back",
        _reachable(_author(record, change), actor),
        record=record,
        change=change,
        actor=actor,
        comment=comment,
    )


@_never_raises
def published(*, record: Any, change: Any, actor: Any, comment: str) -> None:
    """To the author of the change, or the person who submitted the record."""
    _send(
        "published",
        _reachable(_author(record, change), actor),
        record=record,
        change=change,
        actor=actor,
        comment=comment,
    )


def _author(record: models.Model, change: Any) -> models.QuerySet:
    """The author of the change; for a record reviewed as itself, whoever
    submitted it last."""
    if change is not None:
        author_id = change.created_by_id
    else:
        submission = (
            ReviewComment.objects.filter(
                content_type=ContentType.objects.get_for_model(type(record)),
                object_id=record.pk,
                action=ReviewAction.SUBMITTED,
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        author_id = submission.author_id if submission else None
    users = get_user_model()._default_manager
    return users.filter(pk=author_id) if author_id is not None else users.none()


def _reachable(users: models.QuerySet, actor: Any) -> list[Any]:
    """The staff among `users` who can be e-mailed and want to be, but not the
    person who acted (they know)."""
    users = users.filter(is_active=True, is_staff=True, notify_by_email=True).exclude(
        email=""
    )
    if getattr(actor, "pk", None) is not None:
        users = users.exclude(pk=actor.pk)
    return list(users.order_by("pk"))


def _send(action: str, recipients: Iterable[Any], **about: Any) -> None:
    messages = [_message(action, recipient, **about) for recipient in recipients]
    if not messages:
        return
    with mail.get_connection() as connection:
        for message in messages:
            try:
                connection.send_messages([message])
            except Exception:
                logger.exception(
                    "Review e-mail (%s) to %s not sent.", action, message.to[0]
                )


def _message(
    action: str, recipient: Any, *, record: Any, change: Any, actor: Any, comment: str
) -> mail.EmailMessage:
    with translation.override(_language_of(recipient)):
        context = {
            "recipient": recipient,
            "record": str(record),
            "kind": type(record)._meta.verbose_name,
            "change": change is not None,
            "actor": str(actor) if getattr(actor, "pk", None) is not None else "",
            "comment": comment.strip(),
            "when": dates.local_datetime(timezone.now()),
            **_links(record),
        }
        subject = render_to_string(f"email/review/{action}_subject.txt", context)
        body = render_to_string(f"email/review/{action}.txt", context)
    return mail.EmailMessage(
        # A header is one line.
        subject=" ".join(subject.split()),
        body=body,
        to=[recipient.email],
    )


def _language_of(user: Any) -> str:
    language = getattr(user, "admin_language", "")
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


def _links(record: models.Model) -> dict[str, str]:
    """Absolute addresses, in the active language, of the record's review page
    (its admin page where there is none) and its admin page."""
    opts = record._meta
    admin_url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk]
    )
    try:
        review_url = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_review", args=[record.pk]
        )
    except NoReverseMatch:
        review_url = admin_url
    return {
        "review_url": settings.SITE_URL + review_url,
        "admin_url": settings.SITE_URL + admin_url,
        "preferences_url": settings.SITE_URL + reverse("admin:preferences"),
    }
