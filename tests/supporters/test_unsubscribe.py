"""Unsubscribing needs no sign-in, works with one POST (the page's button or a mail
client's RFC 8058 one-click), and says nothing about any other campaign or person."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from audience.models import Supporter
from core.email_addresses import digest
from supporters import tokens
from supporters.models import Delivery
from tests.factories import make_campaign, make_confirmed, make_follower, make_person
from tests.html import find_all, text_of

pytestmark = pytest.mark.django_db

ONE_CLICK = "List-Unsubscribe=One-Click"


def unsubscribe_url(kind, row, language="en") -> str:
    """The link of a signature, or of a follow (a subscription: its supporter's address)."""
    email = row.supporter.email if kind == tokens.SUBSCRIPTION else row.email
    return f"/{language}/unsubscribe/{tokens.unsubscribe_token(kind, row.public_id, email)}/"


def one_click(client, url):
    """What a mail client posts: cross-site, no cookie, no CSRF token."""
    client.cookies.clear()
    return client.post(
        url, ONE_CLICK, content_type="application/x-www-form-urlencoded",
        headers={"Sec-Fetch-Site": "cross-site"},
    )  # fmt: skip


def test_the_page_asks_first_and_a_get_changes_nothing(client, campaign):
    signature = make_confirmed(campaign, wants_updates=True)
    response = client.get(unsubscribe_url(tokens.SIGNATURE, signature))
    assert response.status_code == 200
    assert "Free Maria Kalesnikava" in response.content.decode()
    assert b"csrfmiddlewaretoken" not in response.content
    signature.refresh_from_db()
    assert signature.wants_updates


def test_one_post_stops_one_campaigns_emails_and_nothing_else(client, campaign):
    other = make_campaign(title="Free Ihar Losik")
    signature = make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    elsewhere = make_confirmed(other, email="anna@example.org", wants_updates=True)
    response = one_click(client, unsubscribe_url(tokens.SIGNATURE, signature))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Free Maria Kalesnikava" in page
    assert "Ihar Losik" not in page
    signature.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (signature.wants_updates, elsewhere.wants_updates) == (False, True)
    # Again: harmless, same answer.
    assert one_click(client, unsubscribe_url(tokens.SIGNATURE, signature)).status_code == 200


def test_a_follower_who_stops_is_erased_with_what_was_sent_to_them(client, db):
    person = make_person(name_en="Ales Bialiatski")
    follower = make_follower(person)
    url = unsubscribe_url(tokens.FOLLOWER, follower)
    page = client.get(url).content.decode()
    assert "Ales Bialiatski" in page
    data = client.get(url + "data.json")
    assert data.status_code == 200
    assert data.json()["email"] == follower.supporter.email
    assert data.json()["person_followed"] == "Ales Bialiatski"
    assert one_click(client, url).status_code == 200
    assert not Supporter.objects.exists()
    assert not Delivery.objects.exists()
    assert client.get(url + "data.json").status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJ4IjoxfQ:1abc:forged"])
def test_a_made_up_or_damaged_link_gets_a_clear_page_never_a_500(client, db, token):
    for method in (client.get, client.post):
        response = method(f"/en/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "not valid" in response.content.decode()


def test_a_link_to_an_address_that_has_changed_stops_nothing(client, campaign):
    signature = make_confirmed(campaign, email="old@example.org", wants_updates=True)
    url = unsubscribe_url(tokens.SIGNATURE, signature)
    # As every save does, the new address comes with its digest (what links are checked
    # against: the public host cannot compute one).
    type(signature).objects.filter(pk=signature.pk).update(
        email="new@example.org", email_digest=digest("new@example.org")
    )
    assert one_click(client, url).status_code == 200
    signature.refresh_from_db()
    assert signature.wants_updates


def test_the_token_is_kept_out_of_the_logs():
    from core.redaction import redact

    line = '"POST /ru/unsubscribe/WyJzIiwiMSJd:1abc:xyz/ HTTP/1.1" 200'
    assert "WyJz" not in redact(line)
    assert "WyJz" not in redact("GET /be/confirm-follow/WyJzIiwiMSJd:1abc:xyz/")


def test_the_page_costs_one_query(client, campaign, django_assert_num_queries):
    signature = make_confirmed(campaign, wants_updates=True)
    url = unsubscribe_url(tokens.SIGNATURE, signature)
    with django_assert_num_queries(1):  # the signature, with its campaign
        assert client.get(url).status_code == 200


LATER = datetime.timedelta(days=31)


def test_an_old_data_link_shows_nothing_about_the_follow(client, db):
    """The download holds the address: a link found in an old mailbox or a forwarded
    email stops giving it after SIGNER_LINK_DAYS, as a signer's does."""
    follower = make_follower(make_person(name_en="Ales Bialiatski"), email="olga@example.org")
    url = unsubscribe_url(tokens.FOLLOWER, follower)
    assert client.get(url + "data.json").status_code == 200
    with time_machine.travel(timezone.now() + LATER):
        response = client.get(url + "data.json")
        assert response.status_code == 410
        assert "olga@example.org" not in response.content.decode()
        assert "This link has expired" in text_of(response.content)
        # Stopping the emails is never refused (RFC 8058 clients post to old links).
        assert one_click(client, url).status_code == 200
    assert not Supporter.objects.exists()


def test_an_old_data_link_emails_fresh_links_to_the_follower_only(client, db, settings):
    settings.SIGNER_LINK_DAYS = 30
    follower = make_follower(make_person(name_en="Ales Bialiatski"), email="olga@example.org")
    gone = make_follower(make_person(), email="gone@example.org")
    url = unsubscribe_url(tokens.FOLLOWER, follower) + "data.json"
    gone_url = unsubscribe_url(tokens.FOLLOWER, gone) + "data.json"
    gone.supporter.delete()
    with time_machine.travel(timezone.now() + LATER, tick=False):
        page = client.get(url)
        (form,) = [form for form in find_all(page.content, "form") if "new links" in form.text]
        assert form.attrs["method"] == "post"
        renewed, again, for_nobody = client.post(url), client.post(url), client.post(gone_url)
        assert renewed.status_code == again.status_code == for_nobody.status_code == 200
        assert text_of(renewed.content) == text_of(again.content) == text_of(for_nobody.content)
        assert "Check your email" in text_of(renewed.content)
        # One email, to the follower's address, however often it is asked for.
        (message,) = mail.outbox
        assert message.to == ["olga@example.org"]
        fresh = next(line for line in message.body.splitlines() if "data.json" in line)
        data = client.get(fresh.strip().removeprefix("http://127.0.0.1:8000"))
        assert data.status_code == 200
        assert data.json()["email"] == "olga@example.org"


def test_a_follower_who_also_asked_for_a_campaigns_news_keeps_only_that(client, campaign):
    from audience.models import Subscription

    follower = make_follower(make_person(name_en="Ales Bialiatski"), email="anna@example.org")
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    response = one_click(client, unsubscribe_url(tokens.FOLLOWER, follower))
    assert "You no longer follow Ales Bialiatski." in text_of(response.content)
    assert "address is erased" not in text_of(response.content)
    (left,) = Subscription.objects.select_related("supporter")
    assert left.target == campaign and left.supporter.email == "anna@example.org"
