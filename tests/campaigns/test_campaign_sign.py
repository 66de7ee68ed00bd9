"""Signing an appeal: the form, the answer (the same whether or not the address had
signed), the email, and everything that must not be stored."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from campaigns.models import CampaignStatus, CommentStatus, Signature, email_digest
from tests.factories import links_in, make_campaign, sign, sign_urls
from tests.html import find_all, text_of


def test_it_redirects_to_the_thanks_page_and_sends_one_email(client, campaign):
    response = sign(client, campaign, email="anna@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/en/campaigns/free-maria/thanks/"
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Please confirm your signature" in message.subject
    confirm, withdraw = (
        [link for link in links_in(message) if f"/en/campaigns/{kind}/" in link]
        for kind in ("confirm", "withdraw")
    )
    assert len(confirm) == 1
    assert len(withdraw) == 1
    thanks = client.get(response["Location"])
    assert "Check your email" in text_of(thanks.content)


def test_it_stores_an_unconfirmed_signature(client, campaign):
    sign(
        client,
        campaign,
        name="  Anna   Kowalska ",
        email="Anna@Example.org",
        comment="Free them",
        show_name_publicly="on",
    )
    signature = Signature.objects.get()
    assert signature.campaign == campaign
    assert signature.name == "Anna Kowalska"
    assert signature.email == "Anna@Example.org"
    assert signature.email_digest == email_digest("anna@example.org")
    assert signature.country.code == "PL"
    assert signature.comment_status == CommentStatus.PENDING
    assert signature.show_name_publicly is True
    assert signature.wants_updates is False
    assert signature.confirmed_at is None
    assert signature.language == "en"


def test_it_answers_htmx_with_a_fragment(client, campaign):
    response = sign(client, campaign, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check your email" in html
    assert "<html" not in html
    assert find_all(html, "div", id="sign-form")
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == 1


INVALID = [
    pytest.param("name", "", "Please write your name.", id="empty-name"),
    pytest.param("email", "anna.example.org", "does not look like an email", id="bad-email"),
    pytest.param("email", "", "we need it to confirm", id="empty-email"),
    pytest.param("name", "A" * 101, "under 100 characters", id="long-name"),
    pytest.param("name", "Anna <b>K</b>", "or < > characters", id="markup-name"),
    # Phishing in the organisation's words: a domain that mail clients make a link.
    pytest.param(
        "name",
        "URGENT Your bank account is locked go to evil-bank.example/reset",
        "without links, web or email addresses",
        id="domain-in-name",
    ),
    pytest.param("name", "Anna pay.me", "web or email addresses", id="bare-domain-name"),
    pytest.param("name", "write to anna@evil.example", "email addresses", id="address-name"),
    pytest.param("name", "Anna http://spam.example", "without links", id="link-name"),
    pytest.param("name", "<script>alert(1)</script>", "without links", id="script-name"),
    pytest.param("name", "1234 5678", "in letters", id="no-letters"),
    pytest.param("name", "Anna\x07Kowalska", "control characters", id="bell-in-name"),
    pytest.param("name", "Anna\u202eKowalska", "control characters", id="bidi-in-name"),
    pytest.param("name", "Anna\x00Kowalska", "Null characters", id="nul-in-name"),
    pytest.param("comment", "Free\x1bthem", "control characters", id="escape-in-comment"),
    pytest.param("comment", "Free\x00them", "Null characters", id="nul-in-comment"),
    pytest.param("comment", "See https://spam.example", "without links", id="link-comment"),
    pytest.param("comment", "x" * 501, "under 500 characters", id="long-comment"),
    pytest.param("country", "XX", "choose a country from the list", id="unknown-country"),
    pytest.param("country", "", "Please choose your country.", id="no-country"),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_it_refuses_invalid_input_next_to_the_field(client, campaign, htmx, field, value, message):
    response = sign(client, campaign, htmx=htmx, **{field: value})
    assert response.status_code == 422
    html = response.content.decode()
    (errors,) = find_all(html, "ul", id=f"id_{field}_error")
    assert message in errors.text
    assert find_all(html, "form", id="sign-form")
    assert ("<html" in html) is not htmx
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_it_keeps_what_was_typed_when_refusing(client, campaign):
    html = sign(client, campaign, name="", email="anna@example.org", comment="Free them").content
    assert find_all(html, "input", name="email")[0].attrs["value"] == "anna@example.org"
    assert find_all(html, "textarea", name="comment")[0].text.strip() == "Free them"


def test_it_answers_an_empty_post_with_the_form(client, campaign):
    response = client.post(sign_urls(campaign)["sign"])
    assert response.status_code == 422
    for field in ("name", "email", "country"):
        assert find_all(response.content, "ul", id=f"id_{field}_error"), field
    assert Signature.objects.count() == 0


def test_it_only_takes_posts(client, campaign):
    assert client.get(sign_urls(campaign)["sign"]).status_code == 405


def test_it_stores_nothing_when_the_honeypot_is_filled(client, campaign):
    response = sign(client, campaign, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == "/en/campaigns/free-maria/thanks/"
    htmx_response = sign(client, campaign, htmx=True, website="cheap pills")
    assert htmx_response.status_code == 200
    assert "Check your email" in htmx_response.content.decode()
    assert Signature.objects.count() == 0
    assert mail.outbox == []


def test_it_answers_a_second_signature_like_the_first_and_reminds_the_mailbox(client, campaign):
    first = sign(client, campaign, htmx=True, email="anna@example.org")
    again = sign(client, campaign, htmx=True, email="Anna@Example.org", name="Someone Else")
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert Signature.objects.count() == 1
    assert Signature.objects.get().name == "Anna Kowalska"
    confirmation, reminder = mail.outbox
    assert reminder.to == ["anna@example.org"]
    assert "already signed" in reminder.subject
    assert "Please confirm" in confirmation.subject


def test_it_sends_at_most_one_reminder_in_ten_minutes(client, campaign):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign(client, campaign, email="anna@example.org")
        page_answer = sign(client, campaign, email="Anna@Example.org")
        tagged = sign(client, campaign, email="anna+campaign@example.org")
        assert page_answer.status_code == tagged.status_code == 302
        assert page_answer["Location"] == tagged["Location"]
        assert Signature.objects.count() == 1
        assert [m.subject.startswith("You have already signed") for m in mail.outbox] == [
            False,
            True,
        ]
        traveller.shift(datetime.timedelta(minutes=11))
        sign(client, campaign, email="anna+campaign@example.org")
        assert len(mail.outbox) == 3
        assert mail.outbox[2].to == ["anna@example.org"]
        assert "already signed" in mail.outbox[2].subject


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize(
    "fields",
    [
        {"status": CampaignStatus.CLOSED},
        {"status": CampaignStatus.WON},
        {"closes_at": timezone.now() - datetime.timedelta(hours=1)},
    ],
    ids=["closed", "won", "past-deadline"],
)
def test_it_refuses_signatures_on_a_closed_campaign(client, db, htmx, fields):
    campaign = make_campaign(**fields)
    response = sign(client, campaign, htmx=htmx)
    assert response.status_code == 409
    assert "no longer takes signatures" in response.content.decode()
    assert Signature.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("won", [False, True], ids=["closed", "won"])
def test_closing_a_campaign_stops_signing_at_once_though_it_is_cached(client, campaign, won):
    """The sign view reads the campaign from the cache; closing it (as the admin's
    action does) must not leave a few more seconds of signing."""
    assert sign(client, campaign, email="first@example.org").status_code == 302
    campaign.close(won=won)
    response = sign(client, campaign, email="second@example.org")
    assert response.status_code == 409
    assert list(Signature.objects.values_list("email", flat=True)) == ["first@example.org"]


def test_it_answers_a_plain_post_to_a_closed_campaign_with_a_whole_page(client, db):
    campaign = make_campaign(status=CampaignStatus.CLOSED)
    response = sign(client, campaign)
    assert response.status_code == 409
    assert "<html" in response.content.decode()


def test_it_rejects_a_hostile_name(client, campaign):
    """One stored another way is escaped: see test_campaign_detail."""
    refused = sign(client, campaign, name="<script>alert(1)</script>")
    assert refused.status_code == 422
    assert "<script>alert(1)" not in refused.content.decode()
    assert Signature.objects.count() == 0


def test_it_tells_how_long_the_link_works_from_the_setting(client, campaign, settings):
    settings.SIGNATURE_CONFIRMATION_DAYS = 3
    response = sign(client, campaign, htmx=True)
    assert "The link works for 3 days." in text_of(response.content)


@pytest.mark.parametrize("htmx", [False, True], ids=["without JavaScript", "with htmx"])
def test_it_signs_from_the_cached_page_without_any_token(db, campaign, settings, htmx):
    """The campaign page is the same bytes for everyone and carries no CSRF token; a
    browser posting the form from it says so in Sec-Fetch-Site, and Django's token check
    (enforced here) does not stand in the way."""
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 30
    Client().get(sign_urls(campaign)["detail"])  # stored for everyone
    browser = Client(enforce_csrf_checks=True, headers={"sec-fetch-site": "same-origin"})
    page = browser.get(sign_urls(campaign)["detail"])
    (form,) = find_all(page.content, "form", id="sign-form")
    assert not find_all(page.content, "input", name="csrfmiddlewaretoken")
    response = sign(browser, campaign, htmx=htmx)
    assert response.status_code == (200 if htmx else 302)
    assert form.attrs["action"] == sign_urls(campaign)["sign"]
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://attacker.example"},
    ],
    ids=["cross-site", "same-site", "foreign origin"],
)
def test_it_refuses_a_post_another_site_made_the_browser_send(db, campaign, headers):
    from django.test import Client

    response = sign(Client(headers=headers), campaign)
    assert response.status_code == 403
    assert Signature.objects.count() == 0
    assert not mail.outbox
