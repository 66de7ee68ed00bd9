"""On SQLite, name search is answered by a trigram full-text index that triggers keep
current whatever writes the people table (prisoners/search_index.py)."""

import pytest
from django.db import connection

from prisoners import search, search_index
from prisoners.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the index is SQLite's; PostgreSQL has trigram indexes"
)


def found(query: str) -> list[str]:
    return list(Person.objects.search(query).values_list("name_en", flat=True))


def test_the_search_reads_the_index_not_every_person(db):
    make_person(name_en="Ales Bialiatski")
    sql, params = Person.objects.search("bialiatski").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan
    assert "prisoners_person_search" in plan


def test_rows_written_in_bulk_are_found_changed_and_forgotten(db):
    people = [Person(name_en=f"Synthetic Person {n}", slug=f"synthetic-{n}") for n in range(3)]
    for person in people:
        person.refresh_search_columns()
    Person.objects.bulk_create(people)
    assert found("synthetic person 1") == ["Synthetic Person 1"]

    person = Person.objects.get(slug="synthetic-1")
    person.other_spellings = "Sintetichesky Chelovek"
    person.refresh_search_columns()
    Person.objects.bulk_update([person], ["other_spellings", "search_text", "search_skeleton"])
    assert found("chelovek") == ["Synthetic Person 1"]

    Person.objects.filter(slug="synthetic-1").delete()
    assert found("chelovek") == []
    assert sorted(found("synthetic")) == ["Synthetic Person 0", "Synthetic Person 2"]


def test_a_lost_trigger_is_made_again_and_the_index_refilled(db):
    make_person(name_en="Maria Kalesnikava")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER prisoners_person_search_ai")
    make_person(name_en="Ihar Losik")  # not indexed: its trigger is gone
    assert found("losik") == []

    assert search_index.ensure() is True

    assert found("losik") == ["Ihar Losik"]
    assert search_index.ensure() is False


def test_it_finds_by_the_skeleton_as_the_plain_search_does(db):
    make_person(name_en="Sergei Tikhanovsky", other_spellings="Siarhei Tsikhanouski")
    for spelling in ("tsikhanouski", "tikhanovskiy", "Ціханоўскі"):
        assert found(search.clean_query(spelling)) == ["Sergei Tikhanovsky"]
