"""The methodology page: how we decide who is listed."""

import pytest

from prisoners.models import Methodology
from tests.html import text_of

URL = "/en/prisoners/methodology/"


@pytest.fixture
def methodology(db):
    page = Methodology(
        title_en="How we decide who is listed",
        body_en="We list a person when **two** organisations recognise them.",
        title_be="Як мы вырашаем, каго ўносіць у спіс",
    )
    page.save()
    return page


def test_it_is_a_404_until_staff_write_it(client, db):
    assert client.get(URL).status_code == 404


def test_it_shows_the_title_body_and_date(client, methodology):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>two</strong>" in html
    text = text_of(response.content)
    assert "How we decide who is listed" in text
    assert f"Updated {methodology.updated_at.day}" in text


def test_it_shows_the_visitors_language_and_falls_back_to_english(client, methodology):
    text = text_of(client.get("/be/prisoners/methodology/").content)
    assert "Як мы вырашаем, каго ўносіць у спіс" in text
    assert "two" in text  # no Belarusian body: the English one


def test_the_list_links_to_it(client, db):
    assert URL.encode() in client.get("/en/prisoners/").content


def test_the_sitemap_lists_it_once_written(client, db):
    assert b"/prisoners/methodology/" not in client.get("/sitemap.xml").content
    Methodology(title_en="Methodology", body_en="Text.").save()
    assert b"/en/prisoners/methodology/" in client.get("/sitemap.xml").content
