"""The columns of the pilot cities' CSV files."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.aliases import alias_columns
from core.csvio.columns import (
    LIST_SEPARATOR,
    Column,
    CsvSpec,
    Kind,
    focus_columns,
    inert,
    record_columns,
    revive,
    slug_column,
    thai_unreviewed_column,
    translated_columns,
)
from core.csvio.export import slugs_of

from .models import City, CityFocusArea, Country, FocusArea, FocusAreaBasis

NOTE_LENGTH = CityFocusArea._meta.get_field("note").max_length or 500
# The export's query puts a city's focus-area links here (slug, basis and note).
LINKS = "csv_focus_area_links"


class FocusAreaLinkColumn(Column):
    """One fact about each of a city's focus-area links, as `slug:value` items.

    Of the kind "slugs", so that the import writes it with the relations, after
    the links themselves (`set_relations`), not as a field of the city.

    The bases are separated by ";" (`civic-social:action_plan;...`), the notes,
    which may hold any punctuation, by line breaks. Only links with a value are
    written; an item for a focus area the city does not have is ignored."""

    @property
    def schema_type(self) -> str:
        return "string"  # slug:value items, not a list of slugs

    @property
    def separator(self) -> str:
        return LIST_SEPARATOR if self.choices else "\n"

    def value(self, record: Any) -> dict[str, str]:
        return {
            link.focus_area.slug: getattr(link, self.attr or "")
            for link in getattr(record, LINKS)
        }

    def cell(self, value: Any) -> str:
        items = sorted((slug, text) for slug, text in (value or {}).items() if text)
        return self.separator.join(f"{slug}:{text}" for slug, text in items)

    def format(self, value: Any) -> str:
        return inert(self.cell(value))

    def parse(self, raw: str) -> dict[str, str]:
        found: dict[str, str] = {}
        for item in revive(raw.strip()).split(self.separator):
            if not item.strip():
                continue
            slug, colon, text = item.partition(":")
            slug, text = slug.strip(), text.strip()
            if not colon or not slug:
                raise ValidationError(
                    gettext("“%(item)s” is not a focus area's slug, “:” and a value.")
                    % {"item": item.strip()}
                )
            if self.choices and text not in self.choices:
                raise ValidationError(
                    gettext("“%(value)s” is not one of: %(choices)s.")
                    % {"value": text, "choices": ", ".join(self.choices)}
                )
            if len(text) > NOTE_LENGTH:
                raise ValidationError(
                    gettext("A note may have at most %(count)s characters.")
                    % {"count": NOTE_LENGTH}
                )
            if slug in found:
                raise ValidationError(
                    gettext("The focus area “%(slug)s” is named twice.")
                    % {"slug": slug}
                )
            found[slug] = text
        return found


FOCUS_AREA_LINK_HEADERS = ("focus_area_bases", "focus_area_notes")


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
        *alias_columns("Siam", "สยาม"),
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
            pattern="[A-Z]{2}",
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
            _("Number of inhabitants, as the source prints it."),
            example="416582",
            field="population",
        ),
        Column(
            "population_year",
            Kind.INTEGER,
            _(
                "Year the population figure refers to (Common Era); empty where "
                "the source gives none."
            ),
            example="2023",
            field="population_year",
        ),
        Column(
            "land_area_km2",
            Kind.DECIMAL,
            _("Land area in square kilometres, as the source prints it."),
            example="100.4",
            field="land_area_km2",
        ),
        Column(
            "facts_source_url",
            Kind.URL,
            _(
                "Link to the document that prints the population and the land "
                "area, such as the city's 2018 action plan."
            ),
            example="https://asean.org/wp-content/uploads/2019/02/ASCN-Consolidated-SCAPs.pdf",
            field="facts_source_url",
        ),
        Column(
            "focus_areas",
            Kind.SLUGS,
            _("Focus areas of the ASEAN Smart Cities Framework the city works on."),
            example="quality-environment;built-infrastructure",
            field="focus_areas",
            attr="focus_area_slugs",
        ),
        FocusAreaLinkColumn(
            "focus_area_bases",
            Kind.SLUGS,
            format_lazy(
                _(
                    "How each focus area of the city is known, as slug:basis items "
                    "separated by “;”. {action_plan}: chosen in the city's 2018 "
                    "action plan; {mapped}: mapped from a heading of that plan with "
                    "ASEAN's crosswalk; {report_2019}: named in ASEAN's 2019 report; "
                    "{projects}: derived from the areas of the city's projects, not "
                    "the city's own choice. A focus area left out is not stated; an "
                    "item for a focus area not in the column focus_areas is ignored."
                ),
                action_plan=FocusAreaBasis.ACTION_PLAN,
                mapped=FocusAreaBasis.MAPPED,
                report_2019=FocusAreaBasis.REPORT_2019,
                projects=FocusAreaBasis.PROJECTS,
            ),
            example="quality-environment:action_plan;built-infrastructure:mapped",
            field="focus_area_bases",
            attr="basis",
            choices=tuple(value for value in FocusAreaBasis.values if value),
        ),
        FocusAreaLinkColumn(
            "focus_area_notes",
            Kind.SLUGS,
            _(
                "A note on how a focus area of the city is known, such as the "
                "action plan's own heading: one slug:note item per line."
            ),
            example='built-infrastructure:SCAP heading "Mobility"',
            field="focus_area_notes",
            attr="note",
        ),
        Column(
            "website",
            Kind.URL,
            _("Official website."),
            example="https://www.phuket.go.th/",
            field="website",
        ),
        *translated_columns("name", _("Name"), "Phuket", "ภูเก็ต", required=True),
        Column(
            "name_th_confirmed",
            Kind.BOOLEAN,
            _(
                "Whether a Thai source spells the Thai name this way; false for a "
                "transliteration that no Thai source supports yet."
            ),
            example="true",
            field="name_th_confirmed",
        ),
        Column(
            "name_th_source",
            Kind.URL,
            _("Link to the Thai source of the Thai name."),
            example="https://th.wikipedia.org/wiki/จังหวัดภูเก็ต",
            field="name_th_source",
        ),
        *alias_columns("HCMC, Saigon", "ไซ่ง่อน"),
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
        thai_unreviewed_column(_("the vision.")),
        *translated_columns(
            "facts_source_title",
            _("Title of the source of the population and the land area"),
            "Smart City Action Plan of Bandar Seri Begawan (2018)",
            "แผนปฏิบัติการเมืองอัจฉริยะของบันดาร์เสรีเบกาวัน (พ.ศ. 2561)",
        ),
        *translated_columns(
            "cover_image_alt", _("Description of the cover image"), "", ""
        ),
        *focus_columns("cover_image"),
        *record_columns(),
    ]

    def annotate_export(self, queryset, *, public: bool):
        published = FocusArea.objects.published_q("focus_area") if public else None
        links = CityFocusArea.objects.select_related("focus_area")
        if published is not None:
            links = links.filter(published)
        return (
            queryset.prefetch_related(
                Prefetch("city_focus_areas", queryset=links, to_attr=LINKS)
            )
            .annotate(
                country_code=F("country__code"),
                focus_area_slugs=slugs_of(
                    CityFocusArea,
                    "city",
                    "focus_area__slug",
                    extra_filter=published,
                ),
            )
            .order_by("slug")
        )

    def relation_lookups(self):
        return {
            "country": {c.code: c for c in Country.objects.all()},
            "focus_areas": {f.slug: f for f in FocusArea.objects.all()},
        }

    def set_relations(self, record, values, lookups) -> None:
        super().set_relations(record, values, lookups)  # the focus areas
        self.describe_links([(record, values)])

    def set_relations_of_many(self, changes, lookups):
        created = super().set_relations_of_many(changes, lookups)
        self.describe_links(changes)
        return created

    def describe_links(self, changes) -> None:
        """The bases and notes of the cities' focus-area links; a file without
        these columns leaves them alone."""
        wanted = {
            record.pk: {h: values[h] for h in FOCUS_AREA_LINK_HEADERS if h in values}
            for record, values in changes
        }
        wanted = {pk: columns for pk, columns in wanted.items() if columns}
        if not wanted:
            return
        changed = []
        for link in CityFocusArea.objects.filter(
            city_id__in=list(wanted)
        ).select_related("focus_area"):
            columns, before = wanted[link.city_id], (link.basis, link.note)
            slug = link.focus_area.slug
            if "focus_area_bases" in columns:
                link.basis = columns["focus_area_bases"].get(slug, "")
            if "focus_area_notes" in columns:
                link.note = columns["focus_area_notes"].get(slug, "")
            if (link.basis, link.note) != before:
                changed.append(link)
        CityFocusArea.objects.bulk_update(changed, ["basis", "note"], batch_size=500)
