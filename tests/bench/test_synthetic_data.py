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
