"""The confirmation link: it counts a signature once, however often it is opened, and
nothing else does."""

import datetime

import pytest
import time_machine
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from campaigns import services, tokens
from campaigns.models import Signature, email_digest
from tests.factories import (
    confirm_form,
    counter_total,
    emailed_link,
    make_campaign,
    make_signature,
    sign,
    sign_urls,
)
from tests.html import find_all, text_of


@pytest.fixture
def campaign(db):
    """With 10 signatures collected on paper: the total starts at 10."""
    return make_campaign(title="Free Maria Kalesnikava", offline_signatures=10)


@pytest.fixture
def signature(campaign):
    return make_signature(campaign)


def total(client, campaign) -> int:
    """The total as it is now, not as the cache last saw it."""
    cache.clear()
    return int(counter_total(client, campaign).replace(",", ""))


def confirm_url(signature) -> str:
    return f"/en/campaigns/confirm/{tokens.confirm_token(signature)}/"


def test_the_emailed_link_confirms_and_counts_once(client, campaign):
    sign(client, campaign)
    link = emailed_link("confirm")
    assert total(client, campaign) == 10

    # Opening the link (as a mail scanner would) only asks.
    opened = client.get(link)
    assert opened.status_code == 200
    assert "Confirm my signature" in text_of(opened.content)
    assert Signature.objects.get().confirmed_at is None
    assert total(client, campaign) == 10

    response = client.post(link, confirm_form())
    # Post/redirect/get: the thank-you page is a page of its own.
    assert response.status_code == 302
    assert response["Location"] == f"/en/campaigns/{campaign.slug}/confirmed/"
    response = client.get(response["Location"])
    assert "Thank you: your signature is confirmed" in text_of(response.content)
    assert "Free Maria Kalesnikava" in text_of(response.content)
    assert Signature.objects.get().confirmed_at is not None
    assert total(client, campaign) == 11

    again = client.get(link)
    assert again.status_code == 200
    assert "Already confirmed" in text_of(again.content)
    pressed_again = client.post(link, confirm_form())
    assert "Already confirmed" in text_of(pressed_again.content)
    assert total(client, campaign) == 11


def test_an_expired_link_changes_nothing(client, campaign, signature):
    url = confirm_url(signature)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in text_of(response.content)
    signature.refresh_from_db()
    assert signature.confirmed_at is None
    assert total(client, campaign) == 10


def test_a_link_still_works_on_its_last_day(client, campaign, signature):
    url = confirm_url(signature)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert client.post(url, confirm_form()).status_code == 302
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
    Signature.objects.filter(pk=signature.pk).update(
        email="other@example.org", email_digest=email_digest("other@example.org")
    )
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


HOUR = datetime.timedelta(hours=1)


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

    response = client.post(confirm_url(signature), confirm_form())
    signature.refresh_from_db()
    assert signature.is_confirmed == takes_signatures
    assert response.status_code == (302 if takes_signatures else 200)
    assert campaign.confirmed_online() == (1 if takes_signatures else 0)


def test_a_stranger_cannot_choose_how_the_owner_of_an_address_is_published(client, campaign):
    """Sign first with the victim's address, another name, country BY, "show my name"
    ticked; the victim then signs with private settings and confirms from the reminder.
    What is published is what the victim chose on the confirmation page."""
    stranger = sign(
        client, campaign, name="Stranger Invented", email="victim@example.org", country="BY",
        show_name_publicly="on", wants_updates="on", comment="Words put in my mouth",
    )  # fmt: skip
    assert stranger.status_code == 302
    victim = Client()
    private = sign(victim, campaign, name="Vera Owner", email="victim@example.org", country="LT")
    assert private.status_code == 302
    link = emailed_link("confirm", mail.outbox[-1])  # the reminder

    page = victim.get(link)
    # It shows exactly what would be published, and publishes nothing unless ticked.
    (name,) = find_all(page.content, "input", name="name")
    assert name.attrs["value"] == "Stranger Invented"
    (country,) = [o for o in find_all(page.content, "option") if "selected" in o.attrs]
    assert country.attrs["value"] == "BY"
    for consent in ("show_name_publicly", "wants_updates"):
        (box,) = find_all(page.content, "input", name=consent)
        assert "checked" not in box.attrs
    assert "stays private unless you tick the box" in text_of(page.content)

    # The owner corrects the details and, leaving the boxes unticked, confirms.
    mine = confirm_form(name="Vera Owner", country="LT", comment="")
    assert victim.post(link, mine).status_code == 302
    signature = Signature.objects.get()
    assert (signature.name, signature.country.code, signature.comment) == ("Vera Owner", "LT", "")
    assert not signature.show_name_publicly
    assert not signature.wants_updates
    assert signature.comment_status == "none"
    cache.clear()
    detail = text_of(client.get(sign_urls(campaign)["detail"]).content)
    for leaked in ("Stranger", "Vera", "Words put in my mouth"):
        assert leaked not in detail
    assert total(client, campaign) == 11


