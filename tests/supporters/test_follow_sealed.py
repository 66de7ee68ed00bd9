"""Following through the public host, which holds neither the private key nor the digest
key (issue 34, docs/security.md "Sealed supporter data", flow 6): it stores a sealed
request and nothing that tells one address from another; the office's intake makes it
the mailbox's one follow and emails the link; confirming, stopping and downloading what
is held work through the public host again, with no secret but the link key."""

import datetime
import json
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audience.models import SEALED_ADDRESS, Subscription, Supporter
from core import sealing
from core.email_addresses import digest
from core.encryption import KeyMissing, Sealed
from supporters import services
from supporters.models import FollowRequest
from tests.factories import emailed_link, make_follower, make_person
from tests.html import find_all

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def ales(db):
    return make_person(name_en="Ales Bialiatski", slug="ales-bialiatski")


@pytest.fixture
def roles(settings):
    """Switch this process between the two roles: `roles.public()` drops the office's
    keys (as docs/deploy.md's public host runs), `roles.office()` gives them back."""
    office_keys = (settings.SUPPORTER_PRIVATE_KEYS, settings.SIGNER_DIGEST_KEY)

    class Roles:
        def public(self):
            settings.SUPPORTER_PRIVATE_KEYS = []
            settings.SIGNER_DIGEST_KEY = ""
            settings.SITE_ROLE = "public"
            settings.SERVES_OFFICE = False

        def office(self):
            settings.SUPPORTER_PRIVATE_KEYS, settings.SIGNER_DIGEST_KEY = office_keys
            settings.SITE_ROLE = "office"
            settings.SERVES_OFFICE = True

    return Roles()


def follow(client, person, email, ip="192.0.2.1"):
    return client.post(f"/en/follow/{person.slug}/", {"email": email, "website": ""},
                       headers=SAME_ORIGIN, REMOTE_ADDR=ip)  # fmt: skip


def run_worker() -> None:
    """The office's worker, one pass over the queue, as `manage.py db_worker --batch`."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def stored_emails(table: str) -> list[str]:
    """What the database itself holds in a table's email column (as a dump shows it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT email FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_the_public_host_stores_a_sealed_request_and_the_office_makes_one_follow_of_it(
    client, ales, roles, database_queue
):
    roles.public()
    with pytest.raises(KeyMissing):
        digest("annsmith@gmail.com")  # the public host cannot tell addresses apart
    first = follow(client, ales, "Ann.Smith+x@gmail.com")
    second = follow(client, ales, "annsmith@gmail.com", ip="192.0.2.2")
    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])

    # Two sealed requests, nothing that says they are one mailbox, no follow yet.
    assert FollowRequest.objects.count() == 2
    for value in stored_emails(FollowRequest._meta.db_table):
        assert sealing.is_sealed(value) and "ann" not in value.lower()
    assert all(isinstance(r.email, Sealed) for r in FollowRequest.objects.all())
    assert not Supporter.objects.exists() and not Subscription.objects.exists()
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1  # one intake asked for, for both

    roles.office()
    run_worker()  # the intake, then the email it queued
    run_worker()
    assert not FollowRequest.objects.exists()
    supporter = Supporter.objects.get()
    assert supporter.email_digest == digest("annsmith@gmail.com")
    subscription = Subscription.objects.get()
    assert (subscription.supporter, subscription.target) == (supporter, ales)
    (message,) = mail.outbox
    assert message.to == ["Ann.Smith+x@gmail.com"]
    assert all(sealing.is_sealed(value) for value in stored_emails(Supporter._meta.db_table))

    roles.public()
    link = emailed_link("confirm-follow")
    assert "Ales Bialiatski" in client.get(link).content.decode()
    confirmed = client.post(link, headers=SAME_ORIGIN)
    assert confirmed.status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    (stop,) = [
        a.attrs["href"]
        for a in find_all(confirmed.content, "a")
        if "/unsubscribe/" in a.attrs["href"]
    ]

    # What is held, downloaded through the public host: everything but the address,
    # which it cannot open, and says so.
    data = json.loads(client.get(f"{stop}data.json").content)
    assert data["email"] == data["supporter"]["email"] == SEALED_ADDRESS
    assert data["person_followed"] == "Ales Bialiatski"

    assert "Ales Bialiatski" in client.get(stop).content.decode()
    assert client.post(stop, headers=SAME_ORIGIN).status_code == 200
    assert not Subscription.objects.exists() and not Supporter.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_intakes_of_one_mailbox_make_one_follow_and_one_email(ales, roles, database_queue):
    roles.public()
    for spelling in ("Ann.Smith+x@gmail.com", "annsmith@gmail.com", "a.n.n.smith@googlemail.com"):
        services.follow_request(person=ales, email=spelling, language="en")
    roles.office()
    # Two workers: each takes what it finds; the second finds it all done.
    assert services.follow_requests_take_in(batch=2) == 3
    assert services.follow_requests_take_in() == 0
    run_worker()
    assert Supporter.objects.count() == Subscription.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_request_of_a_known_mailbox_joins_its_supporter(client, ales):
    """In one process with every key (development, the tests), the intake runs inline."""
    other = make_person(slug="other-person")
    known = make_follower(other, email="annsmith@gmail.com", language="en")
    assert follow(client, ales, "Ann.Smith+x@gmail.com").status_code == 302
    supporter = Supporter.objects.get()
    assert supporter == known.supporter
    assert set(supporter.subscriptions.values_list("target_id", flat=True)) == {ales.pk, other.pk}
    assert not FollowRequest.objects.exists()
    (message,) = mail.outbox
    assert message.to == ["annsmith@gmail.com"]  # the address it is known by


