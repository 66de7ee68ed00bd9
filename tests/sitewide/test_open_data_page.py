"""The open-data page: every dataset with its licence, its columns explained and its
files, in each language, found from the home page and the footer."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from core import datasets
from tests.factories import make_campaign, make_confirmed, make_person
from tests.html import find_all

LANGUAGES = ["en", "be", "ru"]
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def page(client, language: str = "en"):
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_lists_every_dataset_with_its_columns_and_licence(client, seeded, language):
    html = page(client, language).content.decode()

    assert find_all(html, "html")[0].attrs["lang"] == language
    headings = {heading.attrs.get("id") for heading in find_all(html, "h2")}
    cells = {cell.text for cell in find_all(html, "code")}
    for dataset in datasets.datasets():
        assert dataset.name in headings, dataset.name
        assert {column.name for column in dataset.columns} <= cells, dataset.name
    assert {"people", "records", "campaigns", "statistics", "letters", "mirrors"} <= headings
    assert [link.attrs["href"] for link in find_all(html, "a", rel="license")] == [LICENCE_URL]
    assert "CC-BY-4.0" in html
    tables = find_all(html, "table")
    assert len(tables) == len(datasets.datasets())
    assert len(find_all(html, "caption")) == len(tables)


@pytest.mark.parametrize("language", ["be", "ru"])
def test_it_is_written_in_the_visitors_language(client, seeded, language):
    html = page(client, language).content.decode()
    english = page(client, "en").content.decode()
    # Headings, types and meanings are translated; only codes and names stay as they are.
    assert find_all(html, "h1")[0].text != find_all(english, "h1")[0].text
    english_meaning = escape(str(datasets.datasets()[0].columns[0].description))
    assert english_meaning in english and english_meaning not in html


def test_every_link_works_and_none_has_a_query_string(client, seeded):
    html = page(client).content
    links = [link.attrs["href"] for link in find_all(html, "a")]
    links += [link.attrs["href"] for link in find_all(html, "link")]
    on_site = [link for link in links if not urlsplit(link).scheme and link.startswith("/")]

    for dataset in datasets.datasets():
        for file in dataset.files():
            for path in (file.csv, file.json):
                if path:
                    assert path in on_site, (dataset.name, path)
    assert reverse("api:datapackage") in on_site
    for link in on_site:
        assert "?" not in link, link
        path = link.split("#")[0]
        if path:
            assert client.get(path).status_code == 200, link
    assert all(f'id="{link[1:]}"' in html.decode() for link in on_site if link.startswith("#"))


def test_it_links_the_openapi_description_once_the_site_serves_one(client, seeded):
    links = [link.attrs["href"] for link in find_all(page(client).content, "a")]
    try:
        openapi = reverse("api:openapi")
    except NoReverseMatch:
        assert not [link for link in links if "openapi" in link]
    else:
        assert openapi in links
        assert client.get(openapi).status_code == 200


def test_the_home_page_and_the_footer_lead_to_it(client, seeded):
    home = [link.attrs["href"] for link in find_all(client.get("/en/").content, "a")]
    footer_links = [
        link.attrs["href"]
        for link in find_all(client.get("/be/privacy/").content, "a")
        if link.parent is not None and link.parent.parent is not None
        and link.parent.parent.parent is not None
        and link.parent.parent.parent.tag == "footer"
    ]  # fmt: skip

    assert "/en/open-data/" in home
    assert "/be/open-data/" in footer_links
    assert "/be/prisoners/statistics/" in footer_links


def test_the_licence_follows_the_setting(client, db, settings):
    settings.OPEN_DATA_LICENSE = "ODbL-1.0"
    html = page(client).content.decode()

    assert "Open Data Commons Open Database License v1.0" in html
    assert "https://opendatacommons.org/licenses/odbl/1-0/" in html


def test_it_takes_the_same_queries_whatever_the_data(client, db):
    """A constant number: none for the declarations, and a few for the lists of the
    datasets published as a file per something (the campaigns, the months of the
    reports), whatever the number of campaigns, people and facts."""

    def queries() -> int:
        cache.clear()  # the months of the reports are counted once and kept: count them
        with CaptureQueriesContext(connection) as captured:
            page(client)
        return len(captured)

    make_confirmed(make_campaign(prisoners=[make_person()]))
    few = queries()
    for _ in range(5):
        make_confirmed(make_campaign(prisoners=[make_person()]))
    assert queries() == few


def test_no_signer_data_is_on_it(client, db):
    make_confirmed(make_campaign(), name="Secret Signer", email="signer-secret@example.org")
    html = page(client).content.decode()

    assert "Secret Signer" not in html and "signer-secret" not in html
