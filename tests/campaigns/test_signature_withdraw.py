"""The withdrawal link: it shows what we hold, and erases it only when asked by POST
(mail scanners follow links with GET)."""

import datetime
import uuid

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from campaigns import tokens
from campaigns.models import Signature, SignatureTally
from tests.factories import (
    confirm,
    counter_total,
    emailed_link,
    make_confirmed,
    make_signature,
    sign,
    sign_form,
    sign_urls,
)
from tests.html import find_all, text_of


@pytest.fixture
def signature(campaign):
    return make_signature(
        campaign,
        name="Anna Kowalska",
        email="anna@example.org",
        country="PL",
        comment="Free them all",
    )


def withdraw_url(signature) -> str:
    return f"/en/campaigns/withdraw/{tokens.withdraw_token(signature)}/"


def test_a_get_shows_the_data_and_deletes_nothing(client, signature):
    url = withdraw_url(signature)  # a token holds its time: make it once
    response = client.get(url)
    assert response.status_code == 200
    text = text_of(response.content)
    for shown in ("Free Maria Kalesnikava", "Anna Kowalska", "anna@example.org", "Poland",
                  "Free them all"):  # fmt: skip
        assert shown in text
    (form,) = [form for form in find_all(response.content, "form") if "erase" in form.text]
    assert form.attrs["method"] == "post"
    assert form.attrs.get("action") in (None, "", url)
    assert "Withdraw and erase my data" in form.text
    (download,) = [a for a in find_all(response.content, "a") if "download" in a.attrs]
    assert download.attrs["href"] == url + "data.json"
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_a_get_never_deletes(db, signature):
    """Whatever the page shows (mail scanners open links), a GET erases nothing."""
    Client(raise_request_exception=False).get(withdraw_url(signature))
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_the_signer_can_download_what_we_hold(client, signature):
    response = client.get(withdraw_url(signature) + "data.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["name"] == "Anna Kowalska"
    assert data["email"] == "anna@example.org"
    assert data["country"] == "PL"
    assert data["confirmed_at"] is None
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_a_confirm_link_does_not_download_the_data(client, signature):
    response = client.get(f"/en/campaigns/withdraw/{tokens.confirm_token(signature)}/data.json")
    assert response.status_code == 400
    assert "anna@example.org" not in response.content.decode()


def test_a_post_erases_a_confirmed_signature_and_uncounts_it(
    client, campaign, signature, django_capture_on_commit_callbacks
):
    confirm(signature)
    make_confirmed(campaign)
    assert counter_total(client, campaign) == "2"  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url(signature))
    assert response.status_code == 200
    assert "Your signature is withdrawn" in text_of(response.content)
    assert not Signature.objects.filter(pk=signature.pk).exists()
    assert campaign.confirmed_online() == 1
    assert counter_total(client, campaign) == "1"  # the cached figure was dropped


def test_a_post_erases_an_unconfirmed_signature_without_touching_the_count(
    client, campaign, signature
):
    make_confirmed(campaign)
    assert client.post(withdraw_url(signature)).status_code == 200
    assert not Signature.objects.filter(pk=signature.pk).exists()
    assert campaign.confirmed_online() == 1
    assert list(SignatureTally.objects.values_list("confirmed", flat=True)) == [1]


