"""The emails of mailings: rendered once per language when a mailing starts (each
recipient gets the email in their language, the whole email in English where the text in
theirs is missing), then, per
recipient, only their own links are put in. Plain text, as every email of the site: no
images, no tracking, nothing loaded from anywhere; and nothing a signer or follower
typed.

Every email carries `List-Unsubscribe` with the recipient's own https link and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so that mail clients
offer a one-click unsubscribe, and the same link in its text. No `mailto:`
unsubscribe: somebody would have to read that mailbox, and would then see addresses.
"""

import base64
import email.policy
import hashlib
import hmac
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from campaigns import tokens as signer_tokens
from core import tokens as core_tokens
from core.email_addresses import digest
from news.models import News, NewsKind
from news.services import languages_written
from prisoners.models import Person
from supporters import tokens
from supporters.models import Mailing

# Where each recipient's own links go in the rendered text.
UNSUBSCRIBE_MARK = "⟦unsubscribe⟧"
WITHDRAW_MARK = "⟦withdraw⟧"
# What previews and test emails show in their place.
OWN_LINK = "(…)"

TEMPLATES = {
    NewsKind.UPDATE: "update",
    NewsKind.RESPONSE: "response",
    NewsKind.OUTCOME: "outcome",
    NewsKind.STATUS_CHANGE: "status_change",
    NewsKind.STORY: "story",
}


# What each kind of mailing says in its own words: the translated fields of the objects
# it is rendered with. The rest of an email (its frame, a campaign's or a person's name)
# is the site's, in every language.
OWN_WORDS = {
    NewsKind.UPDATE: {"update": ("title", "body")},
    NewsKind.RESPONSE: {"campaign": ("response",)},
    NewsKind.OUTCOME: {"campaign": ("outcome",)},
    NewsKind.STATUS_CHANGE: {"change": ("note",)},
    NewsKind.STORY: {"story": ("title", "standfirst")},
}


def written_in(language: str, kind: str, **objects) -> bool:
    """Whether the mailing has its own words in `language`: none of its texts written in
    English is empty in that language."""
    return all(
        language in languages_written(objects[name], fields)
        for name, fields in OWN_WORDS[kind].items()
    )


def content_objects(news: News) -> dict:
    """What the email of a piece of news is rendered with (render_content)."""
    subject = news.subject
    if news.kind == NewsKind.STATUS_CHANGE:
        return {"person": subject.person, "change": subject}
    if news.kind == NewsKind.STORY:
        return {"story": subject, "people": list(news.about_objects(Person))}
    if news.kind == NewsKind.UPDATE:
        return {"campaign": subject.campaign, "update": subject}
    return {"campaign": subject}


def render_content(kind: str, **objects) -> dict[str, dict[str, str]]:
    """The subject and text of a mailing in every language of the site it is written
    in (`written_in`). A language left out is not filled in with English words under its
    own frame and subject: its recipients get the whole email in English (`text_in`,
    `MessageBuilder`), as the page before sending tells staff."""
    content = {}
    for language, _name in settings.LANGUAGES:
        if not written_in(language, kind, **objects):
            continue
        with translation.override(language):
            context = objects | {
                "ORGANISATION_NAME": settings.ORGANISATION_NAME,
                "SITE_URL": settings.SITE_URL,
                "unsubscribe_url": UNSUBSCRIBE_MARK,
                "withdraw_url": WITHDRAW_MARK,
            }
            name = TEMPLATES[kind]
            subject = render_to_string(f"supporters/email/{name}_subject.txt", context)
            body = render_to_string(f"supporters/email/{name}_body.txt", context)
        content[language] = {"subject": " ".join(subject.split()), "body": body}
    return content


def text_in(content: dict, language: str) -> dict[str, str]:
    """The text in this language, or in English."""
    return content.get(language) or content[settings.LANGUAGE_CODE]


