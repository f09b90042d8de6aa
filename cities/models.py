"""Countries, the focus areas of the ASEAN Smart Cities Framework, and pilot cities."""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.aliases import aliases_field
from core.collation import Folded, ThaiSortKeyField
from core.images import (
    ImageFieldsMixin,
    focus_constraints,
    focus_field,
    image_field,
)
from core.models import (
    MAX_YEAR,
    YEAR_HELP,
    CommonEraYearValidator,
    PublishableManager,
    PublishableModel,
    PublishableQuerySet,
    SourcedModel,
    ThaiNameConfirmation,
    ThaiReviewMark,
    missing_alt_text,
    slug_field,
    slug_format_check,
    year_field,
    year_in_range,
)

ASCN_FOUNDED = 2018


class Country(PublishableModel):
    # Names that the Thai word segmenter learns (core/wordbreaks.py).
    word_dictionary_fields = ("name", "aliases")

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}$",
                _("Enter the two capital letters of ISO 3166-1, for example TH."),
            )
        ],
        help_text=_("ISO 3166-1 alpha-2, for example TH for Thailand."),
    )
    name = models.CharField(_("name"), max_length=120)
    name_th_sort = ThaiSortKeyField(_("Thai sort key"), source="name", max_length=241)
    aliases = aliases_field()
    is_asean_member = models.BooleanField(_("ASEAN member state"), default=False)

    objects: ClassVar["PublishableManager[Country]"]
    _default_manager: ClassVar["PublishableManager[Country]"]

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        permissions = [
            ("publish_country", _("Can publish, unpublish and archive countries"))
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_iso_alpha2",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.code

    def get_absolute_url(self) -> str:
        return reverse("cities:country-detail", kwargs={"code": self.code})


class FocusArea(PublishableModel):
    # Names that the Thai word segmenter learns (core/wordbreaks.py).
    word_dictionary_fields = ("name",)

    slug = slug_field()
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects: ClassVar["PublishableManager[FocusArea]"]
    _default_manager: ClassVar["PublishableManager[FocusArea]"]

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        permissions = [
            ("publish_focusarea", _("Can publish, unpublish and archive focus areas"))
        ]
        constraints = [slug_format_check("focusarea")]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("cities:focus-area-detail", kwargs={"slug": self.slug})


class CityQuerySet(PublishableQuerySet):
    def published_q(self, path: str = "") -> models.Q:
        # A city is public only while its country is: a draft country hides its
        # cities everywhere, in lists, search, related records and exports.
        country = f"{path}__country" if path else "country"
        return super().published_q(path) & Country.objects.published_q(country)


CityManager = PublishableManager.from_queryset(CityQuerySet)


class City(
    ImageFieldsMixin,
    ThaiReviewMark,
    PublishableModel,
    SourcedModel,
    ThaiNameConfirmation,
):
    image_fields = ("cover_image",)
    # Names that the Thai word segmenter learns (core/wordbreaks.py).
    word_dictionary_fields = ("name", "aliases", "region")

    name = models.CharField(_("name"), max_length=120)
    name_th_sort = ThaiSortKeyField(_("Thai sort key"), source="name", max_length=241)
    aliases = aliases_field()
    slug = slug_field()
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="cities",
        verbose_name=_("country"),
    )
    region = models.CharField(_("province or state"), max_length=120, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, −90 to 90 (north is positive)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, −180 to 180 (east is positive)."),
    )
    population = models.PositiveBigIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("As the source prints it; its year may be unknown."),
    )
    population_year = year_field(_("population year"))
    land_area_km2 = models.DecimalField(
        _("land area (km²)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In square kilometres, as the source prints it."),
    )
    facts_source_title = models.CharField(
        _("source of the population and land area"),
        max_length=300,
        blank=True,
        help_text=_("For example “Smart City Action Plan of the city (2018)”."),
    )
    facts_source_url = models.URLField(
        _("link to the source of the population and land area"),
        max_length=500,
        blank=True,
    )
    joined_year = models.PositiveSmallIntegerField(
        _("year joined the ASCN"),
        validators=[MinValueValidator(ASCN_FOUNDED), CommonEraYearValidator(MAX_YEAR)],
        help_text=YEAR_HELP,
    )
    focus_areas: "models.ManyToManyField[FocusArea, CityFocusArea]" = (
        models.ManyToManyField(
            FocusArea,
            through="CityFocusArea",
            blank=True,
            related_name="cities",
            verbose_name=_("focus areas"),
        )
    )
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    vision = models.TextField(_("smart-city vision"), blank=True)
    cover_image = image_field(_("cover image"), "cities/", "cover_image_width")
    cover_image_width = models.PositiveIntegerField(null=True, editable=False)
    cover_image_focus_x = focus_field("x")
    cover_image_focus_y = focus_field("y")
    cover_image_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    website = models.URLField(_("official website"), max_length=500, blank=True)

    objects: ClassVar["CityManager[City]"] = CityManager()
    _default_manager: ClassVar["CityManager[City]"]

    class Meta:
        ordering = ["slug"]
        verbose_name = _("pilot city")
        verbose_name_plural = _("pilot cities")
        # The public list: published cities by name in the reader's order
        # (core.collation.by_name), or by the year they joined.
        indexes = [
            models.Index(
                fields=["status", "name_th_sort", "slug"],
                name="city_published_name_th",
            ),
            models.Index(
                models.F("status"),
                Folded("name_en"),
                models.F("slug"),
                name="city_published_name_en",
            ),
            models.Index(
                fields=["status", "joined_year"], name="city_published_joined"
            ),
        ]
        permissions = [
            ("publish_city", _("Can publish, unpublish and archive pilot cities"))
        ]
        constraints = [
            slug_format_check("city"),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90),
                name="latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180),
                name="longitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    joined_year__gte=ASCN_FOUNDED, joined_year__lte=MAX_YEAR
                ),
                name="city_joined_year_in_range",
            ),
            models.CheckConstraint(
                condition=year_in_range("population_year"),
                name="city_population_year_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(land_area_km2__isnull=True)
                | models.Q(land_area_km2__gt=0),
                name="city_land_area_positive",
                violation_error_message=_("The land area must be more than zero."),
            ),
            *focus_constraints("city", "cover_image"),
        ]

    def __str__(self) -> str:
        return self.name or self.slug

    def get_absolute_url(self) -> str:
        return reverse("cities:city-detail", kwargs={"slug": self.slug})

    def publication_problems(self) -> list[str]:
        return missing_alt_text(self, "cover_image", "cover_image_alt")


