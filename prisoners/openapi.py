"""The open data of prisoners/api.py, described for /api/v1/openapi.json (core/openapi.py).
The words are docs/api.md's; the enumerations are the models' own choices."""

from core.openapi import Endpoint, csv_body, json_body, nullable, ref
from prisoners.api import (
    CSV_COLUMNS,
    LETTERS_CSV_COLUMNS,
    PAGE_SIZE,
    RECORDS_CSV_COLUMNS,
    STATISTICS_CSV_COLUMNS,
)
from prisoners.dates import Precision
from prisoners.forms import SENTENCE_BANDS
from prisoners.letters import RECENT_WEEKS
from prisoners.models import (
    ArticleStage,
    Gender,
    PenaltyKind,
    PlaceKind,
    ReleaseKind,
    Status,
    StatusKind,
)
from prisoners.statistics import NO_TERM, NO_VERDICT

TAG = "Prisoners"
SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
COUNT = {"type": "integer", "minimum": 0}
MONTH = {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}
COUNTRY = {
    "type": "string",
    "pattern": "^([A-Z]{2})?$",
    "description": "An ISO 3166-1 alpha-2 code; empty when no source gives it.",
}
LINK = {"type": "string", "format": "uri"}
SOURCES = {
    "type": "array",
    "items": SLUG,
    "description": "The slugs of the sources the entry cites (keys of the profile's `sources`).",
}


def _dated(precision: str, pattern: str | None) -> dict:
    return {
        "type": "object",
        "required": ["date", "precision"],
        "properties": {
            "date": {"type": "string", "pattern": pattern} if pattern else {"type": "null"},
            "precision": {"const": precision},
        },
    }


HELD_NOW_AND_EVER = {
    "held_now": COUNT | {"description": "Of the people held now."},
    "ever": COUNT | {"description": "Of every public profile."},
}


def _counted(description: str = "", **properties) -> dict:
    """An object of these properties and the two populations' counts."""
    return {
        "type": "object",
        "required": [*properties, *HELD_NOW_AND_EVER],
        "properties": properties | HELD_NOW_AND_EVER,
    } | ({"description": description} if description else {})


def _by_month(what: str) -> dict:
    return {
        "type": "object",
        "description": (
            f"{what} per month. Only dates known to the day or the month are put in a "
            "month (months with none are left out); `year_only` and `no_date` count the "
            "others, which are never guessed into a month."
        ),
        "required": ["months", "year_only", "no_date"],
        "properties": {
            "months": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["month", "count"],
                    "properties": {"month": MONTH, "count": COUNT},
                },
            },
            "year_only": COUNT | {"description": "Dated only to the year."},
            "no_date": COUNT | {"description": "Not dated by any source."},
        },
    }


SUMMARY_PROPERTIES = {
    "slug": SLUG | {"description": "The profile's name in addresses, here and on the site."},
    "name": ref("Translated", "The person's name in each language."),
    "other_spellings": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Other spellings of the name that sources use.",
    },
    "status": {
        "enum": Status.values,
        "description": "Derived from the status history, never typed.",
    },
    "country": COUNTRY,
    "gender": {
        "enum": [*Gender.values, None],
        "description": "`null`: not given by a source.",
    },
    "arrested": ref("FuzzyDate", "The first arrest."),
    "released": ref("FuzzyDate", "The release the person is in (unknown while held)."),
    "held_incommunicado": {
        "type": "boolean",
        "description": "Sources say nobody has been able to reach the person.",
    },
    "last_contact": ref("FuzzyDate", "The last contact the sources report."),
    "url": LINK | {"description": "The profile page, in English."},
    "api_url": LINK | {"description": "This profile in the open data."},
    "updated_at": {
        "type": "string",
        "format": "date-time",
        "description": "When the profile was last changed.",
    },
}

