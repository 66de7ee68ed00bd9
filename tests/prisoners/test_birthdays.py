"""Birthdays in the coming weeks: held prisoners, soonest first, across a year's end,
each linked to the letter page where a card's address and advice are."""

import datetime

import pytest
import time_machine

from prisoners.models import Status
from prisoners.views import BIRTHDAYS_PER_PAGE
from tests.factories import make_person
from tests.html import find_all, text_of
from tests.prisoners.pages import listed_slugs

ADDRESS = "Penal colony No. 9\nul. Dzerzhinskogo 1\n213004 Horki\nBelarus"
BIRTHDAYS = "/en/prisoners/birthdays/"


def born(month: int, day: int, year: int = 1980) -> datetime.date:
    return datetime.date(year, month, day)


@time_machine.travel("2026-11-24", tick=False)
def test_it_lists_the_held_prisoners_born_in_the_coming_weeks_soonest_first(client, db):
    later = make_person(slug="later", date_of_birth=born(1, 12), status=Status.SENTENCED)
    soon = make_person(slug="soon", date_of_birth=born(11, 28), status=Status.DETAINED)
    today = make_person(slug="today", date_of_birth=born(11, 24, 1962))
    make_person(slug="yesterday", date_of_birth=born(11, 23))
    make_person(slug="too-far", date_of_birth=born(1, 19))  # the 57th day
    make_person(slug="released", date_of_birth=born(11, 25), status=Status.RELEASED)
    make_person(slug="exiled", date_of_birth=born(11, 26), status=Status.RELEASED_EXILED)
    make_person(slug="deceased", date_of_birth=born(11, 27), status=Status.DECEASED)
    make_person(slug="draft", date_of_birth=born(11, 28), is_published=False)
    make_person(slug="official", date_of_birth=born(11, 29), is_political_prisoner=False)
    make_person(slug="unknown-birthday", date_of_birth=None)
    response = client.get(BIRTHDAYS)
    assert response.status_code == 200
    assert listed_slugs(response.content) == [today.slug, soon.slug, later.slug]
    text = " ".join(text_of(response.content).split())
    assert "Birthday: 24 November (today)" in text
    assert "Birthday: 28 November (in 4 days)" in text
    assert "Birthday: 12 January (in 49 days)" in text
    assert "in the coming 8 weeks, up to 18 January 2027" in text
    (time,) = [t for t in find_all(response.content, "time") if "12 January" in t.text]
    assert time.attrs["datetime"] == "2027-01-12"


@time_machine.travel("2026-12-30", tick=False)
def test_a_birth_year_alone_is_no_birthday(client, db):
    make_person(slug="year-only", date_of_birth=born(1, 1), date_of_birth_precision="year")
    make_person(slug="month-only", date_of_birth=born(1, 1), date_of_birth_precision="month")
    new_year = make_person(slug="new-year", date_of_birth=born(1, 1))
    assert listed_slugs(client.get(BIRTHDAYS).content) == [new_year.slug]


@time_machine.travel("2026-12-30", tick=False)
def test_it_looks_across_the_end_of_the_year(client, db):
    january = make_person(slug="january", date_of_birth=born(1, 2))
    december = make_person(slug="december", date_of_birth=born(12, 31))
    february = make_person(slug="february", date_of_birth=born(2, 20))
    assert listed_slugs(client.get(BIRTHDAYS).content) == [december.slug, january.slug,
                                                           february.slug]  # fmt: skip


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        ("2027-02-27", True),
        ("2027-01-05", True),  # up to 1 March
        ("2027-01-03", False),  # up to 27 February
        ("2027-03-01", False),
        ("2028-01-04", False),  # a leap year: up to 28 February
        ("2028-01-05", True),  # up to 29 February
    ],
)
def test_a_birthday_on_the_29th_of_february_counts_on_the_28th_in_other_years(
    client, db, today, listed
):
    leap = make_person(slug="leap", date_of_birth=datetime.date(1980, 2, 29))
    with time_machine.travel(today, tick=False):
        response = client.get(BIRTHDAYS)
    assert (leap.slug in listed_slugs(response.content)) is listed


