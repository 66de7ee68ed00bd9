"""The counter of confirmed signatures, spread over rows so that signers do not queue,
and the same count per hour of confirmation, for the campaign's signatures over time."""

import datetime
import random

from django.db import connections, models
from django.db.models import Sum

from campaigns.models.campaigns import Campaign

# Confirmations spread their increments over this many counter rows per country, so
# that concurrent signers rarely wait for one another's row lock.
TALLY_SHARDS = 8


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the hour (UTC) that a confirmation at `moment` is counted in."""
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


class SignatureTallyQuerySet(models.QuerySet):
    def add(
        self,
        *,
        campaign_id: int,
        country: str,
        shard: int,
        confirmed_at: datetime.datetime,
        delta: int,
    ) -> None:
        """Add delta to a counter row and to the row of the hour of `confirmed_at`,
        creating them if they are the first: the one place both counts change, so that
        the total is always the sum of the hours. Two statements (INSERT ... ON CONFLICT
        DO UPDATE, on PostgreSQL and SQLite alike), where get-or-create and an F()
        update would take three each and a savepoint. Callers run it in their
        transaction."""
        connection = connections[self.db]
        quote = connection.ops.quote_name
        total = quote(self.model._meta.db_table)
        hourly = quote(SignatureHourlyTally._meta.db_table)
        hour = models.DateTimeField().get_db_prep_value(hour_of(confirmed_at), connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {total} (campaign_id, country, shard, confirmed)
                VALUES (%s, %s, %s, %s)
                ON CONFLICT (campaign_id, country, shard)
                DO UPDATE SET confirmed = {total}.confirmed + excluded.confirmed
                """,  # noqa: S608 - identifiers from the model, values as parameters
                [campaign_id, country, shard, delta],
            )
            cursor.execute(
                f"""
                INSERT INTO {hourly} (campaign_id, hour, country, shard, confirmed)
                VALUES (%s, %s, %s, %s, %s)
                ON CONFLICT (campaign_id, hour, country, shard)
                DO UPDATE SET confirmed = {hourly}.confirmed + excluded.confirmed
                """,  # noqa: S608 - identifiers from the model, values as parameters
                [campaign_id, hour, country, shard, delta],
            )


class SignatureTally(models.Model):
    """Confirmed signatures of one campaign from one country, split over a few rows so
    that concurrent confirmations do not queue on one row. The campaign's total is the
    sum of its rows."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    country = models.CharField(max_length=2, blank=True)
    shard = models.PositiveSmallIntegerField()
    confirmed = models.IntegerField(default=0)

    objects = SignatureTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "country", "shard"], name="tally_unique_shard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.country or '--'}/{self.shard}: {self.confirmed}"

    @staticmethod
    def random_shard() -> int:
        return random.randrange(TALLY_SHARDS)  # noqa: S311 - spreading load, not secrecy


class SignatureHourlyTallyQuerySet(models.QuerySet):
    def by_hour_and_country(self, campaign_id: int) -> list[tuple[datetime.datetime, str, int]]:
        """(hour, country, confirmed) of a campaign, oldest hour first, the shards
        summed and the hours that count nothing (all withdrawn or set aside) left out:
        one query over the counter rows, never over the signatures."""
        rows = (
            self.filter(campaign_id=campaign_id)
            .values("hour", "country")
            .annotate(n=Sum("confirmed"))
            .order_by("hour", "country")
        )
        return [(row["hour"], row["country"], row["n"]) for row in rows if row["n"]]


class SignatureHourlyTally(models.Model):
    """The counter rows again, per hour (UTC) of confirmation: written by the same call
    as the total (SignatureTally.objects.add), so that a campaign's hours always sum to
    its total. What the campaign's signatures over time are read from."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="hourly_tallies")
    hour = models.DateTimeField()
    country = models.CharField(max_length=2, blank=True)
    shard = models.PositiveSmallIntegerField()
    confirmed = models.IntegerField(default=0)

    objects = SignatureHourlyTallyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "hour", "country", "shard"], name="hourly_tally_unique_shard"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.campaign_id}/{self.hour:%Y-%m-%dT%H}/{self.country or '--'}/"
            f"{self.shard}: {self.confirmed}"
        )
