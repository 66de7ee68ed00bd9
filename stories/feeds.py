from datetime import datetime, time

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignUpdate
from core.feeds import FeedEntry, SiteFeed
from prisoners.models import Person
from stories.models import Story

FEED_LENGTH = 30
# The stories a person's feed carries (prisoners.feeds.PersonFeed), newest first.
PERSON_FEED_STORIES = 50


def story_published_at(story: Story) -> datetime:
    """A story is published on a day: noon of it, as an instant for the feeds."""
    return timezone.make_aware(datetime.combine(story.published_on, time(12)))


def person_entries(person: Person) -> list[FeedEntry]:
    """The published stories about the person, for their feed: one query."""
    stories = Story.objects.latest().filter(prisoners=person).select_related("source")
    return [
        FeedEntry(
            title=story.title,
            link=story.get_absolute_url(),
            description=render_to_string(
                "feeds/story.html", {"story": story, "sources": [story.source]}
            ).strip(),
            # Never before it was published, as a story's day is not its moment.
            updated=max(story.updated_at, story_published_at(story)),
            published=story_published_at(story),
            category=gettext("Stories"),
        )
        for story in stories[:PERSON_FEED_STORIES]
    ]


class StoryFeed(SiteFeed):
    """The latest stories and campaign updates as an Atom feed, in the language of the
    URL."""

    title = _("Stories of political prisoners in Belarus")
    subtitle = _("News and updates on political prisoners and the appeals for their release.")

    def link(self):
        return reverse("stories:list")

    def author_name(self):
        return settings.ORGANISATION_NAME

    def items(self) -> list:
        """Stories and updates of public campaigns, newest first: two queries."""
        stories = list(Story.objects.latest()[:FEED_LENGTH])
        updates = list(
            CampaignUpdate.objects.published()
            .filter(campaign__in=Campaign.objects.public())
            .select_related("campaign")[:FEED_LENGTH]
        )
        return sorted(stories + updates, key=self.item_pubdate, reverse=True)[:FEED_LENGTH]

    def item_title(self, item: Story | CampaignUpdate) -> str:
        if isinstance(item, CampaignUpdate):
            return f"{item.campaign.title}: {item.title}"
        return item.title

    def item_description(self, item: Story | CampaignUpdate) -> str:
        return item.body_html if isinstance(item, CampaignUpdate) else item.standfirst

    def item_pubdate(self, item: Story | CampaignUpdate) -> datetime:
        if isinstance(item, CampaignUpdate):
            return item.published_at
        return story_published_at(item)

    def item_updateddate(self, item: Story | CampaignUpdate):
        return item.published_at if isinstance(item, CampaignUpdate) else item.updated_at
