"""A row of the case file read: each cell checked and turned into the facts it gives
(dates at the precision given, terms, statuses and genders in words, articles, places and
sources matched against the vocabularies), and the status history those facts imply.

The words a cell may hold are the codes, a few English words prisoner databases use, and
the model's own labels in every language of LANGUAGES, read from the catalogues; a term's
years and months are Django's own words for them in every language (django.utils.timesince).
See docs/import.md."""

import datetime
import functools
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import slugify
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.languages import content_languages
from prisoners.casefile.columns import CASE_COLUMNS, DEFAULT_CODE, LIMITED, MAX_CELL, NAME_COLUMNS
from prisoners.dates import Precision
from prisoners.models import (
    CriminalArticle,
    Gender,
    PlaceOfDetention,
    ReleaseKind,
    Source,
    Status,
    StatusChange,
    StatusKind,
    article_key,
)

# The status column: a code, the model's label in any language, or the English words
# prisoner databases use.
STATUS_SYNONYMS = {
    "awaiting trial": "detained", "in custody": "detained",
    "convicted": "sentenced", "in prison": "sentenced",
    "free": "released",
    "released, forcibly exiled": "released_exiled", "exiled": "released_exiled",
    "died": "deceased",
}  # fmt: skip
GENDER_SYNONYMS = {"f": "female", "woman": "female", "m": "male", "man": "male"}
# Abbreviations prisoner databases write that no catalogue has.
YEAR_ABBREVIATIONS = ["yr", "yrs"]
# The article's label starts with a digit, the code is letters only.
CODE_AND_LABEL = re.compile(r"([^\W\d_]+)\s+(\S.*)")


def words_for_choices(choices) -> dict[str, str]:
    """{the code or the label in any language of LANGUAGES, casefolded: the code} of a
    model's choices."""
    words = {}
    for code in content_languages():
        with translation.override(code):
            for value, label in choices:
                words.setdefault(str(label).casefold(), value)
    return {value: value for value, _label in choices} | words


@functools.cache
def status_words() -> dict[str, str]:
    choices = [(s.value, s.label) for s in Status if s != Status.UNKNOWN]
    return STATUS_SYNONYMS | words_for_choices(choices)


@functools.cache
def gender_words() -> dict[str, str]:
    return GENDER_SYNONYMS | words_for_choices(Gender.choices)


def unit_words(unit: str) -> str:
    """A regular expression of the words for `unit` ("year", "month") after a number, in
    every language of LANGUAGES and for every plural form: "years", "лет", "года", …"""
    words = set(YEAR_ABBREVIATIONS if unit == "year" else [])
    for code in content_languages():
        with translation.override(code):
            for number in range(200):  # every plural form of every language
                spelled = TIME_STRINGS[unit] % {"num": number}
                words.add(re.sub(r"\d+", "", spelled).strip().casefold())
    words.discard("")
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@functools.cache
def term_pattern() -> re.Pattern:
    return re.compile(
        rf"\s*(?:(\d+)\s*(?:{unit_words('year')}))?\s*(?:(\d+)\s*(?:{unit_words('month')}))?"
    )


def parse_fuzzy_date(text: str) -> tuple[datetime.date | None, str]:
    """YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY, kept at the precision given; raises
    ValueError on anything else (or an impossible date such as 2020-13-45)."""
    text = text.strip()
    if not text:
        return None, Precision.UNKNOWN
    if m := re.fullmatch(r"(\d{4})", text):
        return datetime.date(int(m[1]), 1, 1), Precision.YEAR
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return datetime.date(int(m[1]), int(m[2]), 1), Precision.MONTH
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return datetime.date(int(m[1]), int(m[2]), int(m[3])), Precision.DAY
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return datetime.date(int(m[3]), int(m[2]), int(m[1])), Precision.DAY
    raise ValueError(text)


def parse_term_months(term: str) -> int | None:
    """The months of a term written "N years [M months]" in any language of LANGUAGES, at
    the start of the text ("3 years colony, general regime", "5 лет колонии"); None when it
    is not a plain time."""
    m = term_pattern().match(term.casefold())
    if not m or not (m[1] or m[2]):
        return None
    return int(m[1] or 0) * 12 + int(m[2] or 0)


class Vocabulary:
    """The articles, places and sources of the database, read once per import."""

    def __init__(self):
        self.articles = CriminalArticle.objects.all().by_key()
        self.places = PlaceOfDetention.objects.all().by_name()
        self.sources = {}
        for source in Source.objects.all():
            self.sources[source.slug.casefold()] = source
            if source.url:
                self.sources[source.url.casefold()] = source


