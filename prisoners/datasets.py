"""The open data of this app, as the open-data page and the data package describe it
(core/datasets.py): the people, their records, the statistics and the letters. The
columns are those prisoners/api.py writes, in its order; the package's validation in
the tests reads each CSV against them."""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.datasets import (
    Dataset,
    Reference,
    date_precision,
    fuzzy_date,
    text,
    whole_number,
    yes_no,
)
from core.languages import content_languages
from prisoners.models import Gender, PenaltyKind, ReleaseKind, Status, StatusKind

IN_DEFAULT_LANGUAGE = _("in English")


def names(column: str = "name") -> tuple:
    """One column a language: `name_en`, `name_be`, …"""
    language_names = dict(settings.LANGUAGES)
    return tuple(
        text(
            f"{column}_{code}",
            format_lazy(
                _("The name in {language}; empty when it is not written in it."),
                language=language_names[code],
            ),
            required=code == settings.LANGUAGE_CODE,
        )
        for code in content_languages()
    )


def profile_url(column: str = "url") -> object:
    return text(
        column,
        _("The profile's address on the site (a relative link in a static copy)."),
        required=True,
    )


PEOPLE = Dataset(
    name="people",
    title=_("People"),
    description=_(
        "Every published profile of a political prisoner, one a row: the names, the "
        "status and dates derived from the status history, the latest verdict, the "
        "articles of the case and the place of detention now."
    ),
    changes=_("Whenever an editor publishes or changes a profile; kept by caches for 5 minutes."),
    csv="api:prisoners-csv",
    json="api:prisoners",
    json_note=_(
        "The JSON list has 100 profiles a page (?page=2 and on, in next); each profile's "
        "full record is at /api/v1/prisoners/<slug>/."
    ),
    primary_key=("slug",),
    columns=(
        text(
            "slug",
            _("The profile's short name, in its address; how the other datasets name the person."),
            required=True,
            unique=True,
        ),
        *names(),
        text(
            "status",
            _("Where the person stands now, derived from the status history."),
            choices=Status.values,
            required=True,
        ),
        text(
            "country", _("The country of the case: ISO 3166-1 alpha-2 code; empty when not given.")
        ),
        text("gender", _("Empty when no source gives it."), choices=Gender.values),
        fuzzy_date("arrested", _("The first arrest or detention.")),
        date_precision("arrested_precision", "arrested"),
        fuzzy_date(
            "verdict_date",
            _("The date of the latest verdict; with no verdict, empty, as is verdict_precision."),
        ),
        date_precision("verdict_precision", "verdict_date", required=False),
        text(
            "penalty", _("The kind of penalty of the latest verdict."), choices=PenaltyKind.values
        ),
        text(
            "term",
            format_lazy(
                _("The term of the latest verdict as stated, {language}."),
                language=IN_DEFAULT_LANGUAGE,
            ),
        ),
        text("articles", _("The articles of the criminal code of the case, e.g. 342-1; 361-1.")),
        fuzzy_date("released", _("The release the person is in; empty while held.")),
        date_precision("released_precision", "released"),
        text(
            "charge",
            format_lazy(
                _("The charge in the words of the source, {language}."),
                language=IN_DEFAULT_LANGUAGE,
            ),
        ),
        text(
            "place_of_detention",
            format_lazy(
                _("The current place of detention, {language}."), language=IN_DEFAULT_LANGUAGE
            ),
        ),
        yes_no("held_incommunicado", _("Whether the person is held with no contact allowed.")),
        profile_url(),
    ),
    position=10,
)

RECORD_KINDS = ("status_change", "verdict", "recognition")

