"""The DCAT catalogue at /catalog.ttl and /catalog.jsonld, as a harvester such as
CKAN's (ckanext-dcat) reads it: parsed with rdflib."""

from urllib.parse import urlsplit

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from opendata.dcat import DATASETS, LANGUAGES
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

IANA = "https://www.iana.org/assignments/media-types/"
# Open namespaces: rdflib's closed ones warn when pytest looks into the module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def catalogue(client, path="/catalog.ttl", format="turtle") -> Graph:
    response = client.get(path)
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=format)


def test_both_serialisations_hold_the_same_graph(client, ascn_data):
    turtle = client.get("/catalog.ttl")
    jsonld = client.get("/catalog.jsonld")

    assert turtle["Content-Type"] == "text/turtle; charset=utf-8"
    assert jsonld["Content-Type"] == "application/ld+json"
    assert b'"@context"' in jsonld.content
    as_turtle = Graph().parse(data=turtle.content, format="turtle")
    as_jsonld = Graph().parse(data=jsonld.content, format="json-ld")
    assert len(as_turtle) > 100
    assert isomorphic(as_turtle, as_jsonld)


def test_one_catalogue_of_six_datasets(client, ascn_data):
    graph = catalogue(client)

    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = set(graph.objects(catalogs[0], DCAT.dataset))
    assert datasets == set(graph.subjects(RDF.type, DCAT.Dataset))
    assert sorted(str(d).rsplit("#", 1)[1] for d in datasets) == [
        "cities",
        "countries",
        "focus-areas",
        "partners",
        "partnerships",
        "projects",
    ]


def formats_of(graph: Graph, dataset: URIRef) -> set[str]:
    return {
        str(graph.value(distribution, DCAT.mediaType)).removeprefix(IANA)
        for distribution in graph.objects(dataset, DCAT.distribution)
    }


def test_each_dataset_offers_the_formats_that_exist_for_it(client, ascn_data):
    graph = catalogue(client)
    base = "http://testserver/catalog#"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    assert formats_of(graph, URIRef(base + "cities")) == {
        "text/csv",
        xlsx,
        "application/json",
        "application/geo+json",
    }
    for slug in ("partners", "partnerships", "projects"):
        assert formats_of(graph, URIRef(base + slug)) == {
            "text/csv",
            xlsx,
            "application/json",
        }
    for slug in ("countries", "focus-areas"):
        assert formats_of(graph, URIRef(base + slug)) == {"application/json"}


def test_every_distribution_says_where_what_under_which_licence_and_when(
    client, ascn_data, settings
):
    settings.DATA_LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
    graph = catalogue(client)

    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == sum(len(d.distributions) for d in DATASETS) == 15
    for distribution in distributions:
        download = graph.value(distribution, DCAT.downloadURL)
        assert str(download).startswith("http://testserver/")
        assert graph.value(distribution, DCAT.accessURL) == download
        assert str(graph.value(distribution, DCAT.mediaType)).startswith(IANA)
        file_type = str(graph.value(distribution, DCTERMS["format"]))
        assert file_type.startswith(
            "http://publications.europa.eu/resource/authority/file-type/"
        )
        assert graph.value(distribution, DCTERMS.license) == URIRef(
            settings.DATA_LICENCE_URL
        )
        assert graph.value(distribution, DCTERMS.modified).datatype is not None
        assert set(graph.objects(distribution, DCTERMS.language)) == set(
            LANGUAGES.values()
        )


def titles(graph: Graph, subject, predicate=DCTERMS.title) -> dict[str, str]:
    return {
        literal.language: str(literal)
        for literal in graph.objects(subject, predicate)
        if isinstance(literal, Literal)
    }


