"""The columns of the partners' CSV files."""

from django.db.models import F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import Country
from core.csvio.columns import (
    Column,
    CsvSpec,
    Kind,
    record_columns,
    slug_column,
    translated_columns,
)

from .models import Partner, PartnerKind


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
        *translated_columns("description", _("Description"), "", ""),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        return queryset.annotate(country_code=F("country__code")).order_by("slug")

    def relation_lookups(self):
        return {"country": {c.code: c for c in Country.objects.all()}}
