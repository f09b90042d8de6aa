"""Property: whatever a visitor puts in the address of a public page, the portal
answers it without a server error (5xx).

The addresses are built here with urllib.parse from text and bytes that hypothesis
draws, so that NUL and control characters, invalid UTF-8 and lone surrogates (as
the bytes "surrogatepass" gives them, so none need leaving out) reach Django raw,
as a real client can send them. Each request runs inside a savepoint that is
rolled back afterwards: a database error in one example (PostgreSQL refuses NUL
characters) then fails that example only, not every example after it.
"""

from dataclasses import dataclass
from operator import mul
from urllib.parse import quote_from_bytes, unquote_to_bytes

import pytest
from django.db import transaction
from django.http import HttpResponseBase
from django.test import Client
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from cities.filters import CityFilter
from cities.models import City, Country, FocusArea
from partners.models import Partner, PartnerKind
from projects.filters import ProjectFilter
from projects.models import Project

pytestmark = pytest.mark.django_db

LANGUAGES = ("th", "en")
FILTER_KEYS = (
    "country",
    "focus_area",
    "joined",
    "q",
    "sort",
    "page",
    "kind",
    "stage",
    "city",
    "partner",
    "bankable",
    "preview",
    # sitemap.xml's page; set-language's language and next.
    "p",
    "language",
    "next",
)
LIST_PAGES = (
    "/{lang}/",
    "/{lang}/cities/",
    "/{lang}/partners/",
    "/{lang}/projects/",
    "/{lang}/focus-areas/",
    "/{lang}/search/",
    "/{lang}/data/",
)
EXPORTS = (
    "/{lang}/cities/export.csv",
    "/{lang}/partners/export.csv",
    "/{lang}/projects/export.csv",
)
DETAIL_PREFIXES = (
    "/{lang}/cities/",
    "/{lang}/partners/",
    "/{lang}/projects/",
    "/{lang}/focus-areas/",
    "/{lang}/countries/",
)
UNPREFIXED = ("/sitemap.xml", "/robots.txt", "/i18n/setlang/")
TEXT_NUMBERS = (
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "-0",
    "0x10",
    "1_000",
    " 1 ",
    "1.5",
    "๒๕๖๑",  # 2561 in Thai digits
    "2561",
    "٣",  # an Arabic-Indic digit
)
RAW_GARBAGE = (
    "%",
    "%%",
    "%2",
    "%G1",
    "%E0%B8",  # a Thai character cut in half
    "%FF%FE%FD",
    "%C0%80",  # an overlong NUL
    "%ED%A0%80",  # an encoded surrogate
    "%00",
    "%0D%0A",
    "&&",
    "==",
    "=&=",
    "+",
    ";",
)
PATH_GARBAGE = ("..", ".", "%2E%2E", "%2F", "[", "]", "evil.example", "@", ":")
MAX_EXAMPLES = 60


@dataclass(frozen=True)
class RealValues:
    """Filter values and addresses taken from the loaded ASCN data."""

    values: dict[str, list[str]]
    detail_urls: list[str]


@pytest.fixture
def real(ascn_data) -> RealValues:
    cities = list(City.objects.published().values_list("slug", flat=True))
    partners = list(Partner.objects.published().values_list("slug", flat=True))
    projects = list(Project.objects.published().values_list("slug", flat=True))
    areas = list(FocusArea.objects.published().values_list("slug", flat=True))
    codes = list(Country.objects.published().values_list("code", flat=True))
    years = sorted(
        {str(y) for y in City.objects.published().values_list("joined_year", flat=True)}
    )
    values = {
        "country": codes + [code.lower() for code in codes],
        "focus_area": areas,
        "joined": years,
        "sort": [
            value for value, _label in CityFilter.base_filters["sort"].extra["choices"]
        ],
        "kind": list(PartnerKind.values),
        "stage": [
            value
            for value, _label in ProjectFilter.base_filters["stage"].extra["choices"]
        ],
        "city": cities,
        "partner": partners,
        "bankable": [
            value
            for value, _label in ProjectFilter.base_filters["bankable"].extra["choices"]
        ],
        "q": ["phuket", "ภูเก็ต", "เก็ต", "smart city"],
        "page": ["1", "2", "0", "-1", "last", "999999"],
        "preview": ["1", "0", "true", ""],
        "p": ["1", "2", "0"],
        "language": ["th", "en", "fr", "th-TH", "zh-hans"],
        "next": ["/en/cities/", "/th/cities/phuket/", "https://evil.example/", "//x"],
    }
    details = [f"/{{lang}}/cities/{slug}/" for slug in cities]
    details += [f"/{{lang}}/partners/{slug}/" for slug in partners]
    details += [f"/{{lang}}/projects/{slug}/" for slug in projects]
    details += [f"/{{lang}}/focus-areas/{slug}/" for slug in areas]
    details += [f"/{{lang}}/countries/{code}/" for code in codes]
    return RealValues(values=values, detail_urls=details)


