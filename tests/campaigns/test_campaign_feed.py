"""A campaign's Atom feed (/<lang>/campaigns/<slug>/feed/): its updates, and, once they
are public, the addressee's response and the outcome; offered on the campaign page as
the way to follow the appeal without giving an address."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign, CampaignStatus
from core.feeds import feed_id
from prisoners.dates import Precision
from tests import atom
from tests.factories import make_campaign, make_source, make_update, sign_urls
from tests.html import find_all, find_inside, text_of

pytestmark = pytest.mark.django_db

CREATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
ANSWERED = datetime.datetime(2026, 2, 10, 15, 30, tzinfo=datetime.UTC)
WON = datetime.datetime(2026, 4, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def not_kept(settings):
    """Every read draws the feed again (no page cache)."""
    settings.PAGE_CACHE_SECONDS = 0


def feed_of(client, campaign, language="en"):
    response = client.get(f"/{language}/campaigns/{campaign.slug}/feed/")
    assert response.status_code == 200
    assert atom.problems(response.content) == []
    return atom.read(response.content)


def test_the_response_and_the_outcome_are_entries_dated_when_they_were_recorded(client, not_kept):
    with time_machine.travel(CREATED, tick=False):
        campaign = make_campaign(slug="free-maria", title="Free Maria")
        make_update(campaign, title_en="Handed over").publish()
    assert [entry.title for entry in feed_of(client, campaign).entries] == ["Handed over"]

    with time_machine.travel(ANSWERED, tick=False):
        campaign.response_en = "We found no grounds."
        campaign.response_on = datetime.date(2026, 2, 3)
        campaign.response_on_precision = Precision.MONTH
        campaign.response_source = make_source(title="Letter of the prosecutor")
        campaign.save()
    with time_machine.travel(WON, tick=False):
        campaign.outcome_en = "She was **released**."
        campaign.save()
        campaign.close(won=True)

    feed = feed_of(client, campaign)

    titles = [entry.title for entry in feed.entries]
    assert titles == ["Outcome", "The response of The Prosecutor General of Belarus",
                      "Handed over"]  # fmt: skip
    outcome, response, _update = feed.entries
    assert response.updated == response.published == ANSWERED.isoformat()
    # The source gives the month: the text says February 2026, no day is made up.
    assert "February 2026" in response.summary and "3 February" not in response.summary
    assert "Letter of the prosecutor" in response.summary
    assert outcome.updated == WON.isoformat()
    assert "This appeal has succeeded." in outcome.summary
    assert "<strong>released</strong>" in outcome.summary
    assert response.link == "http://testserver/en/campaigns/free-maria/#response-heading"
    assert response.id == feed_id("/en/campaigns/free-maria/#response")
    assert feed.feed.updated == WON.isoformat()


def test_a_new_outcome_is_a_new_entry(client, not_kept):
    campaign = make_campaign(delivered_on=datetime.date(2026, 3, 2))
    (handed_over,) = feed_of(client, campaign).entries
    assert "were handed to" in handed_over.summary

    campaign.close(won=True)
    (won,) = feed_of(client, campaign).entries

    assert won.id != handed_over.id
    assert "This appeal has succeeded." in won.summary


def test_an_outcome_changed_without_its_history_is_dated_by_the_campaign(client):
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(outcome_en="Done.")
    (entry,) = feed_of(client, campaign).entries
    assert entry.updated == campaign.created_at.isoformat()


def test_a_campaign_without_a_response_or_an_outcome_has_no_such_entries(client):
    campaign = make_campaign()
    make_update(campaign, title_en="Handed over").publish()
    assert [entry.title for entry in feed_of(client, campaign).entries] == ["Handed over"]


def test_its_entries_are_in_each_language(client):
    campaign = make_campaign(status=CampaignStatus.CLOSED)
    make_update(campaign).publish()
    for language, update, outcome in (
        ("en", "The appeal was handed over", "Outcome"),
        ("be", "Зварот перададзены", "Вынік"),
        ("ru", "Обращение передано", "Итог"),
    ):
        feed = feed_of(client, campaign, language)
        assert feed.feed.title_detail.language == language
        assert sorted(entry.title for entry in feed.entries) == sorted([update, outcome])


def test_it_costs_the_same_queries_whatever_the_number_of_entries(client):
    few = make_campaign()
    many = make_campaign(response="Answer.", response_source=make_source(), outcome="Done.",
                         delivered_on=datetime.date(2026, 1, 1))  # fmt: skip
    for _ in range(5):
        make_update(many).publish()
        many.save()  # a version of its history each time

    counts = []
    for campaign in (few, many):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/campaigns/{campaign.slug}/feed/").status_code == 200
        counts.append(len(queries))
    assert counts == [3, 3]


def test_the_campaign_page_links_its_feed_and_offers_it_beside_the_updates(client):
    campaign = make_campaign(title="Free Maria")
    page = client.get(sign_urls(campaign)["detail"]).content

    (head_link,) = find_all(page, "link", type="application/atom+xml", title="Updates: Free Maria")
    assert head_link.attrs["href"] == f"/en/campaigns/{campaign.slug}/feed/"
    offered = find_inside(page, {"tag": "section", "class": "updates"}, "a")
    assert [a.attrs["href"] for a in offered if a.attrs.get("type")] == [
        f"/en/campaigns/{campaign.slug}/feed/"
    ]
    text = text_of(page)
    assert "No updates yet." in text
    assert "Follow without giving an address" in text