def preview(content: dict, language: str) -> dict[str, str]:
    """The email as a recipient in `language` would read it, with a placeholder for the
    links that are each recipient's own."""
    text = text_in(content, language)
    body = text["body"].replace(UNSUBSCRIBE_MARK, OWN_LINK).replace(WITHDRAW_MARK, OWN_LINK)
    return {"subject": text["subject"], "body": body}


def send_test(content: dict, language: str, address: str) -> None:
    """Send the email, as it will read in `language`, to a staff member's own address."""
    text = preview(content, language)
    subject = "[" + str(translation.gettext("Test")) + "] " + text["subject"]
    EmailMessage(subject, text["body"], settings.DEFAULT_FROM_EMAIL, [address]).send()


@dataclass(frozen=True)
class Recipient:
    """What a delivery needs of its recipient (a supporter): the subscription its
    unsubscribe link stops, and for a campaign's news the signature its withdrawal link
    names."""

    delivery_id: int
    kind: str  # tokens.SUBSCRIPTION
    public_id: object
    email: str
    language: str
    signature_public_id: object = None


def message_id(mailing_id: int, delivery_id: int) -> str:
    """The same Message-ID each time this recipient's email is sent, so that the rare
    second send (a worker killed between the server's acceptance and its record of it)
    can be recognised as the same email. Keyed, so that it tells no count."""
    key = hashlib.sha256(b"supporters.message_id:" + settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(key, f"{mailing_id}:{delivery_id}".encode(), hashlib.sha256).hexdigest()
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<mailing.{digest[:32]}@{domain}>"


class MessageBuilder:
    """Builds each recipient's email of one mailing; the per-language parts are
    prepared once.

    Two forms of the same email: `build` makes Django's EmailMessage, for any backend;
    `raw` writes the bytes an SMTP server receives, for the SMTP backend's connection.
    Measured (docs/benchmarks.md), Django's EmailMessage costs about 8 ms of CPU per
    email, nearly all of it Python's `email` package parsing and folding each header
    (policy.default), more than the send itself: at 100,000 recipients that is the
    mailing's bottleneck. `raw` writes the same headers, prepared once per language
    (the subject encoded as RFC 2047 once), and the text as base64 UTF-8, in well under
    a tenth of that. The tests read both forms through a real SMTP server and a parser.
    """

    def __init__(self, mailing: Mailing):
        self.mailing = mailing
        self.from_email = settings.DEFAULT_FROM_EMAIL
        name, address = parseaddr(self.from_email)
        self.envelope_from = address
        self.head = {}
        for language, text in mailing.content.items():
            subject = Header(text["subject"], "utf-8", header_name="Subject").encode(linesep="\r\n")
            self.head[language] = (
                f"From: {formataddr((name, address), charset='utf-8')}\r\n"
                f"Subject: {subject}\r\n"
                "MIME-Version: 1.0\r\n"
                'Content-Type: text/plain; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: base64\r\n"
                f"Content-Language: {language}\r\n"
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            ).encode("ascii")
        placeholder = "TOKEN"
        self.unsubscribe_url = {}
        self.withdraw_url = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                self.unsubscribe_url[language] = settings.SITE_URL + reverse(
                    "supporters:unsubscribe", kwargs={"token": placeholder}
                ).replace(placeholder, "{}")
                self.withdraw_url[language] = settings.SITE_URL + reverse(
                    "campaigns:withdraw", kwargs={"token": placeholder}
                ).replace(placeholder, "{}")

    def _parts(self, recipient: Recipient) -> tuple[str, str, str]:
        """(language, text, unsubscribe link) of a recipient's email."""
        language = recipient.language
        if language not in self.mailing.content:
            language = settings.LANGUAGE_CODE
        text = self.mailing.content[language]
        token = tokens.unsubscribe_token(recipient.kind, recipient.public_id, recipient.email)
        unsubscribe = self.unsubscribe_url[language].format(token)
        body = text["body"].replace(UNSUBSCRIBE_MARK, unsubscribe)
        if WITHDRAW_MARK in body:
            withdraw = ""
            if recipient.signature_public_id is not None:
                token = core_tokens.make(
                    signer_tokens.WITHDRAW, recipient.signature_public_id, digest(recipient.email)
                )
                withdraw = self.withdraw_url[language].format(token)
            body = body.replace(WITHDRAW_MARK, withdraw)
        return language, body, unsubscribe

    def build(self, recipient: Recipient) -> "BulkEmailMessage":
        language, body, unsubscribe = self._parts(recipient)
        headers = {
            "Message-ID": message_id(self.mailing.pk, recipient.delivery_id),
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        }
        subject = self.mailing.content[language]["subject"]
        return BulkEmailMessage(subject, body, self.from_email, [recipient.email], headers=headers)

    def raw(self, recipient: Recipient, address: str) -> bytes:
        """The email as the SMTP server receives it, to `address` (the recipient's, as
        the backend prepared it for the envelope)."""
        language, body, unsubscribe = self._parts(recipient)
        text = "\r\n".join(body.splitlines()).encode("utf-8")
        return b"".join(
            (
                self.head[language],
                f"To: {address}\r\n"
                f"Date: {formatdate(usegmt=True)}\r\n"
                f"Message-ID: {message_id(self.mailing.pk, recipient.delivery_id)}\r\n"
                f"List-Unsubscribe: <{unsubscribe}>\r\n\r\n".encode("ascii"),
                base64.encodebytes(text).replace(b"\n", b"\r\n"),
            )
        )


def send_follow_confirmation(subscription) -> None:
    """Ask the owner of an address to confirm that they follow a person; its
    Message-ID is the same each time this request's email is sent again."""
    supporter = subscription.supporter
    with translation.override(supporter.language):
        context = {
            "person": subscription.target,
            "confirm_url": settings.SITE_URL
            + reverse(
                "supporters:follow_confirm",
                kwargs={"token": tokens.follow_confirm_token(subscription)},
            ),
            "ORGANISATION_NAME": settings.ORGANISATION_NAME,
            "confirmation_days": settings.SIGNATURE_CONFIRMATION_DAYS,
        }
        subject = render_to_string("supporters/email/follow_confirm_subject.txt", context)
        body = render_to_string("supporters/email/follow_confirm_body.txt", context)
    asked = subscription.confirmation_requested_at or subscription.created_at
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    message_id = f"<follow.{subscription.public_id}.{asked:%Y%m%d%H%M%S}@{domain}>"
    EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [supporter.email],
        headers={"Message-ID": message_id},
    ).send()  # fmt: skip