def test_titles_and_descriptions_in_thai_and_english(client, ascn_data):
    graph = catalogue(client)

    for subject in (
        *graph.subjects(RDF.type, DCAT.Catalog),
        *graph.subjects(RDF.type, DCAT.Dataset),
        *graph.subjects(RDF.type, DCAT.Distribution),
    ):
        found = titles(graph, subject)
        assert set(found) == {"th", "en"}, subject
        assert found["th"] != found["en"], subject
    cities = URIRef("http://testserver/catalog#cities")
    assert titles(graph, cities) == {
        "en": "Pilot cities of the ASEAN Smart Cities Network",
        "th": "เมืองนำร่องของเครือข่ายเมืองอัจฉริยะอาเซียน",
    }
    described = titles(graph, cities, DCTERMS.description)
    assert set(described) == {"th", "en"}
    assert described["th"] != described["en"]


def test_publisher_contact_point_and_landing_pages(client, ascn_data):
    graph = catalogue(client)

    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert (publisher, RDF.type, FOAF.Agent) in graph
        assert titles(graph, publisher, FOAF.name)["en"] == "ASCN Portal"
        contact = graph.value(dataset, DCAT.contactPoint)
        assert str(
            graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasURL"))
        ) == ("http://testserver/th/pages/contact/")
        landing = graph.value(dataset, DCAT.landingPage)
        assert client.get(urlsplit(str(landing)).path).status_code == 200
        assert set(graph.objects(dataset, DCTERMS.language)) == set(LANGUAGES.values())
        assert graph.value(dataset, DCAT.theme) is not None
        assert {k.language for k in graph.objects(dataset, DCAT.keyword)} == {
            "th",
            "en",
        }
        assert graph.value(dataset, DCTERMS.issued) is not None


def test_every_distribution_answers(client, ascn_data):
    """Each download address in the catalogue serves its file."""
    graph = catalogue(client)

    for download in graph.objects(None, DCAT.downloadURL):
        address = urlsplit(str(download))
        response = client.get(address.path)
        assert response.status_code == 200, str(download)
        # A streamed export reads its rows through a cursor: read them all, and
        # the test client closes the response.
        assert b"".join(response) if response.streaming else response.content


def test_a_change_to_a_record_shows_in_the_catalogue(client, ascn_data):
    cities = URIRef("http://testserver/catalog#cities")
    before = catalogue(client).value(cities, DCTERMS.modified).toPython()

    city = CityFactory()
    after = catalogue(client).value(cities, DCTERMS.modified).toPython()

    assert after > before
    assert after.replace(microsecond=0) == city.updated_at.replace(microsecond=0)


def test_an_empty_portal_still_gives_a_valid_catalogue(client):
    graph = catalogue(client, "/catalog.jsonld", "json-ld")

    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 6
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        assert graph.value(dataset, DCTERMS.modified) is not None


def test_head_and_not_modified(client, ascn_data):
    first = client.get("/catalog.ttl")
    etag = first["ETag"]

    head = client.head("/catalog.ttl")
    again = client.get("/catalog.ttl", HTTP_IF_NONE_MATCH=etag)

    assert head.status_code == 200
    assert head.content == b""
    assert again.status_code == 304
    assert first["Access-Control-Allow-Origin"] == "*"


def test_other_methods_are_refused(client):
    assert client.post("/catalog.ttl").status_code == 405


def test_queries_do_not_grow_with_the_records(
    client, ascn_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        client.get("/catalog.jsonld")
    CityFactory.create_batch(5)
    with django_assert_max_num_queries(10):
        client.get("/catalog.ttl")


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_open_data_page_and_the_home_page_name_the_catalogue(client, language):
    data_page = " ".join(client.get(f"/{language}/data/").content.decode().split())
    home = " ".join(client.get(f"/{language}/").content.decode().split())

    assert 'href="/catalog.ttl"' in data_page
    assert 'href="/catalog.jsonld"' in data_page
    assert f'href="/{language}/feed.atom"' in data_page
    assert '<link rel="alternate" type="text/turtle" href="/catalog.ttl"' in home
    assert (
        '<link rel="alternate" type="application/ld+json" href="/catalog.jsonld"'
        in home
    )
