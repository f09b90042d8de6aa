"""Whatever a visitor puts in the address, the portal answers without a 5xx."""

import pytest

pytestmark = pytest.mark.django_db

LISTS = {
    "/en/cities/": ["q", "country", "focus_area", "joined", "sort", "page"],
    "/th/partners/": ["q", "kind", "country", "page"],
    "/en/projects/": [
        "q",
        "stage",
        "city",
        "partner",
        "focus_area",
        "bankable",
        "page",
    ],
    "/th/search/": ["q"],
}
NASTY = [
    "",
    " ",
    "%00",
    "%FF%FE%FD",
    "%E0%B8",  # a Thai character cut in half
    "x" * 5000,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%25%27%22",
    "-1",
    "1e309",
    "NaN",
    "๒๕๖๑",  # 2561 in Thai digits
    "%F0%9F%8F%99",  # an emoji
    "a%0Ab",
]


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize(("path", "params"), list(LISTS.items()))
def test_lists_never_fail_on_odd_values(client, ascn_data, path, params, value):
    for param in params:
        response = client.get(f"{path}?{param}={value}")
        assert response.status_code == 200, (param, value)
        assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/en/cities/%FF/",
        "/th/cities/ภูเก็ต/",
        "/en/partners/..%2F..%2Fetc%2Fpasswd/",
        "/en/countries/%00/",
        "/en/countries/TOOLONG/",
        "/en/countries/T1/",
        "/th/projects/" + "a" * 3000 + "/",
        "/xx/cities/",
    ],
)
def test_odd_addresses_answer_404(client, ascn_data, path):
    assert client.get(path).status_code == 404


def test_a_repeated_parameter_uses_its_last_value(client, ascn_data):
    response = client.get("/en/cities/?country=XX&country=TH")
    assert response.status_code == 200
    assert "6 results" in response.content.decode()


@pytest.mark.parametrize("path", ["//[", "//[x/", "//evil.example/x"])
def test_an_address_that_starts_with_two_slashes_answers_404(client, path):
    # The path as a server passes it: client.get() would read "//[" as a host.
    assert client.get("/", PATH_INFO=path).status_code == 404


def test_a_missing_page_never_links_to_another_host(client):
    response = client.get("/", PATH_INFO="//evil.example/x")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/%2Fevil.example/x">' in html
    assert 'href="/%2Fevil.example/x"' in html  # the language switcher
    assert "http://evil.example" not in html
    assert '"//evil.example' not in html


def test_the_canonical_link_of_a_missing_page_is_escaped(client):
    html = client.get("/th/cities/%25/").content.decode()
    assert '<link rel="canonical" href="http://testserver/th/cities/%25/">' in html
