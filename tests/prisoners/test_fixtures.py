"""The seed data from the article: it loads repeatably, cites its source, quotes verbatim,
and shows only the political prisoner among the people of the story."""

import json

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from prisoners.models import Event, Person, Quote, Relation
from tests.html import find_all, text_of
from tests.prisoners.pages import facts, listed_slugs

ARTICLE = settings.BASE_DIR.parent / "shared" / "seed" / "article.txt"
NOT_PRISONERS = {
    "svetlana-tikhanovskaya": "Svetlana Tikhanovskaya",
    "alexander-lukashenko": "Alexander Lukashenko",
    "keith-kellogg": "Keith Kellogg",
    "donald-trump": "Donald Trump",
}
SOURCE_TITLE = (
    "Call for Action: Belarus Opposition Leader's Husband Urges Trump to Assist Political Prisoners"
)
# Written when a row is saved, not by the fixtures.
TIMESTAMPS = {"created_at", "updated_at"}


def fixture_quotes() -> list[str]:
    """The English words of every quote in fixtures/, read from the files themselves."""
    return [
        record["fields"]["text_en"]
        for path in sorted((settings.BASE_DIR / "fixtures").glob("*.json"))
        for record in json.loads(path.read_text(encoding="utf-8"))
        if record["model"] == "prisoners.quote"
    ]


def every_row() -> dict[str, list[dict]]:
    """Every row of every table, many-to-many tables included, timestamps left out."""
    models = list(apps.get_models(include_auto_created=True))
    assert {"prisoners.Person", "prisoners.Person_sources"} <= {m._meta.label for m in models}
    return {
        model._meta.label: [
            {key: value for key, value in row.items() if key not in TIMESTAMPS}
            for row in model.objects.order_by("pk").values()
        ]
        for model in models
    }


def straight_quotes(text: str) -> str:
    """Typographic quotes and apostrophes as typed on a keyboard."""
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))


def test_it_changes_nothing_when_loaded_twice(seeded):
    first = every_row()
    call_command("load_fixtures", verbosity=0)
    second = every_row()
    assert {label: len(rows) for label, rows in second.items()} == {
        label: len(rows) for label, rows in first.items()
    }
    assert second == first


def test_it_loads_what_the_article_tells(seeded):
    assert Person.objects.count() == 5
    assert Event.objects.count() == 4
    assert Quote.objects.count() == 5
    assert Relation.objects.count() == 1


def test_it_keeps_when_a_profile_was_created_when_loaded_again(db):
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        call_command("load_fixtures", verbosity=0)
    created = dict(Person.objects.values_list("slug", "created_at"))
    with time_machine.travel("2026-06-01 12:00Z", tick=False):
        call_command("load_fixtures", verbosity=0)
    assert dict(Person.objects.values_list("slug", "created_at")) == created


def test_it_indexes_the_people_it_loads_for_search(seeded):
    assert not Person.objects.filter(search_text="").exists()
    assert not Person.objects.filter(sort_name="").exists()


@pytest.mark.parametrize("model", [Person, Event, Relation])
def test_it_cites_a_source_for_every_person_event_and_relation(seeded, model):
    assert model.objects.exists()
    assert list(model.objects.filter(sources=None)) == []


def test_it_cites_a_source_for_every_quote(seeded):
    assert all(quote.source_id for quote in Quote.objects.all())


def test_it_loads_every_quote_of_the_fixtures(seeded):
    assert sorted(Quote.objects.values_list("text_en", flat=True)) == sorted(fixture_quotes())


@pytest.mark.skipif(not ARTICLE.exists(), reason=f"the seed article is not at {ARTICLE}")
@pytest.mark.parametrize("text", fixture_quotes())
def test_it_quotes_the_article_word_for_word(text):
    article = straight_quotes(ARTICLE.read_text(encoding="utf-8"))
    # A quoted sentence ends in a comma when the article goes on with "he said"; the
    # fixtures end it with a full stop. Every other character must be the article's.
    words = straight_quotes(text).removesuffix(".")
    assert words in article
    assert len(words) >= len(text) - 1


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_it_never_lists_the_people_who_were_not_prisoners(client, seeded, language):
    response = client.get(f"/{language}/prisoners/")
    assert listed_slugs(response.content) == ["sergei-tikhanovsky"]
    for slug in NOT_PRISONERS:
        assert not find_all(response.content, "a", href=f"/{language}/prisoners/{slug}/")


@pytest.mark.parametrize(("slug", "name"), NOT_PRISONERS.items())
def test_it_finds_no_prisoner_by_the_name_of_someone_who_was_not_one(client, seeded, slug, name):
    response = client.get("/en/prisoners/", {"q": name})
    assert listed_slugs(response.content) == []
    assert f"Nobody matches “{name}”." in text_of(response.content)


@pytest.mark.parametrize("slug", NOT_PRISONERS)
def test_it_has_no_profile_page_for_someone_who_was_not_a_prisoner(client, seeded, slug):
    response = client.get(f"/en/prisoners/{slug}/")
    assert response.status_code == 404
    assert find_all(response.content, "header", class_="site-header")


def test_it_tells_the_story_of_sergei_tikhanovsky(client, seeded):
    response = client.get("/en/prisoners/sergei-tikhanovsky/")
    assert response.status_code == 200
    html = response.content
    shown = facts(html)
    assert shown["Arrested"] == "2020"
    assert shown["Status"] == "Released and forcibly exiled"
    assert shown["Verdict"] == "18 years"
    assert "allegedly orchestrating mass protests" in (
        shown["Charge, in the words of the source"].lower()
    )
    assert "solitary confinement" in shown["Conditions"]
    text = text_of(html)
    assert "13 other political prisoners" in text
    assert "Keith Kellogg" in text
    assert "Lithuania" in text
    assert "Spouse: Svetlana Tikhanovskaya" in text
    (source,) = find_all(html, "li", id="source-article-tikhanovsky-appeal")
    assert SOURCE_TITLE in source.text


def test_it_does_not_link_from_his_profile_to_people_who_were_not_prisoners(client, seeded):
    html = client.get("/en/prisoners/sergei-tikhanovsky/").content
    for slug in NOT_PRISONERS:
        assert not find_all(html, "a", href=f"/en/prisoners/{slug}/")
