"""Plain functions that build the rows tests need, with sensible defaults."""

import itertools

from prisoners.models import Person, Source, Status

_numbers = itertools.count(1)


def make_source(**fields) -> Source:
    number = next(_numbers)
    defaults = {"slug": f"source-{number}", "title": f"Report number {number}"}
    return Source.objects.create(**(defaults | fields))


def make_person(*, sources: list[Source] | None = None, **fields) -> Person:
    number = next(_numbers)
    defaults = {
        "name_en": f"Person Number{number}",
        "slug": f"person-{number}",
        "status": Status.SENTENCED,
        "country": "BY",
        "is_published": True,
        "is_political_prisoner": True,
    }
    person = Person.objects.create(**(defaults | fields))
    person.sources.set(sources or [make_source()])
    return person
