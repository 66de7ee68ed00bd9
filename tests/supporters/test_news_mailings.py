"""supporters turns news rows into mailings, and adds its part to the other apps' admins
without replacing them. Synthetic data."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from campaigns.models import Campaign, CampaignUpdate
from news.models import NewsKind
from news.services import news_write
from prisoners import services as prisoner_services
from prisoners.dates import Precision
from prisoners.models import Person, StatusKind
from stories.models import Story
from supporters import services
from supporters.models import Delivery, Mailing
from tests.factories import (
    make_campaign,
    make_confirmed,
    make_follower,
    make_person,
    make_source,
    make_update,
    make_update_news,
)
from tests.html import find_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "module"),
    [
        (Person, "prisoners.admin"),
        (Story, "stories.admin"),
        (Campaign, "campaigns.admin"),
        (CampaignUpdate, "campaigns.admin"),
    ],
)
def test_each_model_keeps_the_admin_its_own_app_registers(model, module):
    assert type(admin.site._registry[model]).__module__ == module


def test_the_update_page_links_to_its_email_and_then_to_its_mailing(admin_client):
    update = make_update(make_campaign(title="Synthetic appeal"))
    make_confirmed(update.campaign, email="synthetic@example.org", wants_updates=True)
    page = admin_client.get(reverse("admin:campaigns_campaignupdate_change", args=[update.pk]))
    email = reverse("admin:supporters_mailing_update", args=[update.pk])
    assert find_all(page.content, "a", href=email)
    mailing = services.campaign_update_send(update=update)
    page = admin_client.get(reverse("admin:campaigns_campaignupdate_change", args=[update.pk]))
    assert not find_all(page.content, "a", href=email)
    assert find_all(
        page.content, "a", href=reverse("admin:supporters_mailing_change", args=[mailing.pk])
    )


def test_the_campaign_page_links_to_the_emails_of_its_response_and_outcome(admin_client):
    campaign = make_campaign(title="Synthetic appeal")
    page = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    for kind in ("response", "outcome"):
        url = reverse("admin:supporters_mailing_announce", args=[campaign.pk, kind])
        assert find_all(page.content, "a", href=url)


def test_news_about_two_campaigns_reaches_a_mailbox_once():
    first, second = make_campaign(), make_campaign()
    for campaign in (first, second):
        make_confirmed(campaign, email="both@example.org", wants_updates=True)
    make_confirmed(second, email="one@example.org", wants_updates=True)
    make_confirmed(second, email="quiet@example.org")
    news = news_write(kind=NewsKind.UPDATE, subject=make_update(first), about=[first, second],
                      languages=["en"], topic="update:synthetic")  # fmt: skip
    recipients = list(services.news_recipients(news))
    assert len(recipients) == 2
    assert len({row["recipient_id"] for row in recipients}) == 2


def test_the_news_of_followed_people_goes_to_their_followers_once():
    first, second = make_person(), make_person()
    make_follower(first, email="both@example.org")
    make_follower(second, email="both@example.org")
    make_follower(second, email="unconfirmed@example.org", confirmed=False)
    story = Story.objects.create(slug="synthetic", title_en="Synthetic", standfirst_en="S.",
                                 body_en="T.", source=first.sources.get())  # fmt: skip
    news = news_write(kind=NewsKind.STORY, subject=story, about=[first, second],
                      languages=["en"], topic=f"story:{story.pk}")  # fmt: skip
    assert len(list(services.news_recipients(news))) == 1
    mailing = services.news_announce(news=news)
    assert mailing.news == news
    assert mailing.recipients == 1
    assert services.news_announce(news=news) is None
    assert Mailing.objects.count() == 1


def test_news_nobody_follows_starts_no_mailing():
    update = make_update(make_campaign())
    assert services.news_announce(news=make_update_news(update)) is None
    assert not Mailing.objects.exists()


def test_a_news_row_links_to_its_mailing_or_to_the_page_that_sends_it(admin_client):
    update = make_update(make_campaign(title="Synthetic appeal"))
    news = make_update_news(update)
    page = admin_client.get(reverse("admin:news_news_change", args=[news.pk]))
    assert find_all(
        page.content, "a", href=reverse("admin:supporters_mailing_update", args=[update.pk])
    )
    assert not find_all(page.content, "input", type="submit")


def test_a_status_change_reaches_a_signer_who_also_follows_once(mailoutbox):
    """The issue's case: a supporter who signed an appeal for a person with updates and
    also follows that person hears of the person's new status once; a signer of the
    appeal who asked for updates hears of it too, and one who did not does not."""
    person = make_person()
    campaign = make_campaign()
    campaign.prisoners.add(person)
    make_confirmed(campaign, email="both@example.org", wants_updates=True)
    make_follower(person, email="Both+news@example.org")
    make_confirmed(campaign, email="signer@example.org", wants_updates=True)
    make_confirmed(campaign, email="quiet@example.org")
    changes = prisoner_services.status_changes_add(
        people=Person.objects.filter(pk=person.pk), kind=StatusKind.RELEASED,
        date=datetime.date(2026, 11, 20), date_precision=Precision.DAY, source=make_source(),
    )  # fmt: skip
    (news,) = prisoner_services.status_changes_news_write(changes=changes)
    mailing = services.news_announce(news=news)
    assert mailing.recipients == 2
    assert Delivery.objects.filter(mailing=mailing).values("supporter").distinct().count() == 2
