"""Whom the site suggests writing to: people held now, with an address, not held
incommunicado, drawn at random but weighted towards those with the fewest letters."""

import collections
import datetime
import random

import pytest
from django.utils import timezone

from prisoners import letters
from prisoners.models import Person, Status, Stay
from tests.factories import make_letters, make_person, make_place
from tests.html import find_all, text_of

ADDRESS = "ИК-9\nул. Дзержинского, 1\n213004 г. Горки\nБеларусь"
SUGGEST = "/en/prisoners/letters/suggest/"


def writable(**fields) -> Person:
    """A synthetic person held now, with an address for letters."""
    return make_person(postal_address=ADDRESS, **fields)


def pool_slugs() -> set[str]:
    return {slug for slug, _count in letters.suggestion_pool()}


def test_it_suggests_only_people_held_now_with_an_address_and_not_incommunicado(db):
    held = writable(slug="held")
    detained = writable(slug="detained", status=Status.DETAINED)
    writable(slug="incommunicado", is_incommunicado=True)
    writable(slug="released", status=Status.RELEASED)
    writable(slug="exiled", status=Status.RELEASED_EXILED)
    writable(slug="deceased", status=Status.DECEASED)
    writable(slug="draft", is_published=False)
    writable(slug="not-a-prisoner", is_political_prisoner=False)
    make_person(slug="no-address", place_of_detention="Pre-trial prison No. 1")
    make_person(slug="no-stay")
    assert pool_slugs() == {held.slug, detained.slug}


def test_it_follows_a_transfer_to_a_place_without_a_known_address(db):
    moved = writable(slug="moved")
    Stay.objects.filter(person=moved).update(ended_on=datetime.date(2025, 3, 1),
                                             ended_on_precision="day")  # fmt: skip
    Stay.objects.create(person=moved, place=make_place(postal_address=""))
    stays_ended = writable(slug="stays-ended")
    Stay.objects.filter(person=stays_ended).update(ended_on=datetime.date(2025, 3, 1),
                                                   ended_on_precision="day")  # fmt: skip
    assert pool_slugs() == set()
    # The profile's own rule says the same.
    assert Person.objects.get(slug="moved").postal_address == ""
    assert Person.objects.get(slug="stays-ended").postal_address == ""


def test_the_released_prisoner_of_the_seed_article_is_never_suggested(client, seeded):
    assert letters.suggestion_pool() == []
    response = client.get(SUGGEST)
    assert response.status_code == 200
    assert "We have nobody to suggest right now" in text_of(response.content)
    assert not find_all(response.content, "a", href="/en/prisoners/sergei-tikhanovsky/letter/")


def test_a_change_to_the_record_takes_someone_out_of_the_suggestions_at_once(db):
    person = writable()
    assert pool_slugs() == {person.slug}  # now cached
    person.is_incommunicado = True
    person.save()
    assert pool_slugs() == set()


def test_it_counts_only_the_letters_of_the_recent_weeks(db):
    today = timezone.localdate()
    person = writable()
    make_letters(person, 2, sent_on=today)
    make_letters(person, 1, sent_on=letters.recent_since(today))
    make_letters(person, 5, sent_on=letters.recent_since(today) - datetime.timedelta(days=1))
    assert letters.suggestion_pool() == [(person.slug, 3)]


def test_it_builds_the_pool_in_two_queries_however_many_people(db, django_assert_num_queries):
    for _n in range(12):
        make_letters(writable(), 2)
    with django_assert_num_queries(2):
        assert len(letters.suggestion_pool()) == 12
    with django_assert_num_queries(0):  # cached
        assert len(letters.suggestion_pool()) == 12


def test_the_fewer_letters_the_likelier_the_suggestion(db):
    """Weights 1, 1/2 and 1/4: expected shares 4/7, 2/7 and 1/7. A uniform choice
    (1/3 each) is far outside the tolerance."""
    none, one, three = writable(slug="none"), writable(slug="one"), writable(slug="three")
    make_letters(one, 1)
    make_letters(three, 3)
    pool = letters.suggestion_pool()
    rng = random.Random(20261124)
    draws = 14_000
    chosen = collections.Counter(letters.choose_recipient(pool, rng=rng) for _ in range(draws))
    expected = {none.slug: 4 / 7, one.slug: 2 / 7, three.slug: 1 / 7}
    for slug, share in expected.items():
        assert chosen[slug] / draws == pytest.approx(share, abs=0.02), (slug, chosen)


