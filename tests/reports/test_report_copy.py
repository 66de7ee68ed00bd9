"""The monthly reports in the static copy (docs/deploy.md, "When the site is blocked"):
every report page, its PDF, JSON and CSV come through, a month of mass arrests in pages
under 60 KB, and a second run rewrites none of them."""

import datetime

import time_machine

from prisoners.dates import Precision
from prisoners.models import Status, StatusChange, StatusKind
from sitewide.mirroring.build import MAX_PAGE_BYTES, build
from tests.factories import make_person, make_source

ORIGIN = "https://appeals.example.org"


@time_machine.travel("2025-06-15", tick=False)
def test_every_report_comes_through_the_copy(db, settings, tmp_path):
    settings.SITE_URL = ORIGIN
    settings.ALLOWED_HOSTS = ["appeals.example.org"]
    source = make_source(url="https://news.example/mass-arrests")
    for number in range(150):
        person = make_person(slug=f"p{number}", status=Status.UNKNOWN, sources=[source])
        change = StatusChange.objects.create(
            person=person, kind=StatusKind.ARRESTED,
            date=datetime.date(2025, 5, number % 28 + 1), date_precision=Precision.DAY,
        )  # fmt: skip
        change.sources.set([source])
    early = make_person(slug="early", status=Status.UNKNOWN, sources=[source])
    StatusChange.objects.create(
        person=early,
        kind=StatusKind.ARRESTED,
        date=datetime.date(2024, 1, 1),
        date_precision=Precision.YEAR,
    ).sources.set([source])

    copy = tmp_path / "copy"
    report = build(copy)

    assert report.problems == []
    for language in ("en", "be", "ru"):
        assert (copy / language / "reports/index.html").is_file()
        for month in ("2025-05", "2025-06", "2024-01"):
            assert (copy / language / f"reports/{month}/index.html").is_file(), month
            assert (copy / language / f"reports/{month}/report.pdf").read_bytes()[:5] == b"%PDF-"
        # 150 facts, 60 a page.
        pages = sorted((copy / language / "reports/2025-05").glob("index*.html"))
        assert [page.name for page in pages] == [
            "index-page-2.html", "index-page-3.html", "index.html",
        ]  # fmt: skip
        assert all(page.stat().st_size < MAX_PAGE_BYTES for page in pages)
    for month in ("2025-05", "2025-06", "2024-01"):
        assert (copy / f"api/v1/reports/{month}/index.json").is_file()
        assert (copy / f"api/v1/reports/{month}.csv").is_file()
    page = (copy / "en/reports/2025-05/index.html").read_text()
    assert 'href="report.pdf"' in page
    assert 'href="../../../api/v1/reports/2025-05.csv"' in page

    again = build(copy)
    assert (again.written, again.removed) == (0, 0)