DETAIL_PROPERTIES = {
    "occupation": ref("Translated"),
    "charge": ref("Translated", "The charge, in the words of the source."),
    "conditions": ref("Translated", "Conditions of detention, as the sources report them."),
    "summary": ref("Translated", "A short account of the case."),
    "status_history": {
        "type": "array",
        "description": "Each change of status the sources report, in the profile's order.",
        "items": {
            "type": "object",
            "required": ["change", "release", "date", "note", "sources"],
            "properties": {
                "change": {"enum": StatusKind.values},
                "release": {
                    "enum": [*ReleaseKind.values, None],
                    "description": "How a release came about; `null` for other changes.",
                },
                "date": ref("FuzzyDate"),
                "note": ref("Translated"),
                "sources": SOURCES,
            },
        },
    },
    "articles": {
        "type": "array",
        "description": "The criminal-code articles the person was charged or convicted under.",
        "items": {
            "type": "object",
            "required": ["country", "code", "article", "part", "title", "stage", "sources"],
            "properties": {
                "country": COUNTRY,
                "code": {"type": "string", "description": "The code, e.g. `CC`."},
                "article": {"type": "string", "description": "e.g. `342`."},
                "part": {"type": "string", "description": "e.g. `1`; empty for none."},
                "title": ref("Translated"),
                "stage": {"enum": ArticleStage.values},
                "sources": SOURCES,
            },
        },
    },
    "verdicts": {
        "type": "array",
        "items": {
            "type": "object",
            "required": [
                "date",
                "court",
                "judge",
                "prosecutor",
                "penalty",
                "term",
                "term_months",
                "sources",
            ],  # fmt: skip
            "properties": {
                "date": ref("FuzzyDate"),
                "court": ref("Translated"),
                "judge": ref("Translated", "A public official in their role."),
                "prosecutor": ref("Translated", "A public official in their role."),
                "penalty": {"enum": [*PenaltyKind.values, None]},
                "term": ref("Translated", "The term as stated."),
                "term_months": nullable(COUNT)
                | {"description": "The term in months when it is a plain time."},
                "sources": SOURCES,
            },
        },
    },
    "places_of_detention": {
        "type": "array",
        "description": "Each stay, in order; the last one without an end is the current place.",
        "items": {
            "type": "object",
            "required": ["place", "name", "kind", "region", "from", "until", "sources"],
            "properties": {
                "place": SLUG | {"description": "The place's slug."},
                "name": ref("Translated"),
                "kind": {"enum": [*PlaceKind.values, None]},
                "region": ref("Translated"),
                "from": ref("FuzzyDate"),
                "until": ref("FuzzyDate"),
                "sources": SOURCES,
            },
        },
    },
    "recognitions": {
        "type": "array",
        "description": "Who recognised the person as a political prisoner.",
        "items": {
            "type": "object",
            "required": ["by", "date", "statement_url", "sources"],
            "properties": {
                "by": ref("Translated", "The organisation."),
                "date": ref("FuzzyDate"),
                "statement_url": {"type": "string", "description": "Empty when not given."},
                "sources": SOURCES,
            },
        },
    },
    "timeline": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["date", "title", "description", "sources"],
            "properties": {
                "date": ref("FuzzyDate"),
                "title": ref("Translated"),
                "description": ref("Translated"),
                "sources": SOURCES,
            },
        },
    },
    "quotes": {
        "type": "array",
        "items": {
            "type": "object",
            "required": ["text", "original_language", "speaker", "context", "date", "source"],
            "properties": {
                "text": ref(
                    "Translated",
                    "In `original_language`, the verbatim wording of the source; the "
                    "other languages are the editors' translations.",
                ),
                "original_language": {"type": "string"},
                "speaker": {"type": "string", "description": "The speaker's name in English."},
                "context": ref("Translated"),
                "date": ref("FuzzyDate"),
                "source": SLUG | {"description": "The source of the quote."},
            },
        },
    },
    "sources": {
        "type": "object",
        "description": "Every source the profile cites, by slug.",
        "propertyNames": SLUG,
        "additionalProperties": {
            "type": "object",
            "required": ["title", "publisher", "url", "published", "note"],
            "properties": {
                "title": {"type": "string"},
                "publisher": {"type": "string", "description": "Empty when not known."},
                "url": {"type": "string", "description": "Empty for a source not online."},
                "published": ref("FuzzyDate"),
                "note": {"type": "string"},
            },
        },
    },
}

