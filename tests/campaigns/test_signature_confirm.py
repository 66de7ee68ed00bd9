"""The confirmation link: it counts a signature once, however often it is opened, and
nothing else does."""

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import cache
from django.utils import timezone

from campaigns import services, tokens
from campaigns.models import Signature, email_digest
from tests.campaigns.factories import (
    links_in,
    make_campaign,
    make_signature,
    path_of,
    sign_form,
    sign_urls,
)
from tests.html import find_all, text_of


@pytest.fixture
def campaign(db):
    return make_campaign(title="Free Maria Kalesnikava", offline_signatures=10)


@pytest.fixture
def signature(campaign):
    return make_signature(campaign)


def total(client, campaign) -> int:
    cache.clear()
    response = client.get(sign_urls(campaign)["counter"])
    (strong,) = find_all(response.content, "strong")
    return int(strong.text.replace(",", ""))


def confirm_url(signature) -> str:
    return f"/en/campaigns/confirm/{tokens.confirm_token(signature)}/"


def test_the_emailed_link_confirms_and_counts_once(client, campaign):
    client.post(sign_urls(campaign)["sign"], sign_form())
    (link,) = [link for link in links_in(mail.outbox[0]) if "/confirm/" in link]
    assert total(client, campaign) == 10

    # Opening the link (as a mail scanner would) only asks.
    opened = client.get(path_of(link))
    assert opened.status_code == 200
    assert "Confirm my signature" in text_of(opened.content)
    assert Signature.objects.get().confirmed_at is None
    assert total(client, campaign) == 10

    response = client.post(path_of(link))
    # Post/redirect/get: the thank-you page is a page of its own.
    assert response.status_code == 302
    assert response["Location"] == f"/en/campaigns/{campaign.slug}/confirmed/"
    response = client.get(response["Location"])
    assert "Thank you: your signature is confirmed" in text_of(response.content)
    assert "Free Maria Kalesnikava" in text_of(response.content)
    assert Signature.objects.get().confirmed_at is not None
    assert total(client, campaign) == 11

    again = client.get(path_of(link))
    assert again.status_code == 200
    assert "Already confirmed" in text_of(again.content)
    pressed_again = client.post(path_of(link))
    assert "Already confirmed" in text_of(pressed_again.content)
    assert total(client, campaign) == 11


def test_an_expired_link_changes_nothing(client, campaign, signature):
    url = confirm_url(signature)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=8)):
        response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in text_of(response.content)
    signature.refresh_from_db()
    assert signature.confirmed_at is None
    assert total(client, campaign) == 10


def test_a_link_still_works_on_its_last_day(client, campaign, signature):
    url = confirm_url(signature)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=6, hours=23)):
        assert client.post(url).status_code == 302
    signature.refresh_from_db()
    assert signature.confirmed_at is not None


def altered(token: str) -> str:
    payload, timestamp, mac = token.rsplit(":", 2)
    return f"{payload}:{timestamp}:{'A' if mac[0] != 'A' else 'B'}{mac[1:]}"


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda s: altered(tokens.confirm_token(s)), id="altered-mac"),
        pytest.param(lambda s: tokens.confirm_token(s)[:-3], id="cut"),
        pytest.param(lambda s: "not-a-token", id="made-up"),
        pytest.param(
            lambda s: signing.dumps(
                [s.pk, email_digest(s.email)], salt=tokens.CONFIRM_SALT, key="guessed-key"
            ),
            id="forged-with-another-key",
        ),
        pytest.param(
            lambda s: signing.dumps(
                [s.pk, email_digest(s.email)], salt=tokens.CONFIRM_SALT, compress=True
            ).replace(":", "x", 1),
            id="garbled",
        ),
    ],
)
def test_a_forged_or_altered_link_is_refused(client, campaign, signature, make_token):
    response = client.get(f"/en/campaigns/confirm/{make_token(signature)}/")
    assert response.status_code == 400
    assert "This link is not valid" in text_of(response.content)
    signature.refresh_from_db()
    assert signature.confirmed_at is None
    assert total(client, campaign) == 10


def test_a_link_of_a_withdrawn_signature_is_not_found(client, campaign, signature):
    url = confirm_url(signature)
    services.signature_withdraw(signature_id=signature.pk)
    response = client.get(url)
    assert response.status_code == 404
    assert "This signature no longer exists" in text_of(response.content)
    assert total(client, campaign) == 10


def test_a_link_for_another_address_is_not_found(client, campaign, signature):
    """A token names the signature and a digest of its address: a row that now holds
    another address (a new signer after an id was reused) is not confirmed by it."""
    url = confirm_url(signature)
    Signature.objects.filter(pk=signature.pk).update(email="other@example.org")
    assert client.get(url).status_code == 404
    signature.refresh_from_db()
    assert signature.confirmed_at is None


def test_a_withdraw_link_does_not_confirm(client, campaign, signature):
    response = client.get(f"/en/campaigns/confirm/{tokens.withdraw_token(signature)}/")
    assert response.status_code == 400
    signature.refresh_from_db()
    assert signature.confirmed_at is None


def test_a_confirm_link_does_not_withdraw(client, campaign, signature):
    url = f"/en/campaigns/withdraw/{tokens.confirm_token(signature)}/"
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert Signature.objects.filter(pk=signature.pk).exists()


HOUR = timezone.timedelta(hours=1)


@pytest.mark.parametrize(
    "state",
    [
        {"status": "open"},
        {"status": "open", "opens_at": -HOUR, "closes_at": HOUR},
        {"status": "open", "opens_at": HOUR},
        {"status": "open", "closes_at": -HOUR},
        {"status": "closed"},
        {"status": "won"},
        {"status": "draft"},
    ],
    ids=["open", "open-between-dates", "not-yet-open", "past-closing", "closed", "won", "draft"],
)
def test_a_link_confirms_exactly_when_the_campaign_takes_signatures(client, db, state):
    """The confirmation's claim is one SQL statement with its own copy of the rule:
    it must answer as the campaign's own rule does."""
    now = timezone.now()
    fields = {key: now + value if key.endswith("_at") else value for key, value in state.items()}
    campaign = make_campaign(**fields)
    signature = make_signature(campaign)
    takes_signatures = campaign.is_accepting_signatures
    assert takes_signatures == campaign.__class__.objects.accepting_signatures().contains(campaign)

    response = client.post(confirm_url(signature))
    signature.refresh_from_db()
    assert signature.is_confirmed == takes_signatures
    assert response.status_code == (302 if takes_signatures else 200)
    assert campaign.confirmed_online() == (1 if takes_signatures else 0)
