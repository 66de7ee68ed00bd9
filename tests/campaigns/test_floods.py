"""See a flood: per campaign and hour, the keyed IP hashes and email domains with unusually
many signatures are on the admin's index (FLOOD_*_RECORD_PER_HOUR), staff are emailed
once per campaign, hour and key when one passes FLOOD_*_ALERT_PER_HOUR, and each
campaign's day shows its share of unconfirmed signatures and of repeat attempts."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from campaigns import services
from campaigns.models import FloodAlert, SignAttempts
from core.network import ip_hash
from tests.factories import make_campaign, make_confirmed, make_signature, sign

INDEX = "/admin/"


def floods_section(page) -> str:
    content = page.content.decode()
    start = content.index('id="floods-heading"')
    return content[start : content.index("</section>", start)]


@pytest.fixture
def thresholds(settings):
    settings.FLOOD_IP_RECORD_PER_HOUR = 5
    settings.FLOOD_IP_ALERT_PER_HOUR = 8
    settings.FLOOD_DOMAIN_RECORD_PER_HOUR = 6
    settings.FLOOD_DOMAIN_ALERT_PER_HOUR = 50
    settings.FLOOD_ALERT_EMAILS = []
    return settings


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("lead", "lead@example.org", "a long password 1")


def test_the_index_lists_the_addresses_and_domains_that_signed_unusually_often(
    admin_client, thresholds
):
    campaign = make_campaign(title="Free Maria")
    for n in range(6):
        make_signature(campaign, ip_hash=ip_hash("203.0.113.5"), email=f"f{n}@flood.example")
    for _n in range(4):  # under the threshold: not listed
        make_signature(campaign, ip_hash=ip_hash("192.0.2.4"))
    make_confirmed(campaign, ip_hash=ip_hash("203.0.113.5"), email="real@flood.example")

    section = floods_section(admin_client.get(INDEX))

    assert section.count("<tr") == 3  # the header, the address, the domain
    assert f"one address: <code>{ip_hash('203.0.113.5')[:12]}</code>" in section
    assert "one email domain: <code>flood.example</code>" in section
    assert ip_hash("192.0.2.4")[:12] not in section
    assert "<td>7</td><td>6</td><td>0</td>" in section  # signatures, unconfirmed, set aside
    assert f"ip_hash={ip_hash('203.0.113.5')}" in section  # the link to review them


def test_an_editor_sees_no_flood(client, db, thresholds):
    campaign = make_campaign()
    for _n in range(6):
        make_signature(campaign, ip_hash=ip_hash("203.0.113.5"))
    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    content = client.get(INDEX).content.decode()
    assert "floods-heading" not in content
    assert ip_hash("203.0.113.5")[:12] not in content


def test_staff_are_emailed_once_per_campaign_hour_and_address(thresholds, superuser):
    campaign = make_campaign(title="Free Maria")
    for _n in range(8):
        make_signature(campaign, ip_hash=ip_hash("203.0.113.5"))

    assert services.flood_alerts_raise() == 1
    assert services.flood_alerts_raise() == 0

    (message,) = mail.outbox
    assert message.to == ["lead@example.org"]
    assert "Possible flood of signatures: Free Maria" in message.subject
    assert "received 8 signatures from one address" in message.body
    assert f"ip_hash={ip_hash('203.0.113.5')}" in message.body
    assert FloodAlert.objects.get().email_sent_at is not None
    # Another hour of the same address is another alert.
    for _n in range(8):
        make_signature(
            campaign,
            ip_hash=ip_hash("203.0.113.5"),
            created_at=FloodAlert.objects.get().hour - datetime.timedelta(minutes=30),
        )
    assert services.flood_alerts_raise() == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_the_alert_goes_through_the_task_worker(thresholds, database_queue):
    User.objects.create_superuser("lead", "lead@example.org", "a long password 1")
    campaign = make_campaign()
    for _n in range(8):
        make_signature(campaign, ip_hash=ip_hash("203.0.113.5"))
    call_command("queue_confirmation_emails", verbosity=0)  # the cron line
    assert mail.outbox == []  # queued, not sent inside the command
    assert DBTaskResult.objects.filter(task_path="campaigns.tasks.send_flood_alert").count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.subject for m in mail.outbox if "flood" in m.subject] != []
    assert FloodAlert.objects.get().email_sent_at is not None


def test_signing_from_one_address_raises_the_alert_without_cron(client, thresholds, superuser):
    """The worker that queues the confirmation emails looks for floods, at most once a
    minute: here it runs inside the requests (TASKS_BACKEND=immediate)."""
    campaign = make_campaign()
    for n in range(7):
        sign(client, campaign, ip="203.0.113.5", email=f"bot{n}@example.org")
    from django.core.cache import cache

    from core import cache_keys

    cache.delete(cache_keys.FLOOD_SCAN_DONE)  # a minute later
    sign(client, campaign, ip="203.0.113.5", email="bot7@example.org")
    assert [m for m in mail.outbox if m.to == ["lead@example.org"]]


def test_each_campaigns_day_shows_unconfirmed_and_repeat_attempts(client, admin_client):
    campaign = make_campaign(title="Free Maria")
    sign(client, campaign, email="anna@example.org")
    sign(client, campaign, email="Anna+again@example.org")  # the same mailbox: a repeat
    sign(client, campaign, email="bob@example.org")
    sign(client, campaign, email="spam@mailinator.com")  # disposable: refused
    make_confirmed(campaign)

    attempts = SignAttempts.objects.get(campaign=campaign)
    assert (attempts.repeated, attempts.refused) == (1, 1)
    content = admin_client.get(INDEX).content.decode()
    start = content.index('class="signing-days"')
    table = content[start : content.index("</table>", start)]
    # 3 stored, 2 of them unconfirmed (67%); 1 repeat of 5 attempts (20%); 1 refused.
    assert "<td>Free Maria</td><td>3</td>" in table
    assert "<td>2 (67%)</td>" in table
    assert "<td>1 (20%)</td>" in table
