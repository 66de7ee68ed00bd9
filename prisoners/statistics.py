"""The public figures over every public profile: how many are held now and how many were
ever recognised, by status, gender, article, sentence length and region, and the arrests
and releases of each month. Shown on the statistics page and in the open data.

Eight queries whatever the number of people (GROUP BY and conditional counts), kept in the
cache for STATISTICS_SECONDS: an edit shows once the entry expires; nothing forgets it on
save. The figures are plain dicts and lists, the same in every language (the page adds the
labels), so one entry serves the page, the JSON and the CSV.

Every figure is honest about what it cannot count: an arrest known only to the year is in
no month, and is counted as such; a person held in a place whose region is not recorded is
counted as "region not known", never guessed.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext

from core import cache_keys
from core.charts import BarChart, ColumnChart, consecutive_months
from prisoners.dates import Precision
from prisoners.forms import SENTENCE_BANDS
from prisoners.models import (
    HELD,
    CaseArticle,
    Gender,
    Person,
    PlaceOfDetention,
    Status,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
)

# A date this precise can be put in a month.
BY_MONTH = [Precision.DAY, Precision.MONTH]
# The sentence bands of the list's filter, and the two cases a band cannot hold.
# The months the month charts show, the last ones (_month_charts).
MONTHS_SHOWN = 60
NO_TERM = "no-term"  # a verdict whose term is not a time (a fine) or not known
NO_VERDICT = "no-verdict"


def public_statistics() -> dict:
    """The figures over the public profiles, from the cache (STATISTICS_SECONDS)."""
    return cache.get_or_set(
        cache_keys.STATISTICS, statistics_of_public_profiles, cache_keys.STATISTICS_SECONDS
    )


def statistics_of_public_profiles() -> dict:
    """Every figure, counted now: eight queries (seven when nobody is held in a known
    place)."""
    people = Person.objects.public_profiles().order_by()
    by_status, by_gender = _by_status_and_gender(people)
    return {
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "held_now": sum(row["count"] for row in by_status if row["status"] in HELD),
        "ever": sum(row["count"] for row in by_status),
        "by_status": by_status,
        "by_gender": by_gender,
        "by_article": _by_article(people),
        "without_article": _without_article(people),
        "by_sentence": _by_sentence(people),
        "by_region": _by_region(people),
        "arrests_by_month": _by_month(
            people, date="arrested_on", precision="arrested_on_precision"
        ),
        "releases_by_month": _by_month(
            StatusChange.objects.filter(kind=StatusKind.RELEASED, person__in=people).order_by(),
            date="date",
            precision="date_precision",
        ),
    }


def _by_status_and_gender(people) -> tuple[list[dict], list[dict]]:
    """One query, grouped by status and gender."""
    rows = list(people.values("status", "gender").annotate(n=Count("pk")))
    by_status = [
        {"status": status, "count": sum(row["n"] for row in rows if row["status"] == status)}
        for status in Status.values
    ]
    by_gender = []
    for gender in [*Gender.values, ""]:
        of_gender = [row for row in rows if row["gender"] == gender]
        by_gender.append(
            {
                "gender": gender or None,
                "held_now": sum(row["n"] for row in of_gender if row["status"] in HELD),
                "ever": sum(row["n"] for row in of_gender),
            }
        )
    return by_status, by_gender


def _by_article(people) -> list[dict]:
    """People charged or convicted under each article (a person once per article, and
    under every article of their case), most people first."""
    titles = [f"article__title_{code}" for code in _languages()]
    rows = (
        CaseArticle.objects.filter(person__in=people)
        .order_by()
        .values(
            "article_id",
            "article__country",
            "article__code",
            "article__article",
            "article__part",
            *titles,
        )
        .annotate(
            held_now=Count("person", distinct=True, filter=Q(person__status__in=HELD)),
            ever=Count("person", distinct=True),
        )
    )
    articles = [
        {
            "country": row["article__country"],
            "code": row["article__code"],
            "article": row["article__article"],
            "part": row["article__part"],
            "label": "-".join(filter(None, [row["article__article"], row["article__part"]])),
            "title": _every_language(row, "article__title"),
            "held_now": row["held_now"],
            "ever": row["ever"],
        }
        for row in rows
    ]  # fmt: skip
    return sorted(articles, key=lambda a: (-a["ever"], a["code"], a["label"]))


def _every_language(row: dict, field: str) -> dict[str, str]:
    """A translated column of a values() row as {language code: value}, empty ones left out."""
    return {code: row[f"{field}_{code}"] for code in _languages() if row[f"{field}_{code}"]}


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _without_article(people) -> dict:
    """People whose record names no article."""
    has_article = Exists(CaseArticle.objects.filter(person=OuterRef("pk")))
    return people.annotate(has_article=has_article).aggregate(
        held_now=Count("pk", filter=Q(has_article=False, status__in=HELD)),
        ever=Count("pk", filter=Q(has_article=False)),
    )


def _by_sentence(people) -> list[dict]:
    """People by the term of their latest verdict (the one the profile shows), in the
    bands of the list's filter; then those whose verdict has no term in months, and
    those with no verdict."""
    verdicts = Verdict.objects.filter(person=OuterRef("pk")).order_by("-position", "-pk")
    bands = [When(has_verdict=False, then=Value(NO_VERDICT)),
             When(term__isnull=True, then=Value(NO_TERM))]  # fmt: skip
    for value, _label, at_least, under in SENTENCE_BANDS:
        condition = Q()
        if at_least is not None:
            condition &= Q(term__gte=at_least)
        if under is not None:
            condition &= Q(term__lt=under)
        bands.append(When(condition, then=Value(value)))
    rows = (
        people.annotate(
            has_verdict=Exists(verdicts),
            term=Subquery(verdicts.values("term_months")[:1]),
        )
        .annotate(band=Case(*bands, output_field=CharField()))
        .values("band")
        .annotate(
            held_now=Count("pk", filter=Q(status__in=HELD)),
            ever=Count("pk"),
        )
    )
    counts = {row["band"]: row for row in rows}
    order = [(value, at_least, under) for value, _label, at_least, under in SENTENCE_BANDS] + [
        (NO_TERM, None, None),
        (NO_VERDICT, None, None),
    ]
    return [
        {
            "band": band,
            "at_least_months": at_least,
            "under_months": under,
            "held_now": counts.get(band, {}).get("held_now", 0),
            "ever": counts.get(band, {}).get("ever", 0),
        }
        for band, at_least, under in order
    ]


def _by_region(people) -> dict:
    """People held now by the region of their current place of detention: the place of
    their last stay, while it has not ended (as the profile shows it). Two queries."""
    last_stay = Stay.objects.filter(person=OuterRef("pk")).order_by("-position", "-pk")
    open_place = last_stay.annotate(
        open_place=Case(When(ended_on__isnull=True, then=F("place_id")))
    ).values("open_place")[:1]
    rows = (
        people.filter(status__in=HELD)
        .annotate(place=Subquery(open_place))
        .values("place")
        .annotate(n=Count("pk"))
    )
    held_in = {row["place"]: row["n"] for row in rows}
    regions = {}
    not_known = held_in.pop(None, 0)
    places = PlaceOfDetention.objects.filter(pk__in=held_in).values(
        "pk", *(f"region_{code}" for code in _languages())
    )
    for place in places:
        if not place["region_en"]:
            not_known += held_in[place["pk"]]
            continue
        region = regions.setdefault(
            place["region_en"],
            {
                "region": _every_language(place, "region"),
                "held_now": 0,
            },
        )
        region["held_now"] += held_in[place["pk"]]
    return {
        "regions": sorted(regions.values(), key=lambda r: (-r["held_now"], r["region"]["en"])),
        "not_known": not_known,
    }


def _by_month(rows, *, date: str, precision: str) -> dict:
    """Rows counted by the month of `date`, where its precision allows; those dated only
    to the year, or not at all, counted apart. One query."""
    month = Case(
        When(**{f"{precision}__in": BY_MONTH}, then=TruncMonth(date)), output_field=DateField()
    )
    counts = rows.annotate(month=month).values(precision, "month").annotate(n=Count("pk"))
    months: dict[datetime.date, int] = {}
    year_only = no_date = 0
    for row in counts:
        if row["month"] is not None:
            months[row["month"]] = months.get(row["month"], 0) + row["n"]
        elif row[precision] == Precision.YEAR:
            year_only += row["n"]
        else:
            no_date += row["n"]
    return {
        "months": [
            {"month": f"{day.year:04d}-{day.month:02d}", "count": n}
            for day, n in sorted(months.items())
        ],
        "year_only": year_only,
        "no_date": no_date,
    }


def statistics_charts(figures: dict) -> list:
    """The statistics page's charts, labelled in the current language; none when no
    profile is public yet."""
    if not figures["ever"]:
        return []
    language = get_language() or settings.LANGUAGE_CODE
    both = [gettext("held now"), gettext("in all")]
    statuses = dict(Status.choices)
    genders = dict(Gender.choices)
    bands = {value: label for value, label, _low, _high in SENTENCE_BANDS} | {
        NO_TERM: gettext("Verdict with no term in months (a fine, or not known)"),
        NO_VERDICT: gettext("No verdict recorded"),
    }
    articles = figures["by_article"]
    regions = figures["by_region"]
    without = figures["without_article"]
    charts = [
        BarChart(
            slug="status",
            title=gettext("Everyone ever recognised, by status now"),
            description=gettext("Held, released or dead: every public profile."),
            category=gettext("Status"),
            series=[gettext("people")],
            rows=[(statuses[row["status"]], [row["count"]]) for row in figures["by_status"]],
        ),
        BarChart(
            slug="gender",
            title=gettext("By gender"),
            description=gettext("People held now and in all, by gender."),
            category=gettext("Gender"),
            series=both,
            rows=[
                (genders.get(row["gender"], gettext("Not given")), [row["held_now"], row["ever"]])
                for row in figures["by_gender"]
            ],
        ),
        BarChart(
            slug="sentence",
            title=gettext("By sentence length"),
            description=gettext("People held now and in all, by the term of their latest verdict."),
            category=gettext("Term of the latest verdict"),
            series=both,
            rows=[
                (bands[row["band"]], [row["held_now"], row["ever"]])
                for row in figures["by_sentence"]
            ],  # fmt: skip
        ),
        BarChart(
            slug="article",
            title=gettext("By article of the criminal code"),
            description=gettext(
                "People held now and in all, by each article they were charged or convicted under."
            ),
            category=gettext("Article"),
            series=both,
            rows=[
                (
                    f"{row['label']} {_in_language(row['title'], language)}".strip(),
                    [row["held_now"], row["ever"]],
                )
                for row in articles
            ]
            + [(gettext("No article recorded"), [without["held_now"], without["ever"]])],
            notes=[
                gettext(
                    "A person charged under several articles is counted under each, so "
                    "the figures add up to more than the number of people."
                )
            ],
        ),
        BarChart(
            slug="region",
            title=gettext("People held now, by region"),
            description=gettext(
                "The region of the place where each person is held now, as far as it is known."
            ),
            category=gettext("Region"),
            series=[gettext("held now")],
            rows=[
                (_in_language(row["region"], language), [row["held_now"]])
                for row in regions["regions"]
            ]
            + [(gettext("Region not known"), [regions["not_known"]])],
        ),
    ]
    return charts + _month_charts(figures)


def _month_charts(figures: dict) -> list[ColumnChart]:
    """Arrests and releases per month, over the same months, so that they compare."""
    arrests, releases = figures["arrests_by_month"], figures["releases_by_month"]
    dated = [
        datetime.date.fromisoformat(f"{row['month']}-01")
        for row in arrests["months"] + releases["months"]
    ]
    months = consecutive_months(min(dated), max(dated)) if dated else []
    # The last MONTHS_SHOWN only: every month since 1994 would make a page of hundreds
    # of KB (the static copy keeps each under 60 KB); the open data has them all.
    earlier, months = months[:-MONTHS_SHOWN], months[-MONTHS_SHOWN:]
    charts = []
    for slug, series, title, description in [
        ("arrests", arrests, gettext("Arrests per month"),
         gettext("Each person's first arrest, in the month it happened.")),
        ("releases", releases, gettext("Releases per month"),
         gettext("Every release, in the month it happened.")),
    ]:  # fmt: skip
        counts = {row["month"]: row["count"] for row in series["months"]}
        notes = [
            gettext(
                "Not counted by month: %(count)s (the date is known only to the "
                "year: %(year_only)s; not known: %(no_date)s)."
            )
            % {
                "count": series["year_only"] + series["no_date"],
                "year_only": series["year_only"],
                "no_date": series["no_date"],
            }
        ]
        if earlier:
            notes.append(
                ngettext(
                    "Only the last %(months)s month is shown, from %(first)s; before "
                    "it: %(count)s. The open data (JSON, CSV) has every month.",
                    "Only the last %(months)s months are shown, from %(first)s; before "
                    "them: %(count)s. The open data (JSON, CSV) has every month.",
                    MONTHS_SHOWN,
                )
                % {
                    "months": MONTHS_SHOWN,
                    "first": date_format(months[0], "YEAR_MONTH_FORMAT"),
                    "count": sum(counts.get(f"{d.year:04d}-{d.month:02d}", 0) for d in earlier),
                }
            )
        charts.append(
            ColumnChart(
                slug=slug,
                title=title,
                description=description,
                category=gettext("Month"),
                series=[gettext("people")],
                columns=[
                    (
                        day,
                        date_format(day, "YEAR_MONTH_FORMAT"),
                        counts.get(f"{day.year:04d}-{day.month:02d}", 0),
                    )
                    for day in months
                ],  # fmt: skip
                table_summary=gettext("The figures of each month as a table"),
                notes=notes,
            )
        )
    return charts


def _in_language(text: dict[str, str], language: str) -> str:
    """A name stored in every language, in this one or else in English."""
    return text.get(language) or text.get("en", "")
