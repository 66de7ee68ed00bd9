"""Limits on sign attempts per connection and per address, and the keyed IP hash they
count by. The limits are read from settings when campaigns.views is imported, so the
tests swap the parsed limits in the module."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory

from campaigns import views
from campaigns.models import Signature
from core import network, rate_limits
from tests.factories import sign
from tests.html import text_of

# Three minutes into a ten-minute window: a limit of 600 seconds resets in 420.
MOMENT = datetime.datetime(2026, 11, 24, 12, 3, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def two_per_ip(monkeypatch):
    monkeypatch.setattr(views, "SIGN_PER_IP", rate_limits.Limit(2, 600))


@pytest.fixture
def two_per_email(monkeypatch):
    monkeypatch.setattr(views, "SIGN_PER_EMAIL", rate_limits.Limit(2, 600))


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_it_stops_the_third_attempt_from_one_connection(client, campaign, two_per_ip, frozen, htmx):
    for number in (1, 2):
        allowed = sign(client, campaign, email=f"s{number}@example.org", htmx=htmx)
        assert allowed.status_code == (200 if htmx else 302)
    response = sign(client, campaign, email="s3@example.org", htmx=htmx)
    assert response.status_code == 429
    assert response["Retry-After"] == "420"
    assert "Please try again in 7 minutes." in text_of(response.content)
    assert ("<html" in response.content.decode()) is not htmx
    assert Signature.objects.count() == 2
    assert len(mail.outbox) == 2


def test_it_counts_each_connection_separately(client, campaign, two_per_ip, frozen):
    for number in (1, 2):
        sign(client, campaign, ip="203.0.113.7", email=f"a{number}@example.org")
    assert sign(client, campaign, ip="198.51.100.9", email="b@example.org").status_code == 302


def test_it_lets_the_connection_sign_again_in_the_next_window(client, campaign, two_per_ip, frozen):
    for number in (1, 2, 3):
        sign(client, campaign, email=f"s{number}@example.org")
    frozen.shift(datetime.timedelta(seconds=420))
    assert sign(client, campaign, email="s4@example.org").status_code == 302


def test_it_stops_one_address_signing_from_many_connections(
    client, campaign, two_per_email, frozen
):
    addresses = ["anna@example.org", "Anna@Example.org", "anna+x@example.org"]
    answers = [
        sign(client, campaign, ip=f"10.0.0.{number}", email=address)
        for number, address in enumerate(addresses, start=1)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert int(answers[2]["Retry-After"]) == 420
    assert Signature.objects.count() == 1


def test_it_counts_only_valid_attempts(client, campaign, two_per_ip, frozen):
    for _ in range(3):
        assert sign(client, campaign, name="").status_code == 422
    assert sign(client, campaign).status_code == 302


def test_it_asks_for_at_least_a_second_and_a_minute(client, campaign, two_per_ip):
    # 0.4 seconds before the window ends: Retry-After is a whole number, never 0.
    with time_machine.travel(MOMENT + datetime.timedelta(seconds=419.6), tick=False):
        for number in (1, 2, 3):
            response = sign(client, campaign, email=f"s{number}@example.org")
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert "Please try again in 1 minute." in text_of(response.content)


def request_from(remote_addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_ip_ignores_forwarded_for_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert network.client_ip(request_from("203.0.113.7", "6.6.6.6")) == "203.0.113.7"


def test_client_ip_takes_what_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # A visitor may send their own X-Forwarded-For; the proxy appends the real address.
    spoofed = request_from("10.0.0.1", "6.6.6.6, 203.0.113.7")
    assert network.client_ip(spoofed) == "203.0.113.7"
    assert network.client_ip(request_from("10.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert network.client_ip(request_from("10.0.0.1")) == "10.0.0.1"


def test_client_ip_with_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2")
    assert network.client_ip(request) == "203.0.113.7"


def test_ip_hash_is_stable_keyed_and_short(settings):
    first = network.ip_hash("203.0.113.7")
    assert first == network.ip_hash("203.0.113.7")
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert "203.0.113.7" not in first
    assert network.ip_hash("203.0.113.8") != first
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert network.ip_hash("203.0.113.7") != first


def test_it_stores_the_hash_of_the_address_not_the_address(client, campaign):
    sign(client, campaign, ip="203.0.113.7")
    signature = Signature.objects.get()
    # Keyed again by the office's intake, with a key the public host does not hold.
    assert signature.ip_hash == network.stored_ip_hash(network.ip_hash("203.0.113.7"))
    assert signature.ip_sealed == ""


def test_one_ipv6_64_is_one_connection(client, campaign, two_per_ip, frozen):
    """Each subscriber has a /64 of addresses to sign from (issue 31)."""
    for number in (1, 2):
        allowed = sign(client, campaign, ip=f"2001:db8:7:7::{number}", email=f"a{number}@x.org")
        assert allowed.status_code == 302
    refused = sign(client, campaign, ip="2001:db8:7:7:abcd::3", email="a3@example.org")
    assert refused.status_code == 429
    assert sign(client, campaign, ip="2001:db8:7:8::1", email="b@example.org").status_code == 302
