"""In production, emails wait in a database queue for the worker: nothing is sent inside
the request, and nothing queued is lost while no worker runs."""

import datetime
import smtplib
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns import services
from campaigns.models import Signature
from tests.factories import make_campaign, make_signature, sign


def run_worker() -> None:
    """One pass of the worker over the queue, as `manage.py db_worker --batch` runs it."""
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def refuse(*args, **kwargs):
    """A mail server that hangs up."""
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def broken_enqueue(*args, **kwargs):
    """A queue that cannot be written to."""
    raise RuntimeError("queue unavailable")


@pytest.mark.django_db(transaction=True)
def test_the_email_waits_in_the_queue_until_a_worker_runs(client, database_queue):
    campaign = make_campaign()
    assert sign(client, campaign, email="queued@example.org").status_code == 302
    assert mail.outbox == []  # the request sent nothing
    assert DBTaskResult.objects.ready().count() == 1

    # No worker ran for a while (a restart, a deploy): the email is still there.
    run_worker()
    assert [message.to for message in mail.outbox] == [["queued@example.org"]]
    assert DBTaskResult.objects.ready().count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_queued_again_for_later(client, database_queue, monkeypatch):
    campaign = make_campaign()
    sign(client, campaign)

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    run_worker()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > retry.enqueued_at


@pytest.mark.django_db(transaction=True)
def test_signatures_that_arrive_together_are_each_emailed_once(client, database_queue):
    campaign = make_campaign()
    for number in range(3):
        assert sign(client, campaign, email=f"signer{number}@example.org").status_code == 302
    # One task queues the emails of every signature stored before it runs.
    assert DBTaskResult.objects.ready().count() == 1

    run_worker()
    call_command("queue_confirmation_emails", stdout=StringIO())
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "signer0@example.org",
        "signer1@example.org",
        "signer2@example.org",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_signature_stored_when_the_queue_failed_gets_its_email_later(
    client, database_queue, monkeypatch
):
    """The signer is told it worked, because the signature is stored; the scheduled
    command queues its email."""
    campaign = make_campaign()
    monkeypatch.setattr(
        "campaigns.tasks.queue_confirmation_emails", SimpleNamespace(enqueue=broken_enqueue)
    )
    assert sign(client, campaign, email="queued@example.org").status_code == 302
    assert Signature.objects.awaiting_confirmation_email().count() == 1
    assert DBTaskResult.objects.count() == 0

    output = StringIO()
    call_command("queue_confirmation_emails", stdout=output)
    assert "Queued 1 confirmation emails" in output.getvalue()
    run_worker()
    assert [message.to for message in mail.outbox] == [["queued@example.org"]]
    assert Signature.objects.awaiting_confirmation_email().count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_signature_and_its_queued_email_are_marked_together(monkeypatch, database_queue):
    """If queueing an email fails, its signature still awaits one, and the other way
    round: no signature is marked as emailed without its email in the queue."""
    campaign = make_campaign()
    make_signature(campaign, email="a@example.org")
    monkeypatch.setattr(
        "campaigns.tasks.send_confirmation_email", SimpleNamespace(enqueue=broken_enqueue)
    )
    with pytest.raises(RuntimeError):
        services.confirmation_emails_queue()
    assert Signature.objects.awaiting_confirmation_email().count() == 1
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_an_email_is_marked_sent_only_once_the_mail_server_took_it(
    client, database_queue, monkeypatch
):
    campaign = make_campaign()
    sign(client, campaign)
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        run_worker()
    signature = Signature.objects.get()
    assert signature.confirmation_email_queued_at is not None
    assert signature.confirmation_email_sent_at is None
    assert Signature.objects.confirmation_email_unsent().count() == 1

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_worker()
    signature.refresh_from_db()
    assert signature.confirmation_email_sent_at is not None
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_run_again_after_its_worker_died_sends_nothing_already_sent(client, database_queue):
    """A worker killed after the mail server accepted the email, before the task was
    marked done: the recovery runs the task again, and the email is not sent twice."""
    campaign = make_campaign()
    sign(client, campaign)
    sign(client, campaign)  # again: a reminder
    run_worker()
    assert len(mail.outbox) == 2
    stuck = timezone.now() - datetime.timedelta(seconds=settings.TASK_STUCK_SECONDS + 1)
    DBTaskResult.objects.update(status="RUNNING", started_at=stuck)
    output = StringIO()
    call_command("queue_confirmation_emails", stdout=output)
    assert f"Requeued {DBTaskResult.objects.ready().count()} tasks" in output.getvalue()
    run_worker()
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_a_task_still_running_within_its_time_is_left_alone(client, database_queue):
    campaign = make_campaign()
    sign(client, campaign)
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    output = StringIO()
    call_command("queue_confirmation_emails", stdout=output)
    assert "Requeued" not in output.getvalue()
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1
