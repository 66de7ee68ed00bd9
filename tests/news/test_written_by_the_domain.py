"""The domain apps write their news from their own services and admins: a dated status
change of a public profile, a story that becomes readable, a campaign's update, response
and outcome. The case import writes none. Synthetic data unless it is the seed's."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignStatus
from news.models import News, NewsKind
from prisoners import services as prisoner_services
from prisoners.dates import Precision
from prisoners.models import Person, StatusKind
from stories import services as story_services
from stories.models import Story
from tests.factories import make_campaign, make_person, make_source, make_update
from tests.prisoners.test_import import GOOD, import_file, vocabulary  # noqa: F401

pytestmark = pytest.mark.django_db


def add_change(people, *, date=datetime.date(2026, 11, 20), precision=Precision.DAY):
    return prisoner_services.status_changes_add(
        people=Person.objects.filter(pk__in=[p.pk for p in people]), kind=StatusKind.RELEASED,
        date=date, date_precision=precision, source=make_source(),
    )  # fmt: skip


def test_a_dated_change_of_a_public_profile_is_news_about_that_person():
    public = make_person(name_en="Synthetic Public")
    draft = make_person(name_en="Synthetic Draft", is_published=False)
    changes = add_change([public, draft])
    (news,) = prisoner_services.status_changes_news_write(changes=changes)
    assert news.kind == NewsKind.STATUS_CHANGE
    assert news.subject.person == public
    assert list(news.about_objects(Person)) == [public]
    assert news.topic == f"status-change:{news.subject_id}"
    assert prisoner_services.status_changes_news_write(changes=changes) == [news]


def test_an_undated_change_is_no_news():
    changes = add_change([make_person()], date=None, precision=Precision.UNKNOWN)
    assert prisoner_services.status_changes_news_write(changes=changes) == []
    assert not News.objects.exists()


def test_the_case_import_writes_no_news(vocabulary):  # noqa: F811
    import_file(vocabulary, GOOD)
    Person.objects.update(is_published=True, is_political_prisoner=True)
    import_file(
        vocabulary, GOOD.replace("Penal colony No. 9,\n", "Penal colony No. 9,2025-09-11\n")
    )
    assert Person.objects.get(external_id="v-1").status_changes.filter(kind=StatusKind.RELEASED)
    assert not News.objects.exists()


def test_a_story_is_news_once_it_can_be_read():
    person = make_person(name_en="Synthetic Person")
    hidden = make_person(name_en="Synthetic Hidden", is_published=False)
    story = Story.objects.create(
        slug="synthetic", title_en="Synthetic story", standfirst_en="Synthetic.", body_en="Text.",
        source=make_source(), is_published=False, published_on=datetime.date(2026, 11, 1),
    )  # fmt: skip
    story.prisoners.set([person, hidden])
    assert story_services.story_news_write(story=story) is None
    Story.objects.filter(pk=story.pk).update(is_published=True)
    news = story_services.story_news_write(story=story)
    assert (news.kind, news.topic, news.subject) == (NewsKind.STORY, f"story:{story.pk}", story)
    assert list(news.about_objects(Person)) == [person]
    assert news.languages == ["en"]


def test_publishing_an_update_from_its_admin_writes_its_news(admin_client):
    campaign = make_campaign(title="Synthetic appeal")
    update = make_update(campaign)
    admin_client.post(
        reverse("admin:campaigns_campaignupdate_changelist"),
        {"action": "publish", "_selected_action": [update.pk]},
    )
    news = News.objects.get()
    assert (news.kind, news.topic, news.subject) == (NewsKind.UPDATE, f"update:{update.pk}", update)
    assert list(news.about_objects(Campaign)) == [campaign]
    assert news.languages == ["be", "ru", "en"]
    assert news.created_by is not None


def test_a_response_and_each_outcome_are_news_once_recorded(admin_client):
    campaign = make_campaign(title="Synthetic appeal")
    assert campaign_services.campaign_news_write(campaign=campaign) == []
    campaign.response_en = "Synthetic response."
    campaign.save()
    (response,) = campaign_services.campaign_news_write(campaign=campaign)
    assert (response.kind, response.topic) == (
        NewsKind.RESPONSE,
        f"campaign:{campaign.pk}:response",
    )
    admin_client.post(
        reverse("admin:campaigns_campaign_changelist"),
        {"action": "mark_won", "_selected_action": [campaign.pk]},
    )
    outcome = News.objects.get(kind=NewsKind.OUTCOME)
    assert outcome.topic == f"campaign:{campaign.pk}:outcome:{CampaignStatus.WON}:-"
    assert outcome.subject == campaign
    assert News.objects.count() == 2


def test_recording_a_response_in_the_campaign_form_writes_its_news(admin_client):
    from tests.campaigns.test_admin import form_data

    campaign = make_campaign(title="Synthetic appeal")
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    data = form_data(admin_client.get(url).content)
    admin_client.post(url, data)
    assert not News.objects.exists()  # saved without a response: no news
    data["response_en"] = ["Synthetic response."]
    data["response_source"] = [str(make_source().pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    news = News.objects.get()
    assert (news.kind, news.subject, news.languages) == (NewsKind.RESPONSE, campaign, ["en"])
    admin_client.post(url, data)
    assert News.objects.count() == 1
