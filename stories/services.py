"""Writes about stories: the news of one that visitors can read."""

from django.db import transaction

from news.models import News, NewsKind
from news.services import languages_written, news_write
from stories.models import Story


@transaction.atomic
def story_news_write(*, story: Story, user=None) -> News | None:
    """The news of a story visitors can read (published, dated today or before), about
    the public profiles it concerns; None while it is not readable. Written once."""
    if not Story.objects.published().filter(pk=story.pk).exists():
        return None
    return news_write(
        kind=NewsKind.STORY,
        subject=story,
        about=list(story.prisoners.public_profiles()),
        languages=languages_written(story, ("title", "standfirst")),
        topic=f"story:{story.pk}",
        user=user,
    )
