"""Writing to a prisoner: the letter section, the printable page, and this month's birthdays."""

import datetime

import pytest
import time_machine

from prisoners.models import Status
from tests.factories import make_person
from tests.html import find_all, text_of
from tests.prisoners.pages import listed_slugs

ADDRESS = "Penal colony No. 9\nul. Dzerzhinskogo 1\n213004 Horki\nBelarus"
BIRTHDAYS = "/en/prisoners/birthdays/"


@pytest.fixture
def ales(db):
    return make_person(
        name_en="Ales Bialiatski",
        slug="ales-bialiatski",
        postal_address=ADDRESS,
        letter_language_en="Russian",
    )


def test_it_invites_letters_on_a_profile_with_an_address(client, ales):
    html = client.get("/en/prisoners/ales-bialiatski/").content
    assert find_all(html, "h2", id="letters-heading")[0].text == "Write a letter"
    assert "Write in Russian: letters in other languages are often not delivered." in text_of(html)
    assert find_all(html, "a", href="/en/prisoners/ales-bialiatski/letter/")


def test_it_prints_the_address_and_the_advice(client, ales):
    response = client.get("/en/prisoners/ales-bialiatski/letter/")
    assert response.status_code == 200
    # One line of the address per printed line.
    assert "<br>".join(ADDRESS.splitlines()) in response.content.decode()
    assert find_all(response.content, "address")[0].text == ADDRESS.replace("\n", "")
    assert "Write to Ales Bialiatski" in text_of(response.content)
    assert "letters in other languages are often not delivered" in text_of(response.content)
    assert find_all(response.content, "a", href="/en/prisoners/ales-bialiatski/")


def test_it_escapes_a_hostile_address(client, db):
    person = make_person(postal_address="<script>alert(1)</script>\n<img src=x onerror=alert(1)>")
    html = client.get(f"/en/prisoners/{person.slug}/letter/").content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_it_offers_no_letter_without_an_address(client, db):
    person = make_person(postal_address="")
    html = client.get(f"/en/prisoners/{person.slug}/").content
    assert "Write a letter" not in text_of(html)
    assert not find_all(html, "a", href=f"/en/prisoners/{person.slug}/letter/")
    response = client.get(f"/en/prisoners/{person.slug}/letter/")
    assert response.status_code == 404
    assert find_all(response.content, "header", class_="site-header")


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"is_political_prisoner": False}],
    ids=["draft", "not-a-prisoner"],
)
def test_it_gives_no_address_of_a_draft_or_of_someone_who_is_not_a_prisoner(client, db, fields):
    person = make_person(postal_address=ADDRESS, **fields)
    assert client.get(f"/en/prisoners/{person.slug}/letter/").status_code == 404


@time_machine.travel("2026-11-24", tick=False)
def test_it_lists_the_held_prisoners_born_this_month_by_day(client, db):
    late = make_person(
        slug="late", date_of_birth=datetime.date(1980, 11, 28), status=Status.SENTENCED
    )
    early = make_person(
        slug="early", date_of_birth=datetime.date(1962, 11, 2), status=Status.DETAINED
    )
    make_person(slug="released", date_of_birth=datetime.date(1970, 11, 5), status=Status.RELEASED)
    make_person(
        slug="exiled", date_of_birth=datetime.date(1970, 11, 6), status=Status.RELEASED_EXILED
    )
    make_person(slug="deceased", date_of_birth=datetime.date(1970, 11, 7), status=Status.DECEASED)
    make_person(slug="draft", date_of_birth=datetime.date(1970, 11, 8), is_published=False)
    make_person(
        slug="official", date_of_birth=datetime.date(1970, 11, 9), is_political_prisoner=False
    )
    make_person(slug="december", date_of_birth=datetime.date(1970, 12, 1))
    make_person(slug="unknown-birthday", date_of_birth=None)
    response = client.get(BIRTHDAYS)
    assert response.status_code == 200
    assert listed_slugs(response.content) == [early.slug, late.slug]
    assert "Birthday: 2 November" in text_of(response.content)


@time_machine.travel("2026-11-24", tick=False)
def test_it_links_to_the_address_of_those_who_can_receive_letters(client, db):
    make_person(
        slug="with-address", date_of_birth=datetime.date(1980, 11, 1), postal_address=ADDRESS
    )
    make_person(slug="without-address", date_of_birth=datetime.date(1980, 11, 2))
    html = client.get(BIRTHDAYS).content
    assert find_all(html, "a", href="/en/prisoners/with-address/letter/")
    assert not find_all(html, "a", href="/en/prisoners/without-address/letter/")


@time_machine.travel("2026-11-30 22:30Z", tick=False)
def test_it_turns_the_month_at_midnight_in_minsk(client, db):
    # 22:30 on 30 November in UTC is already 1 December in Minsk.
    december = make_person(slug="december", date_of_birth=datetime.date(1980, 12, 1))
    make_person(slug="november", date_of_birth=datetime.date(1980, 11, 30))
    assert listed_slugs(client.get(BIRTHDAYS).content) == [december.slug]


@time_machine.travel("2026-11-24", tick=False)
def test_it_says_when_nobody_has_a_birthday_this_month(client, db):
    make_person(date_of_birth=datetime.date(1980, 5, 1))
    response = client.get(BIRTHDAYS)
    assert listed_slugs(response.content) == []
    assert "We know of no birthday this month" in text_of(response.content)
