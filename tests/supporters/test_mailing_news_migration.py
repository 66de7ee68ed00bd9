"""supporters 0002-0004: the mailings made before it get the news they announced (kind,
subject, about whom, topic, languages), and going back gives them their five columns,
kind and topic again. Synthetic data."""

import pytest

from campaigns.models import Campaign
from news.models import News, NewsKind
from prisoners.models import Person
from stories.models import Story
from supporters.models import Mailing
from tests.campaigns.test_signer_data_at_rest import migrate, migrate_to_the_latest
from tests.factories import make_campaign, make_person, make_update

BEFORE = [("supporters", "0001_initial")]
AFTER = [("supporters", "0004_mailing_news_only")]


@pytest.mark.django_db(transaction=True)
def test_each_mailing_gets_its_news_and_back():
    campaign = make_campaign(title="Synthetic appeal")
    update = make_update(campaign)
    person = make_person(name_en="Synthetic Person")
    change = person.status_changes.first()
    story = Story.objects.create(slug="synthetic", title_en="Synthetic", standfirst_en="S.",
                                 body_en="T.", source=person.sources.get())  # fmt: skip
    story.prisoners.set([person])
    gone = make_update(campaign)
    gone_id = gone.pk
    gone.delete()

    old = migrate(BEFORE)
    OldMailing = old.get_model("supporters", "Mailing")
    content = {"en": {"subject": "S", "body": "B"}, "ru": {"subject": "S", "body": "B"}}
    rows = {
        "update": {"kind": "update", "topic": f"update:{update.pk}", "campaign_id": campaign.pk,
                       "update_id": update.pk},
        "response": {"kind": "response", "topic": f"campaign:{campaign.pk}:response",
                         "campaign_id": campaign.pk},
        "status": {"kind": "status_change", "topic": f"status-change:{change.pk}",
                       "person_id": person.pk, "status_change_id": change.pk},
        "story": {"kind": "story", "topic": f"story:{story.pk}", "story_id": story.pk},
        # Its update deleted since (the column was emptied): the topic still names it.
        "gone": {"kind": "update", "topic": f"update:{gone_id}", "campaign_id": campaign.pk},
    }  # fmt: skip
    made = {
        name: OldMailing.objects.create(subject=name, content=content, **fields).pk
        for name, fields in rows.items()
    }

    migrate(AFTER)
    migrate_to_the_latest()

    news = {name: Mailing.objects.get(pk=pk).news for name, pk in made.items()}
    assert News.objects.count() == 5
    assert (news["update"].kind, news["update"].subject) == (NewsKind.UPDATE, update)
    assert news["update"].topic == f"update:{update.pk}"
    assert news["update"].languages == ["en", "ru"]
    assert list(news["update"].about_objects(Campaign)) == [campaign]
    assert news["response"].subject == campaign
    assert news["status"].subject == change
    assert list(news["status"].about_objects(Person)) == [person]
    assert news["story"].subject == story
    assert list(news["story"].about_objects(Person)) == [person]
    assert news["gone"].subject_id == gone_id and news["gone"].subject is None
    assert list(news["gone"].about_objects(Campaign)) == [campaign]

    # And back: each mailing as it was.
    old = migrate(BEFORE)
    OldMailing = old.get_model("supporters", "Mailing")
    for name, fields in rows.items():
        mailing = OldMailing.objects.get(pk=made[name])
        expected = {"campaign_id": None, "update_id": None, "person_id": None,
                    "status_change_id": None, "story_id": None} | fields  # fmt: skip
        assert {key: getattr(mailing, key) for key in expected} == expected, name
    migrate_to_the_latest()
    assert Mailing.objects.count() == 5
