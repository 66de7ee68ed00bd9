"""The monthly report: a month's arrests, verdicts, releases, deaths in custody and
recognitions, the totals at its end and its chronology, generated from the dated record
of the public profiles; its PDF, JSON and CSV; the archive of months. Each figure is
checked against a count made here, row by row, without the report's code."""

import csv
import datetime
import io
import random

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prisoners.dates import Precision
from prisoners.models import (
    Recognition,
    ReleaseKind,
    Status,
    StatusChange,
    StatusKind,
    Verdict,
)
from prisoners.statistics import statistics_of_public_profiles
from reports.months import count_every_month, month_number
from tests.factories import make_person, make_source
from tests.html import find_all, parse, text_of

TODAY = "2025-06-15"
MAY = "2025-05"
DAY, MONTH, YEAR, UNKNOWN = Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.UNKNOWN


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def person(**fields):
    """A public profile with no record yet: each test writes it."""
    return make_person(status=Status.UNKNOWN, **fields)


def cited(entry):
    entry.sources.set([make_source(url=f"https://news.example/{entry.pk}")])
    return entry


def change(who, kind, date=None, precision=DAY, **fields) -> StatusChange:
    return cited(StatusChange.objects.create(
        person=who, kind=kind, date=date and day(date),
        date_precision=precision if date else UNKNOWN, **fields,
    ))  # fmt: skip


def verdict(who, date=None, precision=DAY, **fields) -> Verdict:
    return cited(Verdict.objects.create(
        person=who, date=date and day(date), date_precision=precision if date else UNKNOWN,
        **fields,
    ))  # fmt: skip


def recognition(who, date=None, precision=DAY) -> Recognition:
    return cited(Recognition.objects.create(
        person=who, organisation_en="Viasna", date=date and day(date),
        date_precision=precision if date else UNKNOWN,
    ))  # fmt: skip


def random_date(rng: random.Random) -> tuple[str | None, str]:
    """A date in 2025's spring, as precisely as a source might give it."""
    precision = rng.choice([DAY, DAY, DAY, MONTH, YEAR, UNKNOWN])
    if precision == UNKNOWN:
        return None, UNKNOWN
    return f"2025-{rng.choice([4, 5, 6]):02d}-{rng.randint(1, 14):02d}", precision


@pytest.fixture
def spring(db):
    """Forty synthetic people whose records run through April, May and June 2025, with
    dates of every precision, and a draft and a non-prisoner whose facts never count."""
    rng = random.Random(35)
    people = []
    for number in range(40):
        who = person(slug=f"p{number}")
        history = [StatusKind.ARRESTED]
        if rng.random() < 0.5:
            history.append(StatusKind.DETAINED)
        history.append(rng.choice([StatusKind.SENTENCED, StatusKind.RELEASED, None]))
        if history[-1] == StatusKind.RELEASED and rng.random() < 0.5:
            history.append(StatusKind.ARRESTED)  # arrested again
        if rng.random() < 0.1:
            history.append(StatusKind.DIED)
        for kind in filter(None, history):
            date, precision = random_date(rng)
            change(who, kind, date, precision)
        if rng.random() < 0.6:
            verdict(who, *random_date(rng), term_en="3 years")
        if rng.random() < 0.5:
            recognition(who, *random_date(rng))
        people.append(who)
    draft = person(slug="draft", is_published=False)
    change(draft, StatusKind.ARRESTED, "2025-05-03")
    relative = person(slug="relative", is_political_prisoner=False)
    change(relative, StatusKind.ARRESTED, "2025-05-03")
    return people


def clean(text: str) -> str:
    return " ".join(text.split())


def tables(html: bytes) -> list[list[list[str]]]:
    """Each table of the page as rows of cells' text (th and td)."""
    elements = parse(html)
    result = []
    for table in (element for element in elements if element.tag == "table"):
        rows = [row for row in elements if row.tag == "tr" and row.is_inside(table)]
        cells = [cell for cell in elements if cell.tag in ("th", "td")]
        result.append([[clean(cell.text) for cell in cells if cell.is_inside(row)] for row in rows])
    return result


