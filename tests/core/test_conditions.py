"""A rule written once as a Q answers the same in memory as in the database."""

import datetime
from types import SimpleNamespace

import pytest
from django.db.models import Q

from core.conditions import holds

NOW = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)
RULE = Q(status="open") & (Q(opens_at__isnull=True) | Q(opens_at__lte=NOW)) & ~Q(size__in=[0])


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "open", "opens_at": None, "size": 1}, True),
        ({"status": "open", "opens_at": NOW, "size": 1}, True),
        ({"status": "open", "opens_at": NOW + datetime.timedelta(seconds=1), "size": 1}, False),
        ({"status": "closed", "opens_at": None, "size": 1}, False),
        ({"status": "open", "opens_at": None, "size": 0}, False),
    ],
    ids=["no-opening", "opens-now", "opens-later", "closed", "negated-in"],
)
def test_it_answers_and_or_and_not(fields, expected):
    assert holds(RULE, SimpleNamespace(**fields)) is expected


def test_a_comparison_with_a_missing_value_is_false_as_in_sql():
    assert holds(Q(opens_at__lte=NOW), SimpleNamespace(opens_at=None)) is False
    assert holds(Q(opens_at__gt=NOW), SimpleNamespace(opens_at=None)) is False


@pytest.mark.parametrize("lookup", ["name__icontains", "campaign__status", "opens_at__date"])
def test_it_refuses_a_lookup_it_does_not_know(lookup):
    with pytest.raises(ValueError, match="does not know"):
        holds(Q(**{lookup: "x"}), SimpleNamespace(name="x", campaign=None, opens_at=NOW))
