"""Model behaviour: fuzzy dates, time in detention, schema.org data, quote languages."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from prisoners.dates import FuzzyDate, Precision, normalise
from prisoners.models import CriminalArticle, Event, Quote, Relation, RelationKind, Status
from tests.factories import make_person, make_source

MAY_29 = datetime.date(2020, 5, 29)


@pytest.mark.parametrize(
    ("precision", "stored"),
    [
        (Precision.DAY, (MAY_29, Precision.DAY)),
        (Precision.MONTH, (datetime.date(2020, 5, 1), Precision.MONTH)),
        (Precision.YEAR, (datetime.date(2020, 1, 1), Precision.YEAR)),
        (Precision.UNKNOWN, (None, Precision.UNKNOWN)),
    ],
)
def test_it_stores_a_date_cut_to_its_precision(precision, stored):
    assert normalise(MAY_29, precision) == stored


@pytest.mark.parametrize("precision", [Precision.DAY, Precision.MONTH, Precision.YEAR])
def test_it_treats_a_missing_date_as_unknown_whatever_its_precision(precision):
    assert normalise(None, precision) == (None, Precision.UNKNOWN)


def test_it_normalises_the_dates_of_a_person_on_save(db):
    person = make_person(
        status=Status.RELEASED,
        arrested_on=MAY_29,
        arrested_on_precision=Precision.YEAR,
        sentenced_on=datetime.date(2021, 12, 14),
        sentenced_on_precision=Precision.MONTH,
        released_on=datetime.date(2025, 6, 21),
        released_on_precision=Precision.UNKNOWN,
    )
    person.refresh_from_db()
    assert person.arrested_on == datetime.date(2020, 1, 1)
    sentenced = person.status_changes.get(kind="sentenced")
    assert sentenced.date == datetime.date(2021, 12, 1)
    assert (person.released_on, person.released_on_precision) == (None, Precision.UNKNOWN)


def test_it_normalises_the_dates_of_events_quotes_and_sources_on_save(db):
    source = make_source(published_on=MAY_29, published_on_precision=Precision.MONTH)
    person = make_person(sources=[source])
    event = Event.objects.create(
        person=person, title_en="Arrested", date=MAY_29, date_precision=Precision.YEAR
    )
    quote = Quote.objects.create(
        person=person,
        speaker=person,
        text_en="Words",
        said_on=MAY_29,
        said_on_precision=Precision.UNKNOWN,
        source=source,
    )
    for row in (source, event, quote):
        row.refresh_from_db()
    assert source.published_on == datetime.date(2020, 5, 1)
    assert event.date == datetime.date(2020, 1, 1)
    assert (quote.said_on, quote.said_on_precision) == (None, Precision.UNKNOWN)


@pytest.mark.parametrize(
    ("date", "shown", "iso"),
    [
        (FuzzyDate(MAY_29, Precision.DAY), "May 29, 2020", "2020-05-29"),
        (FuzzyDate(datetime.date(2020, 5, 1), Precision.MONTH), "May 2020", "2020-05"),
        (FuzzyDate(datetime.date(2020, 1, 1), Precision.YEAR), "2020", "2020"),
        (FuzzyDate(None, Precision.UNKNOWN), "date not given in the source", None),
        (FuzzyDate(MAY_29, Precision.UNKNOWN), "date not given in the source", None),
        (FuzzyDate(None, Precision.DAY), "date not given in the source", None),
    ],
)
def test_it_shows_a_date_as_precisely_as_it_is_known(date, shown, iso):
    with translation.override("en"):
        assert str(date) == shown
    assert date.iso() == iso


@pytest.mark.parametrize(
    ("language", "shown"),
    [("ru", "29 мая 2020 г."), ("be", "29 траўня 2020")],
    ids=["russian", "belarusian"],
)
def test_it_writes_dates_the_way_of_the_language_of_the_page(language, shown):
    with translation.override(language):
        assert str(FuzzyDate(MAY_29, Precision.DAY)) == shown


def held_since_may_29(**fields):
    return make_person(
        status=Status.SENTENCED, arrested_on=MAY_29, arrested_on_precision=Precision.DAY, **fields
    )


def test_it_counts_days_in_detention_until_a_given_day_while_held(db):
    person = held_since_may_29()
    assert person.days_in_detention(today=datetime.date(2020, 5, 29)) == 0
    assert person.days_in_detention(today=datetime.date(2021, 5, 29)) == 365


@time_machine.travel("2026-11-24 12:00Z", tick=False)
def test_it_counts_days_in_detention_until_today_while_held(db):
    assert held_since_may_29().days_in_detention() == 2370


@time_machine.travel("2020-05-29 22:30Z", tick=False)
def test_it_counts_days_in_detention_by_the_calendar_of_minsk(db):
    # 22:30 in UTC is already the next day in Minsk.
    assert held_since_may_29().days_in_detention() == 1


@time_machine.travel("2026-11-24", tick=False)
def test_it_stops_counting_days_in_detention_at_release(db):
    person = make_person(
        status=Status.RELEASED_EXILED,
        arrested_on=MAY_29,
        arrested_on_precision=Precision.DAY,
        released_on=datetime.date(2025, 6, 21),
        released_on_precision=Precision.DAY,
    )
    assert person.days_in_detention() == 1849


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.SENTENCED, "arrested_on": MAY_29, "arrested_on_precision": "year"},
        {"status": Status.SENTENCED, "arrested_on": MAY_29, "arrested_on_precision": "month"},
        {"status": Status.DETAINED},
        {"status": Status.RELEASED, "arrested_on": MAY_29, "arrested_on_precision": "day"},
        {
            "status": Status.RELEASED,
            "arrested_on": MAY_29,
            "arrested_on_precision": "day",
            "released_on": datetime.date(2025, 6, 21),
            "released_on_precision": "year",
        },
    ],
)
def test_it_does_not_guess_days_in_detention_from_vague_dates(db, fields):
    assert make_person(**fields).days_in_detention(today=datetime.date(2026, 11, 24)) is None


def test_it_describes_a_person_for_search_engines(db):
    report = make_source(title="Report number 123", url="https://example.org/report")
    person = make_person(
        name_en="Sergei Tikhanovsky",
        name_be="Сяргей Ціханоўскі",
        slug="sergei-tikhanovsky",
        other_spellings="Siarhei Tsikhanouski\nSergei Tikhanovsky",
        country="BY",
        occupation_en="Blogger",
        summary_en="Arrested in 2020.",
        sources=[report],
    )
    with translation.override("en"):
        data = person.schema_org(settings.SITE_URL)
    url = f"{settings.SITE_URL}/en/prisoners/sergei-tikhanovsky/"
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": person.schema_org_id(),
        "name": "Sergei Tikhanovsky",
        "alternateName": [
            {"@value": "Сяргей Ціханоўскі", "@language": "be"},
            "Siarhei Tsikhanouski",
        ],  # fmt: skip
        "url": url,
        "mainEntityOfPage": url,
        "description": "Arrested in 2020.",
        "nationality": {"@type": "Country", "name": "Belarus"},
        "jobTitle": "Blogger",
        "subjectOf": [
            {
                "@type": "CreativeWork",
                "name": "Report number 123",
                "url": "https://example.org/report",
            },
        ],  # fmt: skip
    }


def test_it_leaves_out_of_schema_org_what_is_not_known(db):
    person = make_person(country="", occupation_en="", summary_en="")
    assert set(person.schema_org(settings.SITE_URL)) == {
        "@context",
        "@type",
        "@id",
        "name",
        "alternateName",
        "url",
        "mainEntityOfPage",
        "subjectOf",
    }


def test_it_lists_each_spelling_once_with_the_name_first(db):
    person = make_person(
        name_en="Maria Kalesnikava",
        name_ru="Мария Колесникова",
        other_spellings="Maryia Kalesnikava\n\nMaria Kalesnikava\nMaryja Kalesnikava\n",
    )
    with translation.override("en"):
        assert person.spellings() == [
            "Maria Kalesnikava",
            "Мария Колесникова",
            "Maryia Kalesnikava",
            "Maryja Kalesnikava",
        ]


def test_it_lists_a_spelling_once_whatever_spaces_surround_it(db):
    person = make_person(
        name_en="Maria Kalesnikava", other_spellings="Maryia Kalesnikava\n Maryia Kalesnikava "
    )
    with translation.override("en"):
        assert person.spellings() == ["Maria Kalesnikava", "Maryia Kalesnikava"]


@pytest.fixture
def quote(db):
    person = make_person()
    return Quote.objects.create(
        person=person, speaker=person, text_en="Belarus will be free.", source=make_source()
    )


def test_it_shows_a_quote_in_its_own_language_as_the_sources_words(quote):
    with translation.override("en"):
        assert quote.shown_language == {"language": "en", "is_translation": False}


def test_it_shows_the_sources_words_where_no_translation_exists(quote):
    with translation.override("be"):
        assert quote.text == "Belarus will be free."
        assert quote.shown_language == {"language": "en", "is_translation": False}


def test_it_marks_the_editors_translation_of_a_quote(quote):
    quote.text_be = "Беларусь будзе вольнай."
    with translation.override("be"):
        assert quote.text == "Беларусь будзе вольнай."
        assert quote.shown_language == {"language": "be", "is_translation": True}


def test_it_marks_the_english_fallback_of_a_quote_in_another_language_as_a_translation(db):
    person = make_person()
    quote = Quote.objects.create(
        person=person,
        speaker=person,
        text_be="Жыве Беларусь!",
        text_en="Long live Belarus!",
        original_language="be",
        source=make_source(),
    )
    with translation.override("ru"):
        assert quote.text == "Long live Belarus!"
        assert quote.shown_language == {"language": "en", "is_translation": True}


def test_it_reads_a_relation_from_either_profile(db):
    mother = make_person()
    son = make_person()
    relation = Relation.objects.create(person=son, other=mother, kind=RelationKind.PARENT)
    assert relation.label_from(son) == "Parent"
    assert relation.label_from(mother) == "Child"
    spouse = Relation.objects.create(person=mother, other=make_person(), kind=RelationKind.SPOUSE)
    assert spouse.label_from(spouse.other) == "Spouse"


def test_it_refuses_a_relation_of_a_person_to_themselves(db):
    person = make_person()
    with pytest.raises(IntegrityError):
        Relation.objects.create(person=person, other=person, kind=RelationKind.SIBLING)


def test_it_refuses_two_events_at_one_position_in_a_timeline(db):
    person = make_person()
    Event.objects.create(person=person, position=1, title_en="Arrested")
    with pytest.raises(IntegrityError):
        Event.objects.create(person=person, position=1, title_en="Sentenced")


def test_two_articles_of_one_code_cannot_read_the_same(db):
    CriminalArticle.objects.create(country="BY", article="342", part="1", title="Riots")
    CriminalArticle.objects.create(country="RU", article="342", part="1", title="Another code")
    CriminalArticle.objects.create(country="BY", code="CAO", article="342-1", title="Another")

    same_label = CriminalArticle(country="BY", article="342-1", title="The same label")
    with pytest.raises(ValidationError, match="already has an article that reads the same"):
        same_label.full_clean()
    with pytest.raises(IntegrityError):
        same_label.save()
