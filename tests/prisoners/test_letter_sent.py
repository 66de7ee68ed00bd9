""" "I sent a letter": one press counts a letter, once per visitor and person within its
rate limit, and keeps nothing about the visitor."""

import pytest
from django.db import connection
from django.test import Client

from core import rate_limits
from prisoners import actions
from prisoners.models import Letter, Person, Status
from tests.factories import make_person
from tests.html import find_all, text_of

ADDRESS = "Penal colony No. 9\nul. Dzerzhinskogo 1\n213004 Horki\nBelarus"


@pytest.fixture
def person(db) -> Person:
    return make_person(name_en="Maria Kalesnikava", slug="maria-kalesnikava",
                       postal_address=ADDRESS)  # fmt: skip


def sent_url(person: Person) -> str:
    return f"/en/prisoners/{person.slug}/letter/sent/"


def press(person: Person, *, ip: str = "198.51.100.7", htmx: bool = False, **headers):
    """The visitor at `ip` presses the button (from this site's own page)."""
    headers = {"Sec-Fetch-Site": "same-origin", **headers}
    if htmx:
        headers["HX-Request"] = "true"
    return Client(REMOTE_ADDR=ip).post(sent_url(person), headers=headers)


def test_one_press_counts_one_letter_and_thanks_the_visitor(person):
    response = press(person)
    assert response.status_code == 302
    assert response["Location"] == "/en/prisoners/maria-kalesnikava/letter/?sent=1#letter-sent"
    assert Letter.objects.filter(person=person).count() == 1
    page = Client().get(response["Location"])
    (thanks,) = find_all(page.content, "p", role="status")
    assert "Thank you: your letter to Maria Kalesnikava is counted." in thanks.text
    assert not find_all(page.content, "form", action=sent_url(person))


def test_with_htmx_the_thanks_replace_the_button(person):
    response = press(person, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    (fragment,) = find_all(html, "div", id="letter-sent")
    assert "is counted" in fragment.text
    assert Letter.objects.count() == 1


def test_the_button_keeps_a_working_form_without_javascript(client, person):
    html = client.get("/en/prisoners/maria-kalesnikava/letter/").content
    (form,) = find_all(html, "form", action=sent_url(person))
    assert form.attrs["method"] == "post"
    assert form.attrs["hx-post"] == sent_url(person)
    assert [button.text for button in find_all(html, "button") if "sent" in button.text] == [
        "I sent a letter"
    ]


def test_a_visitor_is_counted_once_per_person_and_gets_the_same_thanks(person):
    first, second = press(person), press(person)
    assert first["Location"] == second["Location"]
    assert press(person, htmx=True).status_code == 200
    assert Letter.objects.count() == 1
    # Another visitor, and another person for the same visitor, count.
    press(person, ip="203.0.113.9")
    other = make_person(postal_address=ADDRESS)
    press(other)
    assert Letter.objects.filter(person=person).count() == 2
    assert Letter.objects.filter(person=other).count() == 1


def test_the_per_person_limit_ends_with_its_window(person, monkeypatch):
    monkeypatch.setattr(actions, "LETTER_PER_PERSON", rate_limits.Limit(1, 60))
    press(person)
    now = rate_limits.time.time()
    monkeypatch.setattr(rate_limits.time, "time", lambda: now + 61)
    press(person)
    assert Letter.objects.count() == 2


def test_too_many_letters_from_one_address_are_refused_with_a_wait(person, monkeypatch):
    monkeypatch.setattr(actions, "LETTERS_PER_IP", rate_limits.Limit(3, 3600))
    others = [make_person(postal_address=ADDRESS) for _ in range(3)]
    for other in others:
        assert press(other).status_code == 302
    response = press(person)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in text_of(response.content)
    fragment = press(person, htmx=True)
    assert fragment.status_code == 429
    assert find_all(fragment.content, "p", role="alert")
    assert "<html" not in fragment.content.decode()
    assert Letter.objects.count() == 3
    assert press(person, ip="203.0.113.9").status_code == 302


def test_one_ipv6_64_is_one_visitor(person, monkeypatch):
    """A subscriber's /64 holds more addresses than any limit (issue 31)."""
    monkeypatch.setattr(actions, "LETTERS_PER_IP", rate_limits.Limit(3, 3600))
    others = [make_person(postal_address=ADDRESS) for _ in range(3)]
    for number, other in enumerate(others, start=1):
        assert press(other, ip=f"2001:db8:9:9::{number}").status_code == 302
    assert press(person, ip="2001:db8:9:9:ffff::1").status_code == 429
    assert Letter.objects.count() == 3


def test_a_limit_of_zero_switches_the_per_person_limit_off(person, monkeypatch):
    monkeypatch.setattr(actions, "LETTER_PER_PERSON", rate_limits.Limit.parse("0/1"))
    press(person)
    press(person)
    assert Letter.objects.count() == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": None, "Origin": "https://evil.example"},
    ],  # fmt: skip
    ids=["cross-site", "same-site", "foreign-origin"],
)
def test_another_site_cannot_make_a_browser_count_a_letter(person, headers):
    headers = {name: value for name, value in headers.items() if value is not None}
    response = Client(REMOTE_ADDR="198.51.100.7").post(sent_url(person), headers=headers)
    assert response.status_code == 403
    assert not Letter.objects.exists()


