"""The DCAT catalogue of the portal's data, in the DCAT-AP 3 shape that CKAN's
DCAT harvester (ckanext-dcat's `dcat_rdf_harvester`) reads.

One `dcat:Catalog`, a `dcat:Dataset` per kind of record and a
`dcat:Distribution` per format in which that kind can be downloaded. The graph is
built once with rdflib and serialised to Turtle and to JSON-LD, so the two files
always say the same; each serialisation is kept under the content version.

What the harvester reads, and so what is given here: titles and descriptions as
language-tagged literals (it picks the one of its own default language),
`dcat:distribution` with `dcat:downloadURL`/`dcat:accessURL`, `dcat:mediaType` as
an IANA URI (it turns it into the format's label), `dct:format`, `dct:license`
matched to its licence register by URI, `dct:publisher` as a `foaf:Agent` with
`foaf:name`, `dcat:contactPoint` as a vCard, `dct:issued`/`dct:modified`,
`dct:language`, `dcat:keyword`, `dcat:theme` and `dcat:landingPage`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from cities.models import City, Country, FocusArea
from core.versioning import request_version, versioned
from partners.models import Partner, Partnership
from projects.models import Project

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "https://www.iana.org/assignments/media-types/"
EU = "http://publications.europa.eu/resource/authority/"

# DCAT-AP names languages, formats and themes by the EU's authority tables.
LANGUAGES = {"th": URIRef(EU + "language/THA"), "en": URIRef(EU + "language/ENG")}
THEME_TAXONOMY = URIRef(EU + "data-theme")
REGIONS_AND_CITIES = URIRef(EU + "data-theme/REGI")
SCIENCE_AND_TECHNOLOGY = URIRef(EU + "data-theme/TECH")
INTERNATIONAL_ISSUES = URIRef(EU + "data-theme/INTR")

CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


@dataclass(frozen=True)
class Format:
    label: str
    media_type: str  # IANA
    file_type: str  # EU file-type authority table

    @property
    def media_type_uri(self) -> URIRef:
        return URIRef(IANA + self.media_type)

    @property
    def file_type_uri(self) -> URIRef:
        return URIRef(EU + "file-type/" + self.file_type)


CSV = Format("CSV", "text/csv", "CSV")
XLSX = Format(
    "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
)
JSON = Format("JSON", "application/json", "JSON")
GEOJSON = Format("GeoJSON", "application/geo+json", "GEOJSON")


@dataclass(frozen=True)
class Distribution:
    format: Format
    url_name: str
    # The exports live under the language prefix (their columns hold both
    # languages whatever the prefix); the API outside it.
    in_language: bool
    documentation: str  # URL name of the page that explains the format


@dataclass(frozen=True)
class Dataset:
    slug: str
    name: Any  # lazy: what the records are ("Pilot cities")
    title: Any  # lazy
    description: Any  # lazy
    model: type[models.Model]
    landing_page: str  # URL name
    keywords: tuple[Any, ...]
    themes: tuple[URIRef, ...]
    distributions: tuple[Distribution, ...]


def _csv(url_name: str) -> Distribution:
    return Distribution(CSV, url_name, True, "portal:data-dictionary")


def _xlsx(url_name: str) -> Distribution:
    return Distribution(XLSX, url_name, True, "portal:data-dictionary")


def _json(url_name: str) -> Distribution:
    return Distribution(JSON, url_name, False, "api:docs")


CITY = _("pilot city")
NETWORK = _("ASEAN Smart Cities Network")
SMART_CITY = _("smart city")

# Every dataset and every file of it: the one declaration the catalogue, its
# tests and the README follow.
DATASETS = (
    Dataset(
        "cities",
        _("Pilot cities"),
        _("Pilot cities of the ASEAN Smart Cities Network"),
        _(
            "The pilot cities of the ASEAN Smart Cities Network: country, province, "
            "the year each joined, location, population, land area, focus areas and "
            "smart-city vision."
        ),
        City,
        "cities:city-list",
        (NETWORK, SMART_CITY, CITY),
        (REGIONS_AND_CITIES,),
        (
            _csv("cities:city-export"),
            _xlsx("cities:city-export-xlsx"),
            _json("api:city-list"),
            Distribution(GEOJSON, "api:cities-geojson", False, "api:docs"),
        ),
    ),
    Dataset(
        "countries",
        _("Countries"),
        _("Countries of the ASEAN Smart Cities Network"),
        _(
            "The ASEAN member states of the pilot cities and the countries of their "
            "partners."
        ),
        Country,
        "cities:city-list",
        (NETWORK, _("country")),
        (REGIONS_AND_CITIES, INTERNATIONAL_ISSUES),
        (_json("api:country-list"),),
    ),
    Dataset(
        "focus-areas",
        _("Focus areas"),
        _("Focus areas of the ASEAN Smart Cities Network"),
        _(
            "The focus areas of the ASEAN Smart Cities Network's framework, in which "
            "the pilot cities and their projects work."
        ),
        FocusArea,
        "cities:focus-area-list",
        (NETWORK, SMART_CITY, _("focus area")),
        (REGIONS_AND_CITIES,),
        (_json("api:focus-area-list"),),
    ),
    Dataset(
        "partners",
        _("Partners"),
        _("Partners of the ASEAN Smart Cities Network"),
        _(
            "The partners of the pilot cities: governments, cities, companies and "
            "international organisations, with their country and kind."
        ),
        Partner,
        "partners:partner-list",
        (NETWORK, _("partner")),
        (REGIONS_AND_CITIES, INTERNATIONAL_ISSUES),
        (
            _csv("partners:partner-export"),
            _xlsx("partners:partner-export-xlsx"),
            _json("api:partner-list"),
        ),
    ),
    Dataset(
        "partnerships",
        _("Partnerships"),
        _("Partnerships of the ASEAN Smart Cities Network"),
        _(
            "Which partner works with which pilot city, on what, in which years, "
            "with the sources of each partnership."
        ),
        Partnership,
        "partners:partner-list",
        (NETWORK, _("partnership")),
        (REGIONS_AND_CITIES, INTERNATIONAL_ISSUES),
        (
            _csv("partners:partnership-export"),
            _xlsx("partners:partnership-export-xlsx"),
            _json("api:partnership-list"),
        ),
    ),
    Dataset(
        "projects",
        _("Projects"),
        _("Projects of the ASEAN Smart Cities Network"),
        _(
            "The smart-city projects of the pilot cities: stage, years, estimated "
            "cost, whether bankable, focus areas, cities and partners with their "
            "roles."
        ),
        Project,
        "projects:project-list",
        (NETWORK, SMART_CITY, _("project")),
        (REGIONS_AND_CITIES, SCIENCE_AND_TECHNOLOGY),
        (
            _csv("projects:project-export"),
            _xlsx("projects:project-export-xlsx"),
            _json("api:project-list"),
        ),
    ),
)

CATALOGUE_TITLE = _("ASCN Portal: open data of the ASEAN Smart Cities Network")
CATALOGUE_DESCRIPTION = _(
    "The pilot cities of the ASEAN Smart Cities Network, their partners and their "
    "smart-city projects, in Thai and English, with the sources of their facts."
)
PUBLISHER = _("ASCN Portal")
DISTRIBUTION_TITLE = _("%(dataset)s (%(format)s)")


@dataclass(frozen=True)
class Dates:
    issued: datetime | None
    modified: datetime


def record_dates() -> dict[str, Dates]:
    """When each dataset's first published record was published and when one was
    last changed: one query per kind of record."""
    changed_at = request_version().changed_at
    found = {}
    for dataset in DATASETS:
        dates = dataset.model._default_manager.published().aggregate(  # type: ignore[attr-defined]
            first_published=Min("published_at"),
            first_created=Min("created_at"),
            last_updated=Max("updated_at"),
        )
        found[dataset.slug] = Dates(
            issued=dates["first_published"] or dates["first_created"],
            modified=dates["last_updated"] or changed_at,
        )
    return found


def _in_each_language(text: Any) -> list[Literal]:
    literals = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            literals.append(Literal(str(text), lang=code))
    return literals


def _in_each_language_formatted(text: Any, **values: Any) -> list[Literal]:
    literals = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            formatted = {key: str(value) for key, value in values.items()}
            literals.append(Literal(str(text) % formatted, lang=code))
    return literals


def _datetime(value: datetime) -> Literal:
    return Literal(
        timezone.localtime(value).replace(microsecond=0).isoformat(),
        datatype=XSD.dateTime,
    )


def build_graph(absolute: Callable[[str], str]) -> Graph:
    """The catalogue's graph; `absolute` makes a path an absolute URL."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)
    dates = record_dates()
    version = request_version()
    base = absolute("/catalog")
    licence = URIRef(settings.DATA_LICENCE_URL)

    with translation.override(settings.LANGUAGE_CODE):
        home = absolute(reverse("portal:home"))
        contact_page = absolute(reverse("portal:page", args=["contact"]))

    publisher = URIRef(base + "#publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    for name in _in_each_language(PUBLISHER):
        graph.add((publisher, FOAF.name, name))
    graph.add((publisher, FOAF.homepage, URIRef(home)))

    contact = URIRef(base + "#contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    for name in _in_each_language(PUBLISHER):
        graph.add((contact, VCARD.fn, name))
    graph.add((contact, VCARD.hasURL, URIRef(contact_page)))

    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.title, Literal(settings.DATA_LICENCE_NAME)))

    catalog = URIRef(base + "#catalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    for literal in _in_each_language(CATALOGUE_TITLE):
        graph.add((catalog, DCTERMS.title, literal))
    for literal in _in_each_language(CATALOGUE_DESCRIPTION):
        graph.add((catalog, DCTERMS.description, literal))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCAT.contactPoint, contact))
    graph.add((catalog, FOAF.homepage, URIRef(home)))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCAT.themeTaxonomy, THEME_TAXONOMY))
    graph.add((catalog, DCTERMS.modified, _datetime(version.changed_at)))
    issued = [d.issued for d in dates.values() if d.issued is not None]
    if issued:
        graph.add((catalog, DCTERMS.issued, _datetime(min(issued))))
    for language in LANGUAGES.values():
        graph.add((catalog, DCTERMS.language, language))
        graph.add((language, RDF.type, DCTERMS.LinguisticSystem))

    for dataset in DATASETS:
        subject = URIRef(f"{base}#{dataset.slug}")
        graph.add((catalog, DCAT.dataset, subject))
        graph.add((subject, RDF.type, DCAT.Dataset))
        graph.add((subject, DCTERMS.identifier, Literal(f"{base}#{dataset.slug}")))
        for literal in _in_each_language(dataset.title):
            graph.add((subject, DCTERMS.title, literal))
        for literal in _in_each_language(dataset.description):
            graph.add((subject, DCTERMS.description, literal))
        for keyword in dataset.keywords:
            for literal in _in_each_language(keyword):
                graph.add((subject, DCAT.keyword, literal))
        for theme in dataset.themes:
            graph.add((subject, DCAT.theme, theme))
        graph.add((subject, DCTERMS.publisher, publisher))
        graph.add((subject, DCAT.contactPoint, contact))
        for language in LANGUAGES.values():
            graph.add((subject, DCTERMS.language, language))
        with translation.override(settings.LANGUAGE_CODE):
            landing_page = URIRef(absolute(reverse(dataset.landing_page)))
        graph.add((subject, DCAT.landingPage, landing_page))
        graph.add((landing_page, RDF.type, FOAF.Document))
        dataset_dates = dates[dataset.slug]
        if dataset_dates.issued is not None:
            graph.add((subject, DCTERMS.issued, _datetime(dataset_dates.issued)))
        graph.add((subject, DCTERMS.modified, _datetime(dataset_dates.modified)))

        for distribution in dataset.distributions:
            item = URIRef(f"{base}#{dataset.slug}-{distribution.format.label.lower()}")
            graph.add((subject, DCAT.distribution, item))
            graph.add((item, RDF.type, DCAT.Distribution))
            for literal in _in_each_language_formatted(
                DISTRIBUTION_TITLE,
                dataset=dataset.name,
                format=distribution.format.label,
            ):
                graph.add((item, DCTERMS.title, literal))
            with translation.override(settings.LANGUAGE_CODE):
                url = URIRef(absolute(reverse(distribution.url_name)))
                documentation = URIRef(absolute(reverse(distribution.documentation)))
            graph.add((item, DCAT.downloadURL, url))
            graph.add((item, DCAT.accessURL, url))
            graph.add((item, FOAF.page, documentation))
            media_type = distribution.format.media_type_uri
            graph.add((item, DCAT.mediaType, media_type))
            graph.add((media_type, RDF.type, DCTERMS.MediaType))
            file_type = distribution.format.file_type_uri
            graph.add((item, DCTERMS["format"], file_type))
            graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
            graph.add((item, DCTERMS.license, licence))
            for language in LANGUAGES.values():
                graph.add((item, DCTERMS.language, language))
            if dataset_dates.issued is not None:
                graph.add((item, DCTERMS.issued, _datetime(dataset_dates.issued)))
            graph.add((item, DCTERMS.modified, _datetime(dataset_dates.modified)))
    return graph


def serialised(format: str, absolute: Callable[[str], str]) -> str:
    """The catalogue as Turtle ("turtle") or JSON-LD ("json-ld"), kept under the
    content version and the address it was built for."""

    def serialise() -> str:
        graph = build_graph(absolute)
        if format == "json-ld":
            return graph.serialize(format="json-ld", context=CONTEXT, indent=2)
        return graph.serialize(format="turtle")

    return versioned(f"dcat:{format}:{absolute('/')}", serialise)
