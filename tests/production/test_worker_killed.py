"""A worker killed with SIGKILL in the middle of sending an email: the email is sent
once, by the next worker, after the scheduled queue_confirmation_emails finds the task
stuck; and it is not sent twice however often the recovery runs. Real processes on
PostgreSQL, as in production (`manage.py db_worker`)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns import services
from campaigns.models import Signature
from tests.factories import make_campaign, make_signature
from tests.production.processes import ROOT, database_url, needs_postgresql, supporter_keys

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


@pytest.fixture
def worker_env(tmp_path, settings, database_queue):
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "False",
        "HTTPS": "False",
        "SECRET_KEY": settings.SECRET_KEY,
        **supporter_keys(settings),
        "SITE_URL": "https://appeals.example.org",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "tests.production.mail_spy.EmailBackend",
        "MAIL_SPY_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120, check=True,
    )  # fmt: skip


def sent(tmp_path: Path) -> list[str]:
    log = tmp_path / "sent.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_worker_killed_mid_send_loses_no_email_and_sends_none_twice(worker_env, tmp_path):
    campaign = make_campaign()
    signature = make_signature(campaign, email="killed@example.org")
    assert services.confirmation_emails_queue() == 1

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "default"],
        cwd=ROOT, env=worker_env | {"MAIL_SPY_HANG": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (tmp_path / "sending").exists():
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the worker never started sending"
        time.sleep(0.1)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    # What the adversary saw: the task stays RUNNING, and nothing will take it.
    (task,) = DBTaskResult.objects.all()
    assert task.status == "RUNNING"
    signature.refresh_from_db()
    assert signature.confirmation_email_sent_at is None
    assert Signature.objects.confirmation_email_unsent().count() == 1
    manage(worker_env, "db_worker", "--batch", "--no-startup-delay")
    assert sent(tmp_path) == []

    # The task's worker has been gone longer than TASK_STUCK_SECONDS: the scheduled
    # command puts it back, and the next worker sends the email.
    DBTaskResult.objects.update(started_at=F("started_at") - datetime.timedelta(minutes=11))
    output = manage(worker_env, "queue_confirmation_emails").stdout
    assert "Requeued 1 tasks" in output
    manage(worker_env, "db_worker", "--batch", "--no-startup-delay")
    assert [line.split()[1] for line in sent(tmp_path)] == ["killed@example.org"]
    assert Signature.objects.confirmation_email_unsent().count() == 0

    # However often recovery and workers run again, it is not sent again.
    for _ in range(2):
        DBTaskResult.objects.update(
            status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
        )
        manage(worker_env, "queue_confirmation_emails")
        manage(worker_env, "db_worker", "--batch", "--no-startup-delay")
    assert len(sent(tmp_path)) == 1


def test_a_worker_killed_in_the_middle_of_a_batch_sends_each_email_exactly_once(
    worker_env, tmp_path
):
    """Six signers' emails queued at once; the worker sends three, and is killed while
    sending the fourth. The next worker sends the two it never started; recovery puts
    the fourth back once its worker has been gone TASK_STUCK_SECONDS; each of the six is
    sent once, whatever runs again after."""
    campaign = make_campaign()
    addresses = [f"batch{n}@example.org" for n in range(6)]
    for address in addresses:
        make_signature(campaign, email=address)
    assert services.confirmation_emails_queue() == 6

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "default"],
        cwd=ROOT, env=worker_env | {"MAIL_SPY_HANG_AFTER": "3"},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (tmp_path / "sending").exists():
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the worker never reached the fourth email"
        time.sleep(0.1)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert len(sent(tmp_path)) == 3
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 1

    manage(worker_env, "db_worker", "--batch", "--no-startup-delay")
    assert len(sent(tmp_path)) == 5, "the two never started are sent; the stuck one waits"

    DBTaskResult.objects.filter(status="RUNNING").update(
        started_at=F("started_at") - datetime.timedelta(minutes=11)
    )
    assert "Requeued 1 tasks" in manage(worker_env, "queue_confirmation_emails").stdout
    manage(worker_env, "db_worker", "--batch", "--no-startup-delay")
    for _ in range(2):
        DBTaskResult.objects.update(
            status="RUNNING", started_at=timezone.now() - datetime.timedelta(hours=1)
        )
        manage(worker_env, "queue_confirmation_emails")
        manage(worker_env, "db_worker", "--batch", "--no-startup-delay")

    assert sorted(line.split()[1] for line in sent(tmp_path)) == addresses
    assert Signature.objects.confirmation_email_unsent().count() == 0
