"""Open data: the public profiles and their statistics as JSON and CSV. Documented in
docs/api.md."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.hosts import site_origin
from core.languages import content_languages, localized_fields
from core.opendata import in_every_language, json_response, open_data
from core.spreadsheets import csv_writer
from prisoners.dates import FuzzyDate
from prisoners.letters import letter_counts
from prisoners.models import Event, Person, Quote, Recognition, Source, StatusChange, Verdict
from prisoners.statistics import public_statistics

PAGE_SIZE = 100


def _date(value: FuzzyDate) -> dict:
    return {"date": value.iso(), "precision": value.precision}


def _source(source: Source) -> dict:
    return {
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": _date(source.published),
        "note": source.note,
    }


def _slugs(entry) -> list[str]:
    return [source.slug for source in entry.sources.all()]


def person_summary(person: Person, origin: str) -> dict:
    """A profile's summary, its links on `origin` (core.hosts.site_origin)."""
    return {
        "slug": person.slug,
        "name": in_every_language(person, "name"),
        "other_spellings": person.other_spellings.splitlines(),
        "status": person.status,
        "country": person.country.code,
        "gender": person.gender or None,
        "arrested": _date(person.arrested),
        "released": _date(person.released),
        "held_incommunicado": person.is_incommunicado,
        "last_contact": _date(person.last_contact),
        "url": origin + person.get_absolute_url(),
        "api_url": origin + reverse("api:prisoner", kwargs={"slug": person.slug}),
        "updated_at": person.updated_at.isoformat(),
    }


def person_detail(person: Person, origin: str) -> dict:
    return person_summary(person, origin) | {
        "occupation": in_every_language(person, "occupation"),
        "charge": in_every_language(person, "charge"),
        "conditions": in_every_language(person, "conditions"),
        "status_history": [
            {
                "change": change.kind,
                "release": change.release_kind or None,
                "date": _date(change.when),
                "note": in_every_language(change, "note"),
                "sources": _slugs(change),
            }
            for change in person.status_changes.all()
        ],
        "articles": [
            {
                "country": entry.article.country.code,
                "code": entry.article.code,
                "article": entry.article.article,
                "part": entry.article.part,
                "title": in_every_language(entry.article, "title"),
                "stage": entry.stage,
                "sources": _slugs(entry),
            }
            for entry in person.case_articles.all()
        ],
        "verdicts": [
            {
                "date": _date(verdict.when),
                "court": in_every_language(verdict, "court"),
                "judge": in_every_language(verdict, "judge"),
                "prosecutor": in_every_language(verdict, "prosecutor"),
                "penalty": verdict.penalty_kind or None,
                "term": in_every_language(verdict, "term"),
                "term_months": verdict.term_months,
                "sources": _slugs(verdict),
            }
            for verdict in person.verdicts.all()
        ],
        "places_of_detention": [
            {
                "place": stay.place.slug,
                "name": in_every_language(stay.place, "name"),
                "kind": stay.place.kind or None,
                "region": in_every_language(stay.place, "region"),
                "from": _date(stay.started),
                "until": _date(stay.ended),
                "sources": _slugs(stay),
            }
            for stay in person.stays.all()
        ],
        "recognitions": [
            {
                "by": in_every_language(recognition, "organisation"),
                "date": _date(recognition.when),
                "statement_url": recognition.statement_url,
                "sources": _slugs(recognition),
            }
            for recognition in person.recognitions.all()
        ],
        "summary": in_every_language(person, "summary"),
        "timeline": [
            {
                "date": _date(event.when),
                "title": in_every_language(event, "title"),
                "description": in_every_language(event, "description"),
                "sources": [source.slug for source in event.sources.all()],
            }
            for event in person.events.all()
        ],
        "quotes": [
            {
                # The source's words in their language; the others are our translations.
                "text": in_every_language(quote, "text"),
                "original_language": quote.original_language,
                "speaker": quote.speaker.name_en,
                "context": in_every_language(quote, "context"),
                "date": _date(quote.said),
                "source": quote.source.slug,
            }
            for quote in person.quotes.all()
        ],
        "sources": {source.slug: _source(source) for source in person.cited_sources()},
    }