def links(html: bytes) -> list[str]:
    return [a.attrs["href"] for a in find_all(html, "a")]


def public_rows(model):
    """Every row of the record of a public profile, plain."""
    rows = model.objects.select_related("person").order_by("person_id", "position", "pk")
    return [row for row in rows if row.person.is_published and row.person.is_political_prisoner]


def in_month(row, month: str) -> bool:
    return row.date_precision in (DAY, MONTH) and row.date.strftime("%Y-%m") == month


def counted_by_hand(month: str) -> dict[str, int]:
    """The month's figures, counted here row by row."""
    return count_by_hand(lambda row: in_month(row, month))


def year_only_by_hand(year: int) -> dict[str, int]:
    """The facts of the year known only to the year, counted here row by row."""
    return count_by_hand(lambda row: row.date_precision == YEAR and row.date.year == year)


def count_by_hand(dated) -> dict[str, int]:
    """The facts whose date `dated` accepts: an arrest is a change to arrested or
    detained while the person is not held (walking their history in order)."""
    counts = dict.fromkeys(["arrest", "verdict", "release", "death", "recognition"], 0)
    held: dict[int, bool] = {}
    for row in public_rows(StatusChange):
        was_held = held.get(row.person_id, False)
        if row.kind in (StatusKind.ARRESTED, StatusKind.DETAINED):
            if not was_held and dated(row):
                counts["arrest"] += 1
            held[row.person_id] = True
        elif row.kind == StatusKind.SENTENCED:
            held[row.person_id] = True
        elif row.kind in (StatusKind.RELEASED, StatusKind.DIED):
            if dated(row):
                counts["release" if row.kind == StatusKind.RELEASED else "death"] += 1
            held[row.person_id] = False
    counts["verdict"] = sum(dated(row) for row in public_rows(Verdict))
    counts["recognition"] = sum(dated(row) for row in public_rows(Recognition))
    return counts


@time_machine.travel(TODAY, tick=False)
def test_each_months_figures_agree_with_a_count_made_row_by_row(spring, client):
    for month in ("2025-04", MAY, "2025-06"):
        expected = counted_by_hand(month)
        assert sum(expected.values()) > 3, "the synthetic data should fill every month"
        data = client.get(f"/api/v1/reports/{month}/").json()
        assert data["figures"] == expected, month
        figures = tables(client.get(f"/en/reports/{month}/").content)[0]
        assert [row[1] for row in figures[1:]] == [str(count) for count in expected.values()]
        # The facts listed: those counted, then those known only to the year.
        counted = [fact for fact in data["facts"] if fact["counted_in_month"]]
        assert len(counted) == sum(expected.values())
        assert data["known_only_to_the_year"] == {"year": 2025} | year_only_by_hand(2025)
        assert len(data["facts"]) - len(counted) == sum(year_only_by_hand(2025).values())


@time_machine.travel(TODAY, tick=False)
def test_the_archive_lists_the_months_with_their_figures_newest_first(spring, client):
    page = client.get("/en/reports/").content
    (months, years) = tables(page)
    assert [row[0] for row in months[1:]] == [
        "June 2025 (so far; held: now)", "May 2025", "April 2025",
    ]  # fmt: skip
    assert months[2][1:6] == [str(count) for count in counted_by_hand(MAY).values()]
    assert years[1] == ["2025", *(str(count) for count in year_only_by_hand(2025).values())]
    assert "/en/reports/2025-05/" in links(page)


