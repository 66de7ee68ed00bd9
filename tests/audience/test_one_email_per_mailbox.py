"""A supporter who signed two appeals with updates and follows the prisoner they are
about hears of a story about that prisoner once (issue 33). Addresses are synthetic."""

import pytest

from audience.models import Supporter
from stories import services as story_services
from stories.models import Story
from supporters import services
from supporters.models import Delivery
from tests.factories import make_campaign, make_confirmed, make_follower, make_source

pytestmark = pytest.mark.django_db


def test_news_about_what_a_mailbox_follows_three_ways_reaches_it_once(
    ales, smtp_server, django_capture_on_commit_callbacks
):
    first, second = make_campaign(title="Free Ales"), make_campaign(title="Write to Ales")
    for campaign in (first, second):
        campaign.prisoners.add(ales)
    make_confirmed(first, email="anna@example.org", wants_updates=True)
    make_confirmed(second, email="Anna+appeal@example.org", wants_updates=True)
    make_follower(ales, email="anna@example.org")
    make_follower(ales, email="ivan@example.org")
    story = Story.objects.create(
        slug="synthetic-story", title_en="Synthetic story", standfirst_en="Synthetic.",
        body_en="Synthetic.", source=make_source(), is_published=True,
    )  # fmt: skip
    story.prisoners.set([ales])
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.news_announce(news=story_services.story_news_write(story=story))
    assert Supporter.objects.count() == 2  # one per mailbox, however it asked
    assert mailing.recipients == 2
    assert len(smtp_server.to("anna@example.org")) == 1
    assert len(smtp_server.to("ivan@example.org")) == 1
    assert Delivery.objects.filter(mailing=mailing).count() == 2
