from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from stories.models import Story


class StoryFeed(Feed):
    """The latest stories as an Atom feed, in the language of the URL."""

    feed_type = Atom1Feed
    title = _("Stories of political prisoners in Belarus")
    subtitle = _("News and updates on political prisoners and the appeals for their release.")

    def link(self):
        return reverse("stories:list")

    def author_name(self):
        return settings.ORGANISATION_NAME

    def items(self):
        return Story.objects.latest()[:30]

    def item_title(self, item: Story) -> str:
        return item.title

    def item_description(self, item: Story) -> str:
        return item.standfirst

    def item_pubdate(self, item: Story) -> datetime:
        return timezone.make_aware(datetime.combine(item.published_on, time(12)))

    def item_updateddate(self, item: Story):
        return item.updated_at
