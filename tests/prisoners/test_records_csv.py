"""records.csv: every dated entry of each public record (status changes, verdicts,
recognitions), one a row, with its precision and its sources."""

import csv
import datetime
import io

import pytest

from prisoners.dates import Precision
from prisoners.models import (
    PenaltyKind,
    Person,
    Recognition,
    StatusChange,
    StatusKind,
    Verdict,
)
from tests.factories import make_person, make_source

URL = "/api/v1/records.csv"


def rows_of(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def case(db):
    """Sergei, sentenced (a verdict known to the month, a recognition to the day);
    Maria, released (her arrest known only to the year); a draft and someone who is no
    political prisoner, whose records must stay out."""
    report = make_source(slug="viasna-report", url="https://spring96.org/en/news/1")
    letter = make_source(slug="family-letter", url="")
    sergei = make_person(slug="sergei", sources=[report], arrested_on=datetime.date(2020, 5, 29),
                         sentenced_on=datetime.date(2021, 12, 14))  # fmt: skip
    verdict = Verdict.objects.create(
        person=sergei, date=datetime.date(2021, 12, 20), date_precision=Precision.MONTH,
        penalty_kind=PenaltyKind.COLONY_STRICT, term_en="18 years", term_months=216,
        court_en="Gomel Regional Court",
    )  # fmt: skip
    verdict.sources.set([report, letter])
    recognition = Recognition.objects.create(
        person=sergei, organisation_en="Viasna", date=datetime.date(2020, 6, 2),
        date_precision=Precision.DAY, statement_url="https://spring96.org/en/news/2",
    )  # fmt: skip
    recognition.sources.set([letter])
    maria = make_person(slug="maria", status="released", arrested_on=datetime.date(2020, 9, 7),
                        arrested_on_precision=Precision.YEAR)  # fmt: skip
    make_person(slug="draft", is_published=False)
    make_person(slug="not-a-prisoner", is_political_prisoner=False)
    return {"sergei": sergei, "maria": maria, "verdict": verdict, "recognition": recognition}


def independent_count() -> int:
    """The entries of public records, counted straight from the tables."""
    public = Person.objects.public_profiles()
    return sum(
        model.objects.filter(person__in=public).count()
        for model in (StatusChange, Verdict, Recognition)
    )


def test_it_has_one_row_per_dated_entry_of_every_public_record(client, case):
    rows = rows_of(client.get(URL))

    assert len(rows) == independent_count() == 7
    assert {row["person"] for row in rows} == {"sergei", "maria"}
    assert len({row["id"] for row in rows}) == len(rows)
    kinds = [(row["person"], row["kind"], row["change"]) for row in rows]
    assert kinds == [
        ("sergei", "status_change", "arrested"),
        ("sergei", "status_change", "sentenced"),
        ("sergei", "verdict", ""),
        ("sergei", "recognition", ""),
        ("maria", "status_change", "arrested"),
        ("maria", "status_change", "sentenced"),
        ("maria", "status_change", "released"),
    ]


def test_each_date_keeps_the_precision_its_source_gives(client, case):
    rows = {row["id"]: row for row in rows_of(client.get(URL))}
    verdict = rows[f"verdict:{case['verdict'].pk}"]
    recognition = rows[f"recognition:{case['recognition'].pk}"]
    maria = [row for row in rows.values() if row["person"] == "maria"]

    assert (verdict["date"], verdict["date_precision"]) == ("2021-12", "month")
    assert (recognition["date"], recognition["date_precision"]) == ("2020-06-02", "day")
    assert (maria[0]["date"], maria[0]["date_precision"]) == ("2020", "year")
    # The release's date is given by no source: empty, and said so.
    assert (maria[2]["change"], maria[2]["date"], maria[2]["date_precision"]) == (
        "released", "", "unknown",
    )  # fmt: skip


def test_each_entry_names_its_sources_and_their_addresses(client, case):
    rows = {row["id"]: row for row in rows_of(client.get(URL))}
    verdict = rows[f"verdict:{case['verdict'].pk}"]
    recognition = rows[f"recognition:{case['recognition'].pk}"]

    assert sorted(verdict["sources"].split()) == ["family-letter", "viasna-report"]
    # A source without an address is named, not given an empty address.
    assert verdict["source_urls"] == "https://spring96.org/en/news/1"
    assert (recognition["sources"], recognition["source_urls"]) == ("family-letter", "")
    assert all(row["sources"] for row in rows.values())
    assert (verdict["penalty"], verdict["term"], verdict["term_months"], verdict["court"]) == (
        "colony_strict", "18 years", "216", "Gomel Regional Court",
    )  # fmt: skip
    assert recognition["recognised_by"] == "Viasna"
    assert recognition["statement_url"] == "https://spring96.org/en/news/2"


def test_it_is_open_data(client, case):
    response = client.get(URL)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("people", [1, 6])
def test_it_takes_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, people
):
    for _ in range(people):
        person = make_person()
        Recognition.objects.create(person=person, organisation_en="Viasna").sources.set(
            [person.sources.first()]
        )
        StatusChange.objects.create(person=person, kind=StatusKind.TRANSFERRED)
        Verdict.objects.create(person=person, term_en="5 years")
    # The people, then each kind of entry and its sources.
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert len(rows_of(response)) == independent_count()
