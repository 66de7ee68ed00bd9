"""The static copy's search index: every public profile's address, name in the page's
language and search keys, folded exactly as the site's own search stores them, with the
folding rules the copy's script applies to a query."""

import json

import pytest

from prisoners import search
from prisoners.models import Person
from tests.factories import make_person

URL = "/en/prisoners/search-index.json"


def index_of(client, url: str = URL) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_it_carries_each_public_profile_with_the_keys_the_site_searches(client, seeded):
    index = index_of(client)
    people = Person.objects.public_profiles()
    assert len(index["people"]) == people.count()
    for (path, name, text, skeletons), person in zip(index["people"], people, strict=True):
        assert path == person.get_absolute_url()
        assert name == person.name_en
        # The stored columns the server's search reads, and what the spellings fold to.
        assert (text, skeletons) == (person.search_text, person.search_skeleton)
        assert (text, skeletons) == search.search_columns(person.spellings())


def test_it_names_people_in_the_language_of_the_address(client, seeded):
    index = index_of(client, "/be/prisoners/search-index.json")
    entries = {path: name for path, name, *_keys in index["people"]}
    assert entries["/be/prisoners/sergei-tikhanovsky/"] == "Сяргей Ціханоўскі"
    [keys] = [keys for path, _name, *keys in index["people"] if "sergei-tikhanovsky" in path]
    assert "tsikhanouski" in keys[0].split()
    assert "tikhanovsky" in keys[0].split()


def test_it_leaves_out_drafts_and_people_who_are_not_prisoners(client, db):
    make_person(slug="listed")
    make_person(slug="draft", is_published=False)
    make_person(slug="official", is_political_prisoner=False)
    assert [path for path, *_rest in index_of(client)["people"]] == ["/en/prisoners/listed/"]


def test_it_carries_the_folding_rules_of_the_site_search(client, db):
    rules = index_of(client)["fold"]
    assert rules == json.loads(json.dumps(search.folding_rules()))
    assert rules["letters"]["ц"] == "ts"
    assert rules["letters"]["ł"] == "l"
    assert ["kh", "h"] in rules["digraphs"]
    assert rules["min"] == search.MIN_SKELETON_LENGTH


def test_it_is_compact_and_cacheable(client, seeded):
    response = client.get("/be/prisoners/search-index.json")
    body = response.content.decode()
    compact = json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":"))
    assert body == compact
    assert "Сяргей" in body  # letters as UTF-8, not \u escapes
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]


@pytest.mark.parametrize("people", [1, 30])
def test_it_runs_one_query_for_few_or_many_people(client, db, django_assert_num_queries, people):
    for number in range(people):
        make_person(name_en=f"Prisoner {number:02d}")
    with django_assert_num_queries(1):
        index = index_of(client)
    assert len(index["people"]) == people