def send_follower_links(subscription) -> None:
    """Email a follower's own address fresh links: the download of what is held about
    the follow (it works for SIGNER_LINK_DAYS) and the way to stop following."""
    supporter = subscription.supporter
    with translation.override(supporter.language):
        token = tokens.unsubscribe_token(
            tokens.SUBSCRIPTION, subscription.public_id, supporter.email
        )
        context = {
            "person": subscription.target,
            "data_url": settings.SITE_URL
            + reverse("supporters:follower_data", kwargs={"token": token}),
            "unsubscribe_url": settings.SITE_URL
            + reverse("supporters:unsubscribe", kwargs={"token": token}),
            "link_days": settings.SIGNER_LINK_DAYS,
            "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        }
        subject = render_to_string("supporters/email/follower_links_subject.txt", context)
        body = render_to_string("supporters/email/follower_links_body.txt", context)
    EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [supporter.email]
    ).send()


# Header lines up to RFC 5322's limit. At the default 78 characters the email package
# folds a header with no space in it (the List-Unsubscribe URL) into RFC 2047 encoded
# words, which no mail client reads in List-Unsubscribe: its one-click button would not
# appear. Only for Django's path (the console, file and any other backend); on the SMTP
# backend the worker writes the lines itself (MessageBuilder.raw).
UNFOLDED_HEADERS = email.policy.default.clone(max_line_length=998)


class BulkEmailMessage(EmailMessage):
    """Django's email, with its List-Unsubscribe header on one line."""

    def message(self, *, policy=UNFOLDED_HEADERS):
        return super().message(policy=policy)