SCHEMAS = {
    "FuzzyDate": {
        "description": (
            "A date as precisely as its source gives it: ISO 8601 cut to the precision, "
            "or null when no source gives it."
        ),
        "oneOf": [
            _dated(Precision.DAY, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
            _dated(Precision.MONTH, MONTH["pattern"]),
            _dated(Precision.YEAR, "^[0-9]{4}$"),
            _dated(Precision.UNKNOWN, None),
        ],
        "examples": [{"date": "2020-05", "precision": "month"}],
    },
    "PersonSummary": {
        "type": "object",
        "description": "A published profile of a political prisoner.",
        "required": list(SUMMARY_PROPERTIES),
        "properties": SUMMARY_PROPERTIES,
    },
    "Person": {
        "type": "object",
        "description": (
            "One profile with everything its page shows: the summary's fields, the legal "
            "record (each entry with the sources it cites), the timeline, the quotes and "
            "the sources."
        ),
        "required": [*SUMMARY_PROPERTIES, *DETAIL_PROPERTIES],
        "properties": SUMMARY_PROPERTIES | DETAIL_PROPERTIES,
    },
    "PrisonerPage": {
        "type": "object",
        "required": ["count", "page", "next", "previous", "results"],
        "properties": {
            "count": COUNT | {"description": "Published profiles in all."},
            "page": {"type": "integer", "minimum": 1},
            "next": nullable(LINK) | {"description": "The next page; null on the last."},
            "previous": nullable(LINK) | {"description": "The previous page; null on the first."},
            "results": {"type": "array", "maxItems": PAGE_SIZE, "items": ref("PersonSummary")},
        },
    },
    "Statistics": {
        "type": "object",
        "description": (
            "Two populations: `held_now` (status `detained` or `sentenced`) and `ever` "
            "(every public profile: held, released, exiled or dead)."
        ),
        "required": [
            "generated_at",
            "held_now",
            "ever",
            "by_status",
            "by_gender",
            "by_article",
            "without_article",
            "by_sentence",
            "by_region",
            "arrests_by_month",
            "releases_by_month",
        ],  # fmt: skip
        "properties": {
            "generated_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the figures were counted.",
            },  # fmt: skip
            "held_now": COUNT,
            "ever": COUNT,
            "by_status": {
                "type": "array",
                "description": "Every status, zeros included.",
                "items": {
                    "type": "object",
                    "required": ["status", "count"],
                    "properties": {"status": {"enum": Status.values}, "count": COUNT},
                },
            },
            "by_gender": {
                "type": "array",
                "description": "`null`: a gender no source gives.",
                "items": _counted(gender={"enum": [*Gender.values, None]}),
            },
            "by_article": {
                "type": "array",
                "description": (
                    "People charged or convicted under each article, a person once per "
                    "article and under every article of their case (so the figures add up "
                    "to more than the people)."
                ),
                "items": _counted(
                    country=COUNTRY,
                    code={"type": "string"},
                    article={"type": "string"},
                    part={"type": "string"},
                    label={"type": "string", "description": "`342-1`: article-part."},
                    title=ref("Translated"),
                ),
            },
            "without_article": _counted("Those whose record names no article."),
            "by_sentence": {
                "type": "array",
                "description": (
                    "The term of each person's latest verdict, in bands (at least "
                    "`at_least_months`, under `under_months`), then `no-term` (a verdict "
                    "whose term is not a time, such as a fine, or not known) and "
                    "`no-verdict`."
                ),
                "items": _counted(
                    band={"enum": [band for band, *_ in SENTENCE_BANDS] + [NO_TERM, NO_VERDICT]},
                    at_least_months=nullable(COUNT),
                    under_months=nullable(COUNT),
                ),
            },
            "by_region": {
                "type": "object",
                "description": (
                    "People held now, by the region of their current place of detention "
                    "(their last stay, while it has not ended)."
                ),
                "required": ["regions", "not_known"],
                "properties": {
                    "regions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["region", "held_now"],
                            "properties": {"region": ref("Translated"), "held_now": COUNT},
                        },
                    },
                    "not_known": COUNT
                    | {"description": "No current place, or a place whose region is not recorded."},
                },
            },
            "arrests_by_month": _by_month("Each person's first arrest"),
            "releases_by_month": _by_month("Every release (a person released twice counts twice)"),
        },
    },
    "Letters": {
        "type": "object",
        "required": ["generated_at", "recent_weeks", "results"],
        "properties": {
            "generated_at": {"type": "string", "format": "date-time"},
            "recent_weeks": {
                "const": RECENT_WEEKS,
                "description": "The weeks whose letters weigh whom the site suggests writing to.",
            },
            "results": {
                "type": "array",
                "description": "A profile not listed has no letter counted.",
                "items": {
                    "type": "object",
                    "required": ["slug", "name", "letters", "url", "api_url"],
                    "properties": {
                        "slug": SLUG,
                        "name": ref("Translated"),
                        "letters": {
                            "type": "object",
                            "required": ["this_month", "recent_weeks", "total", "by_month"],
                            "properties": {
                                "this_month": COUNT
                                | {"description": "This month in the site's time zone (Minsk)."},
                                "recent_weeks": COUNT,
                                "total": COUNT,
                                "by_month": {
                                    "type": "array",
                                    "description": "The months with a letter, oldest first.",
                                    "items": {
                                        "type": "object",
                                        "required": ["month", "count"],
                                        "properties": {"month": MONTH, "count": COUNT},
                                    },
                                },
                            },
                        },
                        "url": LINK,
                        "api_url": LINK,
                    },
                },
            },
        },
    },
}

