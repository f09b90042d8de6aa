"""The public site's own records: the texts of its pages, and what the reference
data loader last wrote to each record."""

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.formatting import sanitise
from core.models import (
    PublishableManager,
    PublishableModel,
    slug_field,
    slug_format_check,
)


class Page(PublishableModel):
    """A text of the portal that staff edit in both languages: the home page's
    introduction to the network (`HOME_INTRODUCTION`), and pages of their own,
    such as the four the footer links to (about, contact, privacy,
    accessibility)."""

    HOME_INTRODUCTION = "about-ascn"

    slug = slug_field()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Plain text, where an empty line starts a new paragraph, or HTML with "
            "these tags: p, br, strong, em, a, ul, ol, li, h2, h3, blockquote. "
            "Other tags, scripts and styles are removed when the text is saved."
        ),
    )

    objects: ClassVar["PublishableManager[Page]"]
    _default_manager: ClassVar["PublishableManager[Page]"]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page text")
        verbose_name_plural = _("page texts")
        permissions = [
            ("publish_page", _("Can publish, unpublish and archive page texts"))
        ]
        constraints = [slug_format_check("page")]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        if self.slug == self.HOME_INTRODUCTION:
            return reverse("portal:home")
        return reverse("portal:page", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        for language in ("th", "en"):
            field = f"body_{language}"
            if text := getattr(self, field):
                setattr(self, field, sanitise(text))
        super().save(*args, **kwargs)


class ReferenceRecord(models.Model):
    """What `load_ascn` last wrote to a record, field by field, so that staff edits
    are never overwritten: a record whose current values differ from these was
    changed by someone after the loader wrote it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    values = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["content_type", "object_id"]
        verbose_name = _("loaded reference record")
        verbose_name_plural = _("loaded reference records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="unique_reference_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model} #{self.object_id}"
