"""With the whole network loaded (38 cities, 162 projects, 68 partners), every
public page makes no more queries than the same page does with a handful of
records: the limits are those of the tests at two sizes next to each page's
own tests."""

import pytest

from core import wordbreaks

pytestmark = pytest.mark.django_db

# Path: the limit its own query-count test sets with 2-3 and 20-30 records.
LIMITS = {
    "/{lang}/": 10,  # tests/projects/test_project_pages.py
    "/{lang}/projects/": 8,  # with the counts of the filters' options
    "/{lang}/projects/kaen-nakhon-tram/": 7,
    "/{lang}/projects/smart-green-asean-cities-sgac/": 7,
    "/{lang}/cities/": 9,  # tests/cities/test_city_list.py
    "/{lang}/cities/phuket/": 8,
    "/{lang}/cities/makassar/": 8,
    "/{lang}/partners/": 6,  # tests/partners/test_partner_pages.py
    "/{lang}/partners/jica/": 8,
    "/{lang}/countries/TH/": 4,  # tests/cities/test_query_counts.py
    "/{lang}/focus-areas/": 2,
    "/{lang}/focus-areas/civic-social/": 4,
    "/{lang}/search/?q=smart": 5,  # countries, cities, partners, projects
    "/{lang}/about-data/": 4,  # tests/portal/test_about_data.py
}


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("path", list(LIMITS))
def test_full_data_pages_stay_within_the_small_data_limits(
    client, ascn_data, django_assert_max_num_queries, path, language
):
    # The Thai word dictionary is read once per content version, not per page:
    # a running site has it from its first request after a change.
    wordbreaks.current_dictionary()
    with django_assert_max_num_queries(LIMITS[path]):
        response = client.get(path.format(lang=language))
    assert response.status_code == 200
