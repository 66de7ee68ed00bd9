"""The read-only JSON and CSV open data: complete for researchers, empty of signers."""

import csv
import io
import json

import pytest

from campaigns.models import Signature
from campaigns.services import signature_confirm, signature_create
from tests.factories import make_person

CAMPAIGN = "say-the-word-free-belarus-python-prisoners".replace("python", "political")


@pytest.fixture
def signed(seeded):
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    signature_create(campaign=campaign, name="Secret Signer", email="secret@example.org",
                     country="BY", comment="Private words", ip_hash="a1b2c3d4e5f6")  # fmt: skip
    signature_confirm(public_id=Signature.objects.get().public_id)
    return campaign


def test_the_prisoner_list_is_open_json(client, seeded):
    response = client.get("/api/v1/prisoners/")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    body = response.json()
    assert body["count"] == 1
    person = body["results"][0]
    assert person["name"] == {
        "en": "Sergei Tikhanovsky",
        "be": "Сяргей Ціханоўскі",
        "ru": "Сергей Тихановский",
    }
    assert "Siarhei Tsikhanouski" in person["other_spellings"]
    assert person["arrested"] == {"date": "2020", "precision": "year"}
    assert person["released"] == {"date": None, "precision": "unknown"}


def test_a_profile_carries_its_timeline_quotes_and_sources(client, seeded):
    body = client.get("/api/v1/prisoners/sergei-tikhanovsky/").json()
    assert [verdict["term"]["en"] for verdict in body["verdicts"]] == ["18 years"]
    assert [change["change"] for change in body["status_history"]] == [
        "arrested",
        "sentenced",
        "released",
    ]
    assert body["status_history"][-1]["release"] == "exiled"
    assert all(change["sources"] for change in body["status_history"])
    assert body["charge"]["en"] == "Allegedly orchestrating mass protests"
    assert len(body["timeline"]) == 4
    assert all(event["sources"] for event in body["timeline"])
    assert {quote["original_language"] for quote in body["quotes"]} == {"en"}
    assert "article-tikhanovsky-appeal" in body["sources"]


def test_only_public_profiles_are_open(client, db):
    draft = make_person(is_published=False)
    other = make_person(is_political_prisoner=False)
    assert client.get(f"/api/v1/prisoners/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/prisoners/{other.slug}/").status_code == 404


def test_the_csv_download_has_every_public_profile(client, seeded):
    response = client.get("/api/v1/prisoners.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["slug"] for row in rows] == ["sergei-tikhanovsky"]
    assert rows[0]["name_be"] == "Сяргей Ціханоўскі"


def test_a_campaign_carries_its_totals_by_country(client, signed):
    body = client.get(f"/api/v1/campaigns/{CAMPAIGN}/").json()
    assert body["signatures"]["total"] == 1
    # One signature from Belarus is too few to show alone.
    assert body["signatures"]["by_country"] == {"": 1}
    listing = client.get("/api/v1/campaigns/").json()
    assert listing["results"][0]["total"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/campaigns/",
        f"/api/v1/campaigns/{CAMPAIGN}/",
        "/api/v1/prisoners/",
        "/api/v1/statistics/",
    ],
)
def test_no_signer_data_is_ever_published(client, signed, path):
    text = json.dumps(client.get(path).json(), ensure_ascii=False)
    for secret in ["secret@example.org", "Secret Signer", "Private words", "a1b2c3d4e5f6", "@"]:
        assert secret not in text


def test_it_refuses_to_write(client, seeded):
    assert client.post("/api/v1/prisoners/").status_code == 405
    assert client.head("/api/v1/prisoners/").status_code == 200


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/en/prisoners/sergei-tikhanovsky/", "/api/v1/prisoners/sergei-tikhanovsky/"),
        (f"/en/campaigns/{CAMPAIGN}/", f"/api/v1/campaigns/{CAMPAIGN}/"),
    ],
    ids=["profile", "campaign"],
)
def test_profile_and_campaign_pages_link_their_json(client, seeded, page, api):
    from tests.html import find_all

    links = find_all(client.get(page).content, "link", type="application/json")
    assert links[0].attrs["href"] == api
    assert client.get(api).status_code == 200
