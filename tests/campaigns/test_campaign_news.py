"""The campaign page tells what came of the appeal: the addressee's response with its
date and source, the outcome, the updates as a dated timeline (also in the feeds), and,
once the goal is passed, the next one."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.models import CampaignStatus, CampaignUpdate, next_goal
from prisoners.dates import Precision
from tests.factories import make_campaign, make_source, make_update, sign_urls
from tests.html import find_all

pytestmark = pytest.mark.django_db


def test_the_response_is_shown_first_with_its_date_and_source(client):
    campaign = make_campaign(
        title="Free Maria", response="We found no grounds.", response_on=datetime.date(2026, 11, 3),
        response_on_precision=Precision.MONTH,
        response_source=make_source(title="Letter of the prosecutor", url="https://example.org/l"),
    )  # fmt: skip
    page = client.get(sign_urls(campaign)["detail"]).content.decode()
    (section,) = find_all(page, "section", **{"class": "response"})
    text = page[page.index('class="response"') :]
    assert "We found no grounds." in text
    assert "November 2026" in text
    assert "Letter of the prosecutor" in text
    assert page.index('class="response"') < page.index('id="sign-heading"')
    assert section


def test_a_response_without_its_source_is_refused():
    campaign = make_campaign(response="Words without a source.")
    with pytest.raises(ValidationError, match="source"):
        campaign.clean()


def test_the_outcome_is_shown(client):
    campaign = make_campaign(
        status=CampaignStatus.WON, delivered_on=datetime.date(2026, 10, 1),
        target="The Prosecutor General", outcome="She was **released**.",
    )  # fmt: skip
    page = client.get(sign_urls(campaign)["detail"]).content.decode()
    assert "This appeal has succeeded." in page
    assert "handed to The Prosecutor General on" in page
    assert "<strong>released</strong>" in page


def test_published_updates_show_as_a_dated_timeline_newest_first(client):
    campaign = make_campaign()
    make_update(campaign, title_en="Draft news")
    older = make_update(campaign, title_en="Handed over")
    newer = make_update(campaign, title_en="A reply came")
    CampaignUpdate.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=2)
    )
    CampaignUpdate.objects.filter(pk=newer.pk).update(published_at=timezone.now())
    page = client.get(sign_urls(campaign)["detail"]).content.decode()
    assert "Draft news" not in page
    assert page.index("A reply came") < page.index("Handed over")
    assert find_all(page, "article", id=f"update-{older.pk}")
    assert find_all(page, "time")


def test_a_new_update_shows_on_the_cached_page_within_its_lifetime(client, settings):
    settings.PAGE_CACHE_SECONDS = 30
    settings.COUNTER_CACHE_SECONDS = 3
    campaign = make_campaign()
    url = sign_urls(campaign)["detail"]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert "Fresh news" not in client.get(url).content.decode()
        make_update(campaign, title_en="Fresh news").publish()
        clock.shift(datetime.timedelta(seconds=4))
        assert "Fresh news" in client.get(url).content.decode()


def test_updates_are_in_the_campaigns_feed_and_the_sites_feed(client):
    campaign = make_campaign(slug="free-maria")
    make_update(campaign, title_en="Handed over").publish()
    make_update(campaign, title_en="Not yet published")
    own = client.get("/en/campaigns/free-maria/feed/").content.decode()
    assert "Handed over" in own
    assert "Not yet published" not in own
    site = client.get("/en/stories/feed/").content.decode()
    assert "Handed over" in site


def test_the_feed_of_a_draft_campaign_is_not_found(client):
    campaign = make_campaign(status=CampaignStatus.DRAFT)
    assert client.get(f"/en/campaigns/{campaign.slug}/feed/").status_code == 404


@pytest.mark.parametrize(
    ("total", "goal", "expected"),
    [(10, 1000, 1000), (1000, 1000, 2500), (2600, 1000, 5000), (3_000_000, 1000, 4_000_000),
     (5, 0, 0)],
)  # fmt: skip
def test_the_next_goal_follows_the_milestones(total, goal, expected):
    assert next_goal(total, goal) == expected


def test_a_campaign_past_its_goal_shows_the_next_one(client):
    campaign = make_campaign(goal=10, offline_signatures=12)
    page = client.get(sign_urls(campaign)["detail"]).content.decode()
    assert "The goal of 10 is reached. Next goal: 1,000." in page
    (bar,) = find_all(page, "progress")
    assert bar.attrs["value"] == "1"


def test_a_feed_without_updates_is_dated_by_its_campaign_not_by_the_clock(client):
    """Read twice, an empty feed is the same bytes: the static copy does not rewrite it
    on every run, nor does a cache see it change (issue 32)."""
    campaign = make_campaign()

    first = client.get(f"/en/campaigns/{campaign.slug}/feed/").content
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        again = client.get(f"/en/campaigns/{campaign.slug}/feed/").content

    assert first == again
    assert f"<updated>{campaign.created_at.isoformat()}</updated>".encode() in first
