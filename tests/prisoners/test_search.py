"""Name search: folding, skeletons, cleaning what visitors type, and the queryset method."""

import pytest

from prisoners.models import Person
from prisoners.search import (
    MAX_QUERY_LENGTH,
    clean_query,
    fold,
    query_terms,
    search_columns,
    skeleton,
)
from tests.factories import make_person


@pytest.mark.parametrize(
    ("spelling", "folded"),
    [
        ("Ціханоўскі", "tsikhanouski"),
        ("Тихановский", "tikhanovskii"),
        ("TSIKHANOUSKI", "tsikhanouski"),
        ("Cichanoŭski", "cichanouski"),
        ("Сяргей", "siargei"),
        ("Łukaszenka", "lukaszenka"),
        ("Алёна", "alena"),
        ("  Sergei--Tikhanovsky,\tjr. ", "sergei tikhanovsky jr"),
    ],
)
def test_it_folds_any_script_and_accent_to_lower_case_latin(spelling, folded):
    assert fold(spelling) == folded


@pytest.mark.parametrize(
    "word", ["tikhanovsky", "tsikhanouski", "tikhanovskiy", "tikhanovskii", "tsikhanovskij"]
)
def test_it_gives_the_romanisations_of_one_name_one_skeleton(word):
    assert skeleton(word) == "thnsk"


def test_it_gives_different_names_different_skeletons():
    assert skeleton(fold("Lukashenko")) != skeleton(fold("Tikhanovsky"))
    assert skeleton(fold("Siarhei")) == skeleton(fold("Сергей"))


def test_it_stores_each_spelling_and_skeleton_once():
    text, skeletons = search_columns(
        ["Sergei Tikhanovsky", "SERGEI TIKHANOVSKY", "Тихановский", ""]
    )
    assert text == "sergei tikhanovsky tikhanovskii"
    assert skeletons == "srh thnsk"


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        pytest.param("Tikh\x00anov\x1b[31msky\u200b", "Tikhanov[31msky", id="nul-and-control"),
        pytest.param("\x00\x01\x7f", "", id="only-control-characters"),
        pytest.param("  Siarhei \n\t Tsikhanouski  ", "Siarhei Tsikhanouski", id="whitespace"),
        pytest.param("Ціханоўскі Cichanoŭski", "Ціханоўскі Cichanoŭski", id="cyrillic-and-accents"),
    ],
)
def test_it_cleans_control_characters_and_extra_whitespace_out_of_a_query(typed, cleaned):
    """NUL bytes and control characters go, whitespace is collapsed, every script's
    letters stay."""
    assert clean_query(typed) == cleaned


def test_it_bounds_the_length_of_a_query():
    assert len(clean_query("a" * 5_000)) == MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        pytest.param(
            "Сергей Тихановский",
            [("sergei", "srh"), ("tikhanovskii", "thnsk")],
            id="each-word-with-its-skeleton",
        ),
        # "Tsikh" has the skeleton "th", which would match half the names on the site.
        pytest.param("Tsikh", [("tsikh", None)], id="no-skeleton-that-matches-almost-anyone"),
        pytest.param("!!! --- ???", [], id="no-words-in-punctuation"),
    ],
)
def test_it_pairs_each_query_word_with_its_skeleton(query, terms):
    assert query_terms(query) == terms


def test_it_searches_by_at_most_eight_words():
    assert len(query_terms(" ".join(f"word{number}" for number in range(20)))) == 8


def test_it_finds_a_person_by_every_stored_spelling(db):
    person = make_person(
        name_en="Sergei Tikhanovsky",
        name_be="Сяргей Ціханоўскі",
        name_ru="Сергей Тихановский",
        other_spellings="Siarhiej Cichanoŭski",
    )
    make_person(name_en="Maria Kalesnikava")
    for query in ("Sergei", "Ціханоўскі", "тихановский", "CICHANOUSKI", "Cichanoŭski"):
        assert list(Person.objects.search(query)) == [person], query


def test_it_finds_a_spelling_that_was_never_stored_through_the_skeleton(db):
    person = make_person(name_en="Sergei Tikhanovsky")
    assert list(Person.objects.search("Tsikhanovsky")) == [person]
    assert list(Person.objects.search("Tikhanovskij")) == [person]


def test_it_requires_every_word_of_the_query(db):
    make_person(name_en="Sergei Tikhanovsky")
    make_person(name_en="Alexander Lukashenko")
    assert list(Person.objects.search("Sergei Lukashenko")) == []


def test_it_lists_exact_spellings_before_those_found_through_the_skeleton(db):
    loose = make_person(name_en="Alla Tsikhanouski")
    exact = make_person(name_en="Zoya Tikhanovsky")
    assert list(Person.objects.search("Tikhanovsky")) == [exact, loose]


def test_it_finds_everyone_for_an_empty_query(db):
    people = [make_person(name_en="Ales Bialiatski"), make_person(name_en="Maria Kalesnikava")]
    assert list(Person.objects.search("")) == people
    assert list(Person.objects.search(" ?! ")) == people


def test_it_finds_a_person_by_the_new_spelling_after_a_rename(db):
    person = make_person(name_en="Sergei Tikhanovsky")
    person.name_en = "Maxim Znak"
    person.save()
    assert list(Person.objects.search("Znak")) == [person]
    assert list(Person.objects.search("Tikhanovsky")) == []
