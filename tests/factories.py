"""Plain functions that build the rows tests need, with sensible defaults, and the forms,
links and emails of signing that the tests of every app share."""

import datetime
import itertools

from django.conf import settings
from django.core import mail
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, CampaignStatus, Signature, owner_box_new
from core import email_addresses
from prisoners.dates import Precision
from prisoners.models import (
    Letter,
    LetterGuidance,
    LetterPhrase,
    Person,
    PlaceOfDetention,
    ReleaseKind,
    Source,
    Status,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
)
from tests.html import find_all

_numbers = itertools.count(1)


# Prisoners


def make_source(**fields) -> Source:
    number = next(_numbers)
    defaults = {"slug": f"source-{number}", "title": f"Report number {number}"}
    return Source.objects.create(**(defaults | fields))


def make_person(*, sources: list[Source] | None = None, **fields) -> Person:
    """A published political prisoner. The facts of the record may be given as if they
    were columns (status, arrested_on, released_on, sentence, place, postal_address…):
    they become the status history, verdict and stay that the person's record derives
    them from."""
    number = next(_numbers)
    if "sentence_en" in fields:
        fields["sentence"] = fields.pop("sentence_en")
    if "place_of_detention_en" in fields:
        fields["place_of_detention"] = fields.pop("place_of_detention_en")
    record = {key: fields.pop(key) for key in RECORD_KEYS if key in fields}
    defaults = {
        "name_en": f"Person Number{number}",
        "slug": f"person-{number}",
        "country": "BY",
        "is_published": True,
        "is_political_prisoner": True,
    }
    person = Person.objects.create(**(defaults | fields))
    person.sources.set(sources or [make_source()])
    add_record(person, **({"status": Status.SENTENCED} | record))
    person.refresh_from_db()
    return person


RECORD_KEYS = (
    "status", "arrested_on", "arrested_on_precision", "sentenced_on", "sentenced_on_precision",
    "released_on", "released_on_precision", "sentence", "place_of_detention", "postal_address",
)  # fmt: skip


def add_record(person: Person, *, status: str, **facts) -> None:
    """The status history (and verdict, place and stay) that gives `person` this status
    and these dates, each entry citing the person's first source."""
    source = person.sources.first()

    def cited(entry):
        entry.sources.set([source])
        return entry

    day = Precision.DAY
    arrested = (facts.get("arrested_on"), facts.get("arrested_on_precision", day))
    if status != Status.UNKNOWN:
        cited(StatusChange.objects.create(
            person=person, kind=StatusKind.ARRESTED,
            date=arrested[0], date_precision=arrested[1] if arrested[0] else Precision.UNKNOWN,
        ))  # fmt: skip
    if status in (Status.SENTENCED, Status.RELEASED, Status.RELEASED_EXILED, Status.DECEASED):
        when = facts.get("sentenced_on")
        cited(StatusChange.objects.create(
            person=person, kind=StatusKind.SENTENCED, date=when,
            date_precision=facts.get("sentenced_on_precision", day) if when else Precision.UNKNOWN,
        ))  # fmt: skip
    if facts.get("sentence"):
        cited(Verdict.objects.create(person=person, term=facts["sentence"]))
    if status in (Status.RELEASED, Status.RELEASED_EXILED):
        when = facts.get("released_on")
        cited(StatusChange.objects.create(
            person=person, kind=StatusKind.RELEASED,
            release_kind=ReleaseKind.EXILED if status == Status.RELEASED_EXILED else "",
            date=when,
            date_precision=facts.get("released_on_precision", day) if when else Precision.UNKNOWN,
        ))  # fmt: skip
    if status == Status.DECEASED:
        cited(StatusChange.objects.create(person=person, kind=StatusKind.DIED))
    if facts.get("place_of_detention") or facts.get("postal_address"):
        name = facts.get("place_of_detention") or f"Place of detention {next(_numbers)}"
        place = make_place(name_en=name, postal_address=facts.get("postal_address", ""))
        cited(Stay.objects.create(person=person, place=place))