@time_machine.travel("2026-11-24", tick=False)
def test_it_links_each_person_to_the_card_and_address(client, db):
    make_person(slug="with-address", date_of_birth=born(11, 30), postal_address=ADDRESS)
    make_person(slug="incommunicado", date_of_birth=born(12, 1), postal_address=ADDRESS,
                is_incommunicado=True)  # fmt: skip
    make_person(slug="without-address", date_of_birth=born(12, 2))
    html = client.get(BIRTHDAYS).content
    assert find_all(html, "a", href="/en/prisoners/with-address/letter/")
    assert find_all(html, "a", href="/en/prisoners/incommunicado/letter/")
    assert not find_all(html, "a", href="/en/prisoners/without-address/letter/")
    text = text_of(html)
    assert "Held incommunicado: letters may not arrive." in text
    assert "We know no address where letters reach this person." in text
    assert find_all(html, "a", href="/en/prisoners/letters/")


@time_machine.travel("2026-11-30 22:30Z", tick=False)
def test_it_turns_the_day_at_midnight_in_minsk(client, db):
    # 22:30 on 30 November in UTC is already 1 December in Minsk.
    december = make_person(slug="december", date_of_birth=born(12, 1))
    make_person(slug="november", date_of_birth=born(11, 30))
    assert listed_slugs(client.get(BIRTHDAYS).content) == [december.slug]


@time_machine.travel("2026-11-24", tick=False)
def test_it_says_when_nobody_has_a_birthday_in_the_coming_weeks(client, db):
    make_person(date_of_birth=born(5, 1))
    response = client.get(BIRTHDAYS)
    assert listed_slugs(response.content) == []
    assert "We know of no birthday in the coming weeks" in text_of(response.content)


@time_machine.travel("2026-11-24", tick=False)
@pytest.mark.parametrize("people", [1, 8])
def test_it_runs_the_same_queries_however_many_birthdays(
    client, db, django_assert_num_queries, people
):
    for day in range(people):
        make_person(date_of_birth=born(12, 1 + day), postal_address=ADDRESS)
    # The days and names of all, the page's people, and their stays with the places.
    with django_assert_num_queries(3):
        response = client.get(BIRTHDAYS)
    assert len(listed_slugs(response.content)) == people


@time_machine.travel("2026-11-24", tick=False)
def test_it_shows_sixty_birthdays_a_page_soonest_first(client, db):
    # Two people born on each day of December: 62, the last two alone on page 2.
    for day in range(1, 32):
        for twin in "ab":
            make_person(
                name_en=f"Born {day:02d} {twin}", slug=f"dec-{day:02d}-{twin}",
                date_of_birth=born(12, day),
            )  # fmt: skip
    assert BIRTHDAYS_PER_PAGE == 60
    first = client.get(BIRTHDAYS)
    slugs = listed_slugs(first.content)
    assert len(slugs) == 60
    assert slugs[:3] == ["dec-01-a", "dec-01-b", "dec-02-a"]
    assert slugs[-1] == "dec-30-b"
    assert [a.attrs["href"] for a in find_all(first.content, "a", rel="next")] == ["?page=2"]
    assert "Page 1 of 2" in text_of(first.content)
    second = client.get(BIRTHDAYS, {"page": 2})
    assert listed_slugs(second.content) == ["dec-31-a", "dec-31-b"]
    assert [a.attrs["href"] for a in find_all(second.content, "a", rel="prev")] == ["?page=1"]


@time_machine.travel("2026-11-24", tick=False)
def test_it_shows_no_pages_for_a_few_birthdays(client, db):
    make_person(date_of_birth=born(12, 1))
    response = client.get(BIRTHDAYS)
    assert not find_all(response.content, "a", rel="next")
    assert "Page 1 of" not in text_of(response.content)
