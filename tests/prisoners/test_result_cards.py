"""Search results' cards are drawn once per version of the profile (prisoners.cards), and
a visitor never sees an old one: an edit, or a status re-derived after an import, shows
at once."""

import datetime

from django.core.cache import cache

from core import cache_keys
from prisoners.dates import Precision
from prisoners.models import Person, Status, StatusChange, StatusKind
from tests.factories import make_person
from tests.html import find_all

LIST = "/en/prisoners/"


def cards(client, path=LIST) -> list[str]:
    return [
        " ".join(card.text.split())
        for card in find_all(client.get(path).content, "li", class_="card")
    ]


def test_a_card_is_drawn_once_and_served_the_same(client, db):
    person = make_person(name_en="Ales Bialiatski", summary_en="Founder of Viasna.")
    first = client.get(LIST).content
    key = cache_keys.person_card(person.pk, person.updated_at.isoformat(), person.status, "en")
    assert "Ales Bialiatski" in cache.get(key)
    assert client.get(LIST).content == first


def test_an_edit_shows_at_once(client, db):
    person = make_person(name_en="Ales Bialiatski")
    assert any("Ales Bialiatski" in card for card in cards(client))
    person.name_en = "Ales Bialiatski (corrected)"
    person.save()
    assert any("Ales Bialiatski (corrected)" in card for card in cards(client))


def test_a_status_re_derived_in_bulk_shows_at_once(client, db):
    """An import or a fixture load writes status changes without save() and re-derives
    the status in bulk, without touching updated_at: the card follows the status."""
    person = make_person(name_en="Maria Kalesnikava", status=Status.SENTENCED)
    assert any("Sentenced" in card for card in cards(client))
    StatusChange.objects.bulk_create([
        StatusChange(person=person, kind=StatusKind.RELEASED, date=datetime.date(2025, 12, 13),
                     date_precision=Precision.DAY, position=99),
    ])  # fmt: skip
    assert Person.objects.filter(pk=person.pk).refresh_records() == 1
    (card,) = cards(client)
    assert "Sentenced" not in card
    assert Person.objects.get(pk=person.pk).get_status_display() in card


def test_cards_are_in_the_visitors_language(client, db):
    make_person(name_en="Ales Bialiatski", name_be="Алесь Бяляцкі", status=Status.SENTENCED)
    assert any("Ales Bialiatski" in card for card in cards(client))
    (card,) = cards(client, "/be/prisoners/")
    assert "Алесь Бяляцкі" in card
    assert "/be/prisoners/" in str(find_all(client.get("/be/prisoners/").content, "a"))
