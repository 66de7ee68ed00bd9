"""news_write: one row per topic, about whom, in which languages. Synthetic data."""

import pytest
from django.contrib.contenttypes.models import ContentType

from news.models import News, NewsAbout, NewsKind
from news.services import languages_written, news_write
from tests.factories import make_campaign, make_update

pytestmark = pytest.mark.django_db


def test_writing_the_same_news_twice_returns_the_first(admin_user):
    campaign = make_campaign(title="Synthetic appeal")
    update = make_update(campaign)
    topic = f"update:{update.pk}"
    first = news_write(kind=NewsKind.UPDATE, subject=update, about=[campaign, campaign],
                       languages=["en", "ru"], topic=topic, user=admin_user)  # fmt: skip
    again = news_write(kind=NewsKind.UPDATE, subject=update, about=[campaign],
                       languages=["en"], topic=f"update:{update.pk}")  # fmt: skip
    assert again == first
    assert News.objects.count() == 1
    assert NewsAbout.objects.count() == 1
    assert first.subject == update
    assert first.languages == ["en", "ru"]
    assert first.created_by == admin_user
    assert list(first.about_objects(type(campaign))) == [campaign]
    assert list(News.objects.about(campaign)) == [first]
    assert first.about.get().content_type == ContentType.objects.get_for_model(campaign)


def test_the_languages_are_those_with_every_english_text_written():
    update = make_update(make_campaign(), title_be="", body_ru="")
    assert languages_written(update, ("title", "body")) == ["en"]
    update = make_update(make_campaign(), title_be="", body_be="")
    # A text not written in English asks nothing of the others.
    assert languages_written(update, ("title",)) == ["ru", "en"]
