"""Many people sign and confirm at once: no lost count, no duplicate, no error.

These tests commit for real (transaction=True) and run each signer in its own thread
with its own database connection, which each thread closes when done."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns import services
from campaigns.models import Signature
from campaigns.services import ConfirmOutcome, SignOutcome
from tests.factories import make_campaign, make_signature, sign_form, sign_urls

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent writers are what PostgreSQL does; SQLite queues writers",
)


def in_threads(count: int, work) -> list:
    """Run work(number) in `count` threads started together; return their results, and
    fail the test with the first exception any of them raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[number] = work(number)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
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
def test_forty_signers_at_once_each_get_one_email_and_are_all_counted():
    campaign = make_campaign()

    def sign(number: int) -> SignOutcome:
        return services.signature_create(
            campaign=campaign,
            name=f"Signer Number{number}",
            email=f"signer{number}@example.org",
            country=["PL", "DE", "LT"][number % 3],
        )

    assert in_threads(40, sign) == [SignOutcome.CREATED] * 40
    # Each signer's email was queued once, by whichever request's task ran after it.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"signer{number}@example.org" for number in range(40)
    )

    def confirm(number: int) -> ConfirmOutcome:
        signature = Signature.objects.for_address(f"signer{number}@example.org").get()
        return services.signature_confirm(public_id=signature.public_id).outcome

    assert in_threads(40, confirm) == [ConfirmOutcome.CONFIRMED] * 40
    assert Signature.objects.confirmed().count() == 40
    assert campaign.confirmed_online() == 40


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_fifty_attempts_with_one_address_leave_one_signature():
    campaign = make_campaign()

    def sign(number: int) -> SignOutcome:
        return services.signature_create(
            campaign=campaign,
            name="Anna Kowalska",
            email=["anna@example.org", "Anna@Example.org", "anna+x@example.org"][number % 3],
            country="PL",
        )

    outcomes = Counter(in_threads(50, sign))
    # The public role cannot tell the attempts apart; the office's intake folds them.
    assert outcomes == {SignOutcome.CREATED: 50}
    assert Signature.objects.count() == 1
    subjects = sorted(message.subject.split(":")[0] for message in mail.outbox)
    assert subjects == ["Please confirm your signature", "You have already signed"]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_of_one_signature_count_it_once():
    campaign = make_campaign()
    signature = make_signature(campaign)

    outcomes = Counter(
        in_threads(20, lambda _: services.signature_confirm(public_id=signature.public_id).outcome)
    )
    assert outcomes == {ConfirmOutcome.CONFIRMED: 1, ConfirmOutcome.ALREADY_CONFIRMED: 19}
    assert campaign.confirmed_online() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_confirmations_leaves_the_count_right():
    campaign = make_campaign()
    signatures = [make_signature(campaign) for _ in range(10)]

    def confirm_or_withdraw(number: int) -> None:
        signature = signatures[number // 2]
        if number % 2:
            services.signature_withdraw(signature_id=signature.pk)
        else:
            services.signature_confirm(public_id=signature.public_id)

    in_threads(20, confirm_or_withdraw)
    assert Signature.objects.count() == 0
    assert campaign.confirmed_online() == 0


@pytest.mark.django_db(transaction=True)
def test_eight_browsers_signing_at_once_all_get_their_answer():
    """On both databases: SQLite (a file, WAL, IMMEDIATE transactions) queues the
    writers instead of failing with "database is locked"."""
    campaign = make_campaign()
    url = sign_urls(campaign)["sign"]

    def post(number: int) -> int:
        response = Client().post(
            url,
            sign_form(email=f"browser{number}@example.org"),
            REMOTE_ADDR=f"198.51.100.{number + 1}",
        )
        return response.status_code

    assert in_threads(8, post) == [302] * 8
    assert Signature.objects.count() == 8
    assert len(mail.outbox) == 8


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_workers_queueing_emails_at_once_queue_each_one_once(database_queue):
    campaign = make_campaign()
    signatures = {make_signature(campaign).pk for _ in range(60)}

    def drain(_number: int) -> int:
        return services.confirmation_emails_queue(batch=7)

    assert sum(in_threads(4, drain)) == 60
    queued_for = [task.args_kwargs["kwargs"]["signature_id"] for task in DBTaskResult.objects.all()]
    assert sorted(queued_for) == sorted(signatures)
    assert not Signature.objects.awaiting_confirmation_email().exists()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_signature_locked_by_a_second_sign_attempt_still_gets_its_email_queued(database_queue):
    """A double-clicked sign button: the second attempt stamps its reminder on the row
    while the worker queues the first one's confirmation email. The worker must wait for
    that lock, not pass over the signature."""
    signature = make_signature(make_campaign())
    locked, release = threading.Event(), threading.Event()

    def second_attempt(number: int) -> int:
        if number == 0:
            with transaction.atomic():
                Signature.objects.filter(pk=signature.pk).update(reminded_at=timezone.now())
                locked.set()
                release.wait(timeout=10)
            return 0
        assert locked.wait(timeout=10)
        threading.Timer(0.5, release.set).start()
        return services.confirmation_emails_queue()

    assert in_threads(2, second_attempt) == [0, 1]
    (task,) = DBTaskResult.objects.all()
    assert task.args_kwargs["kwargs"]["signature_id"] == signature.pk


@pytest.mark.django_db(transaction=True)
def test_setting_a_flood_aside_while_it_is_confirmed_keeps_the_counter_equal_to_a_recount():
    """Thirty signatures of a flood are confirmed by their links while staff set the
    flood aside: whichever comes first, each is counted once or not at all, and the
    counter equals a recount; restored, all thirty count."""
    from django.contrib.auth.models import User

    campaign = make_campaign()
    flood = [make_signature(campaign, ip_hash="f" * 32) for _ in range(30)]
    staff = User.objects.create_user("reviewer", is_staff=True)

    def work(number: int):
        if number == 30:
            return services.signatures_invalidate(
                signatures=Signature.objects.filter(ip_hash="f" * 32), user=staff
            )
        return services.signature_confirm(public_id=flood[number].public_id).outcome

    results = in_threads(31, work)
    assert results[:30] == [ConfirmOutcome.CONFIRMED] * 30
    assert services.tallies_recount() == []
    assert campaign.confirmed_online() == 0  # confirmed, but set aside
    services.signatures_restore(invalidation=results[30], user=staff)
    assert campaign.confirmed_online() == 30
    assert services.tallies_recount() == []
