"""A campaign's confirmed online signatures over time: per hour and per day (UTC), each
with its total and its countries, read from the hourly counter rows (SignatureHourlyTally,
written with the total by SignatureTally.objects.add), never from the signatures, so
that serving it during a spike costs one grouped read of those rows a minute.

Countries follow the rule of every other count by country (countries_shown): a country
is named when the campaign's whole total from it reaches MIN_PUBLIC_COUNTRY_COUNT, and in
every hour and day it has signatures in; the others are together under "". Hours and
days with no counted signature are left out. Served as open data (campaigns/api.py) and
drawn on the campaign page (signatures_chart)."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import gettext

from campaigns.models import Campaign, SignatureHourlyTally, countries_shown
from core import cache_keys
from core.charts import ColumnChart, consecutive_months

# The campaign page draws one column a day for a campaign that has run up to this many
# days (from its first signature to its last), one a week up to WEEKS_DRAWN weeks, and
# one a month beyond: a year of days would make the page too heavy for the static copy
# (60 KB), and columns too thin to see. The open data always has every hour and day.
DAYS_DRAWN = 92
WEEKS_DRAWN = 106


@dataclass(frozen=True)
class Period:
    """An hour (its start, UTC) or a day (UTC) with its signatures: the total, and by
    country ("" for the other countries together)."""

    start: datetime.datetime | datetime.date
    total: int
    by_country: dict[str, int]


@dataclass(frozen=True)
class SignatureSeries:
    total: int
    countries: list[str]  # those named alone, most signatures first
    hours: list[Period]
    days: list[Period]


def signature_series(campaign: Campaign) -> SignatureSeries:
    """The campaign's series, at most cache_keys.SERIES_SECONDS old (writes other than
    confirmations, such as a withdrawal or a flood set aside, forget it at once)."""
    key = cache_keys.campaign_series(campaign.pk)
    series = cache.get(key)
    if series is None:
        series = series_from_rows(SignatureHourlyTally.objects.by_hour_and_country(campaign.pk))
        cache.set(key, series, cache_keys.SERIES_SECONDS)
    return series


def series_from_rows(rows: list[tuple[datetime.datetime, str, int]]) -> SignatureSeries:
    """The series of (hour, country, signatures) rows, oldest hour first."""
    totals: dict[str, int] = {}
    for _hour, country, n in rows:
        totals[country] = totals.get(country, 0) + n
    countries = [country for country, _n in countries_shown(list(totals.items())) if country]
    named = set(countries)
    hours: dict[datetime.datetime, dict[str, int]] = {}
    days: dict[datetime.date, dict[str, int]] = {}
    for hour, country, n in rows:
        hour = hour.astimezone(datetime.UTC)
        group = country if country in named else ""
        for periods, start in ((hours, hour), (days, hour.date())):
            counts = periods.setdefault(start, {})
            counts[group] = counts.get(group, 0) + n
    return SignatureSeries(
        total=sum(totals.values()),
        countries=countries,
        hours=[_period(start, counts, countries) for start, counts in sorted(hours.items())],
        days=[_period(start, counts, countries) for start, counts in sorted(days.items())],
    )


def _period(start, counts: dict[str, int], countries: list[str]) -> Period:
    ordered = {country: counts[country] for country in [*countries, ""] if counts.get(country)}
    return Period(start=start, total=sum(ordered.values()), by_country=ordered)


def iso_start(period: Period) -> str:
    """An hour as 2026-12-07T14:00:00Z, a day as 2026-12-07 (ISO 8601, UTC)."""
    if isinstance(period.start, datetime.datetime):
        return period.start.strftime("%Y-%m-%dT%H:%M:%SZ")
    return period.start.isoformat()


def signatures_chart(series: SignatureSeries) -> ColumnChart | None:
    """The campaign page's chart: signatures per day (UTC), or per week or month for a
    long campaign (DAYS_DRAWN), every period from the first signature's to the last's
    (one with none is a gap); None before the first signature."""
    if not series.days:
        return None
    per_day = {period.start: period.total for period in series.days}
    first, last = series.days[0].start, series.days[-1].start
    span = (last - first).days + 1
    notes = []
    if span <= DAYS_DRAWN:
        starts = [first + datetime.timedelta(days=n) for n in range(span)]
        title, category = gettext("Signatures per day"), gettext("Day (UTC)")
        table_summary = gettext("The figures of each day as a table")

        def period_of(day: datetime.date) -> datetime.date:
            return day

        def shown(day: datetime.date) -> str:
            return date_format(day, "DATE_FORMAT")

    elif span <= WEEKS_DRAWN * 7:
        monday = first - datetime.timedelta(days=first.weekday())
        starts = [
            monday + datetime.timedelta(weeks=n) for n in range((last - monday).days // 7 + 1)
        ]
        title, category = gettext("Signatures per week"), gettext("Week (UTC)")
        table_summary = gettext("The figures of each week as a table")

        def period_of(day: datetime.date) -> datetime.date:
            return day - datetime.timedelta(days=day.weekday())

        def shown(day: datetime.date) -> str:
            return gettext("week of %(day)s") % {"day": date_format(day, "DATE_FORMAT")}

    else:
        starts = consecutive_months(first, last)
        title, category = gettext("Signatures per month"), gettext("Month (UTC)")
        table_summary = gettext("The figures of each month as a table")

        def period_of(day: datetime.date) -> datetime.date:
            return day.replace(day=1)

        def shown(day: datetime.date) -> str:
            return date_format(day, "YEAR_MONTH_FORMAT")

    if span > DAYS_DRAWN:
        notes.append(
            gettext(
                "The appeal has collected signatures for more than %(days)s days, so the "
                "chart counts them together by longer periods. The open data has every "
                "hour and day."
            )
            % {"days": DAYS_DRAWN}
        )
    counts: dict[datetime.date, int] = {}
    for day, total in per_day.items():
        counts[period_of(day)] = counts.get(period_of(day), 0) + total
    return ColumnChart(
        slug="signatures-over-time",
        title=title,
        description=gettext(
            "Confirmed online signatures, counted on the day (UTC) each was confirmed; "
            "without those collected on paper, and without any withdrawn or set aside."
        ),
        category=category,
        series=[gettext("signatures")],
        columns=[(start, shown(start), counts.get(start, 0)) for start in starts],
        table_summary=table_summary,
        notes=notes,
    )
