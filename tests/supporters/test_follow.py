"""Following a person with an email address alone: double opt-in, the same answer for
every address, no per-visitor token in the cached profile, and an email to the
followers, in each one's language, when a dated status change or a story about the
person is added in the admin."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from audience.models import Subscription, Supporter
from prisoners.dates import Precision
from prisoners.models import Status, StatusChange, StatusKind
from stories.models import Story
from supporters.models import Mailing
from tests.factories import (
    emailed_link,
    make_follower,
    make_person,
    make_source,
    staff_with,
)
from tests.html import find_all

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
NONCE = re.compile(r'nonce="[^"]*"')


@pytest.fixture
def ales(db):
    """A published profile with no status history yet."""
    return make_person(name_en="Ales Bialiatski", name_ru="Алесь Беляцкий",
                       name_be="Алесь Бяляцкі", slug="ales-bialiatski",
                       status=Status.UNKNOWN)  # fmt: skip


def follow(client, person, email="anna@example.org", language="en", **headers):
    return client.post(
        f"/{language}/follow/{person.slug}/", {"email": email, "website": ""},
        headers=SAME_ORIGIN | headers,
    )  # fmt: skip


def test_the_profile_offers_the_form_without_a_per_visitor_token(client, ales):
    first = client.get(ales.get_absolute_url())
    (form,) = find_all(first.content, "form", id="follow-form")
    assert form.attrs["action"] == "/en/follow/ales-bialiatski/"
    assert b"csrfmiddlewaretoken" not in first.content
    assert "csrftoken" not in first.cookies
    client.cookies.clear()
    second = client.get(ales.get_absolute_url())
    # The same bytes for everyone, but for the CSP nonce of the page's one script.
    assert NONCE.sub("", second.content.decode()) == NONCE.sub("", first.content.decode())


def test_following_stores_nothing_confirmed_until_the_owner_clicks(client, ales):
    response = follow(client, ales)
    assert response.status_code == 302
    assert response["Location"] == "/en/follow/ales-bialiatski/sent/"
    assert "Check your email" in client.get(response["Location"]).content.decode()
    follower = Subscription.objects.get()
    assert not follower.is_confirmed
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Ales Bialiatski" in message.subject

    link = emailed_link("confirm-follow")
    asked = client.get(link)  # a mail scanner opening the link changes nothing
    assert "Ales Bialiatski" in asked.content.decode()
    follower.refresh_from_db()
    assert not follower.is_confirmed
    confirmed = client.post(link, headers=SAME_ORIGIN)
    assert confirmed.status_code == 200
    follower.refresh_from_db()
    assert follower.is_confirmed
    assert client.post(link, headers=SAME_ORIGIN).status_code == 200  # twice is harmless


def test_the_answer_is_the_same_for_a_new_and_a_known_address(client, ales):
    make_follower(ales, email="known@example.org")
    new = follow(client, ales, email="new@example.org")
    known = follow(client, ales, email="known@example.org")
    assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
    # Only the mailbox that is not yet following gets anything.
    assert [message.to for message in mail.outbox] == [["new@example.org"]]


def test_asking_again_sends_the_link_again_at_most_once_in_ten_minutes(client, ales):
    for _ in range(3):
        follow(client, ales, email="again@example.org")
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == Supporter.objects.count() == 1


def test_a_post_from_another_site_is_refused(client, ales):
    response = follow(client, ales, **{"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert not Supporter.objects.exists()


def test_a_bad_address_gets_a_clear_message(client, ales):
    response = follow(client, ales, email="not an address")
    assert response.status_code == 422
    assert "does not look like an email address" in response.content.decode()
    assert not Supporter.objects.exists()


def test_a_draft_profile_cannot_be_followed(client, db):
    draft = make_person(is_published=False, slug="draft-person")
    assert follow(client, draft).status_code == 404
    assert not Supporter.objects.exists()


def test_the_language_of_the_page_is_the_language_of_the_emails(client, ales):
    follow(client, ales, email="ivan@example.org", language="ru")
    assert Supporter.objects.get().language == "ru"
    assert "Алесь Беляцкий" in mail.outbox[0].subject


def test_too_many_attempts_are_answered_with_a_wait(client, ales, settings):
    from supporters import views

    views.FOLLOW_PER_IP = views.rate_limits.Limit(2, 600)
    try:
        for number in range(2):
            assert follow(client, ales, email=f"a{number}@example.org").status_code == 302
        response = follow(client, ales, email="a3@example.org")
    finally:
        views.FOLLOW_PER_IP = views.rate_limits.Limit.parse(settings.RATE_LIMIT_FOLLOW_PER_IP)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_one_ipv6_64_is_one_address_for_the_limit(client, ales, monkeypatch):
    from supporters import views

    monkeypatch.setattr(views, "FOLLOW_PER_IP", views.rate_limits.Limit(2, 600))

    def follow_from(ip: str, email: str):
        return client.post(f"/en/follow/{ales.slug}/", {"email": email, "website": ""},
                           headers=SAME_ORIGIN, REMOTE_ADDR=ip)  # fmt: skip

    for number in range(2):
        response = follow_from(f"2001:db8:5:5::{number + 1}", f"a{number}@example.org")
        assert response.status_code == 302
    assert follow_from("2001:db8:5:5:1::9", "a3@example.org").status_code == 429
    assert follow_from("2001:db8:5:6::1", "a4@example.org").status_code == 302


def test_the_follow_form_works_with_htmx(client, ales):
    response = follow(client, ales, **{"HX-Request": "true"})
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert b"<html" not in response.content


# -- What followers hear -------------------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return staff_with(django_user_model, "editor", "view_person", "change_person",
                      "add_statuschange", "change_statuschange", "view_statuschange")  # fmt: skip


def add_status_change_inline(client, person, *, kind, date="2026-11-20", precision="day"):
    """Post the person's admin form (a person with no record yet) with one status change
    added inline, as an editor does."""
    from tests.prisoners.test_admin import new_person

    source = person.sources.get()
    data = new_person(
        name_en=person.name_en, name_be=person.name_be, name_ru=person.name_ru,
        slug=person.slug, other_spellings="", sources=[source.pk],
    ) | {
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-0-person": str(person.pk),
        "status_changes-0-position": "0",
        "status_changes-0-kind": kind,
        "status_changes-0-date": date,
        "status_changes-0-date_precision": precision,
        "status_changes-0-sources": str(source.pk),
    }  # fmt: skip
    return client.post(reverse("admin:prisoners_person_change", args=[person.pk]), data)


def test_a_new_dated_status_change_emails_the_followers_in_their_language(
    client, ales, editor, smtp_server, django_capture_on_commit_callbacks
):
    make_follower(ales, email="anna@example.org", language="en")
    make_follower(ales, email="ivan@example.org", language="ru")
    make_follower(ales, email="pending@example.org", confirmed=False)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = add_status_change_inline(client, ales, kind=StatusKind.RELEASED)
    assert response.status_code == 302, response.content.decode()[:3000]
    (en,) = smtp_server.to("anna@example.org")
    (ru,) = smtp_server.to("ivan@example.org")
    assert smtp_server.to("pending@example.org") == []
    assert en["Subject"] == "Ales Bialiatski: Released"
    assert "/en/prisoners/ales-bialiatski/" in en.get_content()
    assert ru["Subject"].startswith("Алесь Беляцкий")
    assert en["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_undated_status_change_emails_nobody(
    client, ales, editor, smtp_server, django_capture_on_commit_callbacks
):
    make_follower(ales)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        add_status_change_inline(client, ales, kind=StatusKind.TRANSFERRED, date="",
                                 precision=Precision.UNKNOWN)  # fmt: skip
    assert StatusChange.objects.filter(kind=StatusKind.TRANSFERRED).exists()
    assert smtp_server.messages == []


def test_the_bulk_status_change_emails_each_persons_followers(
    client, ales, editor, smtp_server, django_capture_on_commit_callbacks
):
    other = make_person(slug="other-person")
    make_follower(ales, email="anna@example.org")
    make_follower(other, email="ivan@example.org")
    client.force_login(editor)
    source = make_source()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:prisoners_person_changelist"),
            {"action": "add_status_change", "_selected_action": [ales.pk, other.pk],
             "apply": "1", "kind": StatusKind.RELEASED, "release_kind": "",
             "date": "2026-11-20", "date_precision": Precision.DAY, "source": source.pk,
             "note": ""},
        )  # fmt: skip
    assert response.status_code == 302
    assert len(smtp_server.to("anna@example.org")) == 1
    assert len(smtp_server.to("ivan@example.org")) == 1
    assert Mailing.objects.count() == 2


def test_a_newly_published_story_emails_each_address_once(
    admin_client, ales, smtp_server, django_capture_on_commit_callbacks
):
    other = make_person(slug="other-person")
    make_follower(ales, email="both@example.org")
    make_follower(other, email="both@example.org")
    make_follower(other, email="other@example.org", language="be")
    story = Story.objects.create(
        slug="released", title_en="Two prisoners released", standfirst_en="They are free.",
        body_en="Text.", source=make_source(), is_published=False,
        published_on=datetime.date(2026, 11, 1),
    )  # fmt: skip
    story.prisoners.set([ales, other])
    data = {
        "title_en": story.title_en, "title_be": "", "title_ru": "", "slug": story.slug,
        "standfirst_en": story.standfirst_en, "standfirst_be": "", "standfirst_ru": "",
        "body_en": "Text.", "body_be": "", "body_ru": "", "published_on": "2026-11-01",
        "source": story.source_id, "prisoners": [ales.pk, other.pk], "is_published": "on",
    }  # fmt: skip
    url = reverse("admin:stories_story_change", args=[story.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(smtp_server.to("both@example.org")) == 1
    assert len(smtp_server.to("other@example.org")) == 1
    assert smtp_server.messages[0]["Subject"] == "Two prisoners released"
    # Saving it again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, data)
    assert len(smtp_server.messages) == 2


def test_no_page_shows_how_many_follow_a_person(client, ales):
    for _ in range(3):
        make_follower(ales)
    page = client.get(ales.get_absolute_url()).content.decode()
    assert "3" not in page.split('id="follow-heading"')[1].split("</section>")[0]


def test_the_follow_page_costs_one_query(client, ales, django_assert_num_queries):
    with django_assert_num_queries(1):  # the person
        assert client.get("/en/follow/ales-bialiatski/").status_code == 200