@open_data(max_age=300)
def prisoner_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.public_profiles().order_by("pk")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    origin = site_origin(request)
    base = origin + reverse("api:prisoners")
    return json_response(
        {
            "count": page.paginator.count,
            "page": page.number,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "previous": (
                f"{base}?page={page.previous_page_number()}" if page.has_previous() else None
            ),
            "results": [person_summary(person, origin) for person in page.object_list],
        }
    )


@open_data(max_age=300)
def prisoner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.public_profiles()
        .with_record()
        .prefetch_related(
            "sources",
            Prefetch("events", Event.objects.prefetch_related("sources")),
            Prefetch("quotes", Quote.objects.select_related("speaker", "source")),
        ),
        slug=slug,
    )
    return json_response(person_detail(person, site_origin(request)))


CSV_COLUMNS = [
    "slug", *localized_fields("name"), "status", "country", "gender", "arrested",
    "arrested_precision", "verdict_date", "verdict_precision", "penalty", "term", "articles",
    "released", "released_precision", "charge", "place_of_detention", "held_incommunicado",
    "url",
]  # fmt: skip


@open_data(max_age=300)
def prisoner_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="political-prisoners.csv"'
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    people = Person.objects.public_profiles().with_record().order_by("pk")
    origin = site_origin(request)
    for person in people.iterator(chunk_size=1000):
        verdict = person.current_verdict
        place = person.current_place
        writer.writerow(
            [
                person.slug,
                *(getattr(person, field) or "" for field in localized_fields("name")),
                person.status,
                person.country.code,
                person.gender,
                person.arrested.iso() or "",
                person.arrested_on_precision,
                (verdict.when.iso() or "") if verdict else "",
                verdict.date_precision if verdict else "",
                verdict.penalty_kind if verdict else "",
                (verdict.term_en or "") if verdict else "",
                "; ".join(
                    sorted({entry.article.short_label for entry in person.case_articles.all()})
                ),
                person.released.iso() or "",
                person.released_on_precision,
                person.charge_en or "",
                (place.name_en or "") if place else "",
                "yes" if person.is_incommunicado else "no",
                origin + person.get_absolute_url(),
            ]  # fmt: skip
        )
    return response


@open_data(max_age=300)
def statistics_json(request: HttpRequest) -> HttpResponse:
    """The figures of the statistics page (prisoners.statistics)."""
    return json_response(public_statistics())


RECORDS_CSV_COLUMNS = [
    "id", "person", "kind", "date", "date_precision", "change", "release", "penalty", "term",
    "term_months", "court", "recognised_by", "statement_url", "note", "sources", "source_urls",
]  # fmt: skip


@open_data(max_age=300)
def records_csv(request: HttpRequest) -> HttpResponse:
    """The dated entries of every public profile's record (status changes, verdicts,
    recognitions), one a row, each with its date's precision and its sources: the
    people's CSV keeps only the latest of each. Texts in the default language."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="political-prisoners-records.csv"'
    writer = csv_writer(response)
    writer.writerow(RECORDS_CSV_COLUMNS)
    people = (
        Person.objects.public_profiles()
        .order_by("pk")
        .only("pk", "slug")
        .prefetch_related(
            Prefetch("status_changes", StatusChange.objects.prefetch_related("sources")),
            Prefetch("verdicts", Verdict.objects.prefetch_related("sources")),
            Prefetch("recognitions", Recognition.objects.prefetch_related("sources")),
        )
    )
    for person in people.iterator(chunk_size=1000):
        writer.writerows(record_rows(person))
    return response


def record_rows(person: Person) -> list[list]:
    """The rows of records.csv for one person, from prefetched entries: status changes,
    verdicts, recognitions, each in the order of the record."""

    def row(kind: str, entry, **cells) -> list:
        sources = list(entry.sources.all())
        cells |= {
            "id": f"{kind}:{entry.pk}",
            "person": person.slug,
            "kind": kind,
            "date": entry.when.iso() or "",
            "date_precision": entry.when.precision,
            "sources": " ".join(source.slug for source in sources),
            "source_urls": " ".join(source.url for source in sources if source.url),
        }
        return [cells.get(column, "") for column in RECORDS_CSV_COLUMNS]

    language = settings.LANGUAGE_CODE
    rows = [
        row("status_change", change, change=change.kind, release=change.release_kind,
            note=getattr(change, f"note_{language}") or "")
        for change in person.status_changes.all()
    ]  # fmt: skip
    rows += [
        row("verdict", verdict, penalty=verdict.penalty_kind,
            term=getattr(verdict, f"term_{language}") or "",
            term_months="" if verdict.term_months is None else verdict.term_months,
            court=getattr(verdict, f"court_{language}") or "")
        for verdict in person.verdicts.all()
    ]  # fmt: skip
    rows += [
        row("recognition", recognition, statement_url=recognition.statement_url,
            recognised_by=getattr(recognition, f"organisation_{language}") or "")
        for recognition in person.recognitions.all()
    ]  # fmt: skip
    return rows


STATISTICS_CSV_COLUMNS = ["figure", "category", "population", "count"]


@open_data(max_age=300)
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """The figures of the statistics page, one a row, for spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="political-prisoners-statistics.csv"'
    writer = csv_writer(response)
    writer.writerow(STATISTICS_CSV_COLUMNS)
    writer.writerows(statistics_rows(public_statistics()))
    return response