class FocusAreaBasis(models.TextChoices):
    """How it is known that a city works on a focus area."""

    ACTION_PLAN = "action_plan", _("Chosen in the city's 2018 action plan")
    MAPPED = (
        "mapped",
        _(
            "Mapped from a heading of the city's 2018 action plan with ASEAN's "
            "crosswalk"
        ),
    )
    REPORT_2019 = "report_2019", _("Named in ASEAN's 2019 report")
    PROJECTS = "projects", _("Derived from the areas of the city's projects")
    NOT_STATED = "", _("Not stated")


class CityFocusArea(models.Model):
    """A focus area of a city, and how that is known."""

    shown_publicly = True

    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        related_name="city_focus_areas",
        verbose_name=_("pilot city"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="city_links",
        verbose_name=_("focus area"),
    )
    basis = models.CharField(
        _("how it is known"),
        max_length=12,
        choices=FocusAreaBasis,
        blank=True,
        default=FocusAreaBasis.NOT_STATED,
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_(
            "For example the action plan's own heading that was mapped to this "
            "focus area."
        ),
    )

    class Meta:
        ordering = ["city", "focus_area"]
        verbose_name = _("focus area of the city")
        verbose_name_plural = _("focus areas of the city")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "focus_area"], name="unique_city_focus_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city} – {self.focus_area}"