def make_letters(person: Person, count: int = 1, *, sent_on: datetime.date | None = None):
    """Letters visitors said they sent to `person` (today, unless told which day)."""
    day = sent_on or timezone.localdate()
    return Letter.objects.bulk_create(Letter(person=person, sent_on=day) for _ in range(count))


def make_letter_guidance() -> LetterGuidance:
    """The guidance for letters, with an opening phrase (the data migration writes one,
    which a transactional test's flush erases)."""
    guidance = LetterGuidance.objects.first()
    if guidance is None:
        guidance = LetterGuidance(
            body_en="**Write in Russian or Belarusian.** Avoid politics and the case.",
            body_be="**Пішыце па-беларуску або па-руску.**",
            body_ru="**Пишите по-русски или по-белорусски.**",
        )
        guidance.save()
        LetterPhrase.objects.create(guidance=guidance, meaning_en="Hello!",
                                    texts={"ru": "Здравствуйте!", "be": "Добры дзень!"},
                                    meaning_be="Ветлівае прывітанне.",
                                    meaning_ru="Вежливое приветствие.")  # fmt: skip
    return guidance


def make_place(**fields) -> PlaceOfDetention:
    number = next(_numbers)
    defaults = {"slug": f"place-{number}", "name_en": f"Penal colony No. {number}"}
    return PlaceOfDetention.objects.create(**(defaults | fields))


# Campaigns and signatures

# Fields stored once per language; a plain name means the English one.
TRANSLATED = ("title", "target", "summary", "appeal", "share_text")


def make_campaign(*, sources=None, prisoners=(), **fields) -> Campaign:
    """An open campaign with one source, unless told otherwise."""
    number = next(_numbers)
    for name in TRANSLATED:
        if name in fields:
            fields[f"{name}_en"] = fields.pop(name)
    defaults = {
        "slug": f"campaign-{number}",
        "title_en": f"Free the prisoners of case {number}",
        "target_en": "The Prosecutor General of Belarus",
        "summary_en": f"Summary of appeal number {number}.",
        "appeal_en": f"We ask you to release them. Appeal {number}.",
        "status": CampaignStatus.OPEN,
        "goal": 1000,
    }
    campaign = Campaign.objects.create(**(defaults | fields))
    campaign.sources.set(sources if sources is not None else [make_source()])
    if prisoners:
        campaign.prisoners.set(prisoners)
    return campaign


def make_signature(campaign: Campaign, **fields) -> Signature:
    """An unconfirmed signature stored directly, without an email, as the office's intake
    leaves it: with its digests and its owner's box (campaigns.services)."""
    number = next(_numbers)
    defaults = {
        "name": f"Signer Number{number}",
        "email": f"signer{number}@example.org",
        "country": "DE",
    }
    fields = defaults | fields
    email = fields["email"]
    if email:
        fields.setdefault("email_digest", email_addresses.digest(email))
        fields.setdefault(
            "email_domain_digest",
            email_addresses.domain_digest(email_addresses.domain_of(email)),
        )
        if "owner_box" not in fields:
            fields["owner_key"], fields["owner_box"] = owner_box_new(
                name=fields["name"], email=email, comment=fields.get("comment", "")
            )
    return Signature.objects.create(campaign=campaign, **fields)


def confirm(signature: Signature) -> Signature:
    """Confirm through the service, so that it is counted as a signer's click would, as
    if the campaign were still open (tests of closed campaigns need their signers)."""
    campaign = Campaign.objects.get(pk=signature.campaign_id)
    Campaign.objects.filter(pk=campaign.pk).update(
        status=CampaignStatus.OPEN, opens_at=None, closes_at=None
    )
    services.signature_confirm(public_id=signature.public_id)
    Campaign.objects.filter(pk=campaign.pk).update(
        status=campaign.status, opens_at=campaign.opens_at, closes_at=campaign.closes_at
    )
    signature.refresh_from_db()
    return signature


def make_confirmed(campaign: Campaign, **fields) -> Signature:
    return confirm(make_signature(campaign, **fields))


def days_ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# What a signer posts


def sign_form(**fields) -> dict:
    """What the sign form posts for a valid signature."""
    return {
        "name": "Anna Kowalska",
        "email": "anna@example.org",
        "country": "PL",
        "comment": "",
        "show_name_publicly": "",
        "wants_updates": "",
        "website": "",
    } | fields


