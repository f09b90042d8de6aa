"""The shapes of the API's answers and parameters, from which its OpenAPI 3.1
document is generated. Every text comes in both languages (`name_th`,
`name_en` ...); codes (a stage, a kind, a role) are the same in both."""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from cities.models import FocusAreaBasis
from partners.models import PartnerKind, PartnershipKind
from projects.models import PartnerRole, Stage

Language = Literal["th", "en"]

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
# A page past this is not a page anyone reads: refused before any query.
MAX_PAGE = 1_000_000
# Text parameters: any character but NUL, which no stored text holds.
NO_NUL = r"^[^\x00]*$"


def _choices(values: list[str]) -> type:
    return Literal[tuple(values)]  # type: ignore[return-value]


StageCode = _choices(Stage.values)
PartnerKindCode = _choices(PartnerKind.values)
PartnershipKindCode = _choices(PartnershipKind.values)
RoleCode = _choices(PartnerRole.values)
BasisCode = _choices(FocusAreaBasis.values)
StageFilter = _choices([*(value for value in Stage.values if value), "not_stated"])


# Parameters


class LanguageParameter(Schema):
    lang: Language | None = Field(
        None,
        description=(
            "The language of the order of lists and related records, and of "
            "error messages: th sorts in Thai dictionary order, en in English "
            "alphabetical order. Without it, the best of Accept-Language; Thai "
            "by default. Both languages' texts are in every answer either way."
        ),
    )


class ListParameters(LanguageParameter):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Records per page, at most {MAX_PAGE_SIZE}.",
    )


class Search(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        pattern=NO_NUL,
        description=(
            "Text searched in both languages' names and texts; every word must "
            "be found. Records whose name holds the whole text come first."
        ),
    )


class CityFilters(LanguageParameter, Search):
    country: str | None = Field(
        None,
        pattern=NO_NUL,
        description="ISO 3166-1 alpha-2 code of a country, such as TH.",
    )
    focus_area: str | None = Field(
        None, pattern=NO_NUL, description="Slug of a focus area."
    )
    joined: int | None = Field(
        None, description="Year the city joined the ASCN (Common Era)."
    )
    sort: Literal["name", "country", "joined", "-joined"] | None = Field(
        None,
        description=(
            "name (the default), country (by the country's name), joined (earliest "
            "first) or -joined (latest first); ties by name, then slug."
        ),
    )


class CityParameters(ListParameters, CityFilters):
    pass


class PartnerParameters(ListParameters, Search):
    kind: PartnerKindCode | None = Field(None, description="Kind of partner.")  # type: ignore[valid-type]
    country: str | None = Field(
        None,
        pattern=NO_NUL,
        description="ISO 3166-1 alpha-2 code of the partner's country.",
    )


class PartnershipParameters(ListParameters):
    city: str | None = Field(None, pattern=NO_NUL, description="Slug of a pilot city.")
    partner: str | None = Field(None, pattern=NO_NUL, description="Slug of a partner.")
    kind: PartnershipKindCode | None = Field(  # type: ignore[valid-type]
        None, description="Kind of partnership."
    )


class ProjectParameters(ListParameters, Search):
    stage: StageFilter | None = Field(  # type: ignore[valid-type]
        None,
        description=(
            "Stage of the project; not_stated for the projects whose stage no "
            "source states."
        ),
    )
    city: str | None = Field(None, pattern=NO_NUL, description="Slug of a pilot city.")
    partner: str | None = Field(None, pattern=NO_NUL, description="Slug of a partner.")
    focus_area: str | None = Field(
        None, pattern=NO_NUL, description="Slug of a focus area."
    )
    bankable: Literal["yes", "not_stated"] | None = Field(
        None,
        description=(
            "yes for the projects a source states are bankable, not_stated for "
            "the others."
        ),
    )
    scope: Literal["network", "city"] | None = Field(
        None,
        description="network for ASCN-wide projects, city for those of pilot cities.",
    )


# Parts of answers


