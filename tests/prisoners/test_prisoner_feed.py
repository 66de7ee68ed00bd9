"""A person's Atom feed (/<lang>/prisoners/<slug>/feed/): follow someone without giving
an address. It carries the status history with each date as precise as its source, the
stories about the person and the news of the public appeals for them, and a feed reader
reads it without complaint."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import CampaignStatus
from core.feeds import feed_id
from prisoners.dates import Precision
from prisoners.models import StatusChange, StatusKind
from stories.models import Story
from tests import atom
from tests.factories import make_campaign, make_person, make_source, make_update
from tests.html import find_all, find_inside, text_of

pytestmark = pytest.mark.django_db

RECORDED = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.UTC)


def feed_of(client, person, language="en"):
    response = client.get(f"/{language}/prisoners/{person.slug}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert atom.problems(response.content) == []
    return response


def make_story(person, **fields):
    defaults = {"slug": f"story-{person.slug}", "title_en": "A story about them",
                "standfirst_en": "What happened.", "body_en": "Body.", "source": make_source(),
                "is_published": True, "published_on": datetime.date(2026, 3, 1)}  # fmt: skip
    story = Story.objects.create(**(defaults | fields))
    story.prisoners.set([person])
    return story


def test_it_carries_the_status_history_dated_as_precisely_as_the_source(client):
    with time_machine.travel(RECORDED, tick=False):
        person = make_person(name_en="Maryia Example", arrested_on=datetime.date(2020, 5, 29),
                             arrested_on_precision=Precision.MONTH,
                             sentenced_on=datetime.date(2021, 9, 6))  # fmt: skip
    arrest, sentence = person.status_changes.order_by("position")

    feed = atom.read(feed_of(client, person).content)

    by_link = {entry.link: entry for entry in feed.entries}
    arrested = by_link[f"http://testserver/en/prisoners/{person.slug}/#status-change-{arrest.pk}"]
    assert arrested.title == "Arrested: May 2020"
    assert "The source gives the month, not the day." in arrested.summary
    assert '<time datetime="2020-05">' in arrested.summary
    # Atom needs an instant: the time the site recorded the change, not a day the source
    # does not give.
    assert arrested.updated == RECORDED.isoformat()
    assert "2020-05-01" not in arrested.summary and "1 May" not in arrested.summary
    sentenced = by_link[
        f"http://testserver/en/prisoners/{person.slug}/#status-change-{sentence.pk}"
    ]
    assert sentenced.title == "Sentenced: Sept. 6, 2021"
    assert person.sources.first().title in sentenced.summary
    assert sentenced.id == feed_id(f"/en/prisoners/{person.slug}/#status-change-{sentence.pk}")


def test_a_change_the_source_does_not_date_says_so(client):
    person = make_person(status="released")
    released = person.status_changes.get(kind=StatusKind.RELEASED)

    feed = atom.read(feed_of(client, person).content)

    (entry,) = [e for e in feed.entries if e.link.endswith(f"#status-change-{released.pk}")]
    assert entry.title == "Released"
    assert "Date not given in the source." in entry.summary


@pytest.fixture
def not_kept(settings):
    """Every read draws the feed again (no page cache)."""
    settings.PAGE_CACHE_SECONDS = 0


def test_a_corrected_change_is_updated_and_keeps_its_identifier(client, not_kept):
    with time_machine.travel(RECORDED, tick=False):
        person = make_person()
    change = person.status_changes.first()
    first = atom.read(feed_of(client, person).content)
    later = RECORDED + datetime.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        change.note_en = "Held in Minsk."
        change.save()

    english = atom.read(client.get(f"/en/prisoners/{person.slug}/feed/").content)

    (entry,) = [e for e in english.entries if e.link.endswith(f"#status-change-{change.pk}")]
    assert entry.updated == later.isoformat()
    assert entry.published == RECORDED.isoformat()
    assert entry.id in [e.id for e in first.entries]


def test_it_carries_the_stories_and_the_news_of_the_public_appeals_for_the_person(client):
    person = make_person(name_en="Maryia Example")
    other = make_person()
    make_story(person, title_en="She wrote from prison")
    make_story(other, slug="elsewhere", title_en="Someone else's story")
    make_story(person, slug="draft", title_en="Not yet published", is_published=False)
    letter = make_source(title="Letter of the prosecutor")
    campaign = make_campaign(title="Free Maryia", prisoners=[person], status=CampaignStatus.WON,
                             delivered_on=datetime.date(2026, 2, 2), outcome="She was freed.",
                             response="We see no grounds.", response_on=datetime.date(2026, 1, 9),
                             response_on_precision=Precision.MONTH,
                             response_source=letter)  # fmt: skip
    make_update(campaign, title_en="Handed over").publish()
    make_update(campaign, title_en="Still a draft")
    draft = make_campaign(title="Draft appeal", prisoners=[person], status=CampaignStatus.DRAFT)
    make_update(draft, title_en="News of a draft").publish()

    feed = atom.read(feed_of(client, person).content)

    titles = [entry.title for entry in feed.entries]
    assert "She wrote from prison" in titles
    assert "Free Maryia: Handed over" in titles
    assert "Free Maryia: The response of The Prosecutor General of Belarus" in titles
    assert "Free Maryia: Outcome" in titles
    for absent in ("Someone else's story", "Not yet published", "Still a draft", "News of a draft"):
        assert not [title for title in titles if absent in title], absent
    (response,) = [e for e in feed.entries if "response" in e.title]
    assert "January 2026" in response.summary and "9 January" not in response.summary
    assert "Letter of the prosecutor" in response.summary
    (outcome,) = [e for e in feed.entries if e.title.endswith("Outcome")]
    assert "This appeal has succeeded." in outcome.summary
    assert "She was freed." in outcome.summary
    (story,) = [e for e in feed.entries if e.title == "She wrote from prison"]
    assert story.link == "http://testserver/en/stories/story-" + person.slug + "/"
    # Newest first, by the time each was recorded.
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)


@pytest.mark.parametrize(
    ("language", "arrested", "title"),
    [("en", "Arrested", "News of"), ("be", "Арышт", "Навіны:"), ("ru", "Арест", "Новости:")],
)
def test_its_entries_are_in_each_language(client, language, arrested, title):
    person = make_person(name_en="Ales Example", name_be="Алесь Прыклад", name_ru="Алесь Пример")
    make_story(person, title_en="English title", title_be="Беларуская назва",
               title_ru="Русское название")  # fmt: skip

    response = feed_of(client, person, language)
    feed = atom.read(response.content)

    assert atom.language(response.content) == language
    assert feed.feed.title.startswith(title)
    assert {"en": "Ales Example", "be": "Алесь Прыклад", "ru": "Алесь Пример"}[language] in (
        feed.feed.title
    )
    assert any(entry.title.startswith(arrested) for entry in feed.entries)
    story = {"en": "English title", "be": "Беларуская назва", "ru": "Русское название"}
    assert story[language] in [entry.title for entry in feed.entries]
    assert all(entry.link.startswith(f"http://testserver/{language}/") for entry in feed.entries)


@pytest.mark.parametrize(
    "fields",
    [{"is_published": False}, {"is_political_prisoner": False}],
    ids=["draft", "not a political prisoner"],
)
def test_a_person_not_public_has_no_feed(client, fields):
    person = make_person(**fields)
    assert client.get(f"/en/prisoners/{person.slug}/feed/").status_code == 404


@pytest.mark.parametrize("slug", ["nobody", "x" * 300, "statistics"])
def test_an_unknown_person_has_no_feed(client, slug):
    assert client.get(f"/en/prisoners/{slug}/feed/").status_code == 404


def queries_to_read(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_it_costs_the_same_queries_whatever_the_number_of_entries(client):
    few = make_person()
    make_story(few)
    make_update(make_campaign(prisoners=[few])).publish()
    many = make_person(status="released", sentence="5 years", place_of_detention="Colony 1")
    for number in range(6):
        StatusChange.objects.create(person=many, kind=StatusKind.TRANSFERRED).sources.set(
            [make_source()]
        )
        make_story(many, slug=f"story-{number}")
    for number in range(3):
        campaign = make_campaign(prisoners=[many], response=f"Answer {number}.",
                                 response_source=make_source(), outcome="Done.")  # fmt: skip
        for _ in range(3):
            make_update(campaign).publish()

    assert queries_to_read(client, f"/en/prisoners/{few.slug}/feed/") == 8
    assert queries_to_read(client, f"/en/prisoners/{many.slug}/feed/") == 8


def test_it_is_kept_as_a_public_page(client):
    person = make_person()
    response = client.get(f"/en/prisoners/{person.slug}/feed/")
    assert "public" in response["Cache-Control"]
    assert "s-maxage" in response["Cache-Control"]


def test_an_empty_feed_is_dated_by_the_person_not_the_clock(client, not_kept):
    person = make_person(status="unknown")
    first = client.get(f"/en/prisoners/{person.slug}/feed/").content
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        again = client.get(f"/en/prisoners/{person.slug}/feed/").content
    assert first == again
    assert atom.read(first).entries == []
    assert atom.problems(first) == []


def test_the_profile_links_its_feed_and_offers_it_beside_the_follow_form(client):
    person = make_person(name_en="Maryia Example")
    page = client.get(person.get_absolute_url()).content

    (head_link,) = find_all(
        page, "link", type="application/atom+xml", title="News of Maryia Example"
    )
    assert head_link.attrs["href"] == f"/en/prisoners/{person.slug}/feed/"
    offered = find_inside(page, {"tag": "section", "aria-labelledby": "follow-heading"}, "a")
    offered = [a for a in offered if a.attrs.get("type") == "application/atom+xml"]
    assert [a.attrs["href"] for a in offered] == [f"/en/prisoners/{person.slug}/feed/"]
    text = text_of(page)
    assert "Follow without giving an address" in text
    assert "we learn nothing about who reads it" in text
    assert "onion address" in text


def test_the_profile_offers_the_feed_in_belarusian(client):
    person = make_person()
    text = text_of(client.get(f"/be/prisoners/{person.slug}/").content)
    assert "Сачыць, не даючы адрасу" in text


def test_the_follow_page_offers_the_feed_before_the_email_form(client):
    person = make_person()
    page = client.get(f"/en/follow/{person.slug}/").content.decode()
    assert page.index(f'href="/en/prisoners/{person.slug}/feed/"') < page.index('id="follow-form"')