def statistics_rows(figures: dict) -> list[list]:
    """(figure, category, population, count): population is `held_now` or `ever`."""
    rows = [["total", "", "held_now", figures["held_now"]], ["total", "", "ever", figures["ever"]]]
    rows += [["by_status", row["status"], "ever", row["count"]] for row in figures["by_status"]]

    def both(figure: str, category: str, row: dict) -> list[list]:
        return [
            [figure, category, "held_now", row["held_now"]],
            [figure, category, "ever", row["ever"]],
        ]

    for row in figures["by_gender"]:
        rows += both("by_gender", row["gender"] or "not_given", row)
    for row in figures["by_sentence"]:
        rows += both("by_sentence", row["band"], row)
    for row in figures["by_article"]:
        rows += both("by_article", f"{row['country']} {row['code']} {row['label']}", row)
    rows += both("by_article", "none_recorded", figures["without_article"])
    regions = figures["by_region"]
    rows += [["by_region", row["region"]["en"], "held_now", row["held_now"]]
             for row in regions["regions"]]  # fmt: skip
    rows.append(["by_region", "not_known", "held_now", regions["not_known"]])
    for figure in ("arrests_by_month", "releases_by_month"):
        series = figures[figure]
        rows += [[figure, row["month"], "ever", row["count"]] for row in series["months"]]
        rows.append([figure, "year_only", "ever", series["year_only"]])
        rows.append([figure, "no_date", "ever", series["no_date"]])
    return rows


def _letter_links(slug: str, origin: str) -> dict:
    return {
        "url": origin + reverse("prisoners:detail", kwargs={"slug": slug}),
        "api_url": origin + reverse("api:prisoner", kwargs={"slug": slug}),
    }


@open_data(max_age=300)
def letters_json(request: HttpRequest) -> HttpResponse:
    """The letters visitors said they sent through the site, counted per public profile
    (prisoners.letters.letter_counts): aggregates only."""
    counts = letter_counts()
    origin = site_origin(request)
    return json_response(
        {
            "generated_at": counts["generated_at"],
            "recent_weeks": counts["recent_weeks"],
            "results": [entry | _letter_links(entry["slug"], origin) for entry in counts["people"]],
        }
    )


LETTERS_CSV_COLUMNS = ["slug", *localized_fields("name"), "letters_this_month",
                       "letters_recent_weeks", "letters_total", "url"]  # fmt: skip


@open_data(max_age=300)
def letters_csv(request: HttpRequest) -> HttpResponse:
    """The letters' counts, one person a row, for spreadsheets (by month: the JSON)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="letters-to-political-prisoners.csv"'
    writer = csv_writer(response)
    writer.writerow(LETTERS_CSV_COLUMNS)
    origin = site_origin(request)
    for entry in letter_counts()["people"]:
        names, counts = entry["name"], entry["letters"]
        writer.writerow(
            [
                entry["slug"],
                *(names.get(code, "") for code in content_languages()),
                counts["this_month"],
                counts["recent_weeks"],
                counts["total"],
                _letter_links(entry["slug"], origin)["url"],
            ]  # fmt: skip
        )
    return response
