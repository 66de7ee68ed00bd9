"""/api/v1/mirrors/: the listed addresses as open data, readable from any site."""

import pytest

from tests.mirrors.conftest import ONION

pytestmark = pytest.mark.django_db


def test_it_lists_the_listed_mirrors_with_their_notes_per_language(client, mirrors):
    response = client.get("/api/v1/mirrors/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.json() == {
        "results": [
            {
                "kind": "onion",
                "address": ONION,
                "last_checked": "2025-03-01",
                "note": {},
            },
            {
                "kind": "web",
                "address": "https://mirror.example.net/",
                "last_checked": "2025-03-14",
                "note": {
                    "en": "Hosted by a friendly newsroom.",
                    "be": "Трымае сяброўская рэдакцыя.",
                },
            },
        ]
    }


def test_it_is_empty_on_a_fresh_site(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/api/v1/mirrors/").json() == {"results": []}
