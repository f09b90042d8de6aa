"""The portal's staff: Django's user with a display name and the language in which
each person reads the admin and its e-mails, and whether they want those e-mails."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def language_choices() -> "list[tuple[str, StrOrPromise]]":
    return list(settings.LANGUAGES)


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_(
            "How the portal names you to other staff, for example in the history "
            "of a record. Your user name when empty."
        ),
    )
    admin_language = models.CharField(
        _("admin language"),
        max_length=8,
        choices=language_choices,
        default="th",
        help_text=_("The language of the admin after you log in, and of its e-mails."),
    )
    notify_by_email = models.BooleanField(
        _("e-mails about review"),
        default=True,
        help_text=_(
            "E-mail me when something is submitted for my review (Publishers) and "
            "when my work is published or sent back."
        ),
    )

    # django-stubs does not declare AbstractUser.Meta, which Django defines.
    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        ordering = ["username"]
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name()

    def get_short_name(self) -> str:
        return self.display_name or super().get_short_name() or self.get_username()
