"""The benchmark generator (bench/management/commands/generate_synthetic_data.py): its
legal records are marked synthetic and the derived statuses agree with the histories."""

import io

import pytest
from django.core.management import call_command

from bench.management.commands.generate_synthetic_data import Command
from prisoners.models import (
    CaseArticle,
    CriminalArticle,
    Person,
    PlaceOfDetention,
    Recognition,
    StatusChange,
    Stay,
    Verdict,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command(
        Command(), "--people=60", "--campaigns=2", "--signatures=20", "--unconfirmed=2",
        "--stories=2", stdout=io.StringIO(),
    )  # fmt: skip


def test_everything_is_marked_synthetic(generated):
    assert not Person.objects.exclude(slug__startswith="synthetic-").exists()
    assert not PlaceOfDetention.objects.exclude(slug__startswith="synthetic-").exists()
    assert not PlaceOfDetention.objects.exclude(name__startswith="Synthetic").exists()
    assert not PlaceOfDetention.objects.exclude(postal_address__contains="not a real").exists()
    assert not CriminalArticle.objects.exclude(title__startswith="Synthetic article").exists()
    for model in (StatusChange, Verdict, CaseArticle, Stay, Recognition):
        assert model.objects.exists(), model
        assert not model.objects.filter(sources=None).exists(), model
        assert not model.objects.exclude(sources__title__startswith="Synthetic").exists(), model


def test_derived_statuses_match_the_histories(generated):
    # refresh_records writes only the rows whose derived columns differ: none should.
    assert Person.objects.all().refresh_records() == 0
    assert len(Person.objects.count_by_status()) >= 4


def test_histories_are_consistent(generated):
    for person in Person.objects.prefetch_related("status_changes", "stays", "verdicts"):
        changes = list(person.status_changes.all())
        if not changes:
            continue
        assert 2 <= len(changes) <= 5
        assert changes[0].kind == "arrested"
        dates = [change.date for change in changes]
        assert dates == sorted(dates)
        assert len(person.verdicts.all()) == sum(c.kind == "sentenced" for c in changes)
        stays = list(person.stays.all())
        assert len(stays) == sum(c.kind != "released" and c.kind != "died" for c in changes)
        assert all(s.ended_on for s in stays[:-1])


def test_refuses_a_database_with_real_places(db):
    PlaceOfDetention.objects.create(slug="real-place", name="A real place")
    with pytest.raises(Exception, match="real"):
        call_command(Command(), "--people=1", stdout=io.StringIO())


def test_signatures_are_sealed_and_the_unconfirmed_ones_taken_in(generated):
    """As the two roles leave them (issue 34): names and addresses sealed, the digests the
    office's intake writes, and for the unconfirmed ones the owner's box and its sealed
    key, so that a confirm link made from the row opens it through the public role."""
    from django.db import connection

    from campaigns import tokens
    from campaigns.models import Signature, email_digest
    from core import sealing

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, owner_key FROM campaigns_signature")
        rows = cursor.fetchall()
    assert rows and all(
        sealing.is_sealed(name) and sealing.is_sealed(email) for name, email, _ in rows
    )
    for signature in Signature.objects.all():
        assert signature.name.startswith("Synthetic Signer ")
        assert signature.email_digest == email_digest(signature.email)
    unconfirmed = Signature.objects.filter(confirmed_at=None)
    assert unconfirmed.count() == 2
    for signature in unconfirmed:
        claims = tokens.read_confirm_claims(tokens.confirm_token(signature))
        named = tokens.signature_named(claims)
        assert named is not None and named.pk == signature.pk
        assert sealing.owner_box_open(signature.owner_key, signature.owner_box)["email"] == (
            signature.email
        )
