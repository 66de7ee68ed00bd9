"""Open data: the public profiles as JSON and CSV. Documented in docs/api.md."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from core.opendata import in_every_language, json_response, open_data
from prisoners.dates import FuzzyDate
from prisoners.models import Event, Person, Quote, Source

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


def person_summary(person: Person) -> dict:
    return {
        "slug": person.slug,
        "name": in_every_language(person, "name"),
        "other_spellings": person.other_spellings.splitlines(),
        "status": person.status,
        "country": person.country.code,
        "arrested": _date(person.arrested),
        "sentenced": _date(person.sentenced),
        "released": _date(person.released),
        "url": settings.SITE_URL + person.get_absolute_url(),
        "api_url": settings.SITE_URL + reverse("api:prisoner", kwargs={"slug": person.slug}),
        "updated_at": person.updated_at.isoformat(),
    }


def person_detail(person: Person) -> dict:
    return person_summary(person) | {
        "occupation": in_every_language(person, "occupation"),
        "sentence": in_every_language(person, "sentence"),
        "charge": in_every_language(person, "charge"),
        "place_of_detention": in_every_language(person, "place_of_detention"),
        "conditions": in_every_language(person, "conditions"),
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
        "sources": {source.slug: _source(source) for source in person.sources.all()},
    }


@open_data(max_age=300)
def prisoner_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.public_profiles().order_by("pk")
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    base = settings.SITE_URL + reverse("api:prisoners")
    return json_response(
        {
            "count": page.paginator.count,
            "page": page.number,
            "next": f"{base}?page={page.next_page_number()}" if page.has_next() else None,
            "previous": (
                f"{base}?page={page.previous_page_number()}" if page.has_previous() else None
            ),
            "results": [person_summary(person) for person in page.object_list],
        }
    )


@open_data(max_age=300)
def prisoner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.public_profiles().prefetch_related(
            "sources",
            Prefetch("events", Event.objects.prefetch_related("sources")),
            Prefetch("quotes", Quote.objects.select_related("speaker", "source")),
        ),
        slug=slug,
    )
    return json_response(person_detail(person))


CSV_COLUMNS = [
    "slug", "name_en", "name_be", "name_ru", "status", "country", "arrested",
    "arrested_precision", "sentenced", "sentenced_precision", "released",
    "released_precision", "sentence", "charge", "place_of_detention", "url",
]  # fmt: skip


@open_data(max_age=300)
def prisoner_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="political-prisoners.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for person in Person.objects.public_profiles().order_by("pk").iterator(chunk_size=1000):
        writer.writerow(
            [
                person.slug,
                person.name_en,
                person.name_be or "",
                person.name_ru or "",
                person.status,
                person.country.code,
                person.arrested.iso() or "",
                person.arrested_on_precision,
                person.sentenced.iso() or "",
                person.sentenced_on_precision,
                person.released.iso() or "",
                person.released_on_precision,
                person.sentence_en or "",
                person.charge_en or "",
                person.place_of_detention_en or "",
                settings.SITE_URL + person.get_absolute_url(),
            ]  # fmt: skip
        )
    return response