def test_the_emailed_link_works_without_login_and_with_csrf_checks(db, campaign):
    browser = Client(enforce_csrf_checks=True)
    browser.post(sign_urls(campaign)["sign"], sign_form(), HTTP_SEC_FETCH_SITE="cross-site")
    assert Signature.objects.count() == 0, "the sign form refuses another site's post too"
    sign(Client(), campaign)
    link = emailed_link("withdraw")

    page = browser.get(link)
    token = find_all(page.content, "input", name="csrfmiddlewaretoken")[0].attrs["value"]
    assert browser.post(link).status_code == 403
    response = browser.post(link, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert Signature.objects.count() == 0


def test_a_second_withdrawal_finds_nothing(client, campaign, signature):
    url = withdraw_url(signature)
    client.post(url)
    for response in (client.post(url), client.get(url)):
        assert response.status_code == 404
        assert "Nothing to withdraw" in text_of(response.content)


def test_an_altered_link_erases_nothing(client, signature):
    url = withdraw_url(signature)
    response = client.post(url.replace("/withdraw/", "/withdraw/x"))
    assert response.status_code == 400
    assert "This link is not valid" in text_of(response.content)
    assert Signature.objects.filter(pk=signature.pk).exists()


LATER = datetime.timedelta(days=31)


@pytest.mark.parametrize("suffix", ["", "data.json"], ids=["page", "download"])
def test_an_old_link_shows_nothing_about_the_signer(client, signature, suffix):
    """The link shows the name and the address: one found in an old mailbox, a
    forwarded email or a browser history must stop showing them."""
    url = withdraw_url(signature) + suffix
    with time_machine.travel(timezone.now() + LATER):
        response = client.get(url)
    assert response.status_code == 410
    text = response.content.decode()
    for held in ("Anna", "Kowalska", "anna@example.org", "Poland", "Free them all"):
        assert held not in text
    assert "This link has expired" in text_of(response.content)
    assert Signature.objects.filter(pk=signature.pk).exists()


def test_an_old_link_emails_fresh_links_to_the_signature_and_erases_nothing(client, signature):
    url = withdraw_url(signature)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        page = client.get(url)
        (form,) = [form for form in find_all(page.content, "form") if "new links" in form.text]
        assert form.attrs["method"] == "post"
        renewed = client.post(url)
        again = client.post(url)
        assert renewed.status_code == again.status_code == 200
        assert text_of(renewed.content) == text_of(again.content)
        assert "Check your email" in text_of(renewed.content)
        assert Signature.objects.filter(pk=signature.pk).exists()
        # One email, to the address that signed, however often it is asked for.
        (message,) = mail.outbox
        assert message.to == ["anna@example.org"]
        fresh = emailed_link("withdraw", message)
        assert "Anna Kowalska" in text_of(client.get(fresh).content)


def test_an_old_download_link_offers_fresh_links_too(client, signature):
    url = withdraw_url(signature) + "data.json"
    with time_machine.travel(timezone.now() + LATER, tick=False):
        page = client.get(url)
        (form,) = [form for form in find_all(page.content, "form") if "new links" in form.text]
        renewed = client.post(form.attrs.get("action") or url)
        assert renewed.status_code == 200
        assert "Check your email" in text_of(renewed.content)
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]


def test_a_fresh_download_link_takes_no_post(client, signature):
    assert client.post(withdraw_url(signature) + "data.json").status_code == 405


def test_an_old_link_of_a_withdrawn_signature_answers_the_same(client, campaign, signature):
    """Whether the signature still exists is not shown to whoever holds an old link."""
    other = make_signature(campaign, email="boris@example.org")
    gone_url, kept_url = withdraw_url(signature), withdraw_url(other)
    Signature.objects.filter(pk=signature.pk).delete()
    with time_machine.travel(timezone.now() + LATER):
        gone, kept = client.post(gone_url), client.post(kept_url)
    assert gone.status_code == kept.status_code == 200
    assert text_of(gone.content) == text_of(kept.content)
    assert [message.to for message in mail.outbox] == [["boris@example.org"]]


def test_links_name_a_random_id_not_the_sequential_one(campaign):
    """Two links from one signer's mailbox, or from two signers, must not tell how many
    signed in between."""
    first, second = make_signature(campaign), make_signature(campaign)
    assert second.pk == first.pk + 1
    for signature in (first, second):
        made = {
            tokens.CONFIRM_SALT: tokens.confirm_token(signature),
            tokens.WITHDRAW_SALT: tokens.withdraw_token(signature),
        }
        for salt, token in made.items():
            named, _digest, _owner_key = signing.loads(token, salt=salt)
            assert named == str(signature.public_id)
            assert uuid.UUID(named).version == 4
    assert first.public_id != second.public_id
