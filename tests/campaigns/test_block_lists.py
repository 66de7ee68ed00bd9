"""Refuse the obvious: addresses at a domain staff blocked (or below it), from an address
staff blocked, or at a disposable-email domain store nothing and send nothing, and the
person at the keyboard gets exactly the answer any signer gets, so a block reveals
nothing. The lists cost the sign path no query (campaigns/blocklists.py)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from campaigns import blocklists
from campaigns.models import BlockedAddress, BlockedEmailDomain, SignAttempts, Signature
from core.network import ip_hash, stored_ip_hash
from tests.factories import make_campaign, sign

PER_REQUEST = [
    (re.compile(rb'nonce="[^"]+"'), b'nonce="*"'),
    (re.compile(rb"nonce-[A-Za-z0-9+/=_-]+"), b"nonce-*"),
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'"X-CSRFToken": "[^"]+"'), b'"X-CSRFToken": "*"'),
]


def answer(response) -> tuple:
    """What a signer sees: status, headers and body, without what differs on every
    request (the CSP nonce, the CSRF token)."""
    content = response.content
    headers = []
    for name, value in sorted(response.headers.items()):
        if name.lower() in ("set-cookie", "content-length"):
            continue
        encoded = value.encode()
        for pattern, replacement in PER_REQUEST:
            encoded = pattern.sub(replacement, encoded)
        headers.append((name, encoded))
    for pattern, replacement in PER_REQUEST:
        content = pattern.sub(replacement, content)
    return response.status_code, headers, content


@pytest.fixture
def blocked(db):
    BlockedEmailDomain.objects.create(domain="flood.example")
    # As the signatures and the floods show it: keyed again with the office's key.
    BlockedAddress.objects.create(ip_hash=stored_ip_hash(ip_hash("203.0.113.66")))
    blocklists.forget()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain-form", "htmx"])
@pytest.mark.parametrize(
    ("email", "ip"),
    [
        pytest.param("bot1@flood.example", "198.51.100.7", id="blocked-domain"),
        pytest.param("bot2@mx.sub.flood.example", "198.51.100.8", id="below-a-blocked-domain"),
        pytest.param("real.person@example.org", "203.0.113.66", id="blocked-address"),
        pytest.param("throwaway@mailinator.com", "198.51.100.9", id="disposable-domain"),
    ],
)
def test_a_refused_attempt_gets_the_same_answer_stores_and_sends_nothing(
    client, blocked, email, ip, htmx
):
    campaign = make_campaign()
    accepted = sign(client, campaign, htmx=htmx, ip="192.0.2.1", email="anna@example.org")
    assert Signature.objects.count() == 1
    mail.outbox.clear()

    refused = sign(client, campaign, htmx=htmx, ip=ip, email=email)

    assert answer(refused) == answer(accepted)
    assert Signature.objects.count() == 1
    assert mail.outbox == []
    assert SignAttempts.objects.get(campaign=campaign).refused == 1


@pytest.mark.django_db
def test_disposable_addresses_are_accepted_when_the_setting_is_off(client, settings):
    settings.REFUSE_DISPOSABLE_EMAILS = False
    campaign = make_campaign()
    sign(client, campaign, email="someone@mailinator.com")
    assert Signature.objects.filter(campaign=campaign).count() == 1


@pytest.mark.django_db
def test_a_block_staff_add_in_the_admin_applies_to_the_next_attempt(admin_client, client):
    campaign = make_campaign()
    assert not blocklists.refuses(domain="spam.example", ip_hash="")  # lists now in memory
    response = admin_client.post(
        reverse("admin:campaigns_blockedemaildomain_add"),
        {"domain": "@Spam.Example.", "note": "flood of 4 May"},
    )
    assert response.status_code == 302
    stored = BlockedEmailDomain.objects.get()
    assert stored.domain == "spam.example"
    assert stored.created_by.username == "admin"

    sign(client, campaign, email="x@spam.example")
    assert not Signature.objects.exists()

    admin_client.post(
        reverse("admin:campaigns_blockedemaildomain_delete", args=[stored.pk]), {"post": "yes"}
    )
    sign(client, campaign, email="x@spam.example")
    assert Signature.objects.count() == 1


@pytest.mark.django_db
def test_another_process_learns_of_a_change_from_the_shared_version(settings):
    """Each process keeps the lists in memory and reads the version in the cache at most
    every few seconds; a change in another process sets a new version."""
    assert not blocklists.refuses(domain="later.example", ip_hash="")
    BlockedEmailDomain.objects.create(domain="later.example")  # not through forget()
    assert not blocklists.refuses(domain="later.example", ip_hash=""), "still the old copy"

    from django.core.cache import cache

    from core import cache_keys

    cache.set(cache_keys.BLOCK_LISTS_VERSION, "changed-elsewhere", timeout=None)
    blocklists._current = blocklists._Lists(
        version=blocklists._current.version,
        checked_at=float("-inf"),  # its few seconds are over
        domains=blocklists._current.domains,
        ip_hashes=blocklists._current.ip_hashes,
    )
    assert blocklists.refuses(domain="later.example", ip_hash="")


@pytest.mark.django_db
def test_asking_the_lists_costs_no_query_once_they_are_read(django_assert_num_queries):
    blocklists.forget()
    blocklists.refuses(domain="example.org", ip_hash="abc")
    with django_assert_num_queries(0):
        for _ in range(100):
            assert not blocklists.refuses(domain="example.org", ip_hash="abc")