def held_at_end_by_hand(end: datetime.date) -> dict[str, int]:
    """Who was held at `end`: the last change of each person dated by then says (every
    change in this data is dated to the day)."""
    last: dict[int, StatusChange] = {}
    for row in public_rows(StatusChange):
        if row.date <= end:
            last[row.person_id] = row
    held = sum(row.kind in (StatusKind.ARRESTED, StatusKind.DETAINED, StatusKind.SENTENCED)
               for row in last.values())  # fmt: skip
    released = sum(row.kind == StatusKind.RELEASED for row in last.values())
    died = sum(row.kind == StatusKind.DIED for row in last.values())
    return {"held": held, "released": released, "deceased": died}


@pytest.fixture
def dated_histories(db):
    """Thirty people whose every status change is dated to the day, from 2024 to 2025."""
    rng = random.Random(6)
    for number in range(30):
        who = person(slug=f"h{number}")
        when = day("2024-01-01") + datetime.timedelta(days=rng.randint(0, 300))
        for kind in (StatusKind.ARRESTED, StatusKind.SENTENCED,
                     rng.choice([StatusKind.RELEASED, StatusKind.DIED, None])):  # fmt: skip
            if kind:
                change(who, kind, when.isoformat())
                when += datetime.timedelta(days=rng.randint(10, 200))


@time_machine.travel(TODAY, tick=False)
def test_the_totals_at_each_months_end_follow_the_dated_status_history(dated_histories, client):
    for month in ("2024-03", "2024-08", "2025-01", MAY):
        data = client.get(f"/api/v1/reports/{month}/").json()
        end = day(data["totals"]["at"])
        totals = {key: data["totals"][key] for key in ("held", "released", "deceased")}
        assert totals == held_at_end_by_hand(end), month
        assert data["totals"]["undetermined"] == 0


@time_machine.travel(TODAY, tick=False)
def test_the_current_months_totals_are_the_statistics_pages_held_now(spring, client):
    figures = statistics_of_public_profiles()
    data = client.get("/api/v1/reports/2025-06/").json()
    assert data["complete"] is False
    assert data["totals"]["at"] is None
    assert data["totals"]["held"] == figures["held_now"]
    for row in figures["by_status"]:
        assert data["totals"][row["status"]] == row["count"], row["status"]


@time_machine.travel("2026-02-10", tick=False)
def test_a_change_known_only_to_the_year_leaves_the_status_untold_within_that_year(db):
    ales = person(slug="ales")
    change(ales, StatusKind.ARRESTED, "2024-03-05")
    change(ales, StatusKind.RELEASED, "2025-01-01", YEAR, release_kind=ReleaseKind.PARDONED)
    olga = person(slug="olga")
    change(olga, StatusKind.ARRESTED, "2025-03-01", MONTH)
    index = count_every_month()

    def totals(month: str) -> dict:
        return index.totals_at_end(month_number(day(f"{month}-01")))

    assert totals("2024-02")["held"] == 0  # nobody arrested yet: not counted at all
    assert totals("2024-12")["held"] == 1
    assert (totals("2025-02")["held"], totals("2025-02")["undetermined"]) == (0, 1)
    # Olga's arrest, known only to the month, counts at its end.
    assert (totals("2025-03")["held"], totals("2025-03")["undetermined"]) == (1, 1)
    # The year is over: Ales's release has happened by its end.
    assert (totals("2025-12")["held"], totals("2025-12")["released"]) == (1, 1)
    assert totals("2025-12")["undetermined"] == 0


