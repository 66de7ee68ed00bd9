"""What we hold about a signer never leaks: not into a public page, not into the
logs, not into a shared cache."""

import base64
import logging
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from campaigns import services, tokens
from campaigns.models import CampaignStatus, Signature
from core import network
from tests.factories import (
    confirm_form,
    days_ago,
    emailed_link,
    make_campaign,
    make_confirmed,
    sign,
    sign_urls,
)

NAME = "Anna Kowalska"
EMAIL = "anna.kowalska@example.org"
IP = "203.0.113.77"


@pytest.fixture
def log(caplog):
    """Every log record at any level, including the `django` loggers that the
    settings keep from propagating to the root logger that caplog listens on."""
    caplog.set_level(logging.DEBUG)
    django_logger = logging.getLogger("django")
    attached = not django_logger.propagate
    if attached:
        django_logger.addHandler(caplog.handler)
    yield caplog
    if attached:
        django_logger.removeHandler(caplog.handler)


def personal(text: str, ip_hash: str = "") -> list[str]:
    """The pieces of the signer's data found in a text."""
    lowered = text.lower()
    pieces = [EMAIL, "anna.kowalska", "kowalska", IP, ip_hash]
    return [piece for piece in pieces if piece and piece.lower() in lowered]


def sign_as_anna(client, campaign, **fields):
    """Sign from IP with her name and address, a comment, and her name shown."""
    mine = {"name": NAME, "email": EMAIL, "show_name_publicly": "on", "comment": "Free them"}
    return sign(client, campaign, ip=IP, **(mine | fields))


def confirm(client):
    """Confirm as the owner of the mailbox who chooses to show the name."""
    form = confirm_form(name=NAME, show_name_publicly="on", comment="Free them")
    return client.post(emailed_link("confirm"), form)


def test_no_public_page_shows_the_email_or_the_ip_hash(client, campaign):
    sign_as_anna(client, campaign)
    confirm(client)
    signature = Signature.objects.get()
    assert signature.is_confirmed
    urls = [
        sign_urls(campaign)["detail"],
        sign_urls(campaign)["counter"],
        sign_urls(campaign)["thanks"],
        f"/en/campaigns/{campaign.slug}/embed/",
        "/en/campaigns/",
        "/en/",
        emailed_link("confirm"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert personal(response.content.decode(), signature.ip_hash) == [], url
    detail = client.get(sign_urls(campaign)["detail"]).content.decode()
    assert "Anna K." in detail, "the signer chose to show their name: the test sees it"


def test_the_log_of_a_whole_signature_holds_no_name_or_email(client, campaign, log):
    sign_as_anna(client, campaign, name="")  # refused
    sign_as_anna(client, campaign)
    sign_as_anna(client, campaign, email=EMAIL.upper())  # again: a reminder
    client.get(emailed_link("confirm"))
    confirm(client)
    confirm(client)
    client.get(emailed_link("withdraw") + "data.json")
    client.post(emailed_link("withdraw"))
    assert Signature.objects.count() == 0
    assert len(log.records) > 3, "the flow logs (tasks, 4xx): the test would see a leak"
    ip_hash = network.ip_hash(IP)
    assert personal(log.text, ip_hash) == []
    for record in log.records:
        assert personal(str(record.args), ip_hash) == []


def test_a_refused_address_is_not_written_to_the_log(client, campaign, log, monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused(
            {address: (550, b"5.1.1 No such user") for m in messages for address in m.to}
        )

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert sign_as_anna(client, campaign).status_code == 302
    assert any(record.levelno >= logging.ERROR for record in log.records)
    assert personal(log.text) == []


def test_pages_with_a_signers_link_are_never_cached_or_referred(client, campaign):
    signature = make_confirmed(campaign, email=EMAIL, name=NAME)
    token = tokens.withdraw_token(signature)
    urls = [
        f"/en/campaigns/confirm/{tokens.confirm_token(signature)}/",
        f"/en/campaigns/withdraw/{token}/data.json",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url
        # Never the token to another site: no referrer at all, or (the pages whose form
        # carries Django's CSRF token) only to this one.
        assert response["Referrer-Policy"] in ("no-referrer", "same-origin"), url
    withdrawn = client.post(f"/en/campaigns/withdraw/{token}/")
    assert "no-store" in withdrawn["Cache-Control"]


def test_a_token_holds_no_personal_data_in_the_clear(campaign):
    signature = make_confirmed(campaign, email=EMAIL, name=NAME)
    for token in (tokens.confirm_token(signature), tokens.withdraw_token(signature)):
        payload = token.split(":")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        assert personal(token + decoded) == []


def test_anonymised_signatures_show_nothing_and_their_links_find_nothing(client, db):
    campaign = make_campaign(status=CampaignStatus.CLOSED, closed_at=days_ago(100))
    signature = make_confirmed(campaign, email=EMAIL, name=NAME, show_name_publicly=True)
    url = f"/en/campaigns/withdraw/{tokens.withdraw_token(signature)}/data.json"
    services.signatures_anonymise_closed(older_than=days_ago(90))
    assert client.get(url).status_code == 404
    assert "Anna" not in client.get(sign_urls(campaign)["detail"]).content.decode()