def test_it_passes_one_weight_per_person_from_their_letters():
    class Recorder(random.Random):
        def choices(self, population, weights=None, **kwargs):
            self.seen = (list(population), list(weights))
            return [population[0]]

    rng = Recorder()
    letters.choose_recipient([("a", 0), ("b", 1), ("c", 4)], rng=rng)
    assert rng.seen == ([("a", 0), ("b", 1), ("c", 4)], [1.0, 0.5, 0.2])


def test_another_suggestion_is_someone_else_unless_there_is_nobody_else():
    pool = [("a", 0), ("b", 0)]
    rng = random.Random(1)
    assert {letters.choose_recipient(pool, after="a", rng=rng) for _ in range(50)} == {"b"}
    assert letters.choose_recipient([("a", 0)], after="a", rng=rng) == "a"
    assert letters.choose_recipient([], after="a", rng=rng) is None


def test_the_entry_sends_the_visitor_to_a_cacheable_letter_page(client, db):
    person = writable()
    response = client.get(SUGGEST)
    assert response.status_code == 302
    assert response["Location"] == f"/en/prisoners/{person.slug}/letter/"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "no-store" not in page.get("Cache-Control", "")
    assert not page.cookies


@pytest.mark.parametrize("people", [1, 9])
def test_the_entry_runs_the_same_queries_however_many_people(
    client, db, django_assert_num_queries, people
):
    for _n in range(people):
        make_letters(writable(), 1)
    with django_assert_num_queries(2):  # the pool, then cached
        assert client.get(SUGGEST).status_code == 302
    with django_assert_num_queries(2):  # the person and their stays, for the fragment
        assert client.get(SUGGEST, headers={"HX-Request": "true"}).status_code == 200


def test_the_entry_draws_in_the_language_of_the_page(client, db):
    person = writable()
    response = client.get("/be/prisoners/letters/suggest/")
    assert response["Location"] == f"/be/prisoners/{person.slug}/letter/"


def test_another_suggestion_link_asks_for_someone_else(client, db):
    writable(slug="first")
    second = writable(slug="second")
    page = client.get("/en/prisoners/first/letter/").content
    (link,) = [a for a in find_all(page, "a") if a.text == "Suggest someone else"]
    assert link.attrs["href"] == f"{SUGGEST}?after=first"
    assert link.attrs["hx-get"] == link.attrs["href"]
    for _n in range(10):
        assert client.get(link.attrs["href"])["Location"] == f"/en/prisoners/{second.slug}/letter/"


def test_with_htmx_the_next_suggestion_replaces_the_part_about_the_person(client, db):
    writable(slug="first", name_en="First Person")
    writable(slug="second", name_en="Second Person")
    response = client.get(f"{SUGGEST}?after=first", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/en/prisoners/second/letter/"
    assert "no-store" in response["Cache-Control"]
    assert "hx-request" in response["Vary"].lower()
    html = response.content.decode()
    assert "<html" not in html
    assert find_all(html, "title")[0].text.startswith("Write to Second Person")
    (section,) = find_all(html, "section", id="letter-person")
    heading = find_all(html, "h1")[0]
    assert heading.text == "Write to Second Person"
    assert "autofocus" in heading.attrs  # focus follows the new suggestion
    assert find_all(html, "form", action="/en/prisoners/second/letter/sent/")
    assert section


def test_with_htmx_and_nobody_left_the_browser_goes_to_the_entry(client, db):
    response = client.get(SUGGEST, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == SUGGEST


@pytest.mark.parametrize("after", ["", "no-such-person", "<script>", "a" * 5000, "%00"])
def test_it_takes_any_after_without_failing(client, db, after):
    person = writable()
    response = client.get(SUGGEST, {"after": after})
    assert response["Location"] == f"/en/prisoners/{person.slug}/letter/"


def test_it_refuses_to_be_posted_to(client, db):
    assert client.post(SUGGEST).status_code == 405
