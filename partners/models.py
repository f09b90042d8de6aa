"""Partners outside the network and their partnerships with pilot cities."""

from typing import ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import City, Country
from core.aliases import aliases_field
from core.collation import Folded, InReadersOrder, ThaiSortKeyField
from core.images import ImageFieldsMixin, image_field
from core.models import (
    PublishableManager,
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    ThaiReviewMark,
    YearSpan,
    YearSpanQuerySet,
    slug_field,
    slug_format_check,
    year_field,
    year_in_range,
)


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("Partner country or government programme")
    COMPANY = "company", _("Company")
    FUND = "fund", _("Fund or financing institution")
    INTERNATIONAL = "international", _("International organisation")
    CITY = "city", _("Partner city outside ASEAN")
    ACADEMIC = "academic", _("Academic institution")
    OTHER = "other", _("Other")


class Partner(ImageFieldsMixin, ThaiReviewMark, PublishableModel, SourcedModel):
    image_fields = ("logo",)
    # Names that the Thai word segmenter learns (core/wordbreaks.py).
    word_dictionary_fields = ("name", "aliases")

    name = models.CharField(_("name"), max_length=200)
    name_th_sort = ThaiSortKeyField(_("Thai sort key"), source="name", max_length=401)
    aliases = aliases_field()
    slug = slug_field()
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnerKind, db_index=True
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
        verbose_name=_("country"),
    )
    logo = image_field(_("logo"), "partners/", "logo_width")
    logo_width = models.PositiveIntegerField(null=True, editable=False)
    website = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    since_year = year_field(_("year cooperation began"))

    objects: ClassVar["PublishableManager[Partner]"]
    _default_manager: ClassVar["PublishableManager[Partner]"]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            models.Index(
                fields=["status", "name_th_sort", "slug"],
                name="partner_published_name_th",
            ),
            models.Index(
                models.F("status"),
                Folded("name_en"),
                models.F("slug"),
                name="partner_published_name_en",
            ),
        ]
        permissions = [
            ("publish_partner", _("Can publish, unpublish and archive partners"))
        ]
        constraints = [
            slug_format_check("partner"),
            models.CheckConstraint(
                condition=year_in_range("since_year"),
                name="partner_since_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("partners:partner-detail", kwargs={"slug": self.slug})


class PartnershipKind(models.TextChoices):
    TWINNING = "twinning", _("Twinning")
    MOU = "mou", _("Memorandum of understanding")
    FUNDING = "funding", _("Funding")
    TECHNICAL = "technical", _("Technical assistance")
    OTHER = "other", _("Other cooperation")


# django-stubs gives each query set an as_manager() of its own type, and those of
# two query sets disagree: the manager is made with from_queryset() below.
class PartnershipQuerySet(PublishableQuerySet, YearSpanQuerySet):  # type: ignore[override]
    # Partnerships of the same year by city, then partner, in the reader's order.
    newest_first_ties = (
        InReadersOrder("city__name"),
        "city__slug",
        InReadersOrder("partner__name"),
        "partner__slug",
        "kind",
    )

    def published_q(self, path: str = "") -> models.Q:
        """Public while it, its city and its partner are."""
        prefix = f"{path}__" if path else ""
        return (
            super().published_q(path)
            & City.objects.published_q(f"{prefix}city")
            & Partner.objects.published_q(f"{prefix}partner")
        )


PartnershipManager = PublishableManager.from_queryset(PartnershipQuerySet)


class Partnership(ThaiReviewMark, PublishableModel, YearSpan, SourcedModel):
    """A typed link between a pilot city and a partner; it shows on both sides."""

    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("pilot city"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PartnershipKind)
    topic = models.CharField(_("topic"), max_length=250, blank=True)

    objects: ClassVar["PartnershipManager[Partnership]"] = PartnershipManager()
    _default_manager: ClassVar["PartnershipManager[Partnership]"]

    class Meta(YearSpan.Meta):
        ordering = ["city", "partner", "kind"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        permissions = [
            (
                "publish_partnership",
                _("Can publish, unpublish and archive partnerships"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "partner", "kind"],
                name="unique_partnership_kind",
                violation_error_message=_(
                    "This city already has a partnership of this kind with this "
                    "partner."
                ),
            ),
            *YearSpan.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.partner}"

    def get_absolute_url(self) -> str:
        return self.city.get_absolute_url()
