"""A campaign's signatures over time (campaigns.timeseries): counted per hour of
confirmation by the same call that counts the total, so that the hours sum to the
confirmed total after every way the total moves (a confirmation, a withdrawal, a flood
set aside and restored, unconfirmed signatures purged, a campaign anonymised, a
recount); read from the counter rows, never from the signatures."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.db.models import Sum

from campaigns import services
from campaigns.models import Signature, SignatureHourlyTally, SignatureTally
from campaigns.timeseries import signature_series, signatures_chart
from tests.factories import make_campaign, make_confirmed, make_signature

START = datetime.datetime(2026, 11, 30, 22, 15, tzinfo=datetime.UTC)


def hours_sum(campaign) -> int:
    return (
        SignatureHourlyTally.objects.filter(campaign=campaign).aggregate(n=Sum("confirmed"))["n"]
        or 0
    )


def assert_hours_sum_to_the_total(campaign) -> None:
    """The counter rows of the hours, those of the total, and a count of the counted
    signatures all agree, and so does the series the API serves."""
    counted = Signature.objects.counted().filter(campaign=campaign).count()
    assert campaign.confirmed_online() == counted
    assert hours_sum(campaign) == counted
    series = signature_series(campaign)
    assert series.total == counted
    assert sum(period.total for period in series.hours) == counted
    assert sum(period.total for period in series.days) == counted
    for period in series.hours + series.days:
        assert sum(period.by_country.values()) == period.total
    assert services.tallies_recount() == []


@pytest.fixture
def staff(db):
    return User.objects.create_user("moderator", "moderator@example.org", "a long password 1")


@pytest.fixture
def signed_over_three_hours(db):
    """Free Maria: 2 signatures confirmed at 22:15 UTC on 30 November, 3 at 23:40, and 4
    at 00:05 on 1 December (the next day in UTC)."""
    campaign = make_campaign(slug="free-maria")
    signatures = []
    for minutes, count in [(0, 2), (85, 3), (110, 4)]:
        with time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False):
            signatures += [make_confirmed(campaign, country="PL") for _ in range(count)]
    return campaign, signatures


def test_it_counts_each_confirmation_in_its_hour_and_day_in_utc(signed_over_three_hours):
    campaign, _signatures = signed_over_three_hours
    series = signature_series(campaign)
    assert [(period.start, period.total) for period in series.hours] == [
        (datetime.datetime(2026, 11, 30, 22, tzinfo=datetime.UTC), 2),
        (datetime.datetime(2026, 11, 30, 23, tzinfo=datetime.UTC), 3),
        (datetime.datetime(2026, 12, 1, 0, tzinfo=datetime.UTC), 4),
    ]
    assert [(period.start, period.total) for period in series.days] == [
        (datetime.date(2026, 11, 30), 5),
        (datetime.date(2026, 12, 1), 4),
    ]
    assert_hours_sum_to_the_total(campaign)


def test_the_hours_sum_to_the_total_after_a_withdrawal(signed_over_three_hours):
    campaign, signatures = signed_over_three_hours
    services.signature_withdraw(signature_id=signatures[0].pk)
    services.signature_withdraw(signature_id=signatures[1].pk)
    assert campaign.confirmed_online() == 7
    # The hour both were confirmed in is now empty, and left out.
    starts = [period.start.hour for period in signature_series(campaign).hours]
    assert starts == [23, 0]
    assert_hours_sum_to_the_total(campaign)


def test_a_withdrawal_is_taken_from_the_hour_it_was_confirmed_in(signed_over_three_hours):
    campaign, signatures = signed_over_three_hours
    with time_machine.travel(START + datetime.timedelta(days=3), tick=False):
        services.signature_withdraw(signature_id=signatures[-1].pk)
    last = signature_series(campaign).hours[-1]
    assert (last.start.hour, last.total) == (0, 3)
    assert_hours_sum_to_the_total(campaign)


def test_the_hours_sum_to_the_total_after_a_flood_is_set_aside_and_restored(
    signed_over_three_hours, staff, django_capture_on_commit_callbacks
):
    campaign, signatures = signed_over_three_hours
    flood = Signature.objects.filter(pk__in=[s.pk for s in signatures[2:6]])
    # After the commit, each forgets the cached series: it is served as it now stands.
    with django_capture_on_commit_callbacks(execute=True):
        invalidation = services.signatures_invalidate(signatures=flood, user=staff)
    assert campaign.confirmed_online() == 5
    assert [period.total for period in signature_series(campaign).hours] == [2, 3]
    assert_hours_sum_to_the_total(campaign)

    with django_capture_on_commit_callbacks(execute=True):
        services.signatures_restore(invalidation=invalidation, user=staff)
    assert campaign.confirmed_online() == 9
    assert [period.total for period in signature_series(campaign).hours] == [2, 3, 4]
    assert_hours_sum_to_the_total(campaign)


def test_a_set_aside_signature_confirmed_later_counts_in_its_hour_once_restored(db, staff):
    campaign = make_campaign()
    with time_machine.travel(START, tick=False):
        pending = make_signature(campaign, country="PL")
        invalidation = services.signatures_invalidate(
            signatures=Signature.objects.filter(pk=pending.pk), user=staff
        )
    with time_machine.travel(START + datetime.timedelta(hours=5), tick=False):
        services.signature_confirm(public_id=pending.public_id)
    assert hours_sum(campaign) == 0
    services.signatures_restore(invalidation=invalidation, user=staff)
    (hour,) = signature_series(campaign).hours
    assert (hour.start.hour, hour.total) == (3, 1)
    assert_hours_sum_to_the_total(campaign)


def test_purging_and_anonymising_change_no_hour(signed_over_three_hours):
    campaign, _signatures = signed_over_three_hours
    make_signature(campaign)  # never confirmed
    with time_machine.travel(START + datetime.timedelta(days=60), tick=False):
        services.signatures_purge_unconfirmed()
        campaign.close()
        services.signatures_anonymise_closed(older_than=START + datetime.timedelta(days=90))
    assert not Signature.objects.filter(campaign=campaign).exclude(name="").exists()
    assert [period.total for period in signature_series(campaign).hours] == [2, 3, 4]
    assert_hours_sum_to_the_total(campaign)


def test_a_recount_rebuilds_the_hours_from_the_signatures(signed_over_three_hours):
    campaign, _signatures = signed_over_three_hours
    SignatureHourlyTally.objects.filter(campaign=campaign).delete()
    (drift,) = services.tallies_recount()
    assert (drift.counter, drift.counted, drift.hours_match) == (9, 9, False)
    services.tallies_recount(fix=True)
    assert [period.total for period in signature_series(campaign).hours] == [2, 3, 4]
    assert_hours_sum_to_the_total(campaign)


def test_the_total_and_the_hour_are_counted_by_one_call(db):
    campaign = make_campaign()
    SignatureTally.objects.add(
        campaign_id=campaign.pk, country="DE", shard=3,
        confirmed_at=START + datetime.timedelta(minutes=7), delta=2,
    )  # fmt: skip
    (hour,) = SignatureHourlyTally.objects.filter(campaign=campaign)
    assert (hour.hour, hour.country, hour.shard, hour.confirmed) == (
        datetime.datetime(2026, 11, 30, 22, tzinfo=datetime.UTC), "DE", 3, 2,
    )  # fmt: skip
    assert campaign.confirmed_online() == 2


def test_countries_under_five_in_the_whole_campaign_are_other_countries_in_every_hour(db):
    campaign = make_campaign()
    morning = START.replace(hour=9)
    with time_machine.travel(morning, tick=False):
        for country, count in [("DE", 3), ("LT", 2), ("PL", 1)]:
            for _ in range(count):
                make_confirmed(campaign, country=country)
    with time_machine.travel(morning + datetime.timedelta(hours=2), tick=False):
        for country, count in [("DE", 2), ("PL", 1)]:
            for _ in range(count):
                make_confirmed(campaign, country=country)
    series = signature_series(campaign)
    # Germany has 5 in all: named, even in the hour it had 2. Lithuania's 2 and Poland's 2
    # are other countries in every hour.
    assert series.countries == ["DE"]
    assert [period.by_country for period in series.hours] == [
        {"DE": 3, "": 3},
        {"DE": 2, "": 1},
    ]
    assert series.days[0].by_country == {"DE": 5, "": 4}
    assert_hours_sum_to_the_total(campaign)


def test_it_reads_the_counter_rows_once_then_the_cache(
    signed_over_three_hours, django_assert_num_queries
):
    campaign, _signatures = signed_over_three_hours
    with django_assert_num_queries(1):
        signature_series(campaign)
    with django_assert_num_queries(0):
        signature_series(campaign)


def test_the_chart_counts_days_then_weeks_then_months_for_a_long_campaign(db):
    campaign = make_campaign()
    for days in (0, 1, 4):
        with time_machine.travel(START + datetime.timedelta(days=days), tick=False):
            make_confirmed(campaign)
    chart = signatures_chart(signature_series(campaign))
    # Every day from the first signature's to the last's; a day with none is a gap.
    assert chart.rows == [
        ("Nov. 30, 2026", [1]), ("Dec. 1, 2026", [1]), ("Dec. 2, 2026", [0]),
        ("Dec. 3, 2026", [0]), ("Dec. 4, 2026", [1]),
    ]  # fmt: skip
    assert chart.notes == []

    with time_machine.travel(START + datetime.timedelta(days=200), tick=False):
        make_confirmed(campaign)
    campaign.forget_stats()
    chart = signatures_chart(signature_series(campaign))
    assert chart.rows[0] == ("week of Nov. 30, 2026", [3])
    assert len(chart.rows) == 29
    assert sum(values[0] for _label, values in chart.rows) == 4
    assert chart.notes

    with time_machine.travel(START + datetime.timedelta(days=800), tick=False):
        make_confirmed(campaign)
    campaign.forget_stats()
    chart = signatures_chart(signature_series(campaign))
    assert chart.rows[0] == ("November 2026", [1])
    assert sum(values[0] for _label, values in chart.rows) == 5


def test_there_is_no_chart_before_the_first_signature(db):
    assert signatures_chart(signature_series(make_campaign())) is None
