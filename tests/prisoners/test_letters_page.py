"""The letters page: ask for a suggestion, find someone by any spelling, read how to
write."""

import pytest

from prisoners.models import Status
from tests.factories import make_person
from tests.html import find_all, text_of

ADDRESS = "Penal colony No. 9\nul. Dzerzhinskogo 1\n213004 Horki\nBelarus"
LETTERS = "/en/prisoners/letters/"


def test_it_offers_a_suggestion_a_search_and_the_guidance(client, db):
    response = client.get(LETTERS)
    assert response.status_code == 200
    html = response.content
    assert find_all(html, "a", href="/en/prisoners/letters/suggest/")
    assert find_all(html, "form", action=LETTERS, role="search")
    assert find_all(html, "a", href="/en/prisoners/birthdays/")
    assert find_all(html, "h2", id="how-to-write-heading")
    assert "Write in Russian or Belarusian." in text_of(html)
    assert not response.cookies


def test_the_header_links_to_it(client, db):
    html = client.get("/en/").content
    (link,) = [a for a in find_all(html, "a", href=LETTERS) if a.text == "Write a letter"]
    assert link
    letters_page = client.get(LETTERS).content
    (current,) = find_all(letters_page, "a", **{"aria-current": "page"})
    assert current.text == "Write a letter"


@pytest.mark.parametrize("query", ["Kalesnikava", "Колесникова", "Калеснікава", "kolesnikova"])
def test_it_finds_someone_by_any_spelling_and_links_to_their_letter_page(client, db, query):
    make_person(name_en="Maria Kalesnikava", name_ru="Мария Колесникова",
                name_be="Марыя Калеснікава", slug="maria-kalesnikava",
                postal_address=ADDRESS)  # fmt: skip
    html = client.get(LETTERS, {"q": query}).content
    (link,) = find_all(html, "a", href="/en/prisoners/maria-kalesnikava/letter/")
    assert link.text == "Write to Maria Kalesnikava"


def test_it_says_why_someone_found_cannot_be_written_to(client, db):
    make_person(name_en="Ales Released", slug="released", status=Status.RELEASED,
                postal_address=ADDRESS)  # fmt: skip
    make_person(name_en="Ales Unknown", slug="no-address")
    make_person(name_en="Ales Incommunicado", slug="incommunicado", postal_address=ADDRESS,
                is_incommunicado=True)  # fmt: skip
    html = client.get(LETTERS, {"q": "Ales"}).content
    text = text_of(html)
    assert find_all(html, "a", href="/en/prisoners/released/")
    assert not find_all(html, "a", href="/en/prisoners/released/letter/")
    assert "Released" in text
    assert find_all(html, "a", href="/en/prisoners/no-address/")
    assert "We know no address where letters reach this person." in text
    assert find_all(html, "a", href="/en/prisoners/incommunicado/letter/")
    assert "Held incommunicado: letters may not arrive" in text


def test_it_lists_no_draft(client, db):
    make_person(name_en="Hidden Person", is_published=False, postal_address=ADDRESS)
    text = text_of(client.get(LETTERS, {"q": "Hidden"}).content)
    assert "Hidden Person" not in text
    assert "Nobody matches “Hidden”." in text


def test_it_asks_for_more_of_the_name_when_many_match(client, db):
    for number in range(22):
        make_person(name_en=f"Ivan Common{number}", postal_address=ADDRESS)
    html = client.get(LETTERS, {"q": "Ivan"}).content
    assert len(find_all(html, "li", class_="card")) == 20
    assert "More people match" in text_of(html)


@pytest.mark.parametrize("query", ["\x00", "<script>alert(1)</script>", "a" * 5000, "%", "  "])
def test_it_answers_any_query_without_failing(client, db, query):
    response = client.get(LETTERS, {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize("people", [1, 10])
def test_it_runs_the_same_queries_however_many_people_match(
    client, db, django_assert_num_queries, people
):
    for number in range(people):
        make_person(name_en=f"Ivan Number{number}", postal_address=ADDRESS)
    client.get(LETTERS, {"q": "Ivan"})  # SQLite's trigram index checked once per process
    with django_assert_num_queries(3):  # the people found, the guidance, its phrases
        html = client.get(LETTERS, {"q": "Ivan"}).content
    assert len(find_all(html, "li", class_="card")) == people


@pytest.mark.parametrize("language", ["be", "ru", "en"])
def test_it_reads_in_each_language(client, db, language):
    response = client.get(f"/{language}/prisoners/letters/")
    assert response.status_code == 200
    assert find_all(response.content, "html")[0].attrs["lang"] == language