def test_a_get_on_the_button_counts_nothing(client, person):
    assert client.get(sent_url(person)).status_code == 405
    assert client.head(sent_url(person)).status_code == 405
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"status": Status.RELEASED}, {"is_published": False}, {"postal_address": ""}],
    ids=["released", "draft", "no-address"],
)
def test_it_counts_no_letter_to_someone_letters_cannot_reach(db, fields):
    other = make_person(**({"postal_address": ADDRESS} | fields))
    assert press(other).status_code == 404
    assert not Letter.objects.exists()


def test_it_keeps_nothing_about_the_visitor(person):
    press(person, ip="198.51.100.77")
    columns = {field.column for field in Letter._meta.get_fields() if field.concrete}
    assert columns == {"id", "person_id", "sent_on"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Letter._meta.db_table}")  # noqa: S608
        row = cursor.fetchone()
    assert "198.51.100.77" not in repr(row)


def test_the_profile_shows_the_new_count_once_its_stored_page_expires(person, settings):
    """The letters this month are counted when the profile is drawn, and visitors get
    the stored profile until it changes, ten minutes at most (UNTIL_CHANGED_SECONDS):
    that is how fresh the count is (a letter does not forget the page, so a spike of
    letters does not redraw it each time)."""
    import time_machine
    from django.utils import timezone

    from core import cache_keys

    settings.PAGE_CACHE_SECONDS = 60
    profile = "/en/prisoners/maria-kalesnikava/"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = text_of(Client().get(profile).content)
        assert "0 letters sent through this site this month." in first
        press(person)
        stale = text_of(Client().get(profile).content)
        assert "0 letters sent through this site this month." in stale
        clock.shift(cache_keys.UNTIL_CHANGED_SECONDS + 1)
        fresh = text_of(Client().get(profile).content)
    assert "1 letter sent through this site this month." in fresh


@pytest.fixture
def blocked_visitor(db):
    """198.51.100.7 on the staff's block list, which each process keeps in memory: read
    again now, and forgotten after the test."""
    from campaigns import blocklists
    from campaigns.models import BlockedAddress
    from core.network import ip_hash, stored_ip_hash

    BlockedAddress.objects.create(ip_hash=stored_ip_hash(ip_hash("198.51.100.7")))
    blocklists.forget()
    yield
    blocklists.forget()


def test_a_blocked_address_is_thanked_and_not_counted(person, blocked_visitor):
    """The staff's block list of addresses holds for every kind of action (core.actions)."""
    assert press(person).status_code == 302
    assert not Letter.objects.exists()
    assert press(person, ip="203.0.113.9").status_code == 302
    assert Letter.objects.count() == 1
