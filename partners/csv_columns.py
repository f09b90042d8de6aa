"""The columns of the partners' CSV files."""

from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City, Country
from core.aliases import alias_columns
from core.csvio.columns import (
    Column,
    CsvSpec,
    Kind,
    record_columns,
    slug_column,
    thai_unreviewed_column,
    translated_columns,
    year_span_columns,
)

from .models import Partner, PartnerKind, Partnership, PartnershipKind


class PartnerSpec(CsvSpec):
    name = "partners"
    model = Partner
    columns = [
        slug_column(),
        Column(
            "kind",
            Kind.CHOICE,
            format_lazy(
                _("Kind of partner: {values}."), values=", ".join(PartnerKind.values)
            ),
            example=PartnerKind.COMPANY,
            required=True,
            field="kind",
            choices=tuple(PartnerKind.values),
        ),
        Column(
            "country",
            Kind.CODE,
            _("ISO 3166-1 alpha-2 code of the partner's country, if it has one."),
            example="US",
            field="country",
            attr="country_code",
            nullable=True,
            pattern="[A-Z]{2}",
        ),
        Column(
            "since_year",
            Kind.INTEGER,
            _("Year the cooperation began (Common Era)."),
            example="2019",
            field="since_year",
        ),
        Column(
            "website",
            Kind.URL,
            _("Website."),
            example="https://www.huawei.com/",
            field="website",
        ),
        *translated_columns("name", _("Name"), "Huawei", "หัวเว่ย", required=True),
        *alias_columns("ADB", ""),
        *translated_columns("description", _("Description"), "", ""),
        thai_unreviewed_column(_("the description.")),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        return queryset.annotate(country_code=F("country__code")).order_by("slug")

    def relation_lookups(self):
        return {"country": {c.code: c for c in Country.objects.all()}}


class PartnershipSpec(CsvSpec):
    """A partnership is known by its city, its partner and its kind."""

    name = "partnerships"
    model = Partnership
    key = ("city", "partner", "kind")
    columns = [
        Column(
            "city",
            Kind.SLUG,
            _("Slug of the pilot city."),
            example="phuket",
            required=True,
            field="city",
            attr="city_slug",
            references=("cities", "slug"),
        ),
        Column(
            "partner",
            Kind.SLUG,
            _("Slug of the partner."),
            example="milwaukee",
            required=True,
            field="partner",
            attr="partner_slug",
            references=("partners", "slug"),
        ),
        Column(
            "kind",
            Kind.CHOICE,
            format_lazy(
                _("Kind of partnership: {values}."),
                values=", ".join(PartnershipKind.values),
            ),
            example=PartnershipKind.TWINNING,
            required=True,
            field="kind",
            choices=tuple(PartnershipKind.values),
        ),
        *year_span_columns(
            _("Year the partnership began (Common Era)."),
            _("Year the partnership ended or ends (Common Era)."),
            examples=("2020", ""),
        ),
        *translated_columns("topic", _("Topic"), "Water management", "การบริหารจัดการน้ำ"),
        thai_unreviewed_column(_("the topic.")),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        return queryset.annotate(
            city_slug=F("city__slug"), partner_slug=F("partner__slug")
        ).order_by("city__slug", "partner__slug", "kind")

    def relation_lookups(self):
        return {
            "city": {c.slug: c for c in City.objects.all()},
            "partner": {p.slug: p for p in Partner.objects.all()},
        }