def cell(row: dict, column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.date() if isinstance(value, datetime.datetime) else value
        return value.isoformat()
    return str(value).strip()


def split_article(entry: str) -> tuple[str, str]:
    """(code, label) of an entry of the articles cell: "342-1" is the criminal code's,
    "CAO 24.23" the CAO's."""
    if m := CODE_AND_LABEL.fullmatch(entry):
        return m[1], m[2]
    return DEFAULT_CODE, entry


def parse_case(row: dict, vocabulary: Vocabulary, default_source: Source | None,
               default_country: str | None = None) -> dict:  # fmt: skip
    """The facts of one row, checked against the vocabulary; raises ValidationError with
    every problem of the row, each in words a person understands. The articles are the
    ones of the case's country (its "country" cell, else `default_country`)."""
    errors = []
    case = {}
    for column in CASE_COLUMNS:
        limit = LIMITED[column].max_length if column in LIMITED else MAX_CELL
        if len(cell(row, column)) > limit:
            errors.append(_("The “%(column)s” cell is longer than %(limit)d characters.")
                          % {"column": column, "limit": limit})  # fmt: skip
    if errors:
        raise ValidationError(errors)
    case["id"] = cell(row, "id")
    case["name"] = cell(row, "name")
    if not case["id"]:
        errors.append(_("The id is missing."))
    if not case["name"]:
        errors.append(_("The name is missing."))
    for column in NAME_COLUMNS:
        case[column] = cell(row, column)
    spellings = [s.strip() for s in cell(row, "other_spellings").split(";")]
    case["other_spellings"] = "\n".join(s for s in spellings if s)

    status_text = cell(row, "status").casefold()
    case["status"] = status_words().get(status_text, "")
    if status_text and not case["status"]:
        errors.append(
            _("Unknown status “%(status)s”: use detained, sentenced, released, "
              "released_exiled or deceased.") % {"status": cell(row, "status")}
        )  # fmt: skip
    gender_text = cell(row, "gender").casefold()
    case["gender"] = gender_words().get(gender_text, "")
    if gender_text and not case["gender"]:
        errors.append(_("Unknown gender “%(gender)s”: use female, male or other.")
                      % {"gender": cell(row, "gender")})  # fmt: skip

    for column in ("birthday", "arrested", "verdict_date", "release_date", "died"):
        try:
            case[column] = parse_fuzzy_date(cell(row, column))
        except ValueError:
            errors.append(
                _("Unreadable date “%(value)s” in “%(column)s”: write YYYY, YYYY-MM, "
                  "YYYY-MM-DD or DD.MM.YYYY.") % {"value": cell(row, column), "column": column}
            )  # fmt: skip

    country_text = cell(row, "country").upper()
    case["country"] = country_text or (default_country or "")
    if country_text and country_text not in countries:
        errors.append(_("Unknown country “%(country)s”: write its two-letter code, such as BY.")
                      % {"country": cell(row, "country")})  # fmt: skip
    elif not case["country"]:
        errors.append(_("Choose the country of the cases, or give a “country” column."))
    case["articles"] = []
    for entry in filter(None, (a.strip() for a in cell(row, "articles").split(";"))):
        if not case["country"]:
            break
        code, label = split_article(entry)
        article = vocabulary.articles.get(article_key(case["country"], code, label))
        if article is None:
            errors.append(
                _("Unknown article “%(label)s” (%(country)s): add it under Criminal-code "
                  "articles first.") % {"label": entry, "country": case["country"]}
            )  # fmt: skip
        else:
            case["articles"].append(article)

    place_name = cell(row, "place_of_detention")
    case["place"] = vocabulary.places.get(place_name.casefold()) if place_name else None
    if place_name and case["place"] is None:
        errors.append(
            _("Unknown place of detention “%(place)s”: add it under Places of detention "
              "first.") % {"place": place_name}
        )  # fmt: skip

    for column in ("penalty", "judge", "prosecutor", "court"):
        case[column] = cell(row, column)

    source_text = cell(row, "source")
    case["source"] = vocabulary.sources.get(source_text.casefold()) if source_text else None
    if source_text and case["source"] is None:
        errors.append(_("Unknown source “%(source)s”: add it under Sources first.")
                      % {"source": source_text})  # fmt: skip
    elif case["source"] is None:
        case["source"] = default_source
    if errors:
        raise ValidationError(errors)
    return case


def status_changes_of(case: dict) -> list[StatusChange]:
    """The status history the row's dates and status imply, in order (unsaved)."""
    status = case["status"]
    unknown = (None, Precision.UNKNOWN)
    changes = []

    def add(kind, when, release_kind=""):
        changes.append(StatusChange(kind=kind, date=when[0], date_precision=when[1],
                                    release_kind=release_kind))  # fmt: skip

    if case["arrested"][0] or status == "detained":
        add(StatusKind.ARRESTED, case["arrested"])
    if case["verdict_date"][0] or case["penalty"] or status == "sentenced":
        add(StatusKind.SENTENCED, case["verdict_date"])
    if case["release_date"][0] or status in ("released", "released_exiled"):
        kind = ReleaseKind.EXILED if status == "released_exiled" else ""
        add(StatusKind.RELEASED, case["release_date"], kind)
    if case["died"][0] or status == "deceased":
        add(StatusKind.DIED, case["died"] if case["died"][0] else unknown)
    return changes


def slug_for(row: dict) -> str:
    """The address a new person of this row gets: the name and the external id."""
    base = slugify(cell(row, "name"))[:150] or "case"
    return f"{base}-{slugify(cell(row, 'id'))[:40]}"