class Error(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    errors: list[dict[str, str]] | None = Field(
        None,
        description=(
            "The parameters that are not valid, each with its name (`parameter`) "
            "and a message."
        ),
    )


class Pages(Schema):
    th: str = Field(description="Address of the record's page in Thai.")
    en: str = Field(description="Address of the record's page in English.")


class Named(Schema):
    slug: str
    name_th: str
    name_en: str


class CountryRef(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.")
    name_th: str
    name_en: str


class Source(Schema):
    title: str
    url: str
    as_of: date | None = Field(description="The date on which the source states it.")
    language: str = Field(
        description="BCP 47 code of the title's language, empty where its letters tell."
    )


class CityFocusArea(Named):
    basis: BasisCode = Field(  # type: ignore[valid-type]
        description=("How the focus area of the city is known; empty where not stated.")
    )


class Role(Named):
    role: RoleCode = Field(description="The partner's part in the project.")  # type: ignore[valid-type]


class ProjectRole(Schema):
    project: Named
    role: RoleCode  # type: ignore[valid-type]


class PartnershipOfRecord(Schema):
    city: Named
    partner: Named
    kind: PartnershipKindCode  # type: ignore[valid-type]
    start_year: int | None
    end_year: int | None
    topic_th: str
    topic_en: str


class ListPage(Schema):
    count: int = Field(description="Records matching the filters, on all pages.")
    next: str | None = Field(description="Address of the next page, if any.")
    previous: str | None = Field(description="Address of the previous page, if any.")


# Records


class Country(Schema):
    code: str = Field(description="ISO 3166-1 alpha-2 code: the record's key.")
    name_th: str
    name_en: str
    is_asean_member: bool
    city_count: int = Field(description="Published pilot cities of the country.")
    url: str = Field(description="Address of the record in the API.")
    pages: Pages


class CountryDetail(Country):
    cities: list[Named]


class FocusArea(Schema):
    slug: str
    name_th: str
    name_en: str
    description_th: str
    description_en: str
    position: int = Field(description="Place in the ASEAN Smart Cities Framework.")
    city_count: int
    project_count: int
    url: str
    pages: Pages


class FocusAreaDetail(FocusArea):
    cities_url: str = Field(description="The API's list of the area's cities.")
    projects_url: str = Field(description="The API's list of the area's projects.")


class City(Schema):
    slug: str
    name_th: str
    name_en: str
    country: CountryRef
    region_th: str
    region_en: str
    latitude: float = Field(description="Decimal degrees, north positive.")
    longitude: float = Field(description="Decimal degrees, east positive.")
    joined_year: int = Field(description="Year the city joined the ASCN (CE).")
    population: int | None
    population_year: int | None
    land_area_km2: float | None
    summary_th: str
    summary_en: str
    website: str
    focus_areas: list[CityFocusArea]
    url: str
    pages: Pages


class CityDetail(City):
    aliases_th: str
    aliases_en: str
    description_th: str
    description_en: str
    vision_th: str
    vision_en: str
    facts_source_title_th: str
    facts_source_title_en: str
    facts_source_url: str
    partnerships: list[PartnershipOfRecord]
    projects: list[Named]
    sources: list[Source]


class Partner(Schema):
    slug: str
    name_th: str
    name_en: str
    kind: PartnerKindCode  # type: ignore[valid-type]
    country: CountryRef | None
    website: str
    since_year: int | None
    description_th: str
    description_en: str
    url: str
    pages: Pages


class PartnerDetail(Partner):
    aliases_th: str
    aliases_en: str
    partnerships: list[PartnershipOfRecord]
    projects: list[ProjectRole]
    sources: list[Source]


class Partnership(PartnershipOfRecord):
    pass


class Project(Schema):
    slug: str
    title_th: str
    title_en: str
    summary_th: str
    summary_en: str
    stage: StageCode = Field(description="Empty where no source states it.")  # type: ignore[valid-type]
    start_year: int | None
    end_year: int | None
    estimated_cost: float | None
    currency: str = Field(description="ISO 4217 code of the estimated cost.")
    bankable: Literal["yes", ""] = Field(
        description="yes where a source states it; empty where none does."
    )
    network_level: bool = Field(description="An ASCN-wide project.")
    cities: list[Named]
    focus_areas: list[Named]
    partners: list[Role]
    url: str
    pages: Pages


class ProjectDetail(Project):
    description_th: str
    description_en: str
    sources: list[Source]


class CountryList(ListPage):
    results: list[Country]


class FocusAreaList(ListPage):
    results: list[FocusArea]


class CityList(ListPage):
    results: list[City]


class PartnerList(ListPage):
    results: list[Partner]


class PartnershipList(ListPage):
    results: list[Partnership]


class ProjectList(ListPage):
    results: list[Project]


def _country(description: str) -> dict:
    return {
        "type": "object",
        "required": ["code", "name_th", "name_en"],
        "properties": {
            "code": {"type": "string"},
            "name_th": {"type": "string"},
            "name_en": {"type": "string"},
        },
        "description": description,
    }


# The GeoJSON answer (RFC 7946), written out: a FeatureCollection of Points.
CITY_FEATURES: dict = {
    "type": "object",
    "title": "CityFeatureCollection",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": "string", "description": "The city's slug."},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "description": "[longitude, latitude] in WGS 84.",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "required": [
                            "slug",
                            "name_th",
                            "name_en",
                            "country",
                            "joined_year",
                            "url",
                            "pages",
                        ],
                        "properties": {
                            "slug": {"type": "string"},
                            "name_th": {"type": "string"},
                            "name_en": {"type": "string"},
                            "country": _country("The city's country."),
                            "joined_year": {"type": "integer"},
                            "url": {"type": "string"},
                            "pages": {
                                "type": "object",
                                "required": ["th", "en"],
                                "properties": {
                                    "th": {"type": "string"},
                                    "en": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}
