"""A database connection lost in the middle of a sign or confirm request leaves nothing
half-written, and the visitor a clear page (503 with Retry-After, not a traceback); what
was stored is not lost. On PostgreSQL the connection is really cut (pg_terminate_backend
from another connection, just before the statement); on SQLite the statement fails as a
lost connection would."""

import time
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection

from campaigns import services
from campaigns.models import Signature
from tests.factories import confirm_form, emailed_link, make_campaign, sign
from tests.production.processes import database_url

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def connection_lost_before(statement: str):
    """The database connection is lost just before the first statement that starts with
    `statement`; the request that runs it sees what a dead database gives."""
    lost = []

    def wrapper(execute, sql, params, many, context):
        if not lost and sql.lstrip().startswith(statement):
            lost.append(sql)
            if connection.vendor == "postgresql":
                import psycopg

                pid = connection.connection.info.backend_pid
                with psycopg.connect(database_url(), autocommit=True) as other:
                    other.execute("SELECT pg_terminate_backend(%s)", [pid])
                time.sleep(0.2)
            else:
                raise OperationalError("the database connection was lost (simulated)")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield lost
    assert lost, f"no statement started with {statement!r}"
    # What Django does at the end of a real request: a broken connection is dropped, and
    # the next query opens a new one.
    connection.close()


def test_a_signature_lost_before_it_is_stored_gets_a_503_and_stores_nothing(client, caplog):
    campaign = make_campaign()
    with connection_lost_before('INSERT INTO "campaigns_signature"'):
        response = sign(client, campaign, email="lost@example.org")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Please try again in a minute" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert Signature.objects.count() == 0
    assert mail.outbox == []
    assert "Database unavailable (OperationalError) during POST" in caplog.text
    # Signing again, once the database is back, works.
    assert sign(client, campaign, email="lost@example.org").status_code == 302
    assert Signature.objects.count() == 1


def test_a_signature_stored_before_the_connection_was_lost_still_gets_its_email(
    client, database_queue
):
    """The row is its own outbox: lost while asking the worker, the signature stays
    stored, the signer is answered as usual, and the scheduled command queues its email."""
    campaign = make_campaign()
    with connection_lost_before('INSERT INTO "django_tasks_database_dbtaskresult"'):
        response = sign(client, campaign, email="stored@example.org")
    assert response.status_code == 302
    assert Signature.objects.get().confirmation_email_queued_at is None

    call_command("queue_confirmation_emails", verbosity=0)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [message.to for message in mail.outbox] == [["stored@example.org"]]


def test_a_confirmation_lost_between_its_two_writes_is_undone_and_can_be_done_again(client):
    campaign = make_campaign()
    sign(client, campaign, email="half@example.org")
    link = emailed_link("confirm")

    with connection_lost_before('INSERT INTO "campaigns_signaturetally"'):
        response = client.post(link, confirm_form())

    assert response.status_code == 503
    signature = Signature.objects.get()
    assert signature.confirmed_at is None, "the claim was rolled back with the count"
    assert campaign.confirmed_online() == 0
    assert client.post(link, confirm_form()).status_code == 302
    assert campaign.confirmed_online() == 1
    assert services.tallies_recount() == []
