"""The migration that fills the hourly counter rows (campaigns 0008), on rows made before
it: each counted signature in the hour (UTC) of its confirmation and in its shard (0 when
it had none), nothing for the unconfirmed or the set aside, the hours summing to the
counter rows; and backwards, the hourly rows go. All data synthetic."""

import datetime

import pytest

from tests.migrations import migrate, migrate_to_the_latest

BEFORE = [("campaigns", "0007_hourly_tallies")]
AFTER = [("campaigns", "0008_hourly_tallies_filled")]
NOON = datetime.datetime(2026, 3, 8, 12, 0, tzinfo=datetime.UTC)


def made_before(apps) -> dict:
    """Synthetic signatures and their counter rows as the site held them before."""
    Campaign = apps.get_model("campaigns", "Campaign")
    Signature = apps.get_model("campaigns", "Signature")
    SignatureInvalidation = apps.get_model("campaigns", "SignatureInvalidation")
    SignatureTally = apps.get_model("campaigns", "SignatureTally")
    texts = {f"{name}_en": f"Synthetic {name}" for name in ("title", "target", "summary", "appeal")}
    first = Campaign.objects.create(slug="synthetic-first", status="open", **texts)
    second = Campaign.objects.create(slug="synthetic-second", status="closed", **texts)
    flood = SignatureInvalidation.objects.create(reason="synthetic flood")
    numbers = iter(range(100))

    def signature(campaign, *, minutes=None, shard=None, country="DE", **extra):
        number = next(numbers)
        return Signature.objects.create(
            campaign=campaign, name="", email="", email_digest=f"erased-{number}",
            country=country, tally_shard=shard,
            confirmed_at=None if minutes is None else NOON + datetime.timedelta(minutes=minutes),
            **extra,
        )  # fmt: skip

    signature(first, minutes=5, shard=2)
    signature(first, minutes=50, shard=2)
    signature(first, minutes=59, shard=None)  # counted before shards existed: shard 0
    signature(first, minutes=61, shard=2, country="PL")
    signature(first, minutes=70, shard=3, invalidation=flood)  # set aside: not counted
    signature(first)  # never confirmed
    signature(second, minutes=-24 * 60, shard=7)
    for campaign, country, shard, confirmed in [
        (first, "DE", 2, 2), (first, "DE", 0, 1), (first, "PL", 2, 1), (second, "DE", 7, 1),
    ]:  # fmt: skip
        SignatureTally.objects.create(
            campaign=campaign, country=country, shard=shard, confirmed=confirmed
        )
    return {"first": first.pk, "second": second.pk}


@pytest.mark.django_db(transaction=True)
def test_the_hourly_rows_are_filled_from_the_counted_signatures_and_go_back():
    rows = made_before(migrate(BEFORE))

    migrate(AFTER)
    migrate_to_the_latest()

    from campaigns import services
    from campaigns.models import Campaign, SignatureHourlyTally
    from campaigns.timeseries import signature_series

    hourly = {
        (row.campaign_id, row.hour, row.country, row.shard, row.confirmed)
        for row in SignatureHourlyTally.objects.all()
    }
    assert hourly == {
        (rows["first"], NOON, "DE", 2, 2),
        (rows["first"], NOON, "DE", 0, 1),
        (rows["first"], NOON + datetime.timedelta(hours=1), "PL", 2, 1),
        (rows["second"], NOON - datetime.timedelta(days=1), "DE", 7, 1),
    }
    first = Campaign.objects.get(pk=rows["first"])
    assert signature_series(first).total == first.confirmed_online() == 4
    assert services.tallies_recount() == []

    back = migrate(BEFORE)
    assert not back.get_model("campaigns", "SignatureHourlyTally").objects.exists()
    assert back.get_model("campaigns", "SignatureTally").objects.count() == 4
    migrate_to_the_latest()
    assert SignatureHourlyTally.objects.count() == 4