ENDPOINTS = [
    Endpoint(
        "api:prisoners",
        tag=TAG,
        summary="Published profiles of political prisoners, 100 per page, oldest first.",
        description=(
            "`status` is derived from the status history, never typed, and `arrested` and "
            "`released` are the dates of the first arrest and of the release the person is in."
        ),
        content=json_body(ref("PrisonerPage")),
        max_age=300,
        parameters=(
            {
                "name": "page",
                "in": "query",
                "description": (
                    "The page, from 1. A page number that is not a number gives page 1; one "
                    "past the end gives the last page."
                ),
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
        ),
    ),
    Endpoint(
        "api:prisoner",
        tag=TAG,
        summary="One profile with everything its page shows.",
        description=(
            "The summary's fields, plus the legal record (status history, articles, "
            "verdicts, places of detention, recognitions), each entry with the sources it "
            "cites, the timeline, the quotes and the sources. A fact the sources do not "
            "give is empty (`{}`, `[]`, `null` or an unknown date), never guessed."
        ),
        content=json_body(ref("Person")),
        max_age=300,
        path_parameters={"slug": "The profile's slug. Unknown or unpublished: 404."},
    ),
    Endpoint(
        "api:prisoners-csv",
        tag=TAG,
        summary="Every published profile as one CSV file (UTF-8), for spreadsheets.",
        description=(
            "One row per profile, the columns of the first row: the latest verdict "
            "(`verdict_date`, `verdict_precision`, `penalty`, `term`), the articles as "
            "`342-1; 361-1`, the current place of detention, `held_incommunicado` as `yes` "
            "or `no`, each date with its precision (`day`, `month`, `year`, `unknown`) "
            "and empty when unknown."
        ),
        content=csv_body(CSV_COLUMNS),
        max_age=300,
        filename="political-prisoners.csv",
    ),
    Endpoint(
        "api:statistics",
        tag="Statistics",
        summary="The figures of the statistics page, over the published profiles.",
        description=(
            "Counted at most every five minutes (`generated_at` says when), in a fixed "
            "number of queries whatever the number of cases."
        ),
        content=json_body(ref("Statistics")),
        max_age=300,
    ),
    Endpoint(
        "api:statistics-csv",
        tag="Statistics",
        summary="The same figures, one a row, for spreadsheets.",
        description=(
            "`figure, category, population, count`, e.g. `by_gender,not_given,ever,1`, "
            "`by_article,BY CC 342-1,held_now,1`, `by_region,not_known,held_now,2`, "
            "`arrests_by_month,2020-08,ever,2`, `arrests_by_month,year_only,ever,1` "
            "(`population` is `held_now` or `ever`; regions by their English name)."
        ),
        content=csv_body(STATISTICS_CSV_COLUMNS),
        max_age=300,
        filename="political-prisoners-statistics.csv",
    ),
    Endpoint(
        "api:letters",
        tag="Letters",
        summary="The letters visitors said they sent through the site, per profile.",
        description=(
            "Aggregates only: nothing about who wrote is kept (not even the time of day). "
            "Counted at most every five minutes (`generated_at`). A visitor is counted "
            "once per person per day. Nothing can check that a letter was posted: these "
            "are visitors' word, within rate limits, not the post's figures."
        ),
        content=json_body(ref("Letters")),
        max_age=300,
    ),
    Endpoint(
        "api:letters-csv",
        tag="Letters",
        summary="The letters' counts, one person a row (by month: the JSON).",
        description="The columns of the first row, as the JSON's.",
        content=csv_body(LETTERS_CSV_COLUMNS),
        max_age=300,
        filename="letters-to-political-prisoners.csv",
    ),
    Endpoint(
        "api:records-csv",
        tag="Prisoners",
        summary="The dated entries of every public profile's record, one a row.",
        description=(
            "Status changes, verdicts and recognitions, each with its date cut to the "
            "precision its source gives (`date_precision`: day, month, year or unknown) and "
            "its sources (slugs and addresses, separated by spaces). `person` is the "
            "profile's slug. Texts in English."
        ),
        content=csv_body(RECORDS_CSV_COLUMNS),
        max_age=300,
        filename="political-prisoners-records.csv",
    ),
]
