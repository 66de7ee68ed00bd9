"""Every Atom feed of the site (the stories, each public campaign's, each public
person's) reads as valid Atom in a feed reader and by the rules of RFC 4287, in each
language, and carries nothing about who signs or follows."""

import datetime

import pytest
from django.conf import settings

from campaigns.models import Campaign, CommentStatus
from prisoners.models import Person
from tests import atom
from tests.factories import (
    make_campaign,
    make_confirmed,
    make_follower,
    make_person,
    make_source,
    make_update,
)

pytestmark = pytest.mark.django_db


def every_feed() -> list[str]:
    """The addresses of every feed the site has, in every language."""
    campaigns = list(Campaign.objects.public().values_list("slug", flat=True))
    people = list(Person.objects.public_profiles().values_list("slug", flat=True))
    paths = []
    for code, _name in settings.LANGUAGES:
        paths.append(f"/{code}/stories/feed/")
        paths += [f"/{code}/campaigns/{slug}/feed/" for slug in campaigns]
        paths += [f"/{code}/prisoners/{slug}/feed/" for slug in people]
    return paths


@pytest.fixture
def supporters(seeded):
    """A person with an appeal that has public signers with comments, and followers."""
    person = make_person(name_en="Maryia Example")
    campaign = make_campaign(prisoners=[person], response="No grounds.",
                             response_source=make_source(), outcome="Handed over.",
                             delivered_on=datetime.date(2026, 1, 2))  # fmt: skip
    make_update(campaign).publish()
    make_confirmed(campaign, name="Signer Visible", email="visible@example.org",
                   show_name_publicly=True, comment="Free them all, from Signer Visible",
                   comment_status=CommentStatus.APPROVED)  # fmt: skip
    make_confirmed(campaign, name="Signer Hidden", email="hidden@example.org")
    make_follower(person, email="follower@example.org")
    return ["Signer Visible", "visible@example.org", "Free them all", "Signer Hidden",
            "hidden@example.org", "follower@example.org"]  # fmt: skip


def test_every_feed_is_valid_atom_in_its_language(client, supporters):
    feeds = every_feed()
    assert len(feeds) >= 3 * 3  # the stories', and at least a campaign's and a person's

    for path in feeds:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/atom+xml; charset=utf-8", path
        assert atom.problems(response.content) == [], path
        feed = atom.read(response.content)
        language = path.split("/")[1]
        assert atom.language(response.content) == language, path
        assert feed.feed.link.startswith(f"http://testserver/{language}/"), path
        for entry in feed.entries:
            assert entry.id.startswith("urn:uuid:"), path
            assert entry.link.startswith(f"http://testserver/{language}/"), path
            assert entry.updated_parsed is not None, path


def test_no_feed_says_who_signs_or_follows(client, supporters):
    for path in every_feed():
        text = client.get(path).content.decode()
        for private in supporters:
            assert private not in text, (path, private)


def test_sergei_tikhanovskys_feed_reads_as_his_history(client, seeded):
    """The issue's newcomer subscribes to his feed as a feed reader would: fetch it."""
    feed = atom.read(client.get("/en/prisoners/sergei-tikhanovsky/feed/").content)

    titles = [entry.title for entry in feed.entries]
    assert feed.feed.title == "News of Sergei Tikhanovsky"
    assert "Released and forcibly exiled" in titles
    assert "Arrested: 2020" in titles
    assert any("Tikhanovsky appeals" in title for title in titles)
