"""The case file's row, one a person: its columns, and a stored case written back as that
row. The names are one column a language of LANGUAGES: `name` in the default language,
`name_<code>` in each other one."""

import datetime

from django.conf import settings

from core.languages import other_languages
from prisoners.dates import Precision
from prisoners.models import CriminalArticle, Person, StatusKind, Verdict

# The name in each language besides the default one: the column is the person's field.
NAME_COLUMNS = [f"name_{code}" for code in other_languages()]
CASE_COLUMNS = ["id", "name", *NAME_COLUMNS, "other_spellings", "status", "birthday",
                "gender", "country", "arrested", "articles", "verdict_date", "penalty", "judge",
                "prosecutor", "court", "place_of_detention", "release_date", "died",
                "source"]  # fmt: skip
MAX_CELL = 2000
# The columns stored in a field of limited length: a longer cell is a row error, not a
# database error at the end of the import.
LIMITED = {
    column: model._meta.get_field(name)
    for column, model, name in [
        ("id", Person, "external_id"), ("name", Person, "name"),
        *((column, Person, "name") for column in NAME_COLUMNS), ("judge", Verdict, "judge"),
        ("prosecutor", Verdict, "prosecutor"), ("court", Verdict, "court"),
        ("penalty", Verdict, "term"),
    ]
}  # fmt: skip
# An article of another code than the criminal code is written with the code first
# ("CAO 24.23").
DEFAULT_CODE = CriminalArticle._meta.get_field("code").default


def default_name_field() -> str:
    """The person's field the `name` column fills: the name in the default language."""
    return f"name_{settings.LANGUAGE_CODE}"


def format_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    if value is None or precision == Precision.UNKNOWN:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def article_entry(article: CriminalArticle) -> str:
    """How the articles cell writes the article (reading.split_article reads it back)."""
    if article.code.casefold() == DEFAULT_CODE.casefold():
        return article.short_label
    return f"{article.code} {article.short_label}"


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
    an import plans (planning.planned_changes, for the preview)."""
    changes = {c.kind: c for c in changes}
    verdicts = list(verdicts)
    verdict = verdicts[-1] if verdicts else None
    stays = list(stays)
    in_default = f"_{settings.LANGUAGE_CODE}"

    def date_of(kind):
        change = changes.get(kind)
        return format_fuzzy_date(change.date, change.date_precision) if change else ""

    released = changes.get(StatusKind.RELEASED)
    place = stays[-1].place if stays else None
    return {
        "id": person.external_id,
        "name": getattr(person, default_name_field()) or person.name,
        **{column: getattr(person, column) or "" for column in NAME_COLUMNS},
        "other_spellings": "; ".join(person.other_spellings.splitlines()),
        "status": status if status != "unknown" else "",
        "birthday": person.born.iso() or "",
        "gender": person.gender,
        "country": person.country.code or "",
        "arrested": date_of(StatusKind.ARRESTED),
        "articles": "; ".join(article_entry(ca.article) for ca in case_articles),
        "verdict_date": format_fuzzy_date(verdict.date, verdict.date_precision) if verdict else "",
        "penalty": (getattr(verdict, "term" + in_default) or "") if verdict else "",
        "judge": verdict.judge if verdict else "",
        "prosecutor": verdict.prosecutor if verdict else "",
        "court": verdict.court if verdict else "",
        "place_of_detention": (getattr(place, "name" + in_default) or place.name) if place else "",
        "release_date": format_fuzzy_date(released.date, released.date_precision)
        if released
        else "",
        "died": date_of(StatusKind.DIED),
    }
