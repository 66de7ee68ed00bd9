"""The one way an email task retries (core.tasks.send_or_retry): a failure queues the
next attempt after a doubling wait; the last one, or one on a backend that cannot wait,
raises EmailNotSent without the SMTP error's text."""

import smtplib

import pytest
from django.tasks import task

from core.tasks import MAX_ATTEMPTS, EmailNotSent, send_or_retry


@task
def synthetic_email(row_id: int, attempt: int = 1) -> None:
    """A task for the test to queue: never run."""


def refused():
    raise smtplib.SMTPRecipientsRefused({"secret@example.org": (451, b"secret@example.org")})


def test_a_sent_email_is_not_retried(database_queue, db):
    from django_tasks_db.models import DBTaskResult

    assert send_or_retry(lambda: None, retry=synthetic_email, kwargs={"row_id": 1}, attempt=1,
                         what="Synthetic 1")  # fmt: skip
    assert not DBTaskResult.objects.exists()


def test_a_failure_queues_the_next_attempt_later(database_queue, db):
    from django_tasks_db.models import DBTaskResult

    sent = send_or_retry(refused, retry=synthetic_email, kwargs={"row_id": 7}, attempt=2,
                         what="Synthetic 7")  # fmt: skip
    assert sent is False
    (queued,) = DBTaskResult.objects.all()
    assert queued.args_kwargs["kwargs"] == {"row_id": 7, "attempt": 3}
    assert queued.run_after is not None


def test_the_last_attempt_raises_without_the_address(database_queue, db):
    with pytest.raises(EmailNotSent) as failed:
        send_or_retry(refused, retry=synthetic_email, kwargs={"row_id": 7},
                      attempt=MAX_ATTEMPTS, what="Synthetic 7")  # fmt: skip
    assert "Synthetic 7" in str(failed.value)
    assert "example.org" not in str(failed.value)


def test_inline_tasks_fail_at_once(settings):
    # The test settings run tasks inline, which cannot wait for a retry.
    with pytest.raises(EmailNotSent):
        send_or_retry(refused, retry=synthetic_email, kwargs={"row_id": 1}, attempt=1,
                      what="Synthetic 1")  # fmt: skip
