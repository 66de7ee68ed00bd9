"""A mailing sent by real worker processes (`manage.py db_worker`) on PostgreSQL through a
real SMTP server on loopback: two workers at once deliver each recipient's email exactly
once; a worker killed with SIGKILL in the middle of a batch loses nothing, and at most
the one email it was sending when it died goes out twice, with the same Message-ID."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.utils import timezone

from audience.models import Subscription, Supporter
from campaigns.models import Signature
from core.email_addresses import digest
from supporters import services
from supporters.models import Delivery, DeliveryStatus, Mailing, MailingStatus
from tests.factories import make_campaign, make_update
from tests.production.processes import ROOT, database_url, needs_postgresql, supporter_keys
from tests.smtp_server import SmtpServer

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

RECIPIENTS = 400


class SlowSmtpServer(SmtpServer):
    """Takes `delay` seconds over each message, as a real server's disk does."""

    def __init__(self, delay: float):
        super().__init__()
        handler = self.controller.handler
        original = handler.handle_DATA

        async def slow_data(server, session, envelope):
            import asyncio

            await asyncio.sleep(delay)
            return await original(server, session, envelope)

        handler.handle_DATA = slow_data


@pytest.fixture
def sink():
    server = SlowSmtpServer(delay=0.01).start()
    yield server
    server.stop()


@pytest.fixture
def mailing(database_queue, settings):
    campaign = make_campaign()
    Signature.objects.bulk_create(
        Signature(campaign=campaign, name=f"Signer {n}", email=f"s{n}@example.org",
                  country="PL", wants_updates=True,
                  confirmed_at=timezone.now(), language=["en", "be", "ru"][n % 3])
        for n in range(RECIPIENTS)
    )  # fmt: skip
    # What confirming each of them with updates asked for makes (audience.services.subscribe).
    supporters = Supporter.objects.bulk_create(
        Supporter(email=f"s{n}@example.org", email_digest=digest(f"s{n}@example.org"),
                  language=["en", "be", "ru"][n % 3], confirmed_at=timezone.now())
        for n in range(RECIPIENTS)
    )  # fmt: skip
    Subscription.objects.bulk_create(
        Subscription(supporter=supporter, target=campaign, confirmed_at=timezone.now())
        for supporter in supporters
    )
    settings.MAILING_WORKERS = 2
    return services.campaign_update_send(update=make_update(campaign))


def worker_env(sink, settings, **extra) -> dict:
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "False",
        "HTTPS": "False",
        "SECRET_KEY": settings.SECRET_KEY,
        # The workers read the recipients' encrypted addresses (core/encryption.py).
        **supporter_keys(settings),
        "SITE_URL": "https://appeals.example.org",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_TIMEOUT": "1",
        "MAILING_BATCH_SIZE": "20",
        "MAILING_WORKERS": "2",
        "MAILING_CLAIM_SECONDS": "12",
        "LOG_LEVEL": "WARNING",
    } | extra


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "default",
         "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def wait_until(condition, workers, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        for worker in workers:
            assert worker.poll() is None, worker.stderr.read().decode()[-3000:]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def stop(workers) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def finished(mailing) -> bool:
    return Mailing.objects.get(pk=mailing.pk).status == MailingStatus.DONE


def test_two_workers_at_once_send_each_recipient_exactly_once(mailing, sink, settings):
    env = worker_env(sink, settings)
    workers = [start_worker(env), start_worker(env)]
    try:
        wait_until(lambda: finished(mailing), workers, 180)
    finally:
        stop(workers)
    ids = Counter(str(message["Message-ID"]) for message in sink.messages)
    assert len(ids) == RECIPIENTS
    assert max(ids.values()) == 1
    recipients = Counter(rcpt for to, _message in sink.received for rcpt in to)
    assert len(recipients) == RECIPIENTS and max(recipients.values()) == 1
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == RECIPIENTS


def test_a_worker_killed_mid_batch_loses_nothing_and_resends_at_most_one(mailing, sink, settings):
    env = worker_env(sink, settings, MAILING_WORKERS="1")
    first = start_worker(env)
    workers = [first]
    try:
        # Killed while it holds a batch: between two batches it holds none, and the kill
        # would prove nothing (a moment's window that made this test fail once).
        wait_until(
            lambda: (
                len(sink.messages) >= 50
                and Delivery.objects.filter(status=DeliveryStatus.SENDING).exists()
            ),
            workers,
            120,
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        killed_at = len(sink.messages)
        claimed = Delivery.objects.filter(status=DeliveryStatus.SENDING).count()
        assert 0 < claimed <= 20  # the dead worker's batch, held until its claim expires
        assert killed_at < RECIPIENTS

        # The worker is started again. Its task died RUNNING; once it has run longer
        # than a slice and a batch it counts as lost, and the scheduled command (cron, every few
        # minutes; here every two seconds) starts a task in its place.
        second = start_worker(env)
        workers = [second]

        def woken() -> bool:
            output = subprocess.run(
                [sys.executable, "manage.py", "queue_mailings"], cwd=ROOT, env=env,
                check=True, capture_output=True, text=True, timeout=60,
            ).stdout  # fmt: skip
            time.sleep(2)
            return "Started workers on 1 mailings" in output or finished(mailing)

        wait_until(woken, workers, 120)
        wait_until(lambda: finished(mailing), workers, 180)
    finally:
        stop(workers)
    ids = Counter(str(message["Message-ID"]) for message in sink.messages)
    assert len(ids) == RECIPIENTS  # nobody lost
    duplicates = sum(count - 1 for count in ids.values())
    assert duplicates <= 1  # only the email in flight at the kill, with its Message-ID
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == RECIPIENTS