RECORDS = Dataset(
    name="records",
    title=_("Records"),
    description=_(
        "The dated entries of each published case, one a row: every status change, "
        "verdict and recognition as a political prisoner, with its date as precise as the "
        "source gives it and the sources it cites."
    ),
    changes=_("Whenever an editor changes a record; kept by caches for 5 minutes."),
    csv="api:records-csv",
    json_note=_(
        "As JSON, in each profile at /api/v1/prisoners/<slug>/ (status_history, verdicts, "
        "recognitions), with the articles and places of detention."
    ),
    primary_key=("id",),
    references=(Reference(("person",), "people", ("slug",)),),
    columns=(
        text(
            "id",
            _("The entry: its kind and number, e.g. verdict:12; it stays while the entry exists."),
            required=True,
            unique=True,
        ),
        text("person", _("The person's slug (the people dataset)."), required=True),
        text("kind", _("What the entry is."), choices=RECORD_KINDS, required=True),
        fuzzy_date("date", _("When it happened.")),
        date_precision("date_precision", "date"),
        text("change", _("The change of status, for a status change."), choices=StatusKind.values),
        text(
            "release", _("How the person was released, for a release."), choices=ReleaseKind.values
        ),
        text("penalty", _("The kind of penalty, for a verdict."), choices=PenaltyKind.values),
        text(
            "term",
            format_lazy(
                _("The term as stated, for a verdict, {language}."), language=IN_DEFAULT_LANGUAGE
            ),
        ),
        whole_number(
            "term_months", _("The term in months, for a verdict whose term is a plain time.")
        ),
        text(
            "court",
            format_lazy(_("The court, for a verdict, {language}."), language=IN_DEFAULT_LANGUAGE),
        ),
        text(
            "recognised_by",
            format_lazy(
                _("Who recognised the person as a political prisoner, {language}."),
                language=IN_DEFAULT_LANGUAGE,
            ),
        ),
        text("statement_url", _("The address of the recognition's statement.")),
        text(
            "note",
            format_lazy(
                _("The editors' note on a status change, {language}."), language=IN_DEFAULT_LANGUAGE
            ),
        ),
        text(
            "sources",
            _(
                "The short names of the sources it cites, separated by spaces; each is "
                "described under sources in the profile's JSON."
            ),
            required=True,
        ),
        text(
            "source_urls", _("The addresses of those sources that have one, separated by spaces.")
        ),
    ),
    position=20,
)

STATISTICS = Dataset(
    name="statistics",
    title=_("Statistics"),
    description=_(
        "The figures of the statistics page, one a row: people held now and ever, by "
        "status, gender, sentence, article and region, and arrests and releases per month."
    ),
    changes=_("Counted again at most every 5 minutes."),
    csv="api:statistics-csv",
    json="api:statistics",
    columns=(
        text(
            "figure",
            _("What is counted."),
            choices=(
                "total",
                "by_status",
                "by_gender",
                "by_sentence",
                "by_article",
                "by_region",
                "arrests_by_month",
                "releases_by_month",
            ),
            required=True,
        ),  # fmt: skip
        text(
            "category",
            _(
                "The status, gender, sentence band, article, region or month (YYYY-MM; "
                "year_only and no_date for the dates that cannot be put in a month)."
            ),
        ),
        text(
            "population",
            _("held_now: detained or sentenced; ever: every public profile."),
            choices=("held_now", "ever"),
            required=True,
        ),
        whole_number(
            "count", _("How many people (releases, for releases_by_month)."), required=True
        ),
    ),
    position=40,
)

LETTERS = Dataset(
    name="letters",
    title=_("Letters"),
    description=_(
        "The letters visitors said they sent through the site, counted per person: "
        "aggregates only, nothing about who wrote. A person with none is not listed."
    ),
    changes=_("Counted again at most every 5 minutes."),
    csv="api:letters-csv",
    json="api:letters",
    json_note=_("The JSON also has each person's letters by month."),
    primary_key=("slug",),
    references=(Reference(("slug",), "people", ("slug",)),),
    columns=(
        text("slug", _("The person's slug (the people dataset)."), required=True, unique=True),
        *names(),
        whole_number(
            "letters_this_month", _("Letters this calendar month (Minsk time)."), required=True
        ),
        whole_number("letters_recent_weeks", _("Letters in the last four weeks."), required=True),
        whole_number("letters_total", _("Letters ever counted."), required=True),
        profile_url(),
    ),
    position=50,
)

DATASETS = [PEOPLE, RECORDS, STATISTICS, LETTERS]