def test_a_confirmation_that_ticks_the_box_publishes_the_confirmed_name(client, campaign):
    sign(client, campaign)
    form = confirm_form(name="Anna Nowak", show_name_publicly="on", wants_updates="on")
    assert client.post(emailed_link("confirm"), form).status_code == 302
    signature = Signature.objects.get()
    assert signature.show_name_publicly and signature.wants_updates
    cache.clear()
    detail = text_of(client.get(sign_urls(campaign)["detail"]).content)
    assert "Anna N." in detail
    assert "Anna K." not in detail


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Please write your name."),
        ({"name": "Pay at evil-bank.example"}, "web or email addresses"),
        ({"country": "XX"}, "choose a country from the list"),
    ],
)
def test_a_confirmation_with_invalid_details_confirms_nothing(
    client, campaign, signature, fields, message
):
    response = client.post(confirm_url(signature), confirm_form(**fields))
    assert response.status_code == 422
    assert message in text_of(response.content)
    signature.refresh_from_db()
    assert not signature.is_confirmed
    assert total(client, campaign) == 10


def consent_notes(html: bytes) -> dict[str, str]:
    """For each consent box: whether it is ticked, and the text it is described by
    (aria-describedby), as a screen reader announces it with the box."""
    elements = find_all(html, "input", type="checkbox")
    described = {}
    for box in elements:
        ids = (box.attrs.get("aria-describedby") or "").split()
        texts = [" ".join(e.text.split()) for i in ids for e in find_all(html, "p", id=i)]
        texts += [" ".join(e.text.split()) for i in ids for e in find_all(html, "span", id=i)]
        described[box.attrs["name"]] = ("checked" in box.attrs, " ".join(texts))
    return described


@time_machine.travel(datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC), tick=False)
def test_the_confirmation_page_says_which_consents_the_sign_form_asked_for_and_when(
    client, campaign
):
    signature = make_signature(campaign, show_name_publicly=True, wants_updates=True)

    notes = consent_notes(client.get(confirm_url(signature)).content)

    ticked, note = notes["wants_updates"]
    assert not ticked
    assert "On 5 March 2026 the sign form asked for updates by email" in note
    assert "Tick the box to confirm" in note
    ticked, note = notes["show_name_publicly"]
    assert not ticked
    assert "On 5 March 2026 the sign form asked for the name to be shown" in note
    assert "stays private unless you tick the box" in note
    assert "Anyone can see a public name" in note  # the warning is still read with it


def test_the_confirmation_page_says_when_the_sign_form_asked_for_no_consent(client, campaign):
    signature = make_signature(campaign)

    notes = consent_notes(client.get(confirm_url(signature)).content)

    assert notes["wants_updates"] == (False, "The sign form did not ask for updates by email.")
    ticked, note = notes["show_name_publicly"]
    assert not ticked and note.startswith("The sign form did not ask for the name to be shown.")


def test_the_notes_stay_when_the_confirmation_form_comes_back_with_an_error(client, campaign):
    signature = make_signature(campaign, wants_updates=True)

    page = client.post(confirm_url(signature), confirm_form(name=""))

    assert page.status_code == 422
    ticked, note = consent_notes(page.content)["wants_updates"]
    assert "the sign form asked for updates by email" in note


def test_confirming_with_updates_subscribes_the_address_and_without_does_not(client, campaign):
    from audience.models import Supporter

    sign(client, campaign, email="quiet@example.org", wants_updates="on")
    assert client.post(emailed_link("confirm"), confirm_form()).status_code == 302
    assert not Supporter.objects.exists()  # the owner did not tick the box
    sign(client, campaign, email="asked@example.org")
    form = confirm_form(wants_updates="on")
    assert client.post(emailed_link("confirm", mail.outbox[1]), form).status_code == 302
    (supporter,) = Supporter.objects.interested_in([campaign])
    assert supporter.email == "asked@example.org"


def test_a_bot_filling_the_hidden_field_is_answered_as_anyone_and_confirms_nothing(
    client, campaign
):
    sign(client, campaign)
    form = confirm_form(wants_updates="on", website="https://spam.example")
    response = client.post(emailed_link("confirm"), form)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/campaigns/{campaign.slug}/confirmed/")
    assert not Signature.objects.get().is_confirmed
    page = client.get(emailed_link("confirm"))
    (hidden,) = find_all(page.content, "input", name="website")
    assert hidden.attrs["tabindex"] == "-1"
