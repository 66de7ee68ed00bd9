"""The methodology page: how we decide who is listed."""

import pytest
from django.utils import timezone

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


@pytest.mark.parametrize(
    ("language", "title", "words"),
    [
        ("en", "How we decide who is listed", "Every fact names its source"),
        ("be", "Як мы вырашаем, каго ўносіць у спіс", "У кожнага факта ёсць крыніца"),
        ("ru", "Как мы решаем, кого вносить в список", "У каждого факта есть источник"),
    ],
)
def test_a_fresh_site_has_it_in_each_language_for_staff_to_edit(client, db, language, title, words):
    response = client.get(f"/{language}/prisoners/methodology/")
    assert response.status_code == 200
    text = text_of(response.content)
    assert title in text and words in text


def test_staff_edit_it_but_cannot_delete_it(admin_client, db):
    page = Methodology.objects.get()
    assert admin_client.get(f"/admin/prisoners/methodology/{page.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/prisoners/methodology/{page.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/prisoners/methodology/add/").status_code == 403


def test_it_shows_the_title_body_and_date(client, methodology):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>two</strong>" in html
    text = text_of(response.content)
    assert "How we decide who is listed" in text
    # The day on the site's clock (TIME_ZONE), which is not UTC's for three hours a day.
    assert f"Updated {timezone.localtime(methodology.updated_at).day}" in text


def test_it_shows_the_visitors_language_and_falls_back_to_english(client, methodology):
    text = text_of(client.get("/be/prisoners/methodology/").content)
    assert "Як мы вырашаем, каго ўносіць у спіс" in text
    assert "two" in text  # no Belarusian body: the English one


def test_the_list_links_to_it(client, db):
    assert URL.encode() in client.get("/en/prisoners/").content


def test_the_sitemap_lists_it(client, db):
    assert b"/en/prisoners/methodology/" in client.get("/sitemap.xml").content