def test_a_confirmed_follower_asking_again_gets_nothing(client, ales):
    make_follower(ales, email="annsmith@gmail.com")
    follow(client, ales, "Ann.Smith@gmail.com")
    assert mail.outbox == []
    assert Subscription.objects.count() == 1
    assert not FollowRequest.objects.exists()


def test_an_address_asked_for_too_often_gets_no_more_email(client, ales, monkeypatch):
    """The per-address limit is the office's: only it can tell addresses apart."""
    monkeypatch.setattr(services, "FOLLOW_PER_EMAIL", services.rate_limits.Limit(2, 3600))
    people = [make_person(slug=f"person-{number}") for number in range(3)]
    for number, person in enumerate(people):
        response = follow(client, person, f"ann+{number}@example.org")
        assert response.status_code == 302  # the same answer, always
    assert len(mail.outbox) == 2
    assert not FollowRequest.objects.exists()


def test_a_request_no_worker_took_in_is_deleted_with_the_expired_follows(
    ales, roles, settings, database_queue
):
    roles.public()
    services.follow_request(person=ales, email="ann@example.org", language="en")
    roles.office()
    later = timezone.now() + datetime.timedelta(days=settings.SIGNATURE_CONFIRMATION_DAYS + 1)
    services.followers_purge_unconfirmed(now=later)
    assert not FollowRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_command_takes_in_what_no_worker_was_asked_to(
    ales, roles, database_queue, monkeypatch
):
    roles.public()
    monkeypatch.setattr(
        "supporters.tasks.follow_intake_soon", lambda: (_ for _ in ()).throw(RuntimeError)
    )
    services.follow_request(person=ales, email="ann@example.org", language="en")
    assert FollowRequest.objects.count() == 1  # stored, though the queue was not reached
    roles.office()
    call_command("queue_mailings", verbosity=0)
    run_worker()
    assert Subscription.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["ann@example.org"]]


def test_the_office_download_shows_the_address(client, ales):
    subscription = make_follower(ales, email="ann@example.org")
    assert services.follow_personal_data(subscription)["email"] == "ann@example.org"


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent writers are what PostgreSQL does; SQLite queues writers",
)


def in_threads(count: int, work) -> list:
    """Run work() in `count` threads started together, each with its own connection;
    fail with the first exception any of them raised."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[number] = work()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_workers_taking_in_one_mailbox_at_once_make_one_follow_and_queue_one_email(
    ales, roles, database_queue
):
    roles.public()
    spellings = [
        "annsmith@gmail.com",
        "Ann.Smith@gmail.com",
        "ann.smith+a@gmail.com",
        "a.nnsmith+b@googlemail.com",
        "ANNSMITH@gmail.com",
        "ann.s.mith@gmail.com",
    ]
    for spelling in spellings:
        services.follow_request(person=ales, email=spelling, language="en")
    roles.office()
    taken = in_threads(len(spellings), lambda: services.follow_requests_take_in(batch=1))
    assert sum(taken) == len(spellings)
    assert not FollowRequest.objects.exists()
    assert Supporter.objects.count() == Subscription.objects.count() == 1
    emails = DBTaskResult.objects.filter(task_path__endswith="send_follow_confirmation")
    assert emails.count() == 1
