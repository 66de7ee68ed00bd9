"""The emails to signers: in the signer's language, with working links, with nothing
about them beyond what they typed, and a failed send never breaks signing."""

import smtplib

from django.conf import settings
from django.core import mail

from campaigns import emails
from campaigns.models import Signature
from tests.factories import confirm_form, emailed_link, links_in, path_of, sign, sign_urls
from tests.html import text_of


def test_it_writes_to_the_signer_in_the_language_they_signed_in(client, campaign):
    response = sign(client, campaign, language="ru")
    assert response.status_code == 302
    assert response["Location"].startswith("/ru/")
    assert Signature.objects.get().language == "ru"
    (message,) = mail.outbox
    links = links_in(message)
    assert len(links) >= 2
    for kind in ("confirm", "withdraw"):
        (link,) = [link for link in links if f"/campaigns/{kind}/" in link]
        assert link.startswith(settings.SITE_URL + "/ru/campaigns/"), link


def test_the_links_in_the_email_work(client, campaign):
    sign(client, campaign)
    (message,) = mail.outbox
    confirm = emailed_link("confirm", message)
    assert "Confirm my signature" in text_of(client.get(confirm).content)
    assert "Thank you" in text_of(client.post(confirm, confirm_form(), follow=True).content)
    (campaign_link,) = [
        link
        for link in links_in(message)
        if link == settings.SITE_URL + sign_urls(campaign)["detail"]
    ]
    assert client.get(path_of(campaign_link)).status_code == 200


def test_it_puts_nothing_the_signer_typed_into_the_email(client, campaign):
    """Anyone can type someone else's address: what they wrote in the name or comment
    must not reach that mailbox as the organisation's words."""
    sign(client, campaign, name="Locked Account Notice", comment="Call +375 00 000 now")
    (message,) = mail.outbox
    assert message.body.startswith("Hello,\n")
    for typed in ("Locked", "Account", "Notice", "+375"):
        assert typed not in message.body
        assert typed not in message.subject
    assert message.subject == "Please confirm your signature: Free Maria Kalesnikava"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.content_subtype == "plain", "plain text only: nothing that loads from anywhere"
    assert not getattr(message, "alternatives", None)
    assert not message.attachments


def test_it_never_carries_the_ip_hash(client, campaign):
    sign(client, campaign, ip="203.0.113.7")
    sign(client, campaign, ip="203.0.113.7")
    signature = Signature.objects.get()
    assert signature.ip_hash
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert signature.ip_hash not in message.body
        assert signature.ip_hash not in message.subject
        assert "203.0.113.7" not in message.body


def test_a_failing_mail_server_does_not_break_signing(client, campaign, monkeypatch):
    def refuse(signature):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr(emails, "send_confirmation", refuse)
    response = sign(client, campaign)
    assert response.status_code == 302
    assert response["Location"] == sign_urls(campaign)["thanks"]
    assert Signature.objects.count() == 1
    assert mail.outbox == []
    htmx = sign(client, campaign, htmx=True, email="boris@example.org")
    assert htmx.status_code == 200
    assert "Check your email" in htmx.content.decode()


def test_an_email_sent_again_has_the_same_message_id(client, campaign):
    """The one resend left (a worker killed between the mail server's answer and the
    mark) can be recognised by mail systems as the same message."""
    sign(client, campaign)
    signature = Signature.objects.get()
    emails.send_confirmation(signature)
    first, again = mail.outbox
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert str(signature.public_id) in first.extra_headers["Message-ID"]
    sign(client, campaign)  # a reminder is another message
    assert mail.outbox[2].extra_headers["Message-ID"] != first.extra_headers["Message-ID"]
