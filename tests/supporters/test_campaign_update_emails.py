"""An update staff send reaches each confirmed signer who asked for news, once, in the
language they signed in, through a real SMTP server: with List-Unsubscribe and
List-Unsubscribe-Post (RFC 8058), a visible unsubscribe link, a stable Message-ID; and
it never names an address in a log."""

import datetime
import logging

import pytest
import time_machine
from django.utils import timezone

from audience.models import Supporter
from campaigns.models import CampaignUpdate
from supporters import services
from supporters.models import (
    Delivery,
    DeliveryStatus,
    Mailing,
    MailingStatus,
    SuppressedAddress,
)
from tests.factories import (
    header_link,
    make_confirmed,
    make_signature,
    make_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Send an update as staff do, the workers running once it is committed."""

    def send_update(update: CampaignUpdate):
        with django_capture_on_commit_callbacks(execute=True):
            return services.campaign_update_send(update=update)

    return send_update


def test_each_signer_who_asked_gets_the_update_once_in_their_language(campaign, smtp_server, send):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True, language="en")
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True, language="ru")
    make_confirmed(campaign, email="ales@example.org", wants_updates=True, language="be")
    make_confirmed(campaign, email="quiet@example.org", wants_updates=False)
    make_signature(campaign, email="unconfirmed@example.org", wants_updates=True)

    mailing = send(make_update(campaign))

    (en,) = smtp_server.to("anna@example.org")
    (ru,) = smtp_server.to("ivan@example.org")
    (be,) = smtp_server.to("ales@example.org")
    assert len(smtp_server.messages) == 3
    assert en["Subject"] == "The appeal was handed over — Free Maria Kalesnikava"
    assert "We handed 1,200 signatures" in en.get_content()
    assert ru["Subject"].startswith("Обращение передано")
    assert ru["Content-Language"] == "ru"
    assert "Мы передали подписи" in ru.get_content()
    assert "Остановить эти письма" in ru.get_content()
    assert be["Content-Language"] == "be"
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DONE
    assert (mailing.recipients, mailing.sent_count, mailing.failed_count) == (3, 3, 0)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


@pytest.mark.parametrize("empty", [{"title_ru": "", "body_ru": ""}, {"body_ru": ""}])
def test_a_language_without_the_text_gets_the_whole_email_in_english(
    campaign, smtp_server, send, empty
):
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True, language="ru")
    send(make_update(campaign, **empty))
    (message,) = smtp_server.messages
    text = message.get_content()
    assert message["Subject"] == "The appeal was handed over — Free Maria Kalesnikava"
    assert message["Content-Language"] == "en"
    assert "We handed 1,200 signatures" in text
    assert "Stop these emails" in text and "/en/" in text
    # Not a word of the Russian text or its frame: one language, the recipient's or English.
    assert not any("а" <= char <= "я" for char in text.lower())


def test_the_text_part_is_readable_text_not_markdown(campaign, smtp_server, send):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    body = (
        "We handed **1,200 signatures** to the _prosecutor's office_. Read "
        "[the statement](https://example.org/statement).\n\n"
        "What happens next:\n\n"
        "- a reply within *30 days*;\n"
        "- then [a hearing](https://example.org/hearing).\n\n"
        "1. First\n2. Second\n\n"
        "> Free them all.\n\n"
        "Ask us at <https://example.org/ask>."
    )
    send(make_update(campaign, body_en=body))
    (message,) = smtp_server.messages
    text = message.get_content().replace("\r\n", "\n")
    assert "We handed 1,200 signatures to the prosecutor's office." in text
    assert "Read the statement (https://example.org/statement)." in text
    assert "- a reply within 30 days;\n- then a hearing (https://example.org/hearing)." in text
    assert "1. First\n2. Second" in text
    assert "> Free them all." in text
    assert "Ask us at https://example.org/ask." in text
    for markdown in ("**", "_prosecutor", "*30", "](", "<https"):
        assert markdown not in text


def test_every_email_offers_one_click_unsubscribe_in_headers_and_text(campaign, smtp_server, send):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True)
    send(make_update(campaign))
    first, second = smtp_server.messages
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header_link(first)
    assert link.startswith("/en/unsubscribe/")
    assert link in first.get_content()  # the same link, visible
    assert header_link(second) != link  # each recipient's own
    assert first["Message-ID"] != second["Message-ID"]
    assert "@example.org" not in first["Message-ID"]
    assert "/en/campaigns/withdraw/" in first.get_content()


def test_one_click_unsubscribe_works_from_a_mail_client_without_cookies(
    campaign, smtp_server, send, client
):
    signature = make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    send(make_update(campaign))
    link = header_link(smtp_server.messages[0])

    # What a mail client sends (RFC 8058): a cross-site POST, no cookie, no CSRF token.
    response = client.post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded",
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://mail.example.net"},
    )  # fmt: skip
    assert response.status_code == 200
    signature.refresh_from_db()
    assert signature.wants_updates is False
    assert signature.is_confirmed  # the signature still counts

    # The next update reaches the others, not them.
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True)
    send(make_update(campaign, title_en="A second update"))
    assert len(smtp_server.to("anna@example.org")) == 1
    assert len(smtp_server.to("ivan@example.org")) == 1


def test_a_signer_who_withdrew_gets_nothing_and_leaves_no_record(campaign, smtp_server, send):
    from campaigns.services import signature_withdraw

    kept = make_confirmed(campaign, email="kept@example.org", wants_updates=True)
    gone = make_confirmed(campaign, email="gone@example.org", wants_updates=True)
    send(make_update(campaign))
    signature_withdraw(signature_id=gone.pk)
    (delivery,) = Delivery.objects.select_related("supporter")
    assert delivery.supporter.email == kept.email
    assert not Supporter.objects.for_address(gone.email).exists()


def test_an_address_refused_for_good_is_marked_and_skipped_next_time(campaign, smtp_server, send):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    make_confirmed(campaign, email="nobody@example.org", wants_updates=True)
    smtp_server.refuse("nobody@example.org", "550 5.1.1 No such user")

    mailing = send(make_update(campaign))
    mailing.refresh_from_db()
    assert (mailing.sent_count, mailing.failed_count) == (1, 1)
    assert SuppressedAddress.objects.count() == 1
    assert "nobody" not in SuppressedAddress.objects.get().email_digest

    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        second = send(make_update(campaign, title_en="A second update"))
    second.refresh_from_db()
    assert (second.sent_count, second.skipped_count, second.failed_count) == (1, 1, 0)
    assert len(smtp_server.to("nobody@example.org")) == 0
    assert len(smtp_server.to("anna@example.org")) == 2


def test_a_temporary_refusal_is_retried_later_not_lost(campaign, smtp_server, send, settings):
    settings.MAILING_RETRY_SECONDS = 60
    make_confirmed(campaign, email="busy@example.org", wants_updates=True)
    smtp_server.refuse("busy@example.org", "451 4.7.1 Try again later")
    mailing = send(make_update(campaign))

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.failure == "SMTPRecipientsRefused 451"
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENDING

    del smtp_server.refusals["busy@example.org"]
    from supporters import tasks

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert tasks.queue_mailings() == 1
    assert len(smtp_server.to("busy@example.org")) == 1
    mailing.refresh_from_db()
    assert (mailing.status, mailing.sent_count) == (MailingStatus.DONE, 1)


def test_an_address_is_never_logged(campaign, smtp_server, send, caplog):
    make_confirmed(campaign, email="secret@example.org", wants_updates=True)
    make_confirmed(campaign, email="refused@example.org", wants_updates=True)
    smtp_server.refuse("refused@example.org", "550 5.1.1 <refused@example.org>: unknown")
    with caplog.at_level(logging.DEBUG):
        send(make_update(campaign))
    assert caplog.records
    assert "example.org" not in caplog.text


def test_updates_per_campaign_per_week_are_limited(campaign, smtp_server, send, settings):
    settings.CAMPAIGN_UPDATES_PER_WEEK = 2
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    send(make_update(campaign, title_en="One"))
    send(make_update(campaign, title_en="Two"))
    third = make_update(campaign, title_en="Three")
    with pytest.raises(services.MailingRefused, match="the most allowed"):
        send(third)
    third.refresh_from_db()
    assert not third.is_published
    assert len(smtp_server.messages) == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        send(third)
    assert len(smtp_server.messages) == 3


def test_an_update_is_sent_once_however_often_send_is_pressed(campaign, smtp_server, send):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    update = make_update(campaign)
    send(update)
    with pytest.raises(services.MailingRefused):
        send(update)
    assert len(smtp_server.messages) == 1


def test_a_paused_mailing_sends_nothing_more_until_resumed(
    campaign, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.MAILING_BATCH_SIZE = 2
    for number in range(5):
        make_confirmed(campaign, email=f"s{number}@example.org", wants_updates=True)
    with django_capture_on_commit_callbacks(execute=False) as started:
        mailing = services.campaign_update_send(update=make_update(campaign))
    services.mailing_pause(mailing=mailing)
    for callback in started:
        callback()
    assert smtp_server.messages == []
    assert mailing.progress().waiting == 5

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mailing_resume(mailing=mailing)
    assert len(smtp_server.messages) == 5
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DONE


def test_any_other_backend_gets_the_same_email_as_djangos_message(campaign, send):
    from django.core import mail

    make_confirmed(campaign, email="ivan@example.org", wants_updates=True, language="ru")
    send(make_update(campaign))
    (message,) = mail.outbox  # the test run's in-memory backend, not SMTP
    assert message.to == ["ivan@example.org"]
    assert message.subject.startswith("Обращение передано")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Content-Language"] == "ru"
    assert "Мы передали подписи" in message.body
    # As the console, file or an email provider's backend sends it: the long
    # List-Unsubscribe URL on one line, not folded into encoded words that no mail
    # client reads there (the one-click button would not appear).
    lines = message.message().as_bytes().decode().splitlines()
    (header,) = [line for line in lines if line.startswith("List-Unsubscribe:")]
    assert header.startswith("List-Unsubscribe: <http") and header.endswith("/>")
    assert "=?" not in header


def test_the_smtp_form_is_a_well_formed_message(campaign, smtp_server, send, settings):
    settings.DEFAULT_FROM_EMAIL = "Вольная Беларусь <appeals@example.org>"
    make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    send(make_update(campaign))
    (message,) = smtp_server.messages
    assert message.defects == []
    assert str(message["From"]) == "Вольная Беларусь <appeals@example.org>"
    assert str(message["To"]) == "anna@example.org"
    assert message["Date"].datetime is not None
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"


def test_an_update_nobody_asked_for_is_refused_not_queued(campaign, send):
    make_confirmed(campaign, email="quiet@example.org", wants_updates=False)
    update = make_update(campaign)
    with pytest.raises(services.MailingRefused, match="No signer of this campaign asked"):
        send(update)
    update.refresh_from_db()
    assert not update.is_published
    assert not Mailing.objects.exists()
