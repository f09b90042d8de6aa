"""Smart-city projects, the pilot cities they serve and the partners behind them."""

from typing import ClassVar

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cities.models import City, FocusArea
from core.collation import Folded, InReadersOrder, ThaiSortKeyField
from core.images import (
    ImageFieldsMixin,
    focus_constraints,
    focus_field,
    image_field,
)
from core.models import (
    PublishableManager,
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    ThaiReviewMark,
    YearSpan,
    YearSpanQuerySet,
    missing_alt_text,
    slug_field,
    slug_format_check,
)
from partners.models import Partner


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PLANNING = "planning", _("Planning")
    SEEKING_FUNDING = "seeking_funding", _("Seeking funding")
    FUNDED = "funded", _("Funded")
    IN_PROGRESS = "in_progress", _("In progress")
    # ASEAN's monitoring reports list ongoing and planned projects together
    # without saying which is which.
    ONGOING_OR_PLANNED = "ongoing_or_planned", _("Ongoing or planned")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_STATED = "", _("Not stated")


class Bankable(models.TextChoices):
    """Bankable where a source says so (an approved or signed loan); a project
    no source reports on is not stated, never a guessed "no"."""

    YES = "yes", _("Bankable")
    NOT_STATED = "", _("Not stated")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    FUNDER = "funder", _("Funder")
    TECHNICAL = "technical", _("Technical partner")
    IMPLEMENTER = "implementer", _("Implementing partner")
    OTHER = "other", _("Other role")


# django-stubs gives each query set an as_manager() of its own type, and those of
# two query sets disagree: the manager is made with from_queryset() below.
class ProjectQuerySet(PublishableQuerySet, YearSpanQuerySet):  # type: ignore[override]
    newest_first_ties = (InReadersOrder("title"), "slug")


ProjectManager = PublishableManager.from_queryset(ProjectQuerySet)


class Project(
    ImageFieldsMixin, ThaiReviewMark, PublishableModel, YearSpan, SourcedModel
):
    image_fields = ("image",)

    title = models.CharField(_("title"), max_length=250)
    title_th_sort = ThaiSortKeyField(_("Thai sort key"), source="title", max_length=501)
    slug = slug_field()
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    cities = models.ManyToManyField(
        City, blank=True, related_name="projects", verbose_name=_("pilot cities")
    )
    partners: "models.ManyToManyField[Partner, ProjectPartner]" = (
        models.ManyToManyField(
            Partner,
            through="ProjectPartner",
            blank=True,
            related_name="projects",
            verbose_name=_("partners"),
        )
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="projects", verbose_name=_("focus areas")
    )
    network_level = models.BooleanField(
        _("ASCN-wide project"),
        default=False,
        help_text=_("A project of the network as a whole, not of one city."),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=Stage,
        blank=True,
        default=Stage.NOT_STATED,
        db_index=True,
    )
    estimated_cost = models.DecimalField(
        _("estimated cost"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{3}$",
                _("Enter an ISO 4217 currency code, for example THB or USD."),
            )
        ],
        help_text=_("ISO 4217 code of the estimated cost, for example THB or USD."),
    )
    bankable = models.CharField(
        _("bankable"),
        max_length=3,
        choices=Bankable,
        blank=True,
        default=Bankable.NOT_STATED,
        help_text=_(
            "Ready for private or development-bank financing, as a source states "
            "(for example an approved or signed loan)."
        ),
    )
    is_featured = models.BooleanField(
        _("featured"),
        default=False,
        db_index=True,
        help_text=_("Shown on the home page."),
    )
    image = image_field(_("image"), "projects/", "image_width")
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_focus_x = focus_field("x")
    image_focus_y = focus_field("y")
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    objects: ClassVar["ProjectManager[Project]"] = ProjectManager()
    _default_manager: ClassVar["ProjectManager[Project]"]

    class Meta(YearSpan.Meta):
        ordering = ["slug"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        # The home page's recent projects. The index of the list and export
        # (newest first, projects without a start year last, then by title in the
        # reader's order) is made by migrations 0002 and 0010: SQLite cannot
        # write NULLS LAST in an index.
        indexes = [
            models.Index(
                fields=["status", "-created_at", "slug"],
                name="project_published_recent",
            ),
            # The home page's featured projects, a few among many, newest first
            # (Project.objects.newest_first(): start year, then title in the
            # reader's order).
            models.Index(
                fields=["status", "-start_year", "title_th_sort", "slug"],
                condition=models.Q(is_featured=True),
                name="project_featured_th",
            ),
            models.Index(
                models.F("status"),
                models.F("start_year").desc(),
                Folded("title_en"),
                models.F("slug"),
                condition=models.Q(is_featured=True),
                name="project_featured_en",
            ),
        ]
        permissions = [
            ("publish_project", _("Can publish, unpublish and archive projects"))
        ]
        constraints = [
            slug_format_check("project"),
            *YearSpan.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(estimated_cost__isnull=True)
                | models.Q(estimated_cost__gte=0),
                name="project_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(currency="")
                | models.Q(currency__regex=r"^[A-Z]{3}$"),
                name="project_currency_iso4217",
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_cost__isnull=True)
                | ~models.Q(currency=""),
                name="project_cost_has_currency",
                violation_error_message=_("Give the currency of the estimated cost."),
            ),
            *focus_constraints("project", "image"),
        ]

    def __str__(self) -> str:
        return self.title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("projects:project-detail", kwargs={"slug": self.slug})

    def publication_problems(self) -> list[str]:
        return missing_alt_text(self, "image", "image_alt")


class ProjectPartnerQuerySet(models.QuerySet):
    def published_q(self, path: str = "") -> models.Q:
        """A role shows wherever its project does, while its partner is public."""
        return Partner.objects.published_q(f"{path}__partner" if path else "partner")

    def published(self) -> "ProjectPartnerQuerySet":
        return self.filter(self.published_q())


class ProjectPartner(models.Model):
    """A partner's part in a project: lead, funder, technical partner ..."""

    shown_publicly = True

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="project_partners",
        verbose_name=_("project"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="project_roles",
        verbose_name=_("partner"),
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole)

    objects = ProjectPartnerQuerySet.as_manager()

    class Meta:
        ordering = ["project", "role", "partner"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner", "role"],
                name="unique_project_partner_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"
