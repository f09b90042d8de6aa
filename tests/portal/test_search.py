import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("query", ["ภูเก็ต", "Phuket"])
def test_site_search_finds_phuket_from_either_language(client, ascn_data, lang, query):
    html = client.get(f"/{lang}/search/", {"q": query}).content.decode()
    assert f'href="/{lang}/cities/phuket/"' in html
    assert f'href="/{lang}/projects/phuket-smart-city-framework-2019/"' in html


def test_site_search_finds_partners(client, ascn_data):
    html = client.get("/th/search/", {"q": "Huawei"}).content.decode()
    assert 'href="/th/partners/huawei/"' in html
    assert "หัวเว่ย" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 5000, "Ensure this value has at most 200 characters"),
        ("\x00", "Null characters are not allowed"),
    ],
)
def test_site_search_explains_a_query_it_cannot_run(client, ascn_data, query, message):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_empty_search_shows_only_the_form(client, ascn_data):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert "results for" not in response.content.decode()


def test_site_search_counts_the_results_it_lists(client, ascn_data):
    html = client.get("/en/search/", {"q": "Huawei"}).content.decode()
    # The partner, the project it leads and the records that mention it.
    listed = html.count('<li class="record">')
    assert listed == 4
    assert "4 results for “Huawei”" in html


def test_a_name_copied_from_a_thai_page_is_found(client, db):
    from core.wordbreaks import hint
    from tests.factories import CityFactory

    CityFactory(slug="siem-reap", name_th="เสียมราฐ", name_en="Siem Reap")
    copied = hint("เสียมราฐ")  # with the page's invisible word-break hints
    assert copied != "เสียมราฐ"
    page = client.get("/th/search/", {"q": copied}).content.decode()
    assert 'href="/th/cities/siem-reap/"' in page
    listed = client.get("/th/cities/", {"q": copied}).content.decode()
    assert 'href="/th/cities/siem-reap/"' in listed
