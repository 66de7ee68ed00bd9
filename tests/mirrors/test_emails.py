"""Every email to supporters ends with the current addresses (an inbox is the channel a
censor cannot block): the confirmation of a signature or a follow, and every mailing;
in the recipient's language, from a cached list that a change of the mirrors forgets."""

import pytest
from django.core import mail

from campaigns import emails as campaign_emails
from mirrors import services
from mirrors.templatetags.mirrors import mirror_addresses_for_email
from supporters import services as supporter_services
from tests.factories import make_campaign, make_confirmed, make_person, make_update, sign
from tests.mirrors.conftest import ONION, make_mirror

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return make_campaign(slug="free-maria", title="Free Maria Kalesnikava")


def ending(body: str) -> str:
    """The email's last paragraph."""
    return body.rstrip().rpartition("\n\n")[2]


def test_the_confirmation_email_ends_with_the_addresses(client, campaign, mirrors):
    sign(client, campaign)
    (message,) = mail.outbox
    assert ending(message.body).strip() == "\n".join(
        [
            "If our site is blocked, you can reach it at:",
            "Onion service, in Tor Browser:",
            ONION,
            "Web mirror:",
            "https://mirror.example.net/",
            "The current addresses, and how to use them:",
            "http://127.0.0.1:8000/en/mirrors/",
        ]
    )
    assert "old-copy.example.org" not in message.body


def test_it_is_in_the_signers_language(client, campaign, mirrors):
    sign(client, campaign, language="be")
    (message,) = mail.outbox
    assert "Калі наш сайт заблакаваны, ён даступны па гэтых адрасах:" in message.body
    assert message.body.rstrip().endswith("http://127.0.0.1:8000/be/mirrors/")


def test_an_update_mailing_ends_with_the_addresses(
    campaign, mirrors, smtp_server, django_capture_on_commit_callbacks
):
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True, language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        supporter_services.campaign_update_send(update=make_update(campaign))
    (message,) = smtp_server.to("ivan@example.org")
    text = message.get_content()
    assert "Если наш сайт заблокирован, он доступен по этим адресам:" in text
    assert "https://mirror.example.net/" in text and ONION in text
    assert text.rstrip().endswith("http://127.0.0.1:8000/ru/mirrors/")


def test_the_follow_confirmation_ends_with_the_addresses(client, mirrors):
    person = make_person(slug="ales", name_en="Ales Bialiatski")
    client.post(f"/en/follow/{person.slug}/", {"email": "anna@example.org", "website": ""})
    (message,) = mail.outbox
    assert "https://mirror.example.net/" in ending(message.body)


def test_with_no_mirror_it_says_the_emails_still_reach_you(client, campaign):
    sign(client, campaign)
    (message,) = mail.outbox
    assert "If our site is blocked, these emails still reach you." in message.body
    assert message.body.rstrip().endswith("http://127.0.0.1:8000/en/mirrors/")


def test_the_list_is_read_once_then_from_the_cache(mirrors, django_assert_num_queries):
    with django_assert_num_queries(1):
        mirror_addresses_for_email()
    with django_assert_num_queries(0):
        mirror_addresses_for_email()


def test_a_change_of_the_mirrors_reaches_the_next_email(mirrors):
    assert "https://new.example.net/" not in mirror_addresses_for_email()
    make_mirror(address="https://new.example.net/")
    services.mirrors_changed()
    assert "https://new.example.net/" in mirror_addresses_for_email()


def test_every_email_template_to_supporters_ends_with_the_addresses():
    """Each body template but the flood alert (to staff) ends with the tag: an email
    added later without it fails here."""
    from pathlib import Path

    from django.conf import settings

    templates = Path(settings.BASE_DIR, "templates")
    bodies = [
        *templates.glob("campaigns/email/*_body.txt"),
        *templates.glob("supporters/email/*_body.txt"),
    ]
    to_supporters = [path for path in bodies if path.name != "flood_alert_body.txt"]
    assert len(to_supporters) >= 9
    for path in to_supporters:
        text = path.read_text()
        assert text.endswith("{% mirror_addresses_for_email %}\n{% endautoescape %}\n"), path
        assert " mirrors %}" in text.splitlines()[0], path


def test_the_reminder_ends_with_the_addresses(campaign, mirrors):
    signature = make_confirmed(campaign, email="anna@example.org")
    mail.outbox.clear()
    campaign_emails.send_reminder(signature)
    (message,) = mail.outbox
    assert "https://mirror.example.net/" in ending(message.body)