def confirm_form(**fields) -> dict:
    """What the confirmation page posts when its owner keeps sign_form()'s details and
    leaves both consents unticked, as the page offers them."""
    return {"name": "Anna Kowalska", "country": "PL", "comment": ""} | fields


def sign_urls(campaign: Campaign, language: str = "en") -> dict[str, str]:
    base = f"/{language}/campaigns/{campaign.slug}/"
    return {
        "detail": base,
        "sign": base + "sign/",
        "thanks": base + "thanks/",
        "counter": base + "counter/",
    }


HTMX = {"HTTP_HX_REQUEST": "true"}


def sign(client, campaign: Campaign, *, htmx=False, ip=None, language="en", **fields):
    """Post the sign form as a visitor would: sign_form() with these fields, from the
    address `ip` if given, as htmx posts it if htmx=True."""
    extra = ({"REMOTE_ADDR": ip} if ip else {}) | (HTMX if htmx else {})
    return client.post(sign_urls(campaign, language)["sign"], sign_form(**fields), **extra)


def counter_total(client, campaign: Campaign) -> str:
    """The total the campaign's live counter shows, as it shows it ("1,203")."""
    (strong,) = find_all(client.get(sign_urls(campaign)["counter"]).content, "strong")
    return strong.text


# What a signer receives


def links_in(message: mail.EmailMessage) -> list[str]:
    return [word for word in message.body.split() if word.startswith(("http://", "https://"))]


def path_of(link: str) -> str:
    """The path of a link from an email, for the test client."""
    assert link.startswith(settings.SITE_URL)
    return link.removeprefix(settings.SITE_URL)


def emailed_link(kind: str, message: mail.EmailMessage | None = None) -> str:
    """The path of the one link of this kind ("confirm", "withdraw") in an email: the
    first one sent unless told."""
    message = message if message is not None else mail.outbox[0]
    (link,) = [link for link in links_in(message) if f"/{kind}/" in link]
    return path_of(link)


# Supporters: staff, updates, followers


def staff_with(user_model, username: str, *codenames: str):
    """A staff account with exactly these permissions (codenames), and an address."""
    from django.contrib.auth.models import Permission

    user = user_model.objects.create_user(
        username, f"{username}@staff.example.org", "pw", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def make_update(campaign: Campaign, **fields):
    """A campaign update written in the three languages, not yet published."""
    from campaigns.models import CampaignUpdate

    defaults = {
        "title_en": "The appeal was handed over",
        "body_en": "We handed **1,200 signatures** to the prosecutor's office.",
        "title_ru": "Обращение передано",
        "body_ru": "Мы передали подписи в прокуратуру.",
        "title_be": "Зварот перададзены",
        "body_be": "Мы перадалі подпісы ў пракуратуру.",
    }
    return CampaignUpdate.objects.create(campaign=campaign, **(defaults | fields))


def make_follower(person: Person, *, confirmed: bool = True, **fields):
    """An address following a person (an audience subscription), confirmed unless told
    otherwise, made as the follow form and its link make it."""
    from audience import services as audience

    number = next(_numbers)
    defaults = {"email": f"follower{number}@example.org", "language": "en"}
    subscription, _created = audience.subscribe(target=person, **(defaults | fields))
    if confirmed:
        audience.confirm(subscription=subscription)
    subscription.refresh_from_db()
    return subscription


def header_link(message, header: str = "List-Unsubscribe") -> str:
    """The https link of a List-Unsubscribe header, as a path for the test client."""
    value = str(message[header]).strip()
    assert value.startswith("<") and value.endswith(">"), value
    return path_of(value[1:-1])


def make_update_news(update, **fields):
    """The news of a campaign update (synthetic topic unless told), as publishing writes."""
    from news.models import NewsKind
    from news.services import news_write

    defaults = {"languages": ["en"], "topic": f"update:{update.pk}"}
    return news_write(
        kind=NewsKind.UPDATE, subject=update, about=[update.campaign], **(defaults | fields)
    )
