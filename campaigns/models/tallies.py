"""The counter of confirmed signatures, spread over rows so that signers do not queue."""

import random

from django.db import connections, models

from campaigns.models.campaigns import Campaign

# Confirmations spread their increments over this many counter rows per country, so
# that concurrent signers rarely wait for one another's row lock.
TALLY_SHARDS = 8


class SignatureTallyQuerySet(models.QuerySet):
    def add(self, *, campaign_id: int, country: str, shard: int, delta: int) -> None:
        """Add delta to a counter row, creating it if it is the first: one statement
        (INSERT ... ON CONFLICT DO UPDATE, on PostgreSQL and SQLite alike), where
        get-or-create and an F() update would take three and a savepoint."""
        connection = connections[self.db]
        table = connection.ops.quote_name(self.model._meta.db_table)
        sql = f"""
            INSERT INTO {table} (campaign_id, country, shard, confirmed) VALUES (%s, %s, %s, %s)
            ON CONFLICT (campaign_id, country, shard)
            DO UPDATE SET confirmed = {table}.confirmed + excluded.confirmed
        """  # noqa: S608 - identifiers from the model, values as parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [campaign_id, country, shard, delta])


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