# Text as a visitor may type or forge it: any code point (NUL, controls and lone
# surrogates included), Thai, very long, and numbers of every shape.
any_text = st.text(alphabet=st.characters(), max_size=40)
thai_text = st.text(
    alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
    min_size=1,
    max_size=30,
)
control_text = st.text(
    alphabet=st.characters(max_codepoint=0x1F)
    | st.sampled_from("\x7f\x85\xa0\u200b\u2028\u202e\ufeff\ufffe"),
    min_size=1,
    max_size=10,
)
long_text = st.builds(mul, st.text(min_size=1, max_size=3), st.integers(200, 3000))
number_text = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.floats().map(str),
    st.sampled_from(TEXT_NUMBERS),
    st.integers(4000, 6000).map(lambda digits: "9" * digits),
)


def encoded(text: str) -> str:
    # surrogatepass: a lone surrogate becomes the (invalid) UTF-8 bytes a forged
    # request would carry, rather than being left out.
    return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")


def url_text(real: RealValues | None, key: str | None = None) -> st.SearchStrategy:
    """A key or value as it appears in a URL: percent-encoded text, percent-encoded
    arbitrary bytes (invalid UTF-8), or raw percent-encoding garbage."""
    texts = [any_text, thai_text, control_text, long_text, number_text]
    if real is not None and key in real.values:
        texts.insert(0, st.sampled_from(real.values[key]))
    return st.one_of(
        st.one_of(texts).map(encoded),
        st.binary(max_size=20).map(lambda raw: quote_from_bytes(raw, safe="")),
        st.sampled_from(RAW_GARBAGE),
        st.lists(st.sampled_from(RAW_GARBAGE), min_size=2, max_size=5).map("".join),
    )


@st.composite
def query_strings(draw, real: RealValues) -> str:
    """Up to eight `key=value` pairs, keys often repeated, from the page's real
    filters or arbitrary; sometimes a key with no `=` at all."""
    pairs = []
    for _ in range(draw(st.integers(0, 8))):
        key = draw(st.one_of(st.sampled_from(FILTER_KEYS), url_text(None)))
        value = draw(url_text(real, key))
        pairs.append(draw(st.sampled_from([f"{key}={value}", key, f"{key}="])))
    return "&".join(pairs)


path_segments = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(), min_size=1, max_size=40).map(encoded),
        thai_text.map(encoded),
        st.binary(min_size=1, max_size=20).map(lambda raw: quote_from_bytes(raw)),
        st.sampled_from(RAW_GARBAGE + PATH_GARBAGE),
        long_text.map(encoded),
    ),
    min_size=1,
    max_size=3,
).map("/".join)
# How the path goes on below a page: two slashes at the start of the whole path
# read as a host to urlsplit().
path_joints = st.sampled_from(
    ["/", "//", "//[", "//evil.example/", "///", "/%2F", "/./", "/../"]
)


def fetch(
    client: Client, url: str, method: str = "get", **kwargs
) -> tuple[HttpResponseBase, bytes]:
    """The answer to `url`, streamed content read to its end; fails on a 5xx."""
    note(f"{method.upper()} {url}")
    # The path and query string go to Django as a WSGI server passes them: the
    # test client would parse `url` itself and read a path that starts with //
    # as a host (and fail on //[ before Django sees it).
    path, _mark, query = url.partition("?")
    environ = {
        "PATH_INFO": unquote_to_bytes(path).decode("iso-8859-1"),
        "QUERY_STRING": query,
    }
    savepoint = transaction.savepoint()
    try:
        response = getattr(client, method)("/", **environ, **kwargs)
        if response.streaming:
            # A failure can happen mid-stream, after the status line went out.
            body = b"".join(response.streaming_content)
        else:
            body = response.content
    finally:
        transaction.savepoint_rollback(savepoint)
    error = getattr(response, "exc_info", None)
    assert response.status_code < 500, (
        f"{method.upper()} {url} answered {response.status_code}: {error[1]!r}"
        if error
        else f"{method.upper()} {url} answered {response.status_code}"
    )
    return response, body


def visitor() -> Client:
    # raise_request_exception=False: a view's exception becomes the 500 a visitor
    # sees, which the assertion reports with its address, instead of escaping.
    return Client(raise_request_exception=False)


HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@HYPOTHESIS
@given(data=st.data())
def test_list_pages_never_fail_on_any_query_string(real, data):
    page = data.draw(st.sampled_from(LIST_PAGES)).format(
        lang=data.draw(st.sampled_from(LANGUAGES))
    )
    query = data.draw(query_strings(real))
    response, _body = fetch(visitor(), f"{page}?{query}")
    assert response.status_code == 200, response.status_code


@HYPOTHESIS
@given(data=st.data())
def test_csv_exports_never_fail_on_any_query_string(real, data):
    export = data.draw(st.sampled_from(EXPORTS)).format(
        lang=data.draw(st.sampled_from(LANGUAGES))
    )
    query = data.draw(query_strings(real))
    response, body = fetch(visitor(), f"{export}?{query}")
    # 400 with the form's messages when a filter value is not valid.
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 200:
        assert body.startswith("\ufeffslug,".encode())


@HYPOTHESIS
@given(data=st.data())
def test_detail_pages_never_fail_on_any_slug_or_code(real, data):
    prefix = data.draw(st.sampled_from(DETAIL_PREFIXES)).format(
        lang=data.draw(st.sampled_from(LANGUAGES))
    )
    joint = data.draw(path_joints)
    segments = data.draw(path_segments)
    slash = data.draw(st.sampled_from(["/", ""]))
    fetch(visitor(), f"{prefix.rstrip('/')}{joint}{segments}{slash}")


@HYPOTHESIS
@given(data=st.data())
def test_detail_pages_never_fail_on_any_query_string(real, data, django_user_model):
    page = data.draw(st.sampled_from(real.detail_urls)).format(
        lang=data.draw(st.sampled_from(LANGUAGES))
    )
    query = data.draw(query_strings(real))
    client = visitor()
    if data.draw(st.booleans()):
        # Staff may ask for ?preview=1: the other branch of every detail view.
        staff, _created = django_user_model.objects.get_or_create(
            username="staff", defaults={"is_staff": True, "is_superuser": True}
        )
        client.force_login(staff)
    response, _body = fetch(client, f"{page}?{query}")
    assert response.status_code == 200, response.status_code


@HYPOTHESIS
@given(data=st.data())
def test_any_address_below_a_public_page_never_fails(real, data):
    # Half of the addresses start at the root, the others below a public page.
    base = data.draw(
        st.one_of(
            st.just(""),
            st.sampled_from(LIST_PAGES + EXPORTS + UNPREFIXED + ("/{lang}",)),
        )
    ).format(lang=data.draw(st.sampled_from(LANGUAGES + ("xx", "TH", "en-us"))))
    joint = data.draw(path_joints)
    segments = data.draw(path_segments)
    query = data.draw(st.one_of(st.just(""), query_strings(real)))
    fetch(visitor(), f"{base.rstrip('/')}{joint}{segments}?{query}")


@HYPOTHESIS
@given(data=st.data())
def test_sitemap_and_robots_never_fail_on_any_query_string(real, data):
    page = data.draw(st.sampled_from(["/sitemap.xml", "/robots.txt"]))
    query = data.draw(query_strings(real))
    response, _body = fetch(visitor(), f"{page}?{query}")
    assert response.status_code in (200, 404), response.status_code


latin1_header = st.one_of(
    st.binary(max_size=60).map(lambda raw: raw.decode("latin-1")),
    any_text.map(encoded),
    st.sampled_from(["", "th", "en", "*", "th;q=x", "en-US,en;q=0.9,th;q=0.8"]),
)


@HYPOTHESIS
@given(data=st.data())
def test_set_language_never_fails_on_any_input(real, data):
    query = data.draw(query_strings(real))
    headers = {
        "HTTP_REFERER": data.draw(latin1_header),
        "HTTP_ACCEPT_LANGUAGE": data.draw(latin1_header),
    }
    if data.draw(st.booleans()):
        fetch(visitor(), f"/i18n/setlang/?{query}", **headers)
    else:
        # The form body as raw bytes, built here like the query string.
        fetch(
            visitor(),
            f"/i18n/setlang/?{data.draw(query_strings(real))}",
            method="post",
            data=query.encode("ascii"),
            content_type="application/x-www-form-urlencoded",
            **headers,
        )


@HYPOTHESIS
@given(
    accept_language=latin1_header,
    query=st.one_of(st.just(""), any_text.map(encoded)),
)
def test_the_bare_address_never_fails_on_any_accept_language(
    db, accept_language, query
):
    response, _body = fetch(
        visitor(), f"/?{query}", HTTP_ACCEPT_LANGUAGE=accept_language
    )
    assert response.status_code == 302, response.status_code