@time_machine.travel(TODAY, tick=False)
def test_a_month_known_only_to_the_month_counts_after_the_days_and_the_year_apart(db, client):
    ales = person(slug="ales", name_en="Ales B")
    change(ales, StatusKind.ARRESTED, "2025-05-20")
    maria = person(slug="maria", name_en="Maria K")
    change(maria, StatusKind.ARRESTED, "2025-05-01", MONTH)
    ihar = person(slug="ihar", name_en="Ihar L")
    change(ihar, StatusKind.ARRESTED, "2025-01-01", YEAR)
    olga = person(slug="olga", name_en="Olga M")
    change(olga, StatusKind.ARRESTED)  # no date

    data = client.get("/api/v1/reports/2025-05/").json()
    assert data["figures"]["arrest"] == 2
    assert data["known_only_to_the_year"]["arrest"] == 1
    assert [(f["person"]["slug"], f["date"], f["counted_in_month"]) for f in data["facts"]] == [
        ("ales", "2025-05-20", True), ("maria", "2025-05", True), ("ihar", "2025", False),
    ]  # fmt: skip
    page = client.get("/en/reports/2025-05/").content
    captions = [clean(caption.text) for caption in find_all(page, "caption")]
    assert captions[2] == "Day by day"
    assert captions[3].startswith("During the month")
    assert captions[4].startswith("Known only to the year 2025")
    # Listed in every month of its year, counted in none.
    april = client.get("/api/v1/reports/2025-04/").json()
    assert april["figures"]["arrest"] == 0
    assert [fact["person"]["slug"] for fact in april["facts"]] == ["ihar"]
    archive = text_of(client.get("/en/reports/").content)
    assert "With no date: 1 fact (arrests: 1," in archive
    text = text_of(page)
    assert "cannot be put in any month" in text
    assert "A fact with no date is in no month's report" in text


@time_machine.travel(TODAY, tick=False)
def test_each_fact_links_to_its_profile_and_its_sources(db, client):
    ales = person(slug="ales", name_en="Ales B")
    entry = verdict(ales, "2025-05-20", term_en="4 years")
    source = entry.sources.get()
    page = client.get("/en/reports/2025-05/").content
    assert "/en/prisoners/ales/" in links(page)
    assert source.url in links(page)
    assert "Sentenced: 4 years" in text_of(page)
    csv_text = client.get("/api/v1/reports/2025-05.csv").content.decode()
    (row,) = list(csv.DictReader(io.StringIO(csv_text)))
    assert row == {
        "date": "2025-05-20", "precision": "day", "kind": "verdict", "counted_in_month": "yes",
        "person": "ales", "profile_url": "http://testserver/en/prisoners/ales/",
        "source_urls": source.url,
    }  # fmt: skip


@time_machine.travel(TODAY, tick=False)
def test_the_csv_has_one_row_per_fact_of_the_json(spring, client):
    data = client.get(f"/api/v1/reports/{MAY}/").json()
    response = client.get(f"/api/v1/reports/{MAY}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["date"], row["kind"], row["person"]) for row in rows] == [
        (fact["date"], fact["kind"], fact["person"]["slug"]) for fact in data["facts"]
    ]
    assert all(row["source_urls"].startswith("https://news.example/") for row in rows)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "path",
    [
        "/en/reports/2025-13/", "/en/reports/2025-00/", "/en/reports/0000-01/",
        "/en/reports/2025-07/", "/en/reports/2030-01/", "/en/reports/1990-01/",
        "/en/reports/99999-01/", "/en/reports/2025-5/", "/en/reports/2025-07/report.pdf",
        "/api/v1/reports/2025-07/", "/api/v1/reports/2025-13.csv", "/api/v1/reports/1990-01/",
    ],
)  # fmt: skip
def test_a_bad_or_future_month_is_not_found(spring, client, path):
    assert client.get(path).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_a_page_number_out_of_range_is_still_a_page(spring, client):
    for page in ("0", "abc", "999999999999"):
        assert client.get(f"/en/reports/{MAY}/?page={page}").status_code == 200
        assert client.get(f"/en/reports/?page={page}").status_code == 200


def queries_of(client, path: str) -> int:
    from django.core.cache import cache

    from core.page_cache import local_pages

    cache.clear()
    local_pages.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@time_machine.travel(TODAY, tick=False)
