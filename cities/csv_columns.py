"""The columns of the pilot cities' CSV files."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.csvio.columns import (
    Column,
    CsvSpec,
    Kind,
    record_columns,
    slug_column,
    translated_columns,
)
from core.csvio.export import slugs_of

from .models import City, Country, FocusArea


class CountrySpec(CsvSpec):
    name = "countries"
    model = Country
    key = ("code",)
    columns = [
        Column(
            "code",
            Kind.CODE,
            _("ISO 3166-1 alpha-2 code of the country: the record's key."),
            example="TH",
            required=True,
            field="code",
        ),
        Column(
            "is_asean_member",
            Kind.BOOLEAN,
            _("Whether the country is an ASEAN member state."),
            example="true",
            field="is_asean_member",
        ),
        *translated_columns("name", _("Name"), "Thailand", "ไทย", required=True),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        return queryset.order_by("code")


class FocusAreaSpec(CsvSpec):
    name = "focus-areas"
    model = FocusArea
    columns = [
        slug_column(),
        Column(
            "position",
            Kind.INTEGER,
            _("Place of the focus area in lists, from 0."),
            example="1",
            field="position",
        ),
        *translated_columns(
            "name",
            _("Name"),
            "Quality Environment",
            "สิ่งแวดล้อมที่มีคุณภาพ",
            required=True,
        ),
        *translated_columns("description", _("Description"), "", ""),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        return queryset.order_by("position", "slug")


class CitySpec(CsvSpec):
    name = "cities"
    model = City
    columns = [
        slug_column(),
        Column(
            "country",
            Kind.CODE,
            _("ISO 3166-1 alpha-2 code of the country."),
            example="TH",
            required=True,
            field="country",
            attr="country_code",
        ),
        Column(
            "joined_year",
            Kind.INTEGER,
            _("Year the city joined the ASCN (Common Era)."),
            example="2018",
            required=True,
            field="joined_year",
        ),
        Column(
            "latitude",
            Kind.DECIMAL,
            _("Latitude of the city centre in decimal degrees; south is negative."),
            example="7.88",
            required=True,
            field="latitude",
        ),
        Column(
            "longitude",
            Kind.DECIMAL,
            _("Longitude of the city centre in decimal degrees; west is negative."),
            example="98.39",
            required=True,
            field="longitude",
        ),
        Column(
            "population",
            Kind.INTEGER,
            _("Number of inhabitants."),
            example="416582",
            field="population",
        ),
        Column(
            "population_year",
            Kind.INTEGER,
            _("Year the population figure refers to (Common Era)."),
            example="2023",
            field="population_year",
        ),
        Column(
            "focus_areas",
            Kind.SLUGS,
            _("Focus areas of the ASEAN Smart Cities Framework the city works on."),
            example="quality-environment;built-infrastructure",
            field="focus_areas",
            attr="focus_area_slugs",
        ),
        Column(
            "website",
            Kind.URL,
            _("Official website."),
            example="https://www.phuket.go.th/",
            field="website",
        ),
        *translated_columns("name", _("Name"), "Phuket", "ภูเก็ต", required=True),
        *translated_columns(
            "region", _("Province or state"), "Phuket Province", "จังหวัดภูเก็ต"
        ),
        *translated_columns(
            "summary",
            _("Summary"),
            "An island province on the Andaman Sea.",
            "จังหวัดเกาะทางฝั่งทะเลอันดามัน",
        ),
        *translated_columns("description", _("Description"), "", ""),
        *translated_columns("vision", _("Smart-city vision"), "", ""),
        *translated_columns(
            "cover_image_alt", _("Description of the cover image"), "", ""
        ),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        published = FocusArea.objects.published_q("focusarea") if public else None
        return queryset.annotate(
            country_code=F("country__code"),
            focus_area_slugs=slugs_of(
                City.focus_areas.through,
                "city",
                "focusarea__slug",
                extra_filter=published,
            ),
        ).order_by("slug")

    def relation_lookups(self):
        return {
            "country": {c.code: c for c in Country.objects.all()},
            "focus_areas": {f.slug: f for f in FocusArea.objects.all()},
        }
