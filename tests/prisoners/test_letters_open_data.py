"""The letters' counts as open data, JSON and CSV: per public profile, aggregates only."""

import csv
import datetime
import io

import pytest
import time_machine

from tests.factories import make_letters, make_person

ADDRESS = "Penal colony No. 9\nul. Dzerzhinskogo 1\n213004 Horki\nBelarus"


@pytest.fixture
def written(db):
    with time_machine.travel("2026-11-24 12:00Z", tick=False):
        maria = make_person(name_en="Maria Kalesnikava", name_be="Марыя Калеснікава",
                            slug="maria-kalesnikava", postal_address=ADDRESS)  # fmt: skip
        make_letters(maria, 3, sent_on=datetime.date(2026, 11, 20))
        make_letters(maria, 2, sent_on=datetime.date(2026, 10, 28))
        make_letters(maria, 1, sent_on=datetime.date(2026, 9, 1))
        make_person(slug="never-written", postal_address=ADDRESS)
        draft = make_person(slug="draft", is_published=False, postal_address=ADDRESS)
        make_letters(draft, 4)
        yield maria


@time_machine.travel("2026-11-24 12:00Z", tick=False)
def test_the_json_counts_letters_per_person_by_month(client, written):
    response = client.get("/api/v1/letters/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    body = response.json()
    assert body["recent_weeks"] == 4
    assert body["results"] == [
        {
            "slug": "maria-kalesnikava",
            "name": {"en": "Maria Kalesnikava", "be": "Марыя Калеснікава"},
            "letters": {
                "this_month": 3,
                "recent_weeks": 5,
                "total": 6,
                "by_month": [
                    {"month": "2026-09", "count": 1},
                    {"month": "2026-10", "count": 2},
                    {"month": "2026-11", "count": 3},
                ],
            },
            "url": "http://testserver/en/prisoners/maria-kalesnikava/",
            "api_url": "http://testserver/api/v1/prisoners/maria-kalesnikava/",
        }
    ]


@time_machine.travel("2026-11-24 12:00Z", tick=False)
def test_the_csv_has_a_row_per_person(client, written):
    response = client.get("/api/v1/letters.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["slug", "name_en", "name_be", "name_ru", "letters_this_month",
         "letters_recent_weeks", "letters_total", "url"],
        ["maria-kalesnikava", "Maria Kalesnikava", "Марыя Калеснікава", "", "3", "5", "6",
         "http://testserver/en/prisoners/maria-kalesnikava/"],
    ]  # fmt: skip


def test_it_is_read_only_and_empty_without_letters(client, db):
    assert client.get("/api/v1/letters/").json()["results"] == []
    assert client.post("/api/v1/letters/").status_code == 405
    assert client.post("/api/v1/letters.csv").status_code == 405


@pytest.mark.parametrize("people", [1, 6])
def test_it_answers_in_two_queries_however_many_people_and_then_from_the_cache(
    client, db, django_assert_num_queries, people
):
    for _n in range(people):
        make_letters(make_person(postal_address=ADDRESS), 2)
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/letters/").json()["results"]) == people
    with django_assert_num_queries(0):
        client.get("/api/v1/letters.csv")
