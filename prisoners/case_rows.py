"""The case file's row, one a person, as prisoner databases publish it: its columns, how a
cell is read (dates at the precision given, terms, statuses in words) and how a stored case
is written back as the same row. See docs/import.md."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from prisoners.dates import Precision
from prisoners.models import (
    CriminalArticle,
    Person,
    PlaceOfDetention,
    ReleaseKind,
    Source,
    StatusChange,
    StatusKind,
    Verdict,
    article_key,
)

CASE_COLUMNS = ["id", "name", "name_be", "name_ru", "other_spellings", "status", "birthday",
                "gender", "country", "arrested", "articles", "verdict_date", "penalty", "judge",
                "prosecutor", "court", "place_of_detention", "release_date", "died",
                "source"]  # fmt: skip
MAX_CELL = 2000
# The columns stored in a field of limited length: a longer cell is a row error, not a
# database error at the end of the import.
LIMITED = {
    column: model._meta.get_field(name)
    for column, model, name in [
        ("id", Person, "external_id"), ("name", Person, "name"), ("name_be", Person, "name"),
        ("name_ru", Person, "name"), ("judge", Verdict, "judge"),
        ("prosecutor", Verdict, "prosecutor"), ("court", Verdict, "court"),
        ("penalty", Verdict, "term"),
    ]
}  # fmt: skip

# The status column: a code, or the words prisoner databases use.
STATUS_WORDS = {
    "detained": "detained", "awaiting trial": "detained", "in custody": "detained",
    "sentenced": "sentenced", "convicted": "sentenced", "in prison": "sentenced",
    "released": "released", "free": "released",
    "released_exiled": "released_exiled", "released, forcibly exiled": "released_exiled",
    "released and forcibly exiled": "released_exiled", "exiled": "released_exiled",
    "deceased": "deceased", "died": "deceased", "died in custody": "deceased",
}  # fmt: skip
GENDER_WORDS = {"female": "female", "f": "female", "woman": "female", "male": "male",
                "m": "male", "man": "male", "other": "other"}  # fmt: skip
# An article of another code than the criminal code is written with the code first
# ("CAO 24.23"); the code is letters only, the label starts with a digit.
DEFAULT_CODE = CriminalArticle._meta.get_field("code").default
CODE_AND_LABEL = re.compile(r"([^\W\d_]+)\s+(\S.*)")


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


def format_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    if value is None or precision == Precision.UNKNOWN:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


YEARS = r"(?:years?|yrs?|лет|года|год)"
MONTHS = r"(?:months?|месяцев|месяца|месяц)"


def parse_term_months(term: str) -> int | None:
    """The months of a term written "N years [M months]" (English or Russian), at the start
    of the text ("3 years colony, general regime"); None when it is not a plain time."""
    m = re.match(rf"\s*(?:(\d+)\s*{YEARS})?\s*(?:(\d+)\s*{MONTHS})?", term.casefold())
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


def article_entry(article: CriminalArticle) -> str:
    """How the articles cell writes the article (split_article reads it back)."""
    if article.code.casefold() == DEFAULT_CODE.casefold():
        return article.short_label
    return f"{article.code} {article.short_label}"


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
    case["name_be"] = cell(row, "name_be")
    case["name_ru"] = cell(row, "name_ru")
    spellings = [s.strip() for s in cell(row, "other_spellings").split(";")]
    case["other_spellings"] = "\n".join(s for s in spellings if s)

    status_text = cell(row, "status").casefold()
    case["status"] = STATUS_WORDS.get(status_text, "")
    if status_text and not case["status"]:
        errors.append(
            _("Unknown status “%(status)s”: use detained, sentenced, released, "
              "released_exiled or deceased.") % {"status": cell(row, "status")}
        )  # fmt: skip
    gender_text = cell(row, "gender").casefold()
    case["gender"] = GENDER_WORDS.get(gender_text, "")
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


def case_of_person(person: Person) -> dict:
    """The row the person's stored case would be exported as."""
    return case_row(
        person,
        status=person.status,
        changes=person.status_changes.all(),
        verdicts=person.verdicts.all(),
        stays=person.stays.all(),
        case_articles=person.case_articles.all(),
    )


def case_row(person: Person, *, status: str, changes, verdicts, stays, case_articles) -> dict:
    """The row of the person's own columns with this record: the stored one, or the one
    an import plans (prisoners/case_import.py, for the preview)."""
    changes = {c.kind: c for c in changes}
    verdicts = list(verdicts)
    verdict = verdicts[-1] if verdicts else None
    stays = list(stays)

    def date_of(kind):
        change = changes.get(kind)
        return format_fuzzy_date(change.date, change.date_precision) if change else ""

    released = changes.get(StatusKind.RELEASED)
    return {
        "id": person.external_id,
        "name": person.name_en or person.name,
        "name_be": person.name_be or "",
        "name_ru": person.name_ru or "",
        "other_spellings": "; ".join(person.other_spellings.splitlines()),
        "status": status if status != "unknown" else "",
        "birthday": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "gender": person.gender,
        "country": person.country.code or "",
        "arrested": date_of(StatusKind.ARRESTED),
        "articles": "; ".join(article_entry(ca.article) for ca in case_articles),
        "verdict_date": format_fuzzy_date(verdict.date, verdict.date_precision) if verdict else "",
        "penalty": (verdict.term_en or "") if verdict else "",
        "judge": verdict.judge if verdict else "",
        "prosecutor": verdict.prosecutor if verdict else "",
        "court": verdict.court if verdict else "",
        "place_of_detention": (stays[-1].place.name_en or stays[-1].place.name) if stays else "",
        "release_date": format_fuzzy_date(released.date, released.date_precision)
        if released
        else "",
        "died": date_of(StatusKind.DIED),
    }


def slug_for(row: dict) -> str:
    """The address a new person of this row gets: the name and the external id."""
    base = slugify(cell(row, "name"))[:150] or "case"
    return f"{base}-{slugify(cell(row, 'id'))[:40]}"