def test_the_queries_do_not_grow_with_the_facts(db, client):
    def people_with_every_kind(count: int):
        for number in range(count):
            who = person(slug=f"q{count}-{number}")
            change(who, StatusKind.ARRESTED, "2025-05-02")
            change(who, StatusKind.RELEASED, "2025-05-09")
            change(who, StatusKind.DIED, "2025-05-10")
            verdict(who, "2025-05-05")
            recognition(who, "2025-05-06")

    people_with_every_kind(1)
    few = {path: queries_of(client, path) for path in (
        f"/en/reports/{MAY}/", f"/en/reports/{MAY}/report.pdf", "/en/reports/",
        f"/api/v1/reports/{MAY}/", f"/api/v1/reports/{MAY}.csv")}  # fmt: skip
    # Four to count every month; then the people, and each kind of row (status
    # changes, verdicts, recognitions) with its sources, of the facts shown: seven at
    # most, fewer when a page shows fewer kinds of row.
    assert few[f"/en/reports/{MAY}/"] == 4 + 7
    assert few["/en/reports/"] == 4
    people_with_every_kind(30)
    many = {path: queries_of(client, path) for path in few}
    assert all(many[path] <= few[path] for path in few), many
    assert many[f"/api/v1/reports/{MAY}/"] == few[f"/api/v1/reports/{MAY}/"] == 4 + 7


@time_machine.travel(TODAY, tick=False)
def test_a_month_of_mass_arrests_is_paged_and_each_page_stays_small(db, client):
    for number in range(130):
        who = person(slug=f"mass-{number}", name_en=f"Someone With A Long Name {number}")
        change(who, StatusKind.ARRESTED, f"2025-05-{number % 28 + 1:02d}")
    first = client.get(f"/en/reports/{MAY}/")
    assert len(first.content) < 60_000
    assert "?page=2" in links(first.content)
    third = client.get(f"/en/reports/{MAY}/?page=3")
    assert "mass-" in third.content.decode()
    assert len(client.get(f"/api/v1/reports/{MAY}/").json()["facts"]) == 130


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Monthly report: May 2025"), ("be", "Штомесячная справаздача: травень 2025"),
    ("ru", "Ежемесячный отчёт: май 2025 г."),
])  # fmt: skip
def test_every_language_renders_the_page_and_its_pdf(spring, client, language, heading):
    page = client.get(f"/{language}/reports/{MAY}/").content
    assert clean(find_all(page, "h1")[0].text) == heading
    pdf = client.get(f"/{language}/reports/{MAY}/report.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert b"DejaVu" in pdf.content
    title = heading.encode("utf-16-be").hex()
    assert f"/Title <feff{title}>".encode() in pdf.content or (
        f"/Title ({heading})".encode() in pdf.content
    )
    assert f"/Lang ({language})".encode() in pdf.content


@time_machine.travel(TODAY, tick=False)
def test_the_pdf_is_the_same_bytes_for_the_same_data(spring, client):
    first = client.get(f"/ru/reports/{MAY}/report.pdf").content
    with time_machine.travel("2025-06-16 12:00", tick=False):
        from django.core.cache import cache

        cache.clear()
        again = client.get(f"/ru/reports/{MAY}/report.pdf").content
    assert again == first
    assert len(first) > 10_000
    assert client.get(f"/en/reports/{MAY}/report.pdf").content != first


@time_machine.travel(TODAY, tick=False)
def test_the_archive_is_linked_from_the_statistics_page_and_the_footer(db, client):
    statistics = client.get("/en/prisoners/statistics/").content
    assert links(statistics).count("/en/reports/") == 2
    assert "/en/reports/2025-06/" in links(client.get("/en/reports/").content)


@time_machine.travel(TODAY, tick=False)
def test_a_year_after_the_current_one_is_counted_but_links_no_report(db, client):
    typo = person(slug="typo")
    change(typo, StatusKind.ARRESTED, "2052-01-01", YEAR)
    page = client.get("/en/reports/").content
    assert tables(page)[1][1][:2] == ["2052", "1"]
    assert not [link for link in links(page) if link.startswith("/en/reports/2052")]
    assert client.get("/en/reports/2052-01/").status_code == 404
