"""The migration that gives a date of birth its precision: a 1 January stored before it
(which the case import wrote for a birth year alone) becomes a year, true either way;
every other date stays a full date."""

import datetime

import pytest

from tests.migrations import migrate, migrate_to_the_latest

BEFORE = [("prisoners", "0014_letter_phrase_texts")]
AFTER = [("prisoners", "0015_date_of_birth_precision")]


@pytest.fixture
def latest_afterwards():
    yield
    migrate_to_the_latest()


@pytest.mark.django_db(transaction=True)
def test_a_stored_1_january_becomes_a_year_and_other_dates_stay_days(latest_afterwards):
    old = migrate(BEFORE)
    Person = old.get_model("prisoners", "Person")
    for slug, born in (("year", datetime.date(1978, 1, 1)),
                       ("day", datetime.date(1978, 5, 2)), ("none", None)):  # fmt: skip
        Person.objects.create(name_en=slug, slug=slug, date_of_birth=born)

    new = migrate(AFTER)

    people = new.get_model("prisoners", "Person").objects.all()
    assert {person.slug: person.date_of_birth_precision for person in people} == {
        "year": "year", "day": "day", "none": "day",
    }  # fmt: skip
